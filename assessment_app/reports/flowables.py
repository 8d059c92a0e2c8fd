# SPDX-License-Identifier: GPL-3.0-or-later
"""Flowables the report needs beyond paragraphs and tables: the signature slot that records
where it was drawn, the QR code, and a handwritten signature image."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image

from assessment_app.reports.cells import CellParagraph
from assessment_app.reports.fonts import FONT_NAME
from assessment_app.reports.styles import CELL_CENTRE, MUTED_COLOUR


@dataclass(frozen=True)
class FieldPlacement:
    """Where a signature field goes: 0-based page index and (x1, y1, x2, y2) in PDF points."""
    name: str
    page_index: int
    box: tuple[int, int, int, int]


class SignatureSlot(Flowable):
    """A framed area for one PAdES signature field.

    The field is added after layout, so the slot remembers the absolute box it was drawn at;
    positions are only final inside draw(), after tables and page breaks have placed it.
    """

    def __init__(self, field_name: str, width: float, height: float, placements: dict[str, FieldPlacement] | None,
                 caption: str):
        super().__init__()
        self.field_name = field_name
        self.width = width
        self.height = height
        self._placements = placements
        self._caption = caption

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MUTED_COLOUR)
        canvas.setDash(2, 2)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setFillColor(MUTED_COLOUR)
        canvas.setFont(FONT_NAME, 6.5)
        canvas.drawCentredString(self.width / 2, 3, self._caption)
        canvas.restoreState()
        if self._placements is not None:
            x, y = canvas.absolutePosition(0, 0)
            # Integer points inside the frame: a field box is never larger than the drawn frame.
            box = (int(x) + 1, int(y) + 1, int(x + self.width), int(y + self.height))
            self._placements[self.field_name] = FieldPlacement(self.field_name, canvas.getPageNumber() - 1, box)


class QrCode(Flowable):
    """A QR code with medium error correction (survives a photocopy), size x size points, with
    a quiet zone of `border` modules.

    The modules are encoded once, here, and drawn straight onto the canvas as one filled
    rectangle per horizontal run of dark modules: the same rectangles reportlab's
    QrCodeWidget draws, without the encoder running twice (getBounds and draw each encode)
    and without a graphics shape per run: together about half of a report's layout time.
    """

    def __init__(self, payload: str, size: float, *, border: int = 2):
        super().__init__()
        encoder = QRCode(None, QRErrorCorrectLevel.M)
        encoder.addData(payload)
        encoder.make()
        self.width = self.height = size
        self.module_count = encoder.getModuleCount()
        self._border = border
        self._runs = tuple(_dark_runs(encoder.modules))

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        module = self.width / (self.module_count + 2 * self._border)
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for row, column, length in self._runs:
            # Row 0 is the top row; each run is its own filled rectangle, as the widget draws it.
            canvas.rect((column + self._border) * module, self.height - (row + self._border + 1) * module,
                        length * module, module, stroke=0, fill=1)
        canvas.restoreState()


def _dark_runs(modules) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules."""
    runs = []
    for row, cells in enumerate(modules):
        column = 0
        for dark, run in itertools.groupby(cells):
            length = len(list(run))
            if dark:
                runs.append((row, column, length))
            column += length
    return runs


def signature_image(png: bytes | None, width: float, height: float):
    """The handwritten signature scaled to fit the cell, or an empty line when there is none."""
    if not png:
        return CellParagraph("（未签）", CELL_CENTRE)
    image = Image(io.BytesIO(png), width=width, height=height, kind="proportional")
    image.hAlign = "CENTER"
    return image


def logo_image(png: bytes | None, max_size: float = 22 * mm):
    if not png:
        return ""
    image = Image(io.BytesIO(png), width=max_size, height=max_size, kind="proportional")
    image.hAlign = "CENTER"
    return image
