"""Text to flowables: escaped paragraphs and Chinese dates, shared by every document."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from assessment_app.reports.styles import CELL


def para(text: str, style=CELL) -> Paragraph:
    """User text is data, not markup: escaped, with its line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def paragraphs(text: str) -> list[str]:
    return [line for line in (part.strip() for part in text.splitlines()) if line] or ["—"]


def chinese_date(value: datetime.date | None) -> str:
    """2025年03月01日; an unfilled date prints as blanks to be written in by hand."""
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else "____年__月__日"
