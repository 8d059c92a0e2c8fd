# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment record as one canonical document (hashed at lock, later part of the export
bundle) and the plain data the signed report is laid out from.

The document holds what the experts vouch for: answers with their full history and stamps,
the steps of the visit, the result, conclusion and the hashes of every image. It holds
nothing that only exists after signing (signed_at, the report), so the hash printed in the
report is the hash `lock_visit` stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.canonical import canonical_sha256
from scoring import ENGINE_NAME, ENGINE_VERSION, score

from assessment_app.domain.case_types import ApplicationType, InsuranceType
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_state import LoadedVisit, visit_attachments, visit_for
from assessment_app.storage.models import (
    Applicant,
    DualEntry,
    Expert,
    RecordingEvent,
    VisitDeclaration,
    VisitItemNote,
    WarningConfirmation,
)
from assessment_app.storage.repositories import VisitRepository
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

RECORD_FORMAT = "ltc-assess record v1"


def _numbers(session: Session) -> dict[str, str]:
    return {expert.id: expert.expert_number for expert in session.scalars(select(Expert))}


def _declarations(session: Session, visit_id: str, number: dict[str, str]) -> list[dict[str, Any]]:
    # Two declarations made in the same second are ordered by the expert number, not by the
    # expert row's id: that id is local to a workstation, and the reviewer's workstation must
    # rebuild exactly the record the experts signed.
    rows = session.scalars(select(VisitDeclaration).where(VisitDeclaration.visit_id == visit_id))
    declarations = [{"expert": number.get(row.expert_id), "text_version": row.text_version, "at": row.declared_at}
                    for row in rows]
    return sorted(declarations, key=lambda entry: (entry["at"], entry["expert"] or ""))


def document_in(session: Session, loaded: LoadedVisit) -> dict[str, Any]:
    visit, workflow = loaded.visit, loaded.workflow
    number = _numbers(session)
    form = loaded.form()
    history = VisitRepository(session).answers(visit.id)
    current = {answer.item_id: answer.option_id for answer in history if answer.superseded_by is None}
    try:
        result = score(form, current).to_dict()
    except ValueError:
        result = None  # incomplete: the document can be shown, but lock_visit refuses it first
    attachments = visit_attachments(session, visit.id)
    entries = session.scalars(select(DualEntry).where(DualEntry.visit_id == visit.id).order_by(DualEntry.id))
    return {
        "format": RECORD_FORMAT,
        "visit": {"id": visit.id, "case_id": visit.case_id, "version": visit.version,
                  "supersedes": visit.supersedes_id, "started_at": visit.started_at},
        "form": {"id": form.id, "version": form.version, "sha256": form.sha256},
        "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
        "experts": [number.get(expert) for expert in loaded.expert_ids],
        "declarations": _declarations(session, visit.id, number),
        "identity": {"status": workflow.identity_status, "discrepancy": workflow.identity_discrepancy},
        "informant": {"name": workflow.informant_name, "relation": workflow.informant_relation,
                      "phone": workflow.informant_phone},
        "consent": {"status": workflow.consent_status, "refusal_reason": workflow.consent_refusal_reason},
        "recording": {"mode": workflow.recording_mode, "waiver": workflow.recording_waiver_code,
                      "events": [{"kind": event.kind, "reason": event.reason_code, "text": event.text,
                                  "video_offset_ms": event.video_offset_ms, "wall_time": event.wall_time,
                                  "monotonic_ns": event.monotonic_ns}
                                 for event in session.scalars(select(RecordingEvent)
                                                              .where(RecordingEvent.visit_id == visit.id)
                                                              .order_by(RecordingEvent.id))]},
        "dual_entry": {"enabled": workflow.dual_entry,
                       "agreement": None if workflow.agreement_total is None
                       else [workflow.agreement_equal, workflow.agreement_total],
                       "entries": [{"expert": number.get(entry.expert_id), "item": entry.item_id,
                                    "option": entry.option_id, "wall_time": entry.wall_time,
                                    "monotonic_ns": entry.monotonic_ns, "video_offset_ms": entry.video_offset_ms,
                                    "reason": entry.reason} for entry in entries]},
        "answers": current,
        "answer_history": [{"item": answer.item_id, "option": answer.option_id,
                            "answered_by": number.get(answer.answered_by),
                            "second_expert": number.get(answer.second_expert_id) if answer.second_expert_id else None,
                            "wall_time": answer.wall_time, "monotonic_ns": answer.monotonic_ns,
                            "video_offset_ms": answer.video_offset_ms, "reason": answer.reason,
                            "superseded": answer.superseded_by is not None} for answer in history],
        "notes": {row.item_id: row.note for row in
                  session.scalars(select(VisitItemNote).where(VisitItemNote.visit_id == visit.id))},
        "warnings_confirmed": {row.code: row.reason for row in
                               session.scalars(select(WarningConfirmation)
                                               .where(WarningConfirmation.visit_id == visit.id))},
        "images": [{"purpose": link.purpose, "item": link.item_id,
                    "expert": number.get(link.expert_id) if link.expert_id else None,
                    "media_type": attachment.media_type, "sha256": attachment.plaintext_sha256}
                   for link, attachment in attachments if link.purpose != "signed_report"],
        "result": result,
        "conclusion": workflow.conclusion,
        "care_notes": workflow.care_notes,
    }


def record_document(records: CaseRecords, visit_id: str, *, actor) -> dict[str, Any]:
    """The record as canonical-JSON-ready data (no floats; see forms/canonical.py), for one of
    the visit's experts."""
    with unit_of_work(records.engine) as session:
        return document_in(session, visit_for(session, records, visit_id, actor))


def record_hash(records: CaseRecords, visit_id: str, *, actor) -> str:
    return canonical_sha256(record_document(records, visit_id, actor=actor))


@dataclass(frozen=True)
class ReportExpert:
    name: str
    expert_number: str
    signature_png: bytes | None


@dataclass(frozen=True)
class ReportInputs:
    """Everything the signed report shows, as plain data (reports/ lays it out)."""

    agency_name: str | None
    applicant_name: str
    resident_id: str
    sex: str
    birth_date: str
    address: str | None
    insurance_type: str
    insurance_type_label: str
    application_type: str
    application_type_label: str
    task_number: str | None
    visit_date: str | None  # YYYY-MM-DD of the start (UTC)
    visit_place: str | None  # the applicant's address: the visit is at home or in the care home
    informant: dict[str, str | None]
    answers: dict[str, str]
    result: dict[str, Any] | None
    conclusion: str | None
    care_notes: str | None
    experts: tuple[ReportExpert, ...]
    informant_signature_png: bytes | None
    record_id: str
    record_version: int
    record_sha256: str
    form_id: str
    form_version: str
    form_sha256: str
    engine_version: str
    notes: dict[str, str]
    confirmed_warnings: dict[str, str]


def report_inputs(records: CaseRecords, visit_id: str, language: str = "zh_CN", *, actor) -> ReportInputs:
    with unit_of_work(records.engine) as session:
        return inputs_in(records, session, visit_for(session, records, visit_id, actor), language)


def inputs_in(records: CaseRecords, session: Session, loaded: LoadedVisit, language: str) -> ReportInputs:
    """The report's data in the caller's (already authorised) transaction."""
    visit_id = loaded.visit.id
    document = document_in(session, loaded)
    applicant = session.get(Applicant, loaded.case.applicant_id)
    agency = session.get(Agency, 1)
    newest: dict[tuple[str, str | None], bytes] = {}
    for link, attachment in visit_attachments(session, visit_id):
        if link.purpose in ("expert_signature", "informant_signature"):
            newest[(link.purpose, link.expert_id)] = records.attachments.get(
                attachment.stored_name, attachment.id, expected_sha256=attachment.plaintext_sha256)
    experts = tuple(ReportExpert(expert.name, expert.expert_number, newest.get(("expert_signature", expert.id)))
                    for expert in (session.get(Expert, expert_id) for expert_id in loaded.expert_ids))
    case, visit = loaded.case, loaded.visit
    return ReportInputs(
        agency_name=agency.name if agency else None, applicant_name=applicant.name,
        resident_id=applicant.resident_id, sex=applicant.sex, birth_date=applicant.birth_date,
        address=applicant.address, insurance_type=case.insurance_type,
        insurance_type_label=InsuranceType(case.insurance_type).label(language),
        application_type=case.application_type,
        application_type_label=ApplicationType(case.application_type).label(language),
        task_number=case.task_number, visit_date=(visit.started_at or "")[:10] or None,
        visit_place=applicant.address, informant=document["informant"], answers=document["answers"],
        result=document["result"], conclusion=document["conclusion"], care_notes=document["care_notes"],
        experts=experts, informant_signature_png=newest.get(("informant_signature", None)),
        record_id=visit.id, record_version=visit.version, record_sha256=canonical_sha256(document),
        form_id=visit.form_id, form_version=visit.form_version, form_sha256=visit.form_sha256,
        engine_version=ENGINE_VERSION, notes=document["notes"], confirmed_warnings=document["warnings_confirmed"])
