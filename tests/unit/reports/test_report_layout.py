# SPDX-License-Identifier: GPL-3.0-or-later
"""Page geometry: long text wraps and paginates inside the margins; the QR code decodes to the
record id and hash; the draft is marked; the companion documents render."""

from __future__ import annotations

import dataclasses
import datetime
from types import SimpleNamespace

import cv2
import numpy as np
import pytest

from assessment_app.reports import (
    REVIEWER_FIELD,
    render_draft,
    render_report,
    render_review_decision,
    render_self_assessment_comparison,
    verify_report,
)
from assessment_app.reports.qr_payload import parse_record_qr_payload
from assessment_app.reports.styles import MARGIN_LEFT, MARGIN_RIGHT
from tests.unit.reports.conftest import NOW, handwriting_png, pdf_text, run_tool, sign, squeeze, unembedded_fonts

END_OF_CONCLUSION = "结论全文至此结束ZZ"


def render_pages(pdf: bytes, tmp_path, dpi: int, first: int | None = None, last: int | None = None) -> list[np.ndarray]:
    path = tmp_path / "render.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(first)] if first else []
    pages += ["-l", str(last)] if last else []
    run_tool("pdftoppm", "-r", str(dpi), "-gray", "-png", *pages, str(path), str(tmp_path / "page"))
    files = sorted(tmp_path.glob("page-*.png"))
    assert files
    return [cv2.imread(str(file), cv2.IMREAD_GRAYSCALE) for file in files]


@pytest.fixture(scope="module")
def long_content():
    from assessment_app.reports.sample import sample_content
    base = sample_content()
    name = "欧阳" + "长" * 56 + "名字"  # 60 characters
    address = ("演示省演示市东城区和平里街道安定门外大街" * 16)[:291] + "门牌号尾部ADDR"
    conclusion = ("经两名评估人员入户现场评估，评估对象日常生活能力明显受限，需要他人持续照护。" * 140)[:4990] + END_OF_CONCLUSION
    applicant = dataclasses.replace(base.applicant, name=name, address=address)
    assert (len(name), len(address), len(conclusion)) == (60, 300, 5000)
    return dataclasses.replace(base, applicant=applicant, conclusion=conclusion, care_notes=conclusion[:800],
                               informant=dataclasses.replace(base.informant, name=name))


def test_long_text_paginates_and_all_of_it_is_printed(long_content, tmp_path):
    pdf = render_report(long_content)
    text = pdf_text(pdf, tmp_path)
    assert text.count("\f") >= 4
    squeezed = squeeze(text)
    assert END_OF_CONCLUSION in squeezed and "门牌号尾部ADDR" in squeezed
    assert squeeze(long_content.applicant.name) in squeezed


@pytest.mark.parametrize("render", [render_report, render_draft])
def test_long_text_stays_inside_the_side_margins(long_content, render, tmp_path):
    dpi = 50
    pages = render_pages(render(long_content), tmp_path, dpi)
    # Both side margins, less 2 mm for anti-aliasing, must be blank on every page.
    left = int((MARGIN_LEFT / 72 - 2 / 25.4) * dpi)
    right = int((MARGIN_RIGHT / 72 - 2 / 25.4) * dpi)
    for number, page in enumerate(pages, start=1):
        assert page[:, :left].min() > 245, f"ink in the left margin of page {number}"
        assert page[:, -right:].min() > 245, f"ink in the right margin of page {number}"


def test_margin_check_sees_ink_that_overflows(tmp_path):
    # The check above must be able to fail: an unbreakable over-long Latin run in a fixed-width
    # canvas string does run into the margin.
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    path = tmp_path / "overflow.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(MARGIN_LEFT, 400, "X" * 200)
    canvas.save()
    page = render_pages(path.read_bytes(), tmp_path, 50)[0]
    right = int((MARGIN_RIGHT / 72 - 2 / 25.4) * 50)
    assert page[:, -right:].min() < 245


def test_qr_code_carries_record_id_and_hash(content, report_pdf, tmp_path):
    page = render_pages(report_pdf, tmp_path, 200, first=1, last=1)[0]
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(page)
    assert points is not None, "no QR code found on page 1"
    assert parse_record_qr_payload(text) == (content.record_id, content.record_hash)


def test_draft_is_marked_on_every_page_and_has_no_signature_field(content, tmp_path):
    draft = render_draft(content)
    # -raw keeps content-stream order, so the rotated watermark's two characters stay together.
    pages = run_tool("pdftotext", "-raw", "-enc", "UTF-8", "{pdf}", "-", data=draft, tmp_path=tmp_path).split("\f")[:-1]
    assert pages and all("草稿" in squeeze(page) for page in pages)
    assert verify_report(draft, []) == []
    assert b"/FT /Sig" not in draft and b"/Sig" not in draft.replace(b"/Sigflags", b"")


def test_final_report_has_one_signature_field_per_expert_near_the_slot(report_pdf):
    assert report_pdf.count(b"/FT /Sig") == 2
    assert b"(Expert1)" in report_pdf and b"(Expert2)" in report_pdf and b"(AgencySeal)" not in report_pdf


def test_agency_seal_field_when_the_agency_seals(content, ca, experts):
    pdf = render_report(dataclasses.replace(content, agency_seal=True))
    assert b"(AgencySeal)" in pdf
    signed = sign(sign(pdf, ca, experts[0], "Expert1", lock=False), ca, experts[1], "Expert2", lock=False)
    sealed = sign(signed, ca, experts[0], "AgencySeal", lock=True)
    statuses = verify_report(sealed, [ca[0]], at=NOW)
    assert [s.field_name for s in statuses] == ["Expert1", "Expert2", "AgencySeal"] and all(s.ok for s in statuses)


def test_handwritten_signatures_and_logo_are_drawn(content, tmp_path):
    png = handwriting_png()
    experts = tuple(dataclasses.replace(expert, signature_png=png) for expert in content.experts)
    pdf = render_report(dataclasses.replace(content, experts=experts,
                                            agency=dataclasses.replace(content.agency, logo_png=png)))
    images = run_tool("pdfimages", "-list", "{pdf}", data=pdf, tmp_path=tmp_path).splitlines()[2:]
    assert len([line for line in images if line.split()[2] == "image"]) == 3


def test_self_assessment_comparison_lists_both_answers_and_grades(content, tmp_path):
    form = content.form
    items = [SimpleNamespace(item_id=item.id, self_option=item.options[0].id, expert_option=content.answers[item.id])
             for item in form.items]
    pdf = render_self_assessment_comparison(form=form, items=items, self_grade=5, expert_grade=2,
                                            agency_name="演示机构", case_id="CASE-1", applicant_name="王秀兰",
                                            generated_on=datetime.date(2025, 3, 3))
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "重度失能Ⅲ级" in text and "中度失能" in text and "CASE-1" in text
    assert squeeze(form.items_by_id["adl.bathing"].options[0].text.get()) in text
    assert not unembedded_fonts(pdf, tmp_path)[1]


def test_review_decision_page_can_be_signed_and_locks(ca, experts, tmp_path):
    pdf = render_review_decision(agency_name="演示机构", case_id="CASE-1", visit_id="REC-1", decision="return",
                                 reason="录像第3段缺失，请补充说明。", reviewer_name="赵审核", reviewer_number="DEMO-R001",
                                 decided_on=datetime.date(2025, 3, 4), record_hash="ab" * 32,
                                 validation_lines=["录像分段哈希链：第3段缺失"])
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "退回补正" in text and "录像第3段缺失" in text and "ab" * 32 in text
    [status] = verify_report(sign(pdf, ca, experts[0], REVIEWER_FIELD, lock=True), [ca[0]], at=NOW)
    assert status.ok and status.covers_whole_file and status.docmdp_level == "no_changes"


def test_qr_payload_vector():
    from assessment_app.reports.qr_payload import record_qr_payload
    payload = record_qr_payload("REC-2025-000123", "AB" * 32)
    assert payload == "LTC-RECORD/1;id=REC-2025-000123;sha256=" + "ab" * 32
    assert parse_record_qr_payload(payload) == ("REC-2025-000123", "ab" * 32)
    assert parse_record_qr_payload("https://example.com/") is None
