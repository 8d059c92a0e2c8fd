# SPDX-License-Identifier: GPL-3.0-or-later
"""Asking for a reason: pausing the recording, changing an earlier answer, confirming a
plausibility warning, agreeing on a dual-entry difference. The rule is the same everywhere: no
reason, no action. A list of reasons may be offered; the one marked `needs_text` (其他) asks
for words as well. The dialog only collects; the service decides and records."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget,
)

from assessment_app.ui.shell.theme import fit_wrapped_labels


@dataclass(frozen=True)
class ReasonChoice:
    code: str
    label: str
    needs_text: bool = False


@dataclass(frozen=True)
class GivenReason:
    code: str | None
    text: str


class ReasonDialog(QDialog):
    def __init__(self, title: str, explanation: str, parent: QWidget | None = None, *,
                 choices: tuple[ReasonChoice, ...] = (), minimum_text: int = 0, confirm_label: str | None = None):
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self._choices = choices
        self._minimum_text = minimum_text
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        self.group = QButtonGroup(self)
        for index, choice in enumerate(choices):
            button = QRadioButton(choice.label, self)
            button.setObjectName(f"reason:{choice.code}")
            self.group.addButton(button, index)
            layout.addWidget(button)
        self.group.idToggled.connect(lambda *_: self._update())
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reasonText")
        self.text.setFixedHeight(80)
        self.text.textChanged.connect(self._update)
        layout.addWidget(self.text)
        self.hint = QLabel(self)
        self.hint.setObjectName("reasonHint")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("confirmReasonButton")
        if confirm_label:
            self.ok_button.setText(confirm_label)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def _chosen(self) -> ReasonChoice | None:
        index = self.group.checkedId()
        return self._choices[index] if index >= 0 else None

    def _needed_text(self) -> int:
        chosen = self._chosen()
        if self._choices and chosen is None:
            return 0
        if chosen is not None and not chosen.needs_text:
            return 0
        return max(self._minimum_text, 1)

    def _update(self) -> None:
        chosen = self._chosen()
        needed = self._needed_text()
        self.text.setPlaceholderText(self.tr("Reason (required)") if needed else self.tr("Note (optional)"))
        if self._choices and chosen is None:
            self.hint.setText(self.tr("Choose a reason."))
        elif needed > 1:
            self.hint.setText(self.tr("At least {count} characters.").format(count=needed))
        else:
            self.hint.setText("")
        complete = (not self._choices or chosen is not None) and len(self.reason().text) >= needed
        self.ok_button.setEnabled(complete)

    def reason(self) -> GivenReason:
        chosen = self._chosen()
        return GivenReason(None if chosen is None else chosen.code, self.text.toPlainText().strip())


def ask_reason(parent: QWidget | None, title: str, explanation: str, **options) -> GivenReason | None:
    dialog = ReasonDialog(title, explanation, parent, **options)
    return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
