# SPDX-License-Identifier: GPL-3.0-or-later
"""更正: why the signed record is corrected (as long as domain/reasons.py asks), before a new
version is made. The author is whoever is signed in (shown, not chosen); `correct_record` makes
the version."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from assessment_app.domain.reasons import ReasonKind, is_long_enough, minimum_length
from assessment_app.services.accounts import SessionInfo
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.theme import fit_wrapped_labels


class CorrectionDialog(QDialog):
    def __init__(self, version: int, author: SessionInfo | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle(self.tr("Correct version {version}").format(version=version))
        explanation = QLabel(self.tr(
            "Version {version} is signed and stays as it is. The correction becomes version {next}, starting "
            "from the same answers; the author and the reason are recorded with it.").format(
            version=version, next=version + 1), self)
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(440)
        self.author = QLabel(person_label(author.name, author.expert_number) if author else "—", self)
        self.author.setObjectName("correctionAuthor")
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("correctionReason")
        self.reason.setPlaceholderText(self.tr("What is wrong in the signed record, and how it was found"))
        self.reason.setFixedHeight(90)
        self.hint = QLabel(self.tr("At least {count} characters.").format(
            count=minimum_length(ReasonKind.RECORD_CORRECTION)), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("confirmCorrectionButton")
        self.ok_button.setText(self.tr("Create new version"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update_ok)
        form = QFormLayout()
        form.addRow(self.tr("Corrected by:"), self.author)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(is_long_enough(ReasonKind.RECORD_CORRECTION, self.reason_text()))
