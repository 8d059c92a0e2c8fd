# SPDX-License-Identifier: GPL-3.0-or-later
"""管理: the agency this workstation belongs to (and its CA fingerprint), importing the agency's
provisioning package, the experts with their passphrase and signing-certificate state, importing
or (demo agency) generating one's own signing certificate, the visit settings, and verifying the
audit log.

Every signed-in person sees the page (each manages their own signing certificate here); each
action is offered only when the services grant it (an administrator imports packages and changes
settings, whoever may read the audit log verifies it), the rest is shown read-only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError, os_errors_as
from assessment_app.messages.audit_text import describe_station_verification
from assessment_app.messages.security_text import fingerprint_groups
from assessment_app.security.provisioning import verify_provisioning
from assessment_app.services.accounts import has_passphrase
from assessment_app.services.audit_anchoring import StationVerification, verify_station_chain
from assessment_app.services.experts import ExpertInfo, list_experts
from assessment_app.services.provisioning_import import (
    ProvisioningResult, ensure_demo_agency, import_provisioning, pinned_fingerprint,
)
from assessment_app.services.signing_identities import IdentityInfo, active_identity, import_pkcs12, issue_with_demo_ca
from assessment_app.ui.admin.admin_dialogs import FingerprintConfirmation, SecretsDialog
from assessment_app.ui.admin.visit_settings_panel import VisitSettingsPanel
from assessment_app.ui.shell.account_wording import person_label, role_label
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text, show_error
from assessment_app.ui.shell.work_context import WorkContext

EXPERT_ROLE = Qt.ItemDataRole.UserRole
AGENCY_FIELDS = ("name", "code", "kind", "fingerprint")
# What this page offers; someone granted none of these has nothing to do here.
PAGE_PERMISSIONS = frozenset({Permission.PROVISION, Permission.MANAGE_EXPERTS, Permission.CHANGE_SETTINGS,
                              Permission.READ_AUDIT, Permission.OWN_IDENTITY})


@dataclass(frozen=True)
class AgencyView:
    name: str
    code: str
    demo: bool
    fingerprint: str


def agency_view(context: WorkContext) -> AgencyView | None:
    fingerprint = pinned_fingerprint(context.records)
    if fingerprint is None:
        return None
    # With an agency present, ensure_demo_agency creates nothing and describes what is there.
    described = ensure_demo_agency(context.records, context.now(), os.urandom(32))
    return AgencyView(described.agency_name, described.agency_code, described.demo, fingerprint)


def fingerprint_lines(fingerprint: str) -> str:
    groups = fingerprint_groups(fingerprint).split(" ")
    return "\n".join(" ".join(groups[start:start + 8]) for start in range(0, len(groups), 8))


class AdminPage(QWidget):
    """Emits `experts_changed()` after a package import (the lists of experts elsewhere follow)."""

    experts_changed = Signal()

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("adminPage")
        set_look(self, "page")
        self.context = context
        self.agency: AgencyView | None = None
        self.experts: tuple[ExpertInfo, ...] = ()
        self.allowed: frozenset[Permission] = frozenset()
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.demo_note = QLabel(self)
        self.demo_note.setObjectName("adminDemoNote")
        set_look(self.demo_note, "infoText")
        self.demo_note.setWordWrap(True)

        self.agency_group = QGroupBox(self)
        self.agency_values = {name: QLabel(self) for name in AGENCY_FIELDS}
        self.agency_captions = {name: QLabel(self) for name in AGENCY_FIELDS}
        for name, label in self.agency_values.items():
            label.setObjectName(f"agency:{name}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_look(self.agency_values["fingerprint"], "fingerprintText")
        agency_form = QFormLayout()
        for name in AGENCY_FIELDS:
            agency_form.addRow(self.agency_captions[name], self.agency_values[name])
        self.import_button = self._button("importProvisioningButton", self.import_provisioning)
        agency_layout = QVBoxLayout(self.agency_group)
        agency_layout.addLayout(agency_form)
        agency_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.audit_group = QGroupBox(self)
        self.verify_button = self._button("verifyAuditButton", self.verify_audit)
        self.audit_result = QLabel(self)
        self.audit_result.setObjectName("auditResult")
        self.audit_result.setWordWrap(True)
        self.audit_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        audit_layout = QVBoxLayout(self.audit_group)
        audit_layout.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignLeft)
        audit_layout.addWidget(self.audit_result, 1)

        self.experts_group = QGroupBox(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("expertTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.p12_button = self._button("importP12Button", self.import_pkcs12)
        self.demo_certificate_button = self._button("demoCertificateButton", self.issue_demo_certificate)
        expert_buttons = QHBoxLayout()
        expert_buttons.addWidget(self.p12_button)
        expert_buttons.addWidget(self.demo_certificate_button)
        expert_buttons.addStretch(1)
        experts_layout = QVBoxLayout(self.experts_group)
        experts_layout.addWidget(self.table, 1)
        experts_layout.addLayout(expert_buttons)

        self.visit_settings = VisitSettingsPanel(context, self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.experts_group, 3)
        bottom.addWidget(self.visit_settings, 2)
        top = QHBoxLayout()
        top.addWidget(self.agency_group, 3)
        top.addWidget(self.audit_group, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.demo_note)
        layout.addLayout(top)
        layout.addLayout(bottom, 1)
        self.retranslate(context.language)

    # -- showing ------------------------------------------------------------------------------

    def offers_anything(self) -> bool:
        return bool(self.context.granted() & PAGE_PERMISSIONS)

    def reload(self) -> None:
        self.allowed = self.context.granted()
        try:
            with busy_cursor():
                self.agency = agency_view(self.context)
                self.experts = list_experts(self.context.records)
                states = [(has_passphrase(self.context.records, e.expert_id),
                           active_identity(self.context.records, e.expert_id)) for e in self.experts]
                self.visit_settings.reload()
        except AppError as error:  # an unreadable record is told, the page stays empty
            show_error(self, self.tr("The administration data cannot be shown"), error, self.context.language)
            self.agency, self.experts, states = None, (), []
        self._show_agency()
        self.table.setRowCount(len(self.experts))
        for row, (expert, (passphrase_set, identity)) in enumerate(zip(self.experts, states)):
            cells = (expert.name, expert.expert_number, role_label(expert.role),
                     self.tr("set") if passphrase_set else self.tr("not set (chosen at first sign-in)"),
                     self._identity_text(identity))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(EXPERT_ROLE, expert.expert_id)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def retranslate(self, language: str) -> None:
        self.heading.setText(self.tr("Administration"))
        self.demo_note.setText(self.tr(
            "Demo mode: sign in as the demo administrator DEMO-M-001 (passphrase demo-m-001) to import packages "
            "and change settings. Every user manages their own signing certificate here."))
        self.demo_note.setVisible(self.context.demo)
        self.agency_group.setTitle(self.tr("Agency"))
        for name, text in (("name", self.tr("Name:")), ("code", self.tr("Code:")), ("kind", self.tr("Kind:")),
                           ("fingerprint", self.tr("CA fingerprint (SHA-256):"))):
            self.agency_captions[name].setText(text)
        self.import_button.setText(self.tr("Import agency provisioning package…"))
        self.audit_group.setTitle(self.tr("Audit log"))
        self.verify_button.setText(self.tr("Verify the audit log"))
        self.experts_group.setTitle(self.tr("People of the agency"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Expert number"), self.tr("Role"),
                                              self.tr("Passphrase"), self.tr("Signing certificate")])
        self.p12_button.setText(self.tr("Import signing certificate (PKCS#12)…"))
        self.demo_certificate_button.setText(self.tr("Generate demo signing certificate…"))
        self.visit_settings.retranslate()
        self.reload()

    def selected_expert(self) -> ExpertInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.experts[rows.pop()] if len(rows) == 1 else None

    # -- user actions -------------------------------------------------------------------------

    def import_provisioning(self) -> ProvisioningResult | None:
        data = self._read_chosen_file(self.tr("Import an agency provisioning package"),
                                      self.tr("Provisioning packages (*.ltc-provisioning.json *.json)"))
        if data is None:
            return None
        title = self.tr("The package was not imported")
        try:
            package = verify_provisioning(data)  # format and signature now; trust is the import's
        except AppError as error:  # malformed or altered: said precisely, nothing changed
            show_error(self, title, error, self.context.language)
            return None
        if not FingerprintConfirmation(package, self.agency is None, self).confirmed():
            return None
        try:
            with busy_cursor():
                result = import_provisioning(self.context.records, data, confirm_fingerprint=package.signer_ca_fingerprint,
                                             now=self.context.now(), actor=self.context.session)
        except AppError as error:  # another agency, untrusted CA …: nothing changed
            show_error(self, title, error, self.context.language)
            return None
        self.reload()
        self.experts_changed.emit()
        self._tell("provisioningResult", self.tr("Package imported"), self.tr(
            "This package was imported before; nothing was changed.") if result.unchanged else self.tr(
            "{name} ({code}): {added} added, {updated} updated, {deactivated} deactivated, {certificates} "
            "certificate(s) stored.").format(name=result.agency_name, code=result.agency_code,
                                             added=len(result.experts_added), updated=len(result.experts_updated),
                                             deactivated=len(result.experts_deactivated),
                                             certificates=result.certificates_stored))
        return result

    def own_row_selected(self) -> ExpertInfo | None:
        """The selected person, when it is the signed-in person: a signing identity is managed by its owner."""
        expert = self.selected_expert()
        session = self.context.session
        if expert is None or session is None or expert.expert_id != session.expert_id:
            return None
        return expert

    def import_pkcs12(self) -> IdentityInfo | None:
        expert = self.own_row_selected()
        if expert is None:
            return None
        data = self._read_chosen_file(self.tr("Import a signing certificate"), self.tr("PKCS#12 files (*.p12 *.pfx)"))
        if data is None:
            return None
        person = person_label(expert.name, expert.expert_number)
        secrets = self.ask_secrets(self.tr("Import signing certificate"), self.tr(
            "{person}: the password of the PKCS#12 file (given by the agency), and the personal passphrase of "
            "{person}, which protects the key on this workstation.").format(person=person),
            [("p12Password", self.tr("File password:")), ("expertPassphrase", self.tr("Expert's passphrase:"))])
        if secrets is None:
            return None
        return self._store_identity(person, lambda: import_pkcs12(
            self.context.records, self.context.session, data, secrets[0], secrets[1], self.context.now()))

    def issue_demo_certificate(self) -> IdentityInfo | None:
        expert = self.own_row_selected()
        if expert is None:
            return None
        person = person_label(expert.name, expert.expert_number)
        secrets = self.ask_secrets(self.tr("Generate demo signing certificate"), self.tr(
            "The demo CA issues a new signing certificate for {person}, for trying out only. The personal "
            "passphrase of {person} protects the new key.").format(person=person),
            [("expertPassphrase", self.tr("Expert's passphrase:"))])
        if secrets is None:
            return None
        return self._store_identity(person, lambda: issue_with_demo_ca(
            self.context.records, self.context.session, secrets[0], self.context.now()))

    def verify_audit(self) -> StationVerification | None:
        """The station chain from genesis and against its anchor outside the database."""
        try:
            with busy_cursor():
                verification = verify_station_chain(self.context.records, actor=self.context.session)
        except AppError as error:
            self.audit_result.setText(error_text(error, self.context.language))
            set_look(self.audit_result, "fieldError")
            return None
        if verification.ok:
            head = verification.chain.head
            text = self.tr("The audit log is intact: {count} events. Head:\n{hash}").format(
                count=head.count, hash=fingerprint_lines(head.hash))
        else:
            text = describe_station_verification(verification, self.context.language)
        self.audit_result.setText(text)
        set_look(self.audit_result, "infoText" if verification.ok else "fieldError")
        self.audit_result.style().unpolish(self.audit_result)
        self.audit_result.style().polish(self.audit_result)
        return verification

    def ask_secrets(self, title: str, explanation: str, fields: list[tuple[str, str]]) -> list[str] | None:
        dialog = SecretsDialog(title, explanation, fields, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        values = dialog.values()
        dialog.deleteLater()
        return values if accepted else None

    # -- internals ----------------------------------------------------------------------------

    def _store_identity(self, person: str, store) -> IdentityInfo | None:
        try:
            with busy_cursor():
                identity = store()
        except AppError as error:  # wrong password, foreign CA, expired …: nothing changed
            show_error(self, self.tr("No signing certificate was stored"), error, self.context.language)
            return None
        self.reload()
        self._tell("identityResult", self.tr("Signing certificate stored"),
                   self.tr("{person} can sign now. {validity}").format(
                       person=person, validity=self._identity_text(identity)))
        return identity

    def _read_chosen_file(self, title: str, filter_text: str) -> bytes | None:
        path, _ = QFileDialog.getOpenFileName(self, title, "", filter_text)
        if not path:
            return None
        try:
            with os_errors_as("file_read_failed", path):
                return Path(path).read_bytes()
        except AppError as error:
            show_error(self, title, error, self.context.language)
            return None

    def _show_agency(self) -> None:
        agency = self.agency
        values = {name: "—" for name in AGENCY_FIELDS}
        if agency is None:
            values["name"] = self.tr("No agency yet: import the provisioning package the agency gave you.")
        else:
            values.update(name=agency.name, code=agency.code, fingerprint=fingerprint_lines(agency.fingerprint),
                          kind=self.tr("Demo agency (fictitious, for training)") if agency.demo
                          else self.tr("Agency (real data)"))
        for name, text in values.items():
            self.agency_values[name].setText(text)

    def _identity_text(self, identity: IdentityInfo | None) -> str:
        if identity is None:
            return self.tr("none")
        return self.tr("valid until {date}").format(date=identity.not_valid_after.date().isoformat())

    def _update_buttons(self) -> None:
        own = self.own_row_selected() is not None and Permission.OWN_IDENTITY in self.allowed
        self.p12_button.setEnabled(own)
        self.demo_certificate_button.setEnabled(own)
        self.demo_certificate_button.setVisible(self.agency is not None and self.agency.demo)
        self.import_button.setVisible(Permission.PROVISION in self.allowed)
        self.audit_group.setVisible(Permission.READ_AUDIT in self.allowed)

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _tell(self, name: str, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName(name)
        box.exec()
