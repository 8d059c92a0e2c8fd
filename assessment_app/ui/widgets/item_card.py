# SPDX-License-Identifier: GPL-3.0-or-later
"""One item of the instrument as a card: its number and official name, then every option with its
score and full official wording. Clicking anywhere on an option's row chooses it; arrow keys move
between options and choose as they go (Qt's radio-button behaviour within one button group)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from forms.model import Item, Option

from assessment_app.ui.shell.theme import set_flag, set_look


class OptionRow(QFrame):
    """A radio button showing the score, beside the option's word-wrapped official wording."""

    def __init__(self, item: Item, option: Option, parent: QWidget | None = None):
        super().__init__(parent)
        self.option = option
        set_look(self, "optionRow")
        self.setObjectName(f"optionRow:{item.id}:{option.id}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.radio = QRadioButton(self)
        self.radio.setObjectName(f"option:{item.id}:{option.id}")
        self.radio.setCursor(Qt.CursorShape.PointingHandCursor)
        self.wording = QLabel(self)
        self.wording.setObjectName(f"optionText:{item.id}:{option.id}")
        set_look(self.wording, "optionText")
        self.wording.setWordWrap(True)
        self.wording.setTextFormat(Qt.TextFormat.PlainText)
        # The label never takes the mouse: a click on the wording reaches this row and chooses.
        self.wording.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(10)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.wording, 1)
        self._pressed = False

    def retranslate(self, language: str) -> None:
        score_text = self.tr("{score} pts").format(score=self.option.score)
        self.radio.setText(score_text)
        self.wording.setText(self.option.text.get(language))
        self.radio.setAccessibleName(f"{score_text}: {self.option.text.get(language)}")

    def show_chosen(self, chosen: bool) -> None:
        set_flag(self, "chosen", chosen)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pressed and event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.radio.setFocus(Qt.FocusReason.MouseFocusReason)
            if not self.radio.isChecked():
                self.radio.click()
        self._pressed = False
        event.accept()


class ItemCard(QFrame):
    """The card of one item. Emits `chosen(item_id, option_id)`; shows what it is told to show."""

    chosen = Signal(str, str)

    def __init__(self, item: Item, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.number = number
        self._answer: str | None = None
        set_look(self, "itemCard")
        self.setObjectName(f"itemCard:{item.id}")
        self.title = QLabel(self)
        self.title.setObjectName(f"itemTitle:{item.id}")
        set_look(self.title, "itemTitle")
        self.title.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName(f"itemStatus:{item.id}")
        set_look(self.status, "itemStatus")
        self.guidance = QLabel(self)
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(item.guidance is not None)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.guidance)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.rows: dict[str, OptionRow] = {}
        for option in item.options:
            row = OptionRow(item, option, self)
            self.rows[option.id] = row
            self.group.addButton(row.radio)
            layout.addWidget(row)
        self.group.buttonClicked.connect(self._on_clicked)
        self.show_answer(None)

    def _on_clicked(self, button: QRadioButton) -> None:
        for option_id, row in self.rows.items():
            if row.radio is button:
                self.chosen.emit(self.item.id, option_id)
                return

    def show_answer(self, option_id: str | None) -> None:
        """Reflect the session's answer (None = unanswered) without emitting `chosen`."""
        self._answer = option_id
        if option_id is None and self.group.checkedButton() is not None:
            # An exclusive group refuses to uncheck its last button.
            self.group.setExclusive(False)
            self.group.checkedButton().setChecked(False)
            self.group.setExclusive(True)
        for row_option_id, row in self.rows.items():
            chosen = row_option_id == option_id
            if chosen and not row.radio.isChecked():
                row.radio.setChecked(True)
            row.show_chosen(chosen)
        set_flag(self, "answered", option_id is not None)
        set_flag(self.status, "answered", option_id is not None)
        self._show_status()

    def _show_status(self) -> None:
        if self._answer is None:
            self.status.setText(self.tr("Not answered"))
        else:
            score = self.item.option(self._answer).score
            self.status.setText(self.tr("Chosen: {score} pts").format(score=score))

    def retranslate(self, language: str) -> None:
        self.title.setText(f"{self.number}. {self.item.name.get(language)}")
        if self.item.guidance is not None:
            self.guidance.setText(self.item.guidance.get(language))
        for row in self.rows.values():
            row.retranslate(language)
        # One width for every score so the wordings line up in a column.
        width = max(row.radio.sizeHint().width() for row in self.rows.values())
        for row in self.rows.values():
            row.radio.setFixedWidth(width)
        self._show_status()

    def focus_radio(self) -> QRadioButton:
        """The radio keyboard focus should go to: the chosen one, else the first."""
        return self.group.checkedButton() or next(iter(self.rows.values())).radio
