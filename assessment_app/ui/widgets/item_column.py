# SPDX-License-Identifier: GPL-3.0-or-later
"""The scrollable centre column: a section per dimension (name, answered count or live score and
level), then one card per item, all in the form's official order."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from forms.model import Form

from assessment_app.services.calculator import DimensionProgress
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.widgets.item_card import ItemCard
from assessment_app.ui.widgets.wording import dimension_summary, item_numbers

SCROLL_MARGIN = 60  # keep a little of the previous card in view when jumping or tabbing


class ItemColumn(QScrollArea):
    """Re-emits every card's `chosen(item_id, option_id)`."""

    chosen = Signal(str, str)

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("itemColumn")
        self.form = form
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("itemColumnContent")
        set_look(content, "page")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 8, 20, 24)
        layout.setSpacing(12)

        self.cards: dict[str, ItemCard] = {}
        self.headers: dict[str, QLabel] = {}
        self.statuses: dict[str, QLabel] = {}
        numbers = item_numbers(form)
        for dimension in form.dimensions:
            header = QLabel(content)
            header.setObjectName(f"dimensionHeader:{dimension.id}")
            set_look(header, "dimensionHeader")
            header.setWordWrap(True)
            status = QLabel(content)
            status.setObjectName(f"dimensionStatus:{dimension.id}")
            set_look(status, "dimensionStatus")
            layout.addWidget(header)
            layout.addWidget(status)
            self.headers[dimension.id] = header
            self.statuses[dimension.id] = status
            for item in dimension.items:
                card = ItemCard(item, numbers[item.id], content)
                card.chosen.connect(self.chosen)
                layout.addWidget(card)
                self.cards[item.id] = card
        layout.addStretch(1)
        self.setWidget(content)

    def show_progress(self, progress: tuple[DimensionProgress, ...], answers: dict[str, str], language: str) -> None:
        for item_id, card in self.cards.items():
            card.show_answer(answers.get(item_id))
        for dimension_progress in progress:
            self.statuses[dimension_progress.dimension.id].setText(
                dimension_summary(dimension_progress, self.form, language))

    def retranslate(self, language: str) -> None:
        for dimension in self.form.dimensions:
            self.headers[dimension.id].setText(dimension.name.get(language))
        for card in self.cards.values():
            card.retranslate(language)

    def scroll_to(self, item_id: str) -> None:
        """Bring the item's card to the top of the view (as far as the scroll range allows)."""
        card = self.cards[item_id]
        self.verticalScrollBar().setValue(max(0, card.y() - 8))
        card.focus_radio().setFocus(Qt.FocusReason.OtherFocusReason)

    def keep_visible(self, widget: QWidget) -> None:
        if widget is not None and self.widget().isAncestorOf(widget):
            self.ensureWidgetVisible(widget, 0, SCROLL_MARGIN)
