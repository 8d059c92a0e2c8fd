# SPDX-License-Identifier: GPL-3.0-or-later
"""The frame of every dialog that asks for a passphrase (unlocking the data, signing in, choosing
a passphrase): an explanation, the fields, an inline problem line, OK and Cancel. A wrong
passphrase is answered in place, so the user simply tries again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from assessment_app.ui.shell.theme import fit_wrapped_labels, set_look


def password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


def enrolment_code_field(parent: QWidget, name: str) -> QLineEdit:
    """Visible while typed (16 characters copied from a letter or a message are checked by eye);
    case, spaces and hyphens do not matter, the service reads it forgivingly."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
    field.setMaxLength(40)
    field.setMinimumWidth(320)
    return field


class PassphraseFrame(QDialog):
    """Subclasses add rows to `form_layout` and implement `attempt()` (what OK does)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("passphraseExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setMinimumWidth(460)
        self.form_layout = QFormLayout()
        self.problem = QLabel(self)
        self.problem.setObjectName("passphraseProblem")
        set_look(self.problem, "fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("passphraseOkButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("passphraseCancelButton")
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        self.frame_layout = QVBoxLayout(self)
        self.frame_layout.addWidget(self.explanation)
        self.frame_layout.addLayout(self.form_layout)
        self.frame_layout.addWidget(self.problem)
        self.frame_layout.addWidget(self.buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        if self.isVisible():
            fit_wrapped_labels(self)

    def attempt(self) -> None:
        raise NotImplementedError
