# SPDX-License-Identifier: GPL-3.0-or-later
"""The supervision dashboard (统计与稽核) as a PDF: A4 landscape, every glyph in the reports'
embedded CJK font (reports/fonts.py), a title block with the agency, the filters and who made
it, then per table its chart (a PNG the workstation drew) and its numbers as a ruled table whose
header repeats on every page. The texts come in ready to print; nothing is computed here."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle

from assessment_app.reports.document import CREATOR
from assessment_app.reports.fonts import register_report_font

PAGE = landscape(A4)
MARGIN = 12 * mm
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
CHART_HEIGHT_LIMIT = 95 * mm
GRID = colors.HexColor("#404040")
SHADE = colors.HexColor("#EDEDED")
MUTED = colors.HexColor("#555555")
MIN_COLUMN_CHARACTERS, MAX_COLUMN_CHARACTERS = 4, 24


@dataclass(frozen=True)
class ReportSection:
    title: str
    chart_png: bytes | None
    header: list[str]
    rows: list[list[str]]
    note: str | None = None


def _styles() -> dict[str, ParagraphStyle]:
    font = register_report_font()

    def style(name: str, size: float, **options) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, wordWrap="CJK", **options)

    return {"title": style("title", 16, alignment=1, spaceAfter=2 * mm),
            "meta": style("meta", 8.5, alignment=1, textColor=MUTED),
            "section": style("section", 12, spaceBefore=4 * mm, spaceAfter=2 * mm),
            "note": style("note", 8, textColor=MUTED, spaceAfter=2 * mm),
            "cell": style("cell", 7), "head": style("head", 7)}


def _widths(section: ReportSection) -> list[float]:
    """Columns share the width by how much text they hold (capped, so one long name cannot
    squeeze the numbers)."""
    lengths = []
    for index, label in enumerate(section.header):
        longest = max([len(label)] + [len(row[index]) for row in section.rows[:200]])
        lengths.append(min(MAX_COLUMN_CHARACTERS, max(MIN_COLUMN_CHARACTERS, longest)))
    total = sum(lengths)
    return [CONTENT_WIDTH * length / total for length in lengths]


def _table(section: ReportSection, styles) -> Table:
    data = [[Paragraph(escape(label), styles["head"]) for label in section.header]]
    data += [[Paragraph(escape(cell), styles["cell"]) for cell in row] for row in section.rows]
    table = Table(data, colWidths=_widths(section), repeatRows=1, splitByRow=1)
    # FONTNAME on every cell too: the table sets each cell's font before drawing it, Helvetica by default.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),
                               ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _chart(png: bytes) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(CONTENT_WIDTH / width, CHART_HEIGHT_LIMIT / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


def render_supervision_report(sections: list[ReportSection], *, agency_name: str, filters_line: str,
                              person_line: str, generated_at: datetime.datetime, language: str = "zh_CN") -> bytes:
    styles = _styles()
    english = language == "en"
    title = "Supervision dashboard" if english else "统计与稽核"
    made = (f"Made by {person_line} on {generated_at:%Y-%m-%d %H:%M}" if english
            else f"制表：{person_line}　{generated_at:%Y-%m-%d %H:%M}")
    story = [Paragraph(escape(f"{agency_name}　{title}" if agency_name else title), styles["title"]),
             Paragraph(escape(filters_line), styles["meta"]), Paragraph(escape(made), styles["meta"])]
    for section in sections:
        heading = [Paragraph(escape(section.title), styles["section"])]
        if section.note:
            heading.append(Paragraph(escape(section.note), styles["note"]))
        if section.chart_png:
            heading.append(_chart(section.chart_png))
            heading.append(Spacer(1, 2 * mm))
        story.append(CondPageBreak(CHART_HEIGHT_LIMIT / 2))
        story.append(KeepTogether(heading))
        if section.rows:
            story.append(_table(section, styles))
        else:
            story.append(Paragraph("No rows in this period." if english else "该期间没有数据。", styles["note"]))
    font = styles["cell"].fontName

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN / 2, f"{title} · {generated_at:%Y-%m-%d %H:%M}")
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2,
                               f"page {document.page}" if english else f"第 {document.page} 页")
        canvas.restoreState()

    out = io.BytesIO()
    # Our font from the first byte (reportlab's preamble would name Helvetica, unembedded); same
    # content, same bytes.
    document = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=title, author=agency_name or title, creator=CREATOR,
                                 invariant=True, initialFontName=font, initialFontSize=10)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
