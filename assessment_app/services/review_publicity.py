# SPDX-License-Identifier: GPL-3.0-or-later
"""Export of the 公示 list: approved assessments with masked name and ID, grade and decision date,
as CSV (UTF-8 with BOM, so Excel opens it in Chinese) or PDF (the embedded CJK report font).
By a signed-in actor who may publish it; every export is in the station's audit chain."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from assessment_app.domain.review_publicity import (
    COLUMNS_EN,
    COLUMNS_ZH,
    DecidedRecord,
    PublicityEntry,
    publicity_selection,
)
from assessment_app.domain.roles import Permission
from assessment_app.durable_files import atomic_write_bytes
from assessment_app.errors import os_errors_as
from assessment_app.reports.fonts import register_report_font
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import ReviewError
from assessment_app.storage.models import Applicant, Case, Review, Visit
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work


def publicity_entries(records: CaseRecords, *, actor, since: datetime.date | None = None,
                      until: datetime.date | None = None, language: str = "zh_CN") -> list[PublicityEntry]:
    """Approved decisions (the newest per visit), decision date within [since, until], oldest first."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.PUBLISH)
        return _entries(session, since, until, language)


def _entries(session, since: datetime.date | None, until: datetime.date | None, language: str) -> list[PublicityEntry]:
    rows = session.execute(select(Review, Visit, Applicant).join(Visit, Visit.id == Review.visit_id)
                           .join(Case, Case.id == Visit.case_id).join(Applicant, Applicant.id == Case.applicant_id)
                           ).all()
    by_review = {review.id: (visit, applicant) for review, visit, applicant in rows}
    chosen = publicity_selection([DecidedRecord(visit.id, review.id, review.decision, review.decided_at)
                                  for review, visit, _ in rows], since=since, until=until)
    entries = []
    for decided in chosen:
        visit, applicant = by_review[decided.review_id]
        grade = json.loads(visit.result_json)["grade"]["label"] if visit.result_json else {}
        entries.append(PublicityEntry.of(applicant.name, applicant.resident_id, grade.get(language, ""),
                                         decided.decided_at[:10]))
    return entries


def publicity_csv(entries: list[PublicityEntry], language: str = "zh_CN") -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS_EN if language == "en" else COLUMNS_ZH)
    for number, entry in enumerate(entries, start=1):
        writer.writerow([number, entry.name_masked, entry.resident_id_masked, entry.grade_label, entry.decided_on])
    return text.getvalue().encode("utf-8-sig")


def publicity_pdf(entries: list[PublicityEntry], agency_name: str, today: datetime.date, language: str = "zh_CN") -> bytes:
    font = register_report_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    title = "长期护理保险失能等级评估结果公示" if language != "en" else "Long-term care assessment results (public notice)"
    rows = [list(COLUMNS_EN if language == "en" else COLUMNS_ZH)] + [
        [str(number), entry.name_masked, entry.resident_id_masked, entry.grade_label, entry.decided_on]
        for number, entry in enumerate(entries, start=1)]
    table = Table(rows, colWidths=[14 * mm, 30 * mm, 52 * mm, 44 * mm, 30 * mm], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    footer = (f"{agency_name}　{today.isoformat()}　共 {len(entries)} 人" if language != "en"
              else f"{agency_name} · {today.isoformat()} · {len(entries)} entries")
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm)
    document.build([Paragraph(title, title_style), Spacer(1, 6 * mm), table, Spacer(1, 6 * mm),
                    Paragraph(footer, body)])
    return out.getvalue()


def export_publicity(records: CaseRecords, destination: Path, *, actor, now: datetime.datetime,
                     since: datetime.date | None = None, until: datetime.date | None = None,
                     language: str = "zh_CN", entries_from=None) -> int:
    """Write the list as .csv or .pdf (by the file's suffix); returns how many entries it holds.
    `entries_from(since, until, language)`, when given, supplies the entries instead of this
    workstation's decisions (the agency server's agency-wide list, services/remote_records.py)."""
    destination = Path(destination)
    suffix = destination.suffix.lower()
    with unit_of_work(records.engine) as session:
        publisher_id = authorize(session, records, actor, Permission.PUBLISH, now=now).id
        if suffix not in (".csv", ".pdf"):
            raise ReviewError("publicity_format", destination.suffix)
        entries = _entries(session, since, until, language) if entries_from is None else None
        agency = session.get(Agency, 1)
        agency_name = agency.name if agency else ""
    if entries is None:
        entries = entries_from(since, until, language)
    data = publicity_csv(entries, language) if suffix == ".csv" else publicity_pdf(entries, agency_name, now.date(),
                                                                                  language)
    with os_errors_as("file_write_failed", destination):
        atomic_write_bytes(destination, data)
    with unit_of_work(records.engine) as session:
        append_station_event(session, "publicity_exported", now=now, actor_ids=[publisher_id], data={
            "entries": len(entries), "format": suffix[1:], "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None, "source": "local" if entries_from is None else "agency"})
    return len(entries)
