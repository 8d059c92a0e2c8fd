"""登录: after the case data is unlocked, each person signs in with their expert number
(评估人员编号) and personal passphrase; the first time, they choose that passphrase and prove
who they are with the one-time enrolment code (一次性注册码) the agency or the administrator gave them.

The dialogs only carry the words: the account service checks the passphrase, counts failures
towards the lockout and writes the audit events. The wall clock is passed in (`clock`), so the
lockout's remaining time can be tested without waiting.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget

from assessment_app.errors import AppError
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.services.accounts import (
    AccountError, EnrolmentRefused, PassphraseNotSet, SessionInfo, WrongEnrolmentCode, find_expert_id, login,
    set_passphrase,
)
from assessment_app.services.experts import list_experts
from assessment_app.ui.shell.account_wording import person_label, role_label
from assessment_app.ui.shell.demo_mode import demo_accounts_text
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.passphrase_frame import PassphraseFrame, enrolment_code_field, password_field

Clock = Callable[[], datetime.datetime]


class _AccountDialog(PassphraseFrame):
    def __init__(self, context: WorkContext, clock: Clock | None, parent: QWidget | None):
        super().__init__(parent)
        self.context = context
        self.clock = clock or context.now


class LoginDialog(_AccountDialog):
    def __init__(self, context: WorkContext, clock: Clock | None = None, parent: QWidget | None = None, *,
                 kdf_params: Argon2idParams = DEFAULT_PARAMS):
        super().__init__(context, clock, parent)
        self.setObjectName("loginDialog")
        self.kdf_params = kdf_params
        self.session: SessionInfo | None = None
        self.setWindowTitle(self.tr("Sign in"))
        self.explanation.setText(self.tr(
            "Sign in with your expert number and your personal passphrase. Everything you do in the "
            "application is recorded under your name."))
        self.expert = QComboBox(self)
        self.expert.setObjectName("loginExpert")
        self.expert.setEditable(True)
        self.expert.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.expert.setMinimumWidth(300)
        self.known: dict[str, str] = {}  # shown text or name -> expert number
        self.people: dict[str, str] = {}  # expert number -> "name（number）"
        for expert in list_experts(context.records):
            self.people[expert.expert_number] = person_label(expert.name, expert.expert_number)
            text = f"{self.people[expert.expert_number]} · {role_label(expert.role)}"
            self.expert.addItem(text, expert.expert_number)
            self.known[text] = self.known[expert.name] = expert.expert_number
        self.expert.setCurrentIndex(-1)
        self.expert.lineEdit().setPlaceholderText(self.tr("Choose or type your expert number"))
        self.passphrase = password_field(self, "loginPassphrase")
        self.form_layout.addRow(self.tr("Expert number:"), self.expert)
        self.form_layout.addRow(self.tr("Passphrase:"), self.passphrase)
        hint_text = demo_accounts_text() if context.demo else None
        if not self.people:
            hint_text = self.tr(
                "There are no accounts on this workstation yet. The administrator imports the agency's "
                "provisioning package first: ltc-assess provision import FILE. To try the application, start "
                "it in demo mode: ltc-assess-gui --demo.")
            self.ok_button.setEnabled(False)
        if hint_text:
            hint = QLabel(hint_text, self)
            hint.setObjectName("loginHint")
            set_look(hint, "fieldHint")
            hint.setWordWrap(True)
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.frame_layout.insertWidget(1, hint)
        self.ok_button.setObjectName("loginButton")
        self.ok_button.setText(self.tr("Sign in"))
        self.cancel_button.setObjectName("loginQuitButton")
        self.cancel_button.setText(self.tr("Quit"))

    def expert_number(self) -> str:
        text = self.expert.currentText().strip()
        return self.known.get(text, text)

    def attempt(self) -> None:
        number, passphrase = self.expert_number(), self.passphrase.text()
        if not number:
            self.show_problem(self.tr("Choose or type your expert number."))
            self.expert.setFocus()
            return
        try:
            with busy_cursor():
                session = login(self.context.records, number, passphrase, self.clock(), kdf_params=self.kdf_params)
        except PassphraseNotSet:
            self.choose_first_passphrase(number)
            return
        except AppError as error:  # wrong passphrase, locked, unknown, damaged: said in place
            self.passphrase.clear()
            self.passphrase.setFocus()
            self.show_problem(error_text(error, self.context.language))
            return
        self.session = session
        self.accept()

    def choose_first_passphrase(self, number: str) -> None:
        try:
            expert_id = find_expert_id(self.context.records, number)
        except AccountError as error:
            self.show_problem(error_text(error, self.context.language))
            return
        dialog = FirstPassphraseDialog(self.context, expert_id, self.people.get(number, number), self.clock, self,
                                       kdf_params=self.kdf_params)
        chosen = self.run_dialog(dialog)
        passphrase = dialog.chosen_passphrase()
        dialog.deleteLater()
        if not chosen:
            return
        self.passphrase.setText(passphrase)
        self.attempt()

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted


class FirstPassphraseDialog(_AccountDialog):
    """The first sign-in: the one-time enrolment code, and the personal passphrase (twice)."""

    def __init__(self, context: WorkContext, expert_id: str, who: str, clock: Clock | None = None,
                 parent: QWidget | None = None, *, kdf_params: Argon2idParams = DEFAULT_PARAMS):
        super().__init__(context, clock, parent)
        self.setObjectName("firstPassphraseDialog")
        self.expert_id = expert_id
        self.kdf_params = kdf_params
        self.setWindowTitle(self.tr("Choose your passphrase"))
        self.explanation.setText(self.tr(
            "{who}: this is your first sign-in on this workstation. Type the one-time enrolment code you were "
            "given (by the agency, or by the administrator who added you), then choose your personal passphrase. "
            "It protects your signature key, so only you may know it: at least 8 characters, not your name or "
            "number, not a common password.").format(who=who))
        self.code = enrolment_code_field(self, "firstPassphraseEnrolmentCode")
        self.passphrase = password_field(self, "firstPassphrase")
        self.repeated = password_field(self, "firstPassphraseRepeated")
        self.form_layout.addRow(self.tr("Enrolment code:"), self.code)
        self.form_layout.addRow(self.tr("New passphrase:"), self.passphrase)
        self.form_layout.addRow(self.tr("Repeat:"), self.repeated)
        self.ok_button.setObjectName("firstPassphraseOkButton")
        self.ok_button.setText(self.tr("Set passphrase"))
        self._chosen = ""

    def chosen_passphrase(self) -> str:
        return self._chosen

    def attempt(self) -> None:
        first, second = self.passphrase.text(), self.repeated.text()
        self.show_problem("")
        if first != second:
            self.show_problem(self.tr("The two passphrases differ; please type them again."))
            self.repeated.clear()
            self.repeated.setFocus()
            return
        try:
            with busy_cursor():
                set_passphrase(self.context.records, self.expert_id, first, enrolment_code=self.code.text(),
                               now=self.clock(), kdf_params=self.kdf_params)
        except EnrolmentRefused as error:  # no, malformed or expired code: said in place, typed again
            self.show_problem(error_text(error, self.context.language))
            self.code.setFocus()
            return
        except WrongEnrolmentCode as error:  # counted towards the lockout, like a wrong passphrase
            self.show_problem(error_text(error, self.context.language))
            self.code.clear()
            self.code.setFocus()
            return
        except AppError as error:  # too weak (each problem named), locked, or a storage fault
            self.show_problem(error_text(error, self.context.language))
            self.passphrase.setFocus()
            return
        self._chosen = first
        self.accept()


def sign_in(context: WorkContext, parent: QWidget | None = None, clock: Clock | None = None) -> SessionInfo | None:
    """The signed-in session, or None when the user quit."""
    dialog = LoginDialog(context, clock, parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.session
