# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening the encrypted case records at start-up: set the administrator passphrase on first use,
or ask for it when the system credential store cannot supply the data key.

Each dialog makes the service call itself, so a wrong passphrase is answered in place and the
user simply tries again. Anything else (a damaged database, an unreadable key file) ends the
dialog and is raised to the caller, which tells the user and stops without changing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from assessment_app.errors import AppError
from assessment_app.security.data_key import NoKeyringAndNoPassphrase, WrongPassphrase
from assessment_app.security.passphrases import MIN_LENGTH, check_passphrase_strength
from assessment_app.services.case_records import (
    CaseRecords, DataState, data_state, initialise_case_records, open_case_records,
)
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
from assessment_app.ui.widgets.passphrase_frame import PassphraseFrame, password_field

Opener = Callable[[str], CaseRecords]


class _PassphraseDialog(PassphraseFrame):
    """Opens the records with the passphrase typed; `records` or `failure` afterwards."""

    def __init__(self, opener: Opener, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.opener = opener
        self.language = language
        self.records: CaseRecords | None = None
        self.failure: Exception | None = None

    def open_with(self, passphrase: str) -> None:
        try:
            with busy_cursor():
                self.records = self.opener(passphrase)
        except WrongPassphrase as error:
            self.show_problem(error_text(error, self.language))
            self.retry()
            return
        except AppError as error:  # reported by the caller, which stops the start-up
            self.failure = error
            self.reject()
            return
        self.accept()

    def retry(self) -> None:
        raise NotImplementedError


class FirstUseDialog(_PassphraseDialog):
    def __init__(self, opener: Opener, language: str, parent: QWidget | None = None):
        super().__init__(opener, language, parent)
        self.setObjectName("firstUseDialog")
        self.setWindowTitle(self.tr("First use: set the administrator passphrase"))
        self.explanation.setText(self.tr(
            "The case data on this computer is stored encrypted. The administrator passphrase unlocks it "
            "whenever the system's credential store cannot provide the key (for example after the user "
            "profile or the operating system was reinstalled, or when the data is moved to another computer). "
            "Choose at least {minimum} characters and keep the passphrase in a safe place: without it the "
            "data cannot be opened in those cases.").format(minimum=MIN_LENGTH))
        self.passphrase = password_field(self, "newPassphrase")
        self.repeated = password_field(self, "repeatedPassphrase")
        self.form_layout.addRow(self.tr("Passphrase:"), self.passphrase)
        self.form_layout.addRow(self.tr("Repeat passphrase:"), self.repeated)
        self.ok_button.setText(self.tr("Set passphrase and start"))

    def attempt(self) -> None:
        first, second = self.passphrase.text(), self.repeated.text()
        problems = check_passphrase_strength(first)
        if problems:
            self.show_problem(self._strength_text(problems[0]))
            self.passphrase.setFocus()
            return
        if first != second:
            self.show_problem(self.tr("The two passphrases differ; please type them again."))
            self.repeated.clear()
            self.repeated.setFocus()
            return
        self.open_with(first)

    def retry(self) -> None:
        self.passphrase.setFocus()

    def _strength_text(self, problem: str) -> str:
        texts = {
            "too_short": self.tr("The passphrase is too short: use at least {minimum} characters."),
            "too_long": self.tr("The passphrase is too long."),
            "single_character_class": self.tr("Mix letters, digits or symbols, or use at least 16 characters."),
            "too_few_distinct_characters": self.tr("Use more different characters."),
            "simple_sequence": self.tr("A simple sequence such as 12345678 is too easy to guess."),
            "common_passphrase": self.tr("This passphrase is among the most common ones; choose another."),
        }
        return texts.get(problem, self.tr("This passphrase is too easy to guess; choose another.")).format(
            minimum=MIN_LENGTH)


class UnlockDialog(_PassphraseDialog):
    def __init__(self, opener: Opener, language: str, parent: QWidget | None = None):
        super().__init__(opener, language, parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Unlock the case data"))
        self.explanation.setText(self.tr(
            "The system's credential store cannot provide the key of the encrypted case data on this "
            "computer. Enter the administrator passphrase to unlock it."))
        self.passphrase = password_field(self, "unlockPassphrase")
        self.form_layout.addRow(self.tr("Administrator passphrase:"), self.passphrase)
        self.ok_button.setText(self.tr("Unlock"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))

    def attempt(self) -> None:
        if not self.passphrase.text():
            self.passphrase.setFocus()
            return
        self.open_with(self.passphrase.text())

    def retry(self) -> None:
        self.passphrase.clear()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)


def open_records_at_start(data_dir: str | Path | None, language: str,
                          parent: QWidget | None = None) -> CaseRecords | None:
    """The open case records, or None when the user quit; storage and key errors are raised."""
    if data_state(data_dir) is DataState.NEW:
        dialog: _PassphraseDialog = FirstUseDialog(lambda passphrase: initialise_case_records(data_dir, passphrase),
                                                   language, parent)
    else:
        try:
            with busy_cursor():
                return open_case_records(data_dir)
        except NoKeyringAndNoPassphrase:
            dialog = UnlockDialog(lambda passphrase: open_case_records(data_dir, passphrase), language, parent)
    dialog.exec()
    dialog.deleteLater()
    if dialog.failure is not None:
        raise dialog.failure
    return dialog.records
