# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's decision page (审核意见书): what was checked, what was decided, by whom.

It carries one signature field, Reviewer, which locks the page once signed.
"""

from __future__ import annotations

import datetime
from typing import Literal, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from assessment_app.reports import tables
from assessment_app.reports.cells import chinese_date, para, paragraphs
from assessment_app.reports.document import build_pdf
from assessment_app.reports.errors import ReportContentError
from assessment_app.reports.flowables import FieldPlacement, SignatureSlot
from assessment_app.reports.page_frame import PageDecoration
from assessment_app.reports.signature_fields import add_signature_fields
from assessment_app.reports.styles import BODY, CELL, CELL_CENTRE, CONTENT_WIDTH, GRADE, SECTION, TITLE

TITLE_TEXT = "长期护理保险失能评估审核意见书"
REVIEWER_FIELD = "Reviewer"
Decision = Literal["approve", "return", "review"]
DECISION_LABELS = {"approve": "审核通过", "return": "退回补正", "review": "转入复核"}


def render_review_decision(*, agency_name: str, case_id: str, visit_id: str, decision: Decision, reason: str,
                           reviewer_name: str, reviewer_number: str, decided_on: datetime.date, record_hash: str,
                           validation_lines: Sequence[str]) -> bytes:
    if decision not in DECISION_LABELS:
        raise ReportContentError("unknown_decision", decision=decision)
    placements: dict[str, FieldPlacement] = {}
    facts = [["案件编号", case_id], ["评估记录编号", visit_id], ["评估记录 SHA-256", record_hash],
             ["审核人员", f"{reviewer_name}（编号 {reviewer_number}）"], ["审核日期", chinese_date(decided_on)]]
    checks = [[para(str(number), CELL_CENTRE), para(line)] for number, line in enumerate(validation_lines, start=1)]
    story = [
        para(TITLE_TEXT, TITLE), Spacer(1, 5 * mm),
        Paragraph("一、审核对象", SECTION),
        tables.grid([[para(label, CELL_CENTRE), para(value)] for label, value in facts],
                    [36 * mm, CONTENT_WIDTH - 36 * mm], valign="MIDDLE", header=False),
        Paragraph("二、核验情况", SECTION),
        tables.grid([[para("序号", CELL_CENTRE), para("核验项目及结果", CELL_CENTRE)], *checks]
                    if checks else [[para("序号", CELL_CENTRE), para("核验项目及结果", CELL_CENTRE)],
                                    [para("—", CELL_CENTRE), para("（无核验记录）")]],
                    [14 * mm, CONTENT_WIDTH - 14 * mm]),
        KeepTogether([Paragraph("三、审核结论", SECTION), para(DECISION_LABELS[decision], GRADE)]),
        Paragraph("四、理由", SECTION),
        *[para(text, BODY) for text in paragraphs(reason)],
        Spacer(1, 6 * mm),
        KeepTogether(tables.grid([[para("审核人员签名", CELL_CENTRE), para(reviewer_name, CELL),
                                   SignatureSlot(REVIEWER_FIELD, 60 * mm, 16 * mm, placements, "电子签名区 Reviewer")]],
                                 [30 * mm, CONTENT_WIDTH - 94 * mm, 64 * mm], valign="MIDDLE", header=False)),
    ]
    decoration = PageDecoration(header_left=agency_name, header_right=f"{TITLE_TEXT}　案件 {case_id}",
                                footer_main=f"案件 {case_id}　评估记录 {visit_id}　审核结论 {DECISION_LABELS[decision]}",
                                footer_small=(f"评估记录 SHA-256 {record_hash}",))
    pdf = build_pdf(story, decoration, title=TITLE_TEXT, subject=case_id)
    return add_signature_fields(pdf, [placements[REVIEWER_FIELD]])
