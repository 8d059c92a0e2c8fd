# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment itself: one item at a time, in the official order.

Left, every item under its dimension, marked answered or not (a click jumps there); across the
top, progress by dimension; in the middle the current item's official name and its options as
large choices (mouse, touch, or the number keys 1…n for the n-th option as listed); below it
the note and photos of the item and 上一项 / 下一项. No score total and no grade here: the
experts must not be anchored by a running result.

This widget only shows and asks. Choosing emits `answer_chosen`; visit_entry_control.py saves the
answer through the service (asking for a reason when it changes an earlier one) and then calls
`show_answers` with what is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QPushButton, QScrollArea, QSplitter,
    QVBoxLayout, QWidget,
)

from forms.model import Form

from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.widgets.item_card import ItemCard
from assessment_app.ui.widgets.navigator import ItemNavigator
from assessment_app.ui.widgets.wording import item_numbers

NOTE_SAVE_DELAY_MS = 800  # a note is saved shortly after typing stops, and when leaving the item


class VisitItemsStep(QWidget):
    answer_chosen = Signal(str, str)  # item id, option id
    note_edited = Signal(str, str)  # item id, note text
    photo_requested = Signal(str)  # item id
    finish_requested = Signal()

    def __init__(self, form: Form, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitItemsStep")
        self.form = form
        self.language = language
        self.order = [item.id for item in form.items]
        self.numbers = item_numbers(form)
        self.answers: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.photo_counts: dict[str, int] = {}
        self.current_item_id = self.order[0]
        self.card: ItemCard | None = None
        self.tab_after: QWidget | None = None  # the next stop after 完成 in the Tab order

        self.navigator = ItemNavigator(form, self)
        self.navigator.setMinimumWidth(170)
        self.navigator.item_requested.connect(self.show_item)

        self.progress_bars: dict[str, QProgressBar] = {}
        progress_row = QGridLayout()
        for column, dimension in enumerate(form.dimensions):
            bar = QProgressBar(self)
            bar.setObjectName(f"dimensionProgress:{dimension.id}")
            bar.setRange(0, len(dimension.items))
            bar.setTextVisible(True)
            self.progress_bars[dimension.id] = bar
            progress_row.addWidget(bar, 0, column)
            # Longer names get wider bars: with large text at 150 % equal thirds cut 日常生活活动能力 off.
            progress_row.setColumnStretch(column, len(dimension.name.get(language)) + 6)

        self.card_area = QScrollArea(self)
        self.card_area.setObjectName("visitCardArea")
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QFrame.Shape.NoFrame)
        self.card_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.guidance_button = QPushButton(self)
        self.guidance_button.setObjectName("guidanceButton")
        self.guidance_button.setCheckable(True)
        self.guidance_button.toggled.connect(lambda shown: self.guidance.setVisible(shown))
        self.guidance = QLabel(self)
        self.guidance.setObjectName("itemGuidance")
        self.guidance.setWordWrap(True)
        set_look(self.guidance, "infoText")
        self.guidance.setVisible(False)
        self.key_hint = QLabel(self)
        self.key_hint.setWordWrap(True)
        set_look(self.key_hint, "fieldHint")

        self.note = QPlainTextEdit(self)
        self.note.setObjectName("itemNote")
        self.note.setFixedHeight(56)
        self.note.setTabChangesFocus(True)  # Tab moves on to the buttons, as everywhere else
        self.note.textChanged.connect(self._note_typed)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self._save_note)
        self.photo_button = QPushButton(self)
        self.photo_button.setObjectName("itemPhotoButton")
        self.photo_button.clicked.connect(lambda: self.photo_requested.emit(self.current_item_id))

        self.previous_button = QPushButton(self)
        self.previous_button.setObjectName("previousItemButton")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextItemButton")
        self.next_button.clicked.connect(lambda: self.step(+1))
        self.finish_button = QPushButton(self)
        self.finish_button.setObjectName("toFinishButton")
        self.finish_button.clicked.connect(self.finish_requested)
        self.position_label = QLabel(self)
        self.position_label.setObjectName("itemPosition")

        tools = QHBoxLayout()
        tools.addWidget(self.guidance_button)
        tools.addWidget(self.key_hint, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.photo_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.position_label, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(8, 0, 0, 0)
        centre_layout.addLayout(progress_row)
        centre_layout.addWidget(self.card_area, 1)
        centre_layout.addLayout(tools)
        centre_layout.addWidget(self.guidance)
        centre_layout.addLayout(note_row)
        centre_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.navigator)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate(language)

    # --- what the page tells it -----------------------------------------------------------------

    def show_answers(self, answers: dict[str, str], notes: dict[str, str] | None = None,
                     photo_counts: dict[str, int] | None = None) -> None:
        self.answers = dict(answers)
        if notes is not None:
            self.notes = dict(notes)
        if photo_counts is not None:
            self.photo_counts = dict(photo_counts)
        self.navigator.show_answers(frozenset(self.answers))
        for dimension in self.form.dimensions:
            done = sum(1 for item in dimension.items if item.id in self.answers)
            bar = self.progress_bars[dimension.id]
            bar.setValue(done)
            bar.setFormat(f"{dimension.name.get(self.language)} {done}/{len(dimension.items)}")
        if self.card is not None:
            self.card.show_answer(self.answers.get(self.current_item_id))
        self._show_item_extras()

    def show_item(self, item_id: str) -> None:
        self._save_note()
        self.current_item_id = item_id
        item = self.form.items_by_id[item_id]
        card = ItemCard(item, self.numbers[item_id])
        card.retranslate(self.language)
        card.show_answer(self.answers.get(item_id))
        card.chosen.connect(self.answer_chosen)
        if self.card is not None:
            self.card.deleteLater()
        self.card = card
        self.card_area.setWidget(card)
        entry = self.navigator.entry(item_id)
        self.navigator.setCurrentItem(entry)
        self.navigator.scrollToItem(entry)
        self._show_item_extras()
        self._chain_tab_order(card)
        card.focus_radio().setFocus(Qt.FocusReason.OtherFocusReason)

    def _chain_tab_order(self, card: ItemCard) -> None:
        """The card is new: its choices first in the Tab order, then the tools and buttons below it,
        then whatever the page puts after them (the recording panel)."""
        chain = [row.radio for row in card.rows.values()]
        chain += [self.guidance_button, self.note, self.photo_button, self.previous_button, self.next_button,
                  self.finish_button]
        if self.tab_after is not None:
            chain.append(self.tab_after)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def step(self, direction: int) -> None:
        index = self.order.index(self.current_item_id) + direction
        if 0 <= index < len(self.order):
            self.show_item(self.order[index])

    def first_unanswered(self) -> str | None:
        return next((item_id for item_id in self.order if item_id not in self.answers), None)

    # --- keyboard: number keys choose -----------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.note.hasFocus() or self.card is None:
            super().keyPressEvent(event)
            return
        text = event.text()
        options = self.card.item.options
        if text.isdigit() and 1 <= int(text) <= len(options):
            self.answer_chosen.emit(self.current_item_id, options[int(text) - 1].id)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_PageDown,):
            self.step(+1)
        elif event.key() in (Qt.Key.Key_PageUp,):
            self.step(-1)
        else:
            super().keyPressEvent(event)

    # --- internals ------------------------------------------------------------------------------

    def _show_item_extras(self) -> None:
        index = self.order.index(self.current_item_id)
        item = self.form.items_by_id[self.current_item_id]
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.order) - 1)
        self.position_label.setText(self.tr("Item {number} of {total} · answered {answered}").format(
            number=index + 1, total=len(self.order), answered=len(self.answers)))
        if item.guidance is not None:
            self.guidance.setText(item.guidance.get(self.language))
        else:
            self.guidance.setText(self.tr(
                "The instrument gives no separate interview instructions for this item: decide by the official "
                "wording of each option above, asking the applicant and the informant and observing the applicant "
                "doing the activity where it is safe."))
        self.key_hint.setText(self.tr("Keys 1–{count} choose the options in the order shown; "
                                      "Page Up / Page Down (or Alt+P / Alt+N) move between items; Alt+F finishes; "
                                      "F8 pauses or resumes the recording.").format(count=len(item.options)))
        self.note.blockSignals(True)
        self.note.setPlainText(self.notes.get(self.current_item_id, ""))
        self.note.blockSignals(False)
        count = self.photo_counts.get(self.current_item_id, 0)
        self.photo_button.setText(self.tr("Add photo ({count})").format(count=count))

    def _note_typed(self) -> None:
        self._note_timer.start()

    def _save_note(self) -> None:
        self._note_timer.stop()
        text = self.note.toPlainText().strip()
        if text != self.notes.get(self.current_item_id, ""):
            self.notes[self.current_item_id] = text
            self.note_edited.emit(self.current_item_id, text)

    def retranslate(self, language: str) -> None:
        self.language = language
        self.navigator.retranslate(language)
        self.guidance_button.setText(self.tr("How to ask and observe"))
        self.note.setPlaceholderText(self.tr("Note on this item (optional)"))
        self.previous_button.setText(self.tr("&Previous item"))
        self.next_button.setText(self.tr("&Next item"))
        self.finish_button.setText(self.tr("&Finish…"))
        if self.card is not None:
            self.card.retranslate(language)
        self.show_answers(self.answers)
