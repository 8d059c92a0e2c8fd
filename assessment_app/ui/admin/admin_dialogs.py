# SPDX-License-Identifier: GPL-3.0-or-later
"""The questions the administration page asks before it calls a service: confirm an agency's CA
fingerprint, and type the passwords a signing certificate needs."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from assessment_app.messages.security_text import fingerprint_groups
from assessment_app.security.provisioning import ProvisioningPackage
from assessment_app.ui.shell.theme import fit_wrapped_labels


class SecretsDialog(QDialog):
    """An explanation and one password field per (object name, caption); `values()` in that order."""

    def __init__(self, title: str, explanation: str, fields: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("secretsDialog")
        self.setWindowTitle(title)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        text.setMinimumWidth(440)
        form = QFormLayout()
        self.fields: list[QLineEdit] = []
        for name, caption in fields:
            field = QLineEdit(self)
            field.setObjectName(name)
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumWidth(260)
            form.addRow(caption, field)
            self.fields.append(field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("secretsOkButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def values(self) -> list[str]:
        return [field.text() for field in self.fields]


class FingerprintConfirmation(QMessageBox):
    """The package's agency and its CA fingerprint in groups of four, to compare aloud with the
    fingerprint the agency gave on paper or by phone before anything is imported."""

    def __init__(self, package: ProvisioningPackage, first_import: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fingerprintConfirmation")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Import the agency provisioning package"))
        kind = self.tr("demo package") if package.demo else self.tr("agency package")
        # Rich text for the fingerprint's monospace lines; the package's own words are escaped.
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(html.escape(self.tr("{name} ({code}), {kind}, {count} people.").format(
            name=package.agency.name, code=package.agency.code, kind=kind, count=len(package.experts))))
        self.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 520px; }")
        question = (self.tr("This is the first package on this workstation: its CA becomes the one this workstation "
                            "trusts. Compare the fingerprint below, group by group, with the one the agency gave "
                            "you on paper or by phone. Import only if they are identical.") if first_import else
                    self.tr("The package must be signed under the CA this workstation already trusts; this is "
                            "checked on import. Its CA fingerprint:"))
        groups = fingerprint_groups(package.signer_ca_fingerprint or "").split(" ")
        lines = "<br>".join(" ".join(groups[start:start + 8]) for start in range(0, len(groups), 8))
        self.setInformativeText(f"<p>{html.escape(question)}</p>"
                                f"<p style='font-family: monospace; font-size: 13pt'>{lines}</p>")
        self.confirm_button = self.addButton(self.tr("Fingerprint matches: import") if first_import else
                                             self.tr("Import"), QMessageBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("confirmFingerprintButton")
        cancel = self.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelImportButton")
        self.setDefaultButton(cancel)  # a hurried Enter imports nothing
        self.setEscapeButton(cancel)

    def confirmed(self) -> bool:
        self.exec()
        return self.clickedButton() is self.confirm_button
