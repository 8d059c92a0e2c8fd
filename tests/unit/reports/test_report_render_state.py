# SPDX-License-Identifier: GPL-3.0-or-later
"""What rendering keeps between calls, and that keeping it changes nothing on the page: a
report renders to the same bytes after other reports in the same process, the QR code is the
one reportlab's widget draws, and a paragraph keeps its lines only for the width it was
broken at."""

from __future__ import annotations

import dataclasses
import re

import cv2
import numpy as np
import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from assessment_app.reports import render_draft, render_report
from assessment_app.reports.cells import CellParagraph, para
from assessment_app.reports.flowables import QrCode
from assessment_app.reports.qr_payload import record_qr_payload
from assessment_app.reports.styles import BODY, CELL
from tests.unit.reports.conftest import run_tool

LONG_TEXT = "经两名评估人员入户现场评估，评估对象日常生活活动能力得分50分，进食、穿衣、如厕需部分帮助。" * 6


@pytest.fixture(scope="module")
def other_content(content):
    """A report that differs in glyphs (so in font subsets), length and QR payload."""
    applicant = dataclasses.replace(content.applicant, name="欧阳龘靐", address="边疆省鑫森淼焱垚县" * 8)
    return dataclasses.replace(content, applicant=applicant, record_id="REC-2099-999999", record_hash="cd" * 32,
                               conclusion=LONG_TEXT * 12)


def without_update_stamps(pdf: bytes) -> bytes:
    """pyHanko stamps the update that adds the signature fields with the clock (/ModDate) and a
    fresh second file identifier; everything else must repeat."""
    pdf = re.sub(rb"/ModDate \([^)]*\)", b"/ModDate ()", pdf)
    return re.sub(rb"/ID \[ ?<[0-9a-fA-F]+> ?<[0-9a-fA-F]+> ?\]", b"/ID []", pdf)


def test_a_report_renders_to_the_same_bytes_after_other_reports(content, other_content, tmp_path):
    draft, report = render_draft(content), render_report(content)
    other_draft = render_draft(other_content)
    render_report(other_content)
    assert render_draft(content) == draft
    assert without_update_stamps(render_report(content)) == without_update_stamps(report)
    assert render_draft(other_content) == other_draft != draft
    # Nothing of the first report's leaks into the second: its own QR code.
    (tmp_path / "other.pdf").write_bytes(other_draft)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(render_gray(tmp_path / "other.pdf", tmp_path, "other"))
    assert text == record_qr_payload(other_content.record_id, other_content.record_hash)


def test_keeping_a_paragraphs_lines_changes_no_byte(content, other_content, monkeypatch):
    with_kept_lines = [render_draft(content), render_draft(other_content)]
    monkeypatch.setattr(CellParagraph, "wrap", Paragraph.wrap)  # break the lines at every wrap
    assert [render_draft(content), render_draft(other_content)] == with_kept_lines


def lines_of(paragraph: Paragraph) -> list[str]:
    return ["".join(word for word in line[1]) if isinstance(line, tuple) else str(line.words)
            for line in paragraph.blPara.lines]


def test_a_paragraph_wrapped_at_another_width_gets_that_widths_lines():
    narrow, wide = 60 * mm, 150 * mm
    paragraph = para(LONG_TEXT, BODY)
    narrow_size = paragraph.wrap(narrow, 1000)
    assert paragraph.wrap(wide, 1000) == (wide, para(LONG_TEXT, BODY).wrap(wide, 1000)[1])
    assert paragraph.wrap(narrow, 1000) == narrow_size
    fresh = para(LONG_TEXT, BODY)
    fresh.wrap(narrow, 1000)
    assert lines_of(paragraph) == lines_of(fresh) and narrow_size[1] > para(LONG_TEXT, BODY).wrap(wide, 1000)[1]


def test_a_paragraph_a_split_gave_up_on_is_broken_again(tmp_path):
    paragraph = para(LONG_TEXT, CELL)
    width = 60 * mm
    _, height = paragraph.wrap(width, 1000)
    # Less room than two lines: the split moves the whole paragraph on and drops its lines.
    assert paragraph.split(width, CELL.leading * 1.5) == [] and not hasattr(paragraph, "blPara")
    assert paragraph.wrap(width, 1000) == (width, height)
    canvas = Canvas(str(tmp_path / "drawn.pdf"))
    paragraph.drawOn(canvas, 0, 0)  # needs the lines again
    canvas.save()


def test_too_narrow_a_width_keeps_nothing():
    paragraph = para(LONG_TEXT, CELL)
    size = paragraph.wrap(60 * mm, 1000)
    assert paragraph.wrap(0, 1000)[0] == 0  # reportlab: cannot fit
    assert paragraph.wrap(0, 1000)[0] == 0
    assert paragraph.wrap(60 * mm, 1000) == size


def render_gray(pdf_path, tmp_path, name: str) -> np.ndarray:
    """The first page at 300 dpi, grey."""
    run_tool("pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", str(pdf_path), str(tmp_path / name))
    return cv2.imread(str(tmp_path / f"{name}.png"), cv2.IMREAD_GRAYSCALE)


@pytest.mark.parametrize("payload", [record_qr_payload("REC-2025-000123", "ab" * 32), "LTC-RECORD/1;id=x;sha256=0"])
def test_qr_code_draws_what_reportlabs_widget_draws(payload, tmp_path):
    size, x, y = 27 * mm, 100, 500
    widget = QrCodeWidget(payload, barLevel="M", barBorder=2)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    for name, flowable in (("widget", drawing), ("ours", QrCode(payload, size))):
        canvas = Canvas(str(tmp_path / f"{name}.pdf"))
        flowable.wrapOn(canvas, size, size)
        flowable.drawOn(canvas, x, y)
        canvas.save()
    widget_page, our_page = (render_gray(tmp_path / f"{name}.pdf", tmp_path, name) for name in ("widget", "ours"))
    assert widget_page.min() == 0, "the widget drew nothing"
    assert np.array_equal(our_page, widget_page)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(our_page)
    assert text == payload


def test_reportlab_runs_with_its_c_accelerator():
    # rl_accel is a declared dependency; without it reportlab silently falls back to Python.
    from reportlab.lib import rl_accel
    assert {"fp_str", "asciiBase85Encode", "instanceStringWidthTTF"} <= set(rl_accel._c_funcs)
