# SPDX-License-Identifier: GPL-3.0-or-later
"""Paragraph styles and page geometry shared by every document the report engine draws."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib import textsplit as _textsplit_module
from reportlab.platypus import paragraph as _paragraph_module

from assessment_app.reports.fonts import register_report_font

PAGE_SIZE = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 26 * mm  # room for the running header
MARGIN_BOTTOM = 24 * mm  # room for the three-line footer
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

GRID_COLOUR = colors.HexColor("#404040")
SHADE_COLOUR = colors.HexColor("#EDEDED")
MUTED_COLOUR = colors.HexColor("#555555")

FONT = register_report_font()

# Chinese typesetting (GB/T 15834) never starts a line with closing punctuation; reportlab's
# CJK wrap knows the Japanese list, which lacks the full-width comma and colon, so a line of
# the appeal notice could begin with "，". The list is module state read at wrap time, by
# both the single-run (textsplit) and the mixed-run (paragraph) wrapper.
_CHINESE_CANNOT_START = "，。、；：？！）》」』】〕％…"
_textsplit_module.ALL_CANNOT_START = _paragraph_module.ALL_CANNOT_START = "".join(
    sorted(set(_textsplit_module.ALL_CANNOT_START) | set(_CHINESE_CANNOT_START)))


def _style(name: str, size: float, *, leading: float | None = None, alignment=TA_LEFT,
           space_before: float = 0, space_after: float = 0, colour=colors.black, indent: float = 0) -> ParagraphStyle:
    # wordWrap="CJK" lets a line break between any two Chinese characters (and inside long
    # digit runs such as hashes); the default only breaks at spaces and would overflow.
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.45,
                          alignment=alignment, spaceBefore=space_before, spaceAfter=space_after,
                          textColor=colour, wordWrap="CJK", firstLineIndent=indent)


AGENCY = _style("agency", 13, alignment=TA_CENTER, space_after=2)
TITLE = _style("title", 19, leading=26, alignment=TA_CENTER)
NUMBERS = _style("numbers", 9.5, alignment=TA_LEFT)
NUMBERS_RIGHT = _style("numbers_right", 9.5, alignment=TA_RIGHT)
SECTION = _style("section", 12, leading=16, space_before=6, space_after=3)
LABEL = _style("label", 9.5, alignment=TA_CENTER)
CELL = _style("cell", 9.5)
CELL_CENTRE = _style("cell_centre", 9.5, alignment=TA_CENTER)
BODY = _style("body", 10.5, leading=17, alignment=TA_JUSTIFY, indent=21, space_after=3)
SMALL = _style("small", 7.5, colour=MUTED_COLOUR)
SMALL_CENTRE = _style("small_centre", 6.5, alignment=TA_CENTER, colour=MUTED_COLOUR)
GRADE_LABEL = _style("grade_label", 11, alignment=TA_CENTER)
GRADE = _style("grade", 24, leading=32, alignment=TA_CENTER)
