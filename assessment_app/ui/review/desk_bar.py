# SPDX-License-Identifier: GPL-3.0-or-later
"""The 审核 page's line for the agency server: shown when this workstation has a connection to
one (services/agency_desk.workstation_connection). The reviewer types their passphrase, which
unlocks their signing key for the server's challenge (off the GUI thread, on the page's one line
of calls to the server: source_calls.py); from then on the page
works on the server's shared queue (services/remote_records.RemoteRecordSource) until they sign
out, or another person signs in on the workstation. Without a connection the line is hidden and
the page works on this workstation's own records."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services import agency_desk
from assessment_app.services.remote_records import RemoteRecordSource, open_remote_source
from assessment_app.ui.shell.account_wording import role_label
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.review.source_calls import SourceCalls
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.passphrase_frame import password_field


class DeskBar(QWidget):
    signed_in = Signal(object)  # the RemoteRecordSource
    signed_out = Signal()

    def __init__(self, context: WorkContext, calls: SourceCalls, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewDeskBar")
        self.context = context
        self.calls = calls
        self.source: RemoteRecordSource | None = None
        self.signing_in = False
        self.line = QLabel(self)
        self.line.setObjectName("reviewDeskLine")
        self.line.setWordWrap(True)
        self.passphrase = password_field(self, "reviewDeskPassphrase")
        self.passphrase.setMinimumWidth(200)
        self.passphrase.returnPressed.connect(self.sign_in)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setObjectName("reviewDeskSignIn")
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_out_button = QPushButton(self)
        self.sign_out_button.setObjectName("reviewDeskSignOut")
        self.sign_out_button.clicked.connect(self.sign_out)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.sign_in_button)
        layout.addWidget(self.sign_out_button)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self.signing_in

    def _connection(self) -> agency_desk.AgencyConnection | None:
        try:
            return agency_desk.workstation_connection(self.context.records)
        except AppError:  # said when the reviewer tries to sign in
            return None

    def sign_in(self) -> None:
        if self.source is not None or self.busy or not self.passphrase.text():
            return
        try:
            connection = agency_desk.workstation_connection(self.context.records)
        except AppError as error:
            show_error(self, self.tr("The agency server cannot be reached"), error, self.context.language)
            return
        if connection is None:
            return
        records, actor, passphrase, now = (self.context.records, self.context.session, self.passphrase.text(),
                                           self.context.now())
        self.passphrase.clear()
        self.signing_in = True
        self.calls.submit(lambda: open_remote_source(records, actor, passphrase, connection, now=now),
                          self._signed_in, self._failed)
        self.show_state()

    def _signed_in(self, source: RemoteRecordSource) -> None:
        self.signing_in = False
        if source.actor is not self.context.session:  # someone else signed in on the workstation meanwhile
            self.calls.submit(source.close, lambda _: None, lambda _: None)
            self.show_state()
            return
        self.source = source
        self.show_state()
        self.signed_in.emit(source)

    def _failed(self, error: Exception) -> None:
        self.signing_in = False
        self.show_state()
        show_error(self, self.tr("Signing in to the agency server failed"), error, self.context.language)

    def sign_out(self) -> None:
        source, self.source = self.source, None
        if source is not None:
            self.signed_out.emit()
            # After whatever is still on its way over the connection (sign-out is best effort).
            self.calls.submit(source.close, lambda _: None, lambda _: None)
        self.show_state()

    def follow_session(self) -> None:
        """The server session was the previous person's: it ends when someone else signs in here."""
        if self.source is not None and self.source.actor is not self.context.session:
            self.sign_out()
        self.show_state()

    def show_state(self) -> None:
        connection = self._connection()
        may_review = self.context.may(Permission.REVIEW)
        self.setVisible(connection is not None and may_review)
        signed_in = self.source is not None
        self.passphrase.setVisible(not signed_in)
        self.sign_in_button.setVisible(not signed_in)
        self.sign_in_button.setEnabled(not self.busy)
        self.sign_out_button.setVisible(signed_in)
        if signed_in:
            person = self.source.person
            self.line.setText(self.tr("Shared queue of the agency server {url} — signed in as {number} {name} "
                                      "({role})").format(url=connection.server_url if connection else "",
                                                         number=person.expert_number, name=person.name,
                                                         role=role_label(person.role)))
        elif self.busy:
            self.line.setText(self.tr("Signing in to the agency server…"))
        else:
            self.line.setText(self.tr("This workstation's own records. To work on the agency server's shared "
                                      "queue, sign in with your passphrase:"))

    def retranslate(self) -> None:
        self.sign_in_button.setText(self.tr("Sign in to the agency server"))
        self.sign_out_button.setText(self.tr("Sign out of the server"))
        self.show_state()
