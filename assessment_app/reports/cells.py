# SPDX-License-Identifier: GPL-3.0-or-later
"""Text to flowables: escaped paragraphs and Chinese dates, shared by every document."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

from assessment_app.reports.styles import CELL


class CellParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    A table wraps each cell to size its row and again to draw it (KeepTogether and page splits
    wrap once more), and each wrap re-runs the CJK line breaker: a sixth of a report's layout
    time. The lines depend only on the width (text and style do not change), so a wrap at the
    width of the previous one keeps its lines. A split that gives up on this paragraph drops
    them (`del blPara`), and then it wraps again.
    """

    _wrapped_width: float | None = None

    def wrap(self, available_width, available_height):
        if available_width == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        # Narrower than reportlab's fuzz it lays nothing out, only says it cannot fit.
        self._wrapped_width = available_width if available_width >= _FUZZ else None
        return size


def para(text: str, style=CELL) -> Paragraph:
    """User text is data, not markup: escaped, with its line breaks kept."""
    return CellParagraph(escape(text).replace("\n", "<br/>"), style)


def paragraphs(text: str) -> list[str]:
    return [line for line in (part.strip() for part in text.splitlines()) if line] or ["—"]


def chinese_date(value: datetime.date | None) -> str:
    """2025年03月01日; an unfilled date prints as blanks to be written in by hand."""
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else "____年__月__日"
