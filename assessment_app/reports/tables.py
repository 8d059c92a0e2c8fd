# SPDX-License-Identifier: GPL-3.0-or-later
"""Table styles: ruled grids as on a printed official form, and plain layout blocks."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from assessment_app.reports.cells import CellParagraph
from assessment_app.reports.styles import CELL, CONTENT_WIDTH, FONT, GRID_COLOUR, LABEL, SHADE_COLOUR

LABEL_WIDTH = 28 * mm


def plain_block() -> TableStyle:
    return TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])


def _ruled(padding: float = 3) -> list:
    # FONTNAME on every cell: a bare string in a cell would otherwise be set in Helvetica.
    return [("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOUR), ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]


def grid(rows: list[list], widths: list[float], *, group_rows: list[int] = (), valign: str = "TOP",
         padding: float = 3, header: bool = True) -> Table:
    """A ruled table; with `header`, the first row is shaded and repeated on every page.
    `group_rows` are shaded rows spanning the whole width (a dimension's heading)."""
    commands = _ruled(padding) + [("VALIGN", (0, 0), (-1, -1), valign)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOUR))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), SHADE_COLOUR))  # label column
    for row in group_rows:
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SHADE_COLOUR)]
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1)
    table.setStyle(TableStyle(commands))
    return table


def label_value_grid(rows: list[list[str]], spans: list[int] = ()) -> Table:
    """Label | value | label | value rows; a row listed in `spans` has one value across the
    remaining three columns (an address)."""
    value_width = (CONTENT_WIDTH - 2 * LABEL_WIDTH) / 2
    cells = [[CellParagraph(escape(text), LABEL if column % 2 == 0 else CELL) for column, text in enumerate(row)] for row in rows]
    commands = _ruled() + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("BACKGROUND", (0, 0), (0, -1), SHADE_COLOUR), ("BACKGROUND", (2, 0), (2, -1), SHADE_COLOUR)]
    for row in spans:
        commands += [("SPAN", (1, row), (-1, row))]
    table = Table(cells, colWidths=[LABEL_WIDTH, value_width, LABEL_WIDTH, value_width], splitByRow=1)
    table.setStyle(TableStyle(commands))
    return table


def grade_box(cells: list) -> Table:
    table = Table([[cell] for cell in cells], colWidths=[CONTENT_WIDTH * 0.6])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.4, GRID_COLOUR), ("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table
