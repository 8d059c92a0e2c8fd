# SPDX-License-Identifier: GPL-3.0-or-later
"""Running header, footer and watermark drawn on every page, with 第 x 页 / 共 y 页.

The total page count is only known after the last page, so pages are kept until `save` and
decorated then (the reportlab "numbered canvas" technique): one layout pass, and positions
recorded during layout (signature fields) stay true.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from assessment_app.reports.fonts import FONT_NAME
from assessment_app.reports.styles import (
    GRID_COLOUR,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED_COLOUR,
    PAGE_SIZE,
)

FOOTER_SIZE = 6.5
FOOTER_SMALL_SIZE = 5.6


@dataclass(frozen=True)
class PageDecoration:
    header_left: str
    header_right: str
    footer_main: str  # first footer line, the page number goes on its right
    footer_small: tuple[str, ...] = ()  # full hashes, in small type
    watermark: str | None = None


def decorated_canvas(decoration: PageDecoration):
    """A canvasmaker for BaseDocTemplate.build that decorates each page once the total is known."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kept_pages)
            for number, state in enumerate(self._kept_pages, start=1):
                self.__dict__.update(state)
                _decorate(self, decoration, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return DecoratedCanvas


def _decorate(canvas: Canvas, decoration: PageDecoration, number: int, total: int) -> None:
    width, height = PAGE_SIZE
    right = width - MARGIN_RIGHT
    canvas.saveState()
    canvas.setStrokeColor(GRID_COLOUR)
    canvas.setLineWidth(0.6)
    header_line = height - MARGIN_TOP + 14
    canvas.setFont(FONT_NAME, 8.5)
    canvas.setFillColor(MUTED_COLOUR)
    canvas.drawString(MARGIN_LEFT, header_line + 4, decoration.header_left)
    canvas.drawRightString(right, header_line + 4, decoration.header_right)
    canvas.line(MARGIN_LEFT, header_line, right, header_line)

    footer_line = MARGIN_BOTTOM - 8
    canvas.line(MARGIN_LEFT, footer_line, right, footer_line)
    canvas.setFont(FONT_NAME, FOOTER_SIZE)
    baseline = footer_line - 9
    canvas.drawString(MARGIN_LEFT, baseline, decoration.footer_main)
    canvas.setFillColor(colors.black)
    canvas.drawRightString(right, baseline, f"第 {number} 页 / 共 {total} 页")
    canvas.setFillColor(MUTED_COLOUR)
    canvas.setFont(FONT_NAME, FOOTER_SMALL_SIZE)
    for line in decoration.footer_small:
        baseline -= 7.5
        canvas.drawString(MARGIN_LEFT, baseline, line)
    if decoration.watermark:
        _watermark(canvas, decoration.watermark)
    canvas.restoreState()


def _watermark(canvas: Canvas, text: str) -> None:
    width, height = PAGE_SIZE
    canvas.saveState()
    # Translucent, so the draft stays readable under the mark.
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.16))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.setFont(FONT_NAME, 150)
    canvas.drawCentredString(0, -50, text)
    canvas.restoreState()
