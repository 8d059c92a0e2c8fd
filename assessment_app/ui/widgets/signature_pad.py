# SPDX-License-Identifier: GPL-3.0-or-later
"""A handwritten signature on screen: mouse, pen or finger (Qt turns touch and tablet input into
the same pointer events), with 清除 to start again. The result leaves as a PNG image of the
strokes in dark ink on white, the form in which it goes into the record and onto the report.

A tap or a stray line is not a signature: `has_signature()` asks for ink of some length, so an
accidental touch cannot stand in for consent or for an expert's signature.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from assessment_app.ui.widgets.in_memory import png_bytes

INK = QColor("#10203a")
PEN_WIDTH = 2.6
# Total stroke length (in widget pixels) below which the ink does not count as a signature.
MINIMUM_INK_LENGTH = 60.0
EXPORT_SIZE = QSize(600, 200)


class SignatureCanvas(QWidget):
    """The drawing surface. Emits `changed()` after every stroke and after clearing."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signatureCanvas")
        self.setMinimumSize(360, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False

    # --- input ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # A pen gives its own, more precise events; taking them here keeps Qt from also
        # synthesising mouse events for the same movement.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and self._drawing:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease and self._drawing:
            self._extend(event.position())
            self._end()
        event.accept()

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([QPointF(point)])
        self.update()

    def _extend(self, point: QPointF) -> None:
        self._strokes[-1].append(QPointF(point))
        self.update()

    def _end(self) -> None:
        self._drawing = False
        self.changed.emit()

    # --- state ------------------------------------------------------------------------------

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def ink_length(self) -> float:
        return sum(math.dist((a.x(), a.y()), (b.x(), b.y()))
                   for stroke in self._strokes for a, b in zip(stroke, stroke[1:]))

    def has_signature(self) -> bool:
        return self.ink_length() >= MINIMUM_INK_LENGTH

    def draw_stroke(self, points: list[tuple[float, float]]) -> None:
        """Add one stroke as if drawn by hand (used by scripted walk-throughs and tests)."""
        if len(points) < 2:
            return
        self._strokes.append([QPointF(x, y) for x, y in points])
        self.update()
        self.changed.emit()

    # --- output -----------------------------------------------------------------------------

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        for stroke in self._strokes:
            path.moveTo(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            if len(stroke) == 1:  # a dot still shows where the pen touched
                path.lineTo(stroke[0] + QPointF(0.1, 0.1))
        return path

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        baseline_y = self.height() * 0.75
        painter.setPen(QPen(QColor("#c5ccd6"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(16, baseline_y), QPointF(self.width() - 16, baseline_y))
        painter.setPen(QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(self._path())
        painter.end()

    def to_png(self) -> bytes:
        """The ink scaled to fit EXPORT_SIZE on white, centred, aspect ratio kept."""
        image = QImage(EXPORT_SIZE, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        path = self._path()
        bounds = path.boundingRect()
        if not bounds.isEmpty():
            margin = 12.0
            target = QRectF(margin, margin, EXPORT_SIZE.width() - 2 * margin, EXPORT_SIZE.height() - 2 * margin)
            scale = min(target.width() / max(bounds.width(), 1.0), target.height() / max(bounds.height(), 1.0), 2.0)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(target.center())
            painter.scale(scale, scale)
            painter.translate(-bounds.center())
            painter.setPen(QPen(INK, PEN_WIDTH * 1.5 / scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))
            painter.drawPath(path)
            painter.end()
        return png_bytes(image)


class SignaturePad(QFrame):
    """The canvas with a caption (who signs) and a 清除 button. Emits `changed(bool signed)`."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.canvas = SignatureCanvas(self)
        self.canvas.changed.connect(lambda: self.changed.emit(self.canvas.has_signature()))
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(row)
        self.retranslate()

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.hint.setText(self.tr("Sign inside the box with the mouse, a pen or a finger."))

    def has_signature(self) -> bool:
        return self.canvas.has_signature()

    def to_png(self) -> bytes:
        return self.canvas.to_png()
