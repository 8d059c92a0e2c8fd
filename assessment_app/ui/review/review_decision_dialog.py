# SPDX-License-Identifier: GPL-3.0-or-later
"""Asks the reviewer for the reason of a decision (returning or ordering a 复核 needs one, as long
as domain/review_decisions.py says) and for their passphrase, which unlocks the key that signs
the decision."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)


class ReviewDecisionDialog(QDialog):
    def __init__(self, title: str, explanation: str, reason_minimum: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewDecisionDialog")
        self.setWindowTitle(title)
        self.reason_minimum = reason_minimum
        layout = QVBoxLayout(self)
        intro = QLabel(explanation, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("decisionReason")
        self.reason_edit.setPlaceholderText(self.tr("Reason (required)") if reason_minimum
                                            else self.tr("Remark (optional)"))
        self.reason_edit.setFixedHeight(90)
        layout.addWidget(self.reason_edit)
        layout.addWidget(QLabel(self.tr("Your passphrase (signs the decision):"), self))
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("decisionPassphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.passphrase_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign and decide"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("decisionSign")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self.passphrase_edit.textChanged.connect(self._update)
        self.resize(460, 300)
        self._update()

    def _update(self) -> None:
        ready = bool(self.passphrase_edit.text()) and (
            len(self.reason_edit.toPlainText().strip()) >= self.reason_minimum)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def answer(self) -> tuple[str, str]:
        return self.reason_edit.toPlainText().strip(), self.passphrase_edit.text()
