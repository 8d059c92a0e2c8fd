# SPDX-License-Identifier: GPL-3.0-or-later
"""Dual entry, after both experts have rated every item on their own: each item they rated
differently, both ratings side by side, and the agreed answer with its reason. The finish step
opens when every difference is resolved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from forms.model import Form

from assessment_app.domain.visit_entries import Difference
from assessment_app.ui.shell.theme import set_look


class VisitReconcileStep(QWidget):
    resolve_requested = Signal(str, str, str)  # item id, agreed option id, reason
    continue_requested = Signal()

    def __init__(self, form: Form, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitReconcileStep")
        self.form, self.language = form, language
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.summary = QLabel(self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.rows_host = QWidget()
        self.rows = QGridLayout(self.rows_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows_host)
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("reconcileContinueButton")
        self.continue_button.clicked.connect(self.continue_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def _option_text(self, item_id: str, option_id: str | None) -> str:
        if option_id is None:
            return "—"
        option = self.form.items_by_id[item_id].option(option_id)
        return self.tr("{score} pts: {wording}").format(score=option.score, wording=option.text.get(self.language))

    def show_differences(self, differences: list[Difference], equal: int, total: int, names: tuple[str, str]) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.summary.setText(self.tr("The experts agreed on {equal} of {total} items; {count} differences to "
                                     "resolve. The agreed answer needs a reason.").format(
            equal=equal, total=total, count=len(differences)))
        for column, text in enumerate((self.tr("Item"), names[0], names[1], self.tr("Agreed answer"),
                                       self.tr("Reason"), "")):
            header = QLabel(text, self.rows_host)
            set_look(header, "groupTitle")
            self.rows.addWidget(header, 0, column)
        for row, difference in enumerate(differences, start=1):
            item = self.form.items_by_id[difference.item_id]
            name = QLabel(item.name.get(self.language), self.rows_host)
            first = QLabel(self._option_text(item.id, difference.first_option), self.rows_host)
            second = QLabel(self._option_text(item.id, difference.second_option), self.rows_host)
            for label in (first, second):
                label.setWordWrap(True)
                label.setMaximumWidth(260)
            self.rows.addWidget(name, row, 0)
            self.rows.addWidget(first, row, 1)
            self.rows.addWidget(second, row, 2)
            if difference.resolved:
                agreed = QLabel(self._option_text(item.id, difference.resolved_option), self.rows_host)
                agreed.setWordWrap(True)
                reason = QLabel(difference.reason or "", self.rows_host)
                reason.setWordWrap(True)
                self.rows.addWidget(agreed, row, 3)
                self.rows.addWidget(reason, row, 4)
                continue
            choice = QComboBox(self.rows_host)
            choice.setObjectName(f"agreedOption:{item.id}")
            for option in item.options:
                choice.addItem(self.tr("{score} pts").format(score=option.score), option.id)
            reason_field = QLineEdit(self.rows_host)
            reason_field.setObjectName(f"agreedReason:{item.id}")
            button = QPushButton(self.tr("Agree"), self.rows_host)
            button.setObjectName(f"resolve:{item.id}")
            button.clicked.connect(lambda _=False, i=item.id, c=choice, r=reason_field: self.resolve_requested.emit(
                i, c.currentData(), r.text().strip()))
            self.rows.addWidget(choice, row, 3)
            self.rows.addWidget(reason_field, row, 4)
            self.rows.addWidget(button, row, 5)
        self.continue_button.setEnabled(all(difference.resolved for difference in differences))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Reconcile the two experts' ratings"))
        self.continue_button.setText(self.tr("Continue to finish"))
