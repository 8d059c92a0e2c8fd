# SPDX-License-Identifier: GPL-3.0-or-later
"""The self-assessment comparison: the applicant's own answers next to the experts', item by
item, and both grades. Read by the reviewer; not signed (it is not a decision)."""

from __future__ import annotations

import datetime
from typing import Protocol, Sequence

from forms.model import Form
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from assessment_app.reports import tables
from assessment_app.reports.cells import chinese_date, para
from assessment_app.reports.document import build_pdf
from assessment_app.reports.page_frame import PageDecoration
from assessment_app.reports.styles import CELL_CENTRE, CONTENT_WIDTH, NUMBERS, SECTION, SMALL, TITLE

TITLE_TEXT = "长期护理保险失能评估自评与评估结果对照表"
NOT_ANSWERED = "（未作答）"


class ComparedItem(Protocol):
    """Matches services.self_assessment.ItemComparison."""
    item_id: str
    self_option: str | None
    expert_option: str | None


def render_self_assessment_comparison(*, form: Form, items: Sequence[ComparedItem], self_grade: int | None,
                                      expert_grade: int | None, agency_name: str, case_id: str, applicant_name: str,
                                      generated_on: datetime.date, record_hash: str = "") -> bytes:
    differing = sum(1 for item in items if _differs(item))
    story = [
        para(TITLE_TEXT, TITLE), Spacer(1, 4 * mm),
        para(f"案件编号：{case_id}　　评估对象：{applicant_name}　　生成日期：{chinese_date(generated_on)}", NUMBERS),
        Paragraph("一、失能等级", SECTION),
        tables.grid([[para(text, CELL_CENTRE) for text in ("自评等级", "评估人员评定等级", "是否一致")],
                     [para(_grade_text(form, self_grade), CELL_CENTRE), para(_grade_text(form, expert_grade), CELL_CENTRE),
                      para(_same_text(self_grade, expert_grade), CELL_CENTRE)]],
                    [CONTENT_WIDTH / 3] * 3),
        Paragraph(f"二、逐项对照（不一致 {differing} 项）", SECTION),
        _items_table(form, items),
        Spacer(1, 3 * mm),
        para("说明：自评由申请人或其家属自行填写，仅供参考；失能等级以评估人员现场评估并签署的结论书为准。", SMALL),
    ]
    decoration = PageDecoration(
        header_left=agency_name, header_right=f"{TITLE_TEXT}　案件 {case_id}",
        footer_main=f"评估表 {form.id} 版本 {form.version}　案件 {case_id}",
        footer_small=(f"评估表内容 SHA-256 {form.sha256}",) + ((f"评估记录 SHA-256 {record_hash}",) if record_hash else ()))
    return build_pdf(story, decoration, title=TITLE_TEXT, subject=case_id)


def _items_table(form: Form, items: Sequence[ComparedItem]):
    by_id = {item.item_id: item for item in items}
    header = [para(text, CELL_CENTRE) for text in ("序号", "评估项目", "自评结果", "评估人员结果", "一致")]
    rows = [header]
    for number, form_item in enumerate(form.items, start=1):
        compared = by_id.get(form_item.id)
        own = compared.self_option if compared else None
        expert = compared.expert_option if compared else None
        rows.append([para(str(number), CELL_CENTRE), para(form_item.name.get()), para(_option_text(form_item, own)),
                     para(_option_text(form_item, expert)),
                     para("—" if None in (own, expert) else ("是" if own == expert else "否"), CELL_CENTRE)])
    fixed = 10 * mm + 26 * mm + 12 * mm
    return tables.grid(rows, [10 * mm, 26 * mm, (CONTENT_WIDTH - fixed) / 2, (CONTENT_WIDTH - fixed) / 2, 12 * mm])


def _option_text(item, option_id: str | None) -> str:
    if option_id is None:
        return NOT_ANSWERED
    option = item.option(option_id)
    return f"{option.text.get()}（{option.score}分）"


def _differs(item: ComparedItem) -> bool:
    return None not in (item.self_option, item.expert_option) and item.self_option != item.expert_option


def _grade_text(form: Form, grade: int | None) -> str:
    return form.grade(grade).label.get() if grade is not None else "（未完成）"


def _same_text(a: int | None, b: int | None) -> str:
    return "—" if None in (a, b) else ("一致" if a == b else "不一致")
