# SPDX-License-Identifier: GPL-3.0-or-later
"""The list on the left: every item under its dimension, marked answered or not; a click jumps
to the item's card. Icons are painted, not glyphs, so they show with any font."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from forms.model import Form

from assessment_app.ui.shell.theme import ACCENT
from assessment_app.ui.widgets.wording import item_numbers

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_SIZE = 18


def _status_icon(answered: bool) -> QIcon:
    scale = 2  # drawn at double size so it stays sharp on high-DPI screens
    size = ICON_SIZE * scale
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    inset = 3 * scale
    if answered:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(ACCENT)))
        painter.drawEllipse(inset, inset, size - 2 * inset, size - 2 * inset)
        tick = QPainterPath(QPointF(size * 0.30, size * 0.52))
        tick.lineTo(QPointF(size * 0.45, size * 0.66))
        tick.lineTo(QPointF(size * 0.71, size * 0.37))
        painter.setPen(QPen(QColor("#ffffff"), 2.2 * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    else:
        painter.setPen(QPen(QColor("#9aa5b1"), 1.6 * scale))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inset, inset, size - 2 * inset, size - 2 * inset)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return QIcon(pixmap)


class _WrappingDelegate(QStyledItemDelegate):
    """Measures wrapped rows at the width they are painted at (Qt measures them unbounded and
    then elides the second line)."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        measured = QStyleOptionViewItem(option)
        view = self.parent()
        measured.rect.setWidth(view.viewport().width() - 2 * view.spacing())
        return super().sizeHint(measured, index)


class ItemNavigator(QListWidget):
    """Emits `item_requested(item_id)` when the user picks an item."""

    item_requested = Signal(str)

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("itemNavigator")
        self.form = form
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setWordWrap(True)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setSpacing(3)  # not style-sheet padding: the delegate would not count it and would elide
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._icons = {True: _status_icon(True), False: _status_icon(False)}
        self._headers: dict[str, QListWidgetItem] = {}
        self._entries: dict[str, QListWidgetItem] = {}
        numbers = item_numbers(form)
        for dimension in form.dimensions:
            header = QListWidgetItem()
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.font())
            font.setBold(True)
            header.setFont(font)
            header.setForeground(QColor("#17324f"))
            self.addItem(header)
            self._headers[dimension.id] = header
            for item in dimension.items:
                entry = QListWidgetItem()
                entry.setData(ITEM_ID_ROLE, item.id)
                entry.setData(NUMBER_ROLE, numbers[item.id])
                self.addItem(entry)
                self._entries[item.id] = entry
        self.itemClicked.connect(self._on_activated)
        self.itemActivated.connect(self._on_activated)
        self.show_answers(frozenset())

    def _on_activated(self, entry: QListWidgetItem) -> None:
        item_id = entry.data(ITEM_ID_ROLE)
        if item_id:
            self.item_requested.emit(item_id)

    def entry(self, item_id: str) -> QListWidgetItem:
        return self._entries[item_id]

    def show_answers(self, answered: frozenset[str]) -> None:
        for item_id, entry in self._entries.items():
            is_answered = item_id in answered
            entry.setIcon(self._icons[is_answered])
            entry.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                          self.tr("Answered") if is_answered else self.tr("Not answered"))

    def retranslate(self, language: str) -> None:
        for dimension in self.form.dimensions:
            self._headers[dimension.id].setText(dimension.name.get(language))
        for item_id, entry in self._entries.items():
            number = entry.data(NUMBER_ROLE)
            entry.setText(f"{number}. {self.form.items_by_id[item_id].name.get(language)}")
            entry.setToolTip(entry.text())
        self.doItemsLayout()  # wrapped rows change height with the language
