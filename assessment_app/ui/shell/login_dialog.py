# SPDX-License-Identifier: GPL-3.0-or-later
"""登录: after the case data is unlocked, each person signs in with their expert number
(评估人员编号) and personal passphrase; the first time, they choose that passphrase and prove
who they are with the one-time enrolment code (一次性注册码) the agency or the administrator gave them.

The dialogs only carry the words: the account service checks the passphrase, counts failures
towards the lockout and writes the audit events. The wall clock is passed in (`clock`), so the
lockout's remaining time can be tested without waiting.

At start-up the window comes first (`sign_in_at_start`): it is shown at once, and the case data
is opened behind it in the background (for the demo, or with the key from the credential store:
the Argon2 unlock of the data key never delays the first window); until the data is open the
sign-in button waits and the window says so, while the expert can already type. The account
services, SQLCipher and the rest load on that path, not before the window.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget

from assessment_app.errors import AppError
from assessment_app.ui.shell.account_wording import person_label, role_label
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
from assessment_app.ui.widgets.background import BackgroundTask
from assessment_app.ui.widgets.passphrase_frame import PassphraseFrame, enrolment_code_field, password_field

if TYPE_CHECKING:
    from assessment_app.security.passphrase_kdf import Argon2idParams
    from assessment_app.services.accounts import SessionInfo
    from assessment_app.ui.shell.work_context import WorkContext

Clock = Callable[[], datetime.datetime]


class _AccountDialog(PassphraseFrame):
    def __init__(self, context: WorkContext | None, clock: Clock | None, parent: QWidget | None, *,
                 kdf_params: Argon2idParams | None = None):
        super().__init__(parent)
        self.context = context
        self._clock = clock
        self._kdf_params = kdf_params

    def clock(self) -> datetime.datetime:
        return (self._clock or self.context.now)()

    @property
    def kdf_params(self) -> Argon2idParams:
        from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS

        return self._kdf_params or DEFAULT_PARAMS


class LoginDialog(_AccountDialog):
    """With a `context`, ready at once; without one (the start), it waits for `set_context`
    (`became_ready` then), showing that the data is being opened."""

    became_ready = Signal()

    def __init__(self, context: WorkContext | None, clock: Clock | None = None, parent: QWidget | None = None, *,
                 kdf_params: Argon2idParams | None = None, language: str | None = None):
        super().__init__(context, clock, parent, kdf_params=kdf_params)
        self.setObjectName("loginDialog")
        self.language = language or context.language
        self.session: SessionInfo | None = None
        self.failure: Exception | None = None  # why the data could not be opened (at the start)
        self.opening: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Sign in"))
        self.explanation.setText(self.tr(
            "Sign in with your expert number and your personal passphrase. Everything you do in the "
            "application is recorded under your name."))
        self.expert = QComboBox(self)
        self.expert.setObjectName("loginExpert")
        self.expert.setEditable(True)
        self.expert.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.expert.setMinimumWidth(300)
        self.expert.lineEdit().setPlaceholderText(self.tr("Choose or type your expert number"))
        self.known: dict[str, str] = {}  # shown text or name -> expert number
        self.people: dict[str, str] = {}  # expert number -> "name（number）"
        self.passphrase = password_field(self, "loginPassphrase")
        self.form_layout.addRow(self.tr("Expert number:"), self.expert)
        self.form_layout.addRow(self.tr("Passphrase:"), self.passphrase)
        self.status = QLabel(self)
        self.status.setObjectName("loginStatus")
        set_look(self.status, "fieldHint")
        self.status.hide()
        self.frame_layout.insertWidget(1, self.status)
        self.ok_button.setObjectName("loginButton")
        self.ok_button.setText(self.tr("Sign in"))
        self.cancel_button.setObjectName("loginQuitButton")
        self.cancel_button.setText(self.tr("Quit"))
        if context is not None:
            self.set_context(context)
        else:
            self.ok_button.setEnabled(False)
            self.status.setText(self.tr("Opening the encrypted case data…"))
            self.status.show()

    @property
    def is_ready(self) -> bool:
        return self.context is not None

    def open_in_background(self, work: Callable[[], object], finish: Callable[[object, QWidget], WorkContext | None],
                           discard: Callable[[object], None]):
        """Run `work()` (opening the data) in the background; on the GUI thread, `finish(result,
        self)` makes the context (it may ask the administrator first) or None (they quit). If the
        user quit while the data was opening, `discard(result)` closes what was opened."""
        def opened(result: object) -> None:
            if self.result() == QDialog.DialogCode.Rejected and not self.isVisible():
                discard(result)
                return
            context = finish(result, self)
            if context is None:
                self.reject()
            else:
                self.set_context(context)

        def failed(error: Exception) -> None:
            if self.isVisible():  # after a quit, nobody waits for the reason
                self.failure = error
                self.reject()

        self.opening = BackgroundTask(lambda control: work(), success=opened, failure=failed, owner=self,
                                      name="ltc-assess-open")
        self.opening.start()

    def set_context(self, context: WorkContext) -> None:
        """The case data is open: list its people and let them sign in."""
        from assessment_app.services.experts import list_experts

        self.context = context
        typed = self.expert.currentText()  # before the first item added becomes the current one
        for expert in list_experts(context.records):
            self.people[expert.expert_number] = person_label(expert.name, expert.expert_number)
            text = f"{self.people[expert.expert_number]} · {role_label(expert.role)}"
            self.expert.addItem(text, expert.expert_number)
            self.known[text] = self.known[expert.name] = expert.expert_number
        self.expert.setCurrentIndex(-1)
        self.expert.setEditText(typed)  # what was typed while the data was opening stays
        self.status.hide()
        self.ok_button.setEnabled(True)
        hint_text = None
        if context.demo:
            from assessment_app.ui.shell.demo_mode import demo_accounts_text

            hint_text = demo_accounts_text()
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
        self.became_ready.emit()

    def expert_number(self) -> str:
        text = self.expert.currentText().strip()
        return self.known.get(text, text)

    def attempt(self) -> None:
        if self.context is None:
            return  # the data is still being opened: the button waits
        from assessment_app.services.accounts import PassphraseNotSet, login

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
        from assessment_app.services.accounts import AccountError, find_expert_id

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
                 parent: QWidget | None = None, *, kdf_params: Argon2idParams | None = None):
        super().__init__(context, clock, parent, kdf_params=kdf_params)
        self.setObjectName("firstPassphraseDialog")
        self.expert_id = expert_id
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
        from assessment_app.services.accounts import EnrolmentRefused, WrongEnrolmentCode, set_passphrase

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


def sign_in_at_start(work: Callable[[], object], finish: Callable[[object, QWidget], WorkContext | None],
                     discard: Callable[[object], None], language: str
                     ) -> tuple[WorkContext | None, SessionInfo | None]:
    """The first window: shown at once while `work()` opens the data in the background (see the
    module's docstring). (context, session); (None, None) when the user quit; the AppError that
    kept the data closed is raised."""
    dialog = LoginDialog(None, language=language)
    dialog.open_in_background(work, finish, discard)
    dialog.exec()
    if dialog.opening.running:
        dialog.opening.wait()  # quit while the data was opening: it finishes (a first start stays whole), then closes
    dialog.deleteLater()
    if dialog.failure is not None:
        raise dialog.failure
    return dialog.context, dialog.session
