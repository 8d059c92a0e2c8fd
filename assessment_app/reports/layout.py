# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment report (评估结论书) and its draft preview, laid out with reportlab platypus.

Order follows the usual local 结论书: who issued it, whom it is about, how the visit went,
what each item scored, the dimension levels, the grade, the experts' signatures, the 复核
rights. Every cell is a Paragraph in the embedded font so long text wraps instead of running
out of its cell.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from assessment_app.reports import tables
from assessment_app.reports.cells import chinese_date, para, paragraphs
from assessment_app.reports.content import ReportContent, dimension_rows, item_rows
from assessment_app.reports.document import build_pdf
from assessment_app.reports.flowables import FieldPlacement, QrCode, SignatureSlot, logo_image, signature_image
from assessment_app.reports.page_frame import PageDecoration
from assessment_app.reports.qr_payload import record_qr_payload
from assessment_app.reports.signature_fields import add_signature_fields
from assessment_app.reports.styles import (
    AGENCY,
    BODY,
    CELL,
    CELL_CENTRE,
    CONTENT_WIDTH,
    GRADE,
    GRADE_LABEL,
    NUMBERS,
    NUMBERS_RIGHT,
    SECTION,
    SMALL,
    SMALL_CENTRE,
    TITLE,
)

EXPERT_FIELDS = ("Expert1", "Expert2")
AGENCY_SEAL_FIELD = "AgencySeal"
DRAFT_MARK = "草稿"
QR_SIZE = 27 * mm
SLOT_WIDTH, SLOT_HEIGHT = 46 * mm, 15 * mm


def render_report(content: ReportContent) -> bytes:
    """The final report: A4 PDF with one empty signature field per expert, and one for the
    agency seal when the agency seals; the field signed last locks the document."""
    placements: dict[str, FieldPlacement] = {}
    pdf = build_pdf(_story(content, placements), _decoration(content, watermark=None),
                    title=content.title, subject=content.report_number)
    return add_signature_fields(pdf, [placements[name] for name in signing_order(content)])


def signing_order(content: ReportContent) -> tuple[str, ...]:
    """The signature fields in the order they must be signed; the last one locks."""
    return (*EXPERT_FIELDS, AGENCY_SEAL_FIELD) if content.agency_seal else EXPERT_FIELDS


def render_draft(content: ReportContent) -> bytes:
    """The preview during the visit: same layout, 草稿 across every page, nothing to sign."""
    return build_pdf(_story(content, None), _decoration(content, watermark=DRAFT_MARK),
                     title=f"{content.title}（{DRAFT_MARK}）", subject=content.report_number)


def _decoration(content: ReportContent, watermark: str | None) -> PageDecoration:
    form = content.form
    return PageDecoration(
        header_left=content.agency.name,
        header_right=f"{content.title}　编号 {content.report_number}",
        footer_main=f"评估表 {form.id} 版本 {form.version}　评分引擎 {content.engine_version}　"
                    f"记录 {content.record_id}",
        footer_small=(f"评估表内容 SHA-256 {form.sha256}", f"评估记录 SHA-256 {content.record_hash}"),
        watermark=watermark,
    )


def _story(content: ReportContent, placements: dict[str, FieldPlacement] | None) -> list:
    return [
        *_heading(content),
        Paragraph("一、评估对象基本信息", SECTION), _applicant_table(content),
        Paragraph("二、评估实施情况", SECTION), _visit_table(content),
        Paragraph("三、评估项目及得分", SECTION), _items_table(content),
        KeepTogether([Paragraph("四、能力维度评估结果", SECTION), _dimensions_table(content)]),
        KeepTogether([Paragraph("五、评估结论", SECTION), _grade_box(content)]),
        *_conclusion(content),
        KeepTogether([Paragraph("六、评估人员及信息提供者签字", SECTION), _signature_table(content, placements),
                      Spacer(1, 3 * mm), _seal_table(content, placements)]),
        KeepTogether([Paragraph("七、复核告知", SECTION), para(content.printed_appeal_notice, BODY)]),
        Spacer(1, 2 * mm),
        para("本结论书经两名评估人员电子签名后生效。扫描右上角二维码可获得评估记录编号及其 SHA-256 值，"
           "可使用 ltc-assess report verify 核验电子签名及文件完整性。", SMALL),
    ]


def _heading(content: ReportContent) -> list:
    title = [para(content.agency.name, AGENCY), para(content.title, TITLE)]
    qr = [QrCode(record_qr_payload(content.record_id, content.record_hash), QR_SIZE), para("扫码核验", SMALL_CENTRE)]
    side = 30 * mm
    block = Table([[logo_image(content.agency.logo_png), title, qr]],
                  colWidths=[side, CONTENT_WIDTH - 2 * side, side])
    block.setStyle(tables.plain_block())
    numbers = Table([[para(f"结论书编号：{content.report_number}", NUMBERS),
                      para(f"评估任务编号：{content.task_number}", NUMBERS_RIGHT)]],
                    colWidths=[CONTENT_WIDTH / 2] * 2)
    numbers.setStyle(tables.plain_block())
    return [block, Spacer(1, 2 * mm), numbers]


def _applicant_table(content: ReportContent) -> Table:
    applicant = content.applicant
    rows = [
        ["姓名", applicant.name, "性别", applicant.sex],
        ["公民身份号码", content.printed_resident_id, "出生日期", chinese_date(applicant.birth_date)],
        ["参保类型", applicant.insurance_type, "申请类型", applicant.application_type],
        ["居住地址", applicant.address, "", ""],
    ]
    return tables.label_value_grid(rows, spans=[3])


def _visit_table(content: ReportContent) -> Table:
    visit, informant = content.visit, content.informant
    rows = [
        ["评估时间", visit.started_at.strftime("%Y年%m月%d日 %H:%M"), "评估地点", visit.place],
        ["信息提供者", informant.name, "与评估对象关系", informant.relation],
        ["联系电话", informant.phone, "", ""],
    ]
    return tables.label_value_grid(rows, spans=[2])


def _items_table(content: ReportContent) -> Table:
    header = [para(text, CELL_CENTRE) for text in ("序号", "评估项目", "评估结果（所选等级的标准表述）", "得分")]
    body, group_rows, current_dimension = [], [], None
    dimension_max = {d.name: d.max_score for d in dimension_rows(content.result)}
    for row in item_rows(content.form, content.answers):
        if row.dimension_name != current_dimension:
            current_dimension = row.dimension_name
            group_rows.append(len(body) + 1)
            body.append([para(f"{row.dimension_name}（满分 {dimension_max.get(row.dimension_name, '')} 分）"), "", "", ""])
        body.append([para(str(row.number), CELL_CENTRE), para(row.item_name), para(row.option_text),
                     para(str(row.score), CELL_CENTRE)])
    return tables.grid([header, *body], [12 * mm, 32 * mm, CONTENT_WIDTH - 58 * mm, 14 * mm],
                       group_rows=group_rows, padding=2)


def _dimensions_table(content: ReportContent) -> Table:
    header = [para(text, CELL_CENTRE) for text in ("能力维度", "得分", "满分", "能力等级")]
    rows = [[para(d.name), para(str(d.score), CELL_CENTRE), para(str(d.max_score), CELL_CENTRE),
             para(d.level_label, CELL_CENTRE)] for d in dimension_rows(content.result)]
    return tables.grid([header, *rows], [CONTENT_WIDTH - 96 * mm, 28 * mm, 28 * mm, 40 * mm])


def _grade_box(content: ReportContent) -> Table:
    return tables.grade_box([para("失能等级评估结论", GRADE_LABEL), para(content.grade_label, GRADE)])


def _conclusion(content: ReportContent) -> list:
    flowables = [para("评估意见：", CELL)]
    flowables += [para(paragraph, BODY) for paragraph in paragraphs(content.conclusion)]
    if content.care_notes.strip():
        flowables.append(para("照护建议：", CELL))
        flowables += [para(paragraph, BODY) for paragraph in paragraphs(content.care_notes)]
    return flowables


def _signature_table(content: ReportContent, placements) -> Table:
    header = [para(text, CELL_CENTRE) for text in ("", "姓名", "人员编号", "手写签名", "签字日期", "电子签名")]
    rows = [header]
    for index, expert in enumerate(content.experts):
        rows.append([para(f"评估人员{'一二'[index]}", CELL_CENTRE), para(expert.name), para(expert.expert_number, CELL_CENTRE),
                     signature_image(expert.signature_png, 26 * mm, 13 * mm),
                     para(chinese_date(expert.signed_on), CELL_CENTRE), _slot(EXPERT_FIELDS[index], placements)])
    informant = content.informant
    rows.append([para("信息提供者", CELL_CENTRE), para(informant.name), para("—", CELL_CENTRE),
                 signature_image(informant.signature_png, 26 * mm, 13 * mm), para(chinese_date(content.visit.started_at.date()),
                                                                                CELL_CENTRE), ""])
    # The name column gets what the others leave: room for 8 characters (e.g. 演示评估员甲) on one line.
    widths = [20 * mm, CONTENT_WIDTH - 146 * mm, 24 * mm, 28 * mm, 26 * mm, SLOT_WIDTH + 2 * mm]
    return tables.grid(rows, widths, valign="MIDDLE", padding=1.5)


def _seal_table(content: ReportContent, placements) -> Table:
    seal = [para("评估机构（盖章）", CELL_CENTRE), para(content.agency.name), para("出具日期", CELL_CENTRE),
            para(chinese_date(content.issued_on), CELL_CENTRE),
            _slot(AGENCY_SEAL_FIELD, placements) if content.agency_seal else ""]
    widths = [30 * mm, CONTENT_WIDTH - 128 * mm, 20 * mm, 30 * mm, SLOT_WIDTH + 2 * mm]
    return tables.grid([seal], widths, valign="MIDDLE", padding=1.5, header=False)


def _slot(field_name: str, placements):
    caption = f"电子签名区 {field_name}" if placements is not None else f"{DRAFT_MARK}，不可签署"
    return SignatureSlot(field_name, SLOT_WIDTH, SLOT_HEIGHT, placements, caption)
