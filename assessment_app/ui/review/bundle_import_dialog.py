# SPDX-License-Identifier: GPL-3.0-or-later
"""导入数据包: a bundle folder and the agency's identity file; the import (decrypt, verify every
check, then store or quarantine) runs in the background, then the validation report is listed
check by check with its reason in the user's language, and the outcome: imported (the record
can be opened), quarantined (where it was put aside) or already imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.messages.bundle_text import CHECK_NAMES, describe_reason
from assessment_app.services.bundle_import import ImportResult, import_bundle
from assessment_app.services.provisioning_import import DEMO_AGENCY_DIR
from assessment_app.ui.shell.user_feedback import error_text
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.background import BackgroundTask

AGENCY_IDENTITY_FILE = "agency-identity.txt"  # written by provisioning_import for the demo agency


def default_identity(context: WorkContext) -> str:
    if context.data_dir is None:
        return ""
    path = Path(context.data_dir) / DEMO_AGENCY_DIR / AGENCY_IDENTITY_FILE
    return str(path) if path.is_file() else ""


class BundleImportDialog(QDialog):
    """Emits `imported(visit_id)` after a bundle was imported and `open_requested(visit_id)` when
    the reviewer asks to open that record."""

    imported = Signal(str)
    open_requested = Signal(str)

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bundleImportDialog")
        self.context = context
        self.task: BackgroundTask[ImportResult] | None = None
        self.result: ImportResult | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.bundle = QLineEdit(self)
        self.bundle.setObjectName("importBundleFolder")
        self.bundle_button = QPushButton(self)
        self.bundle_button.setObjectName("importBrowseBundle")
        self.bundle_button.clicked.connect(self.choose_bundle)
        self.identity = QLineEdit(default_identity(context), self)
        self.identity.setObjectName("importIdentityFile")
        self.identity_button = QPushButton(self)
        self.identity_button.setObjectName("importBrowseIdentity")
        self.identity_button.clicked.connect(self.choose_identity)
        self.bundle_label, self.identity_label = QLabel(self), QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = QTableWidget(self)
        self.report.setObjectName("importReport")
        self.report.setColumnCount(4)
        self.report.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report.verticalHeader().setVisible(False)
        header = self.report.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importStartButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("importOpenRecord")
        self.open_button.clicked.connect(self._open_record)
        self.open_button.hide()
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("importCloseButton")
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        for label, field, button in ((self.bundle_label, self.bundle, self.bundle_button),
                                     (self.identity_label, self.identity, self.identity_button)):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            form.addRow(label, row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.import_button, self.open_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.setMinimumSize(760, 620)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a data bundle"))
        self.intro.setText(self.tr("The bundle is decrypted and every check is run first: signatures, file hashes, "
                                   "the video and audit chains, the report's signatures and the score. A bundle that "
                                   "fails any check is quarantined, not imported."))
        self.bundle_label.setText(self.tr("Bundle folder"))
        self.identity_label.setText(self.tr("Agency identity file"))
        self.bundle_button.setText(self.tr("Choose…"))
        self.identity_button.setText(self.tr("Choose…"))
        self.report.setHorizontalHeaderLabels([self.tr("Check"), self.tr("Result"), self.tr("Reason"),
                                               self.tr("Detail")])
        self.import_button.setText(self.tr("Import and verify"))
        self.open_button.setText(self.tr("Open the record"))
        self.close_button.setText(self.tr("Close"))

    # -- the steps ----------------------------------------------------------------------------

    def choose_bundle(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Bundle folder (bundle-…)"), self.bundle.text())
        if folder:
            self.bundle.setText(folder)

    def choose_identity(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Agency identity file"), self.identity.text(),
                                              self.tr("age identity (*.txt *.key);;All files (*)"))
        if path:
            self.identity.setText(path)

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> bool:
        bundle, identity = self.bundle.text().strip(), self.identity.text().strip()
        if not bundle or not Path(bundle).is_dir():
            self.status.setText(self.tr("Choose the bundle folder (the folder that holds index.json)."))
            return False
        if not identity or not Path(identity).is_file():
            self.status.setText(self.tr("Choose the agency's identity file."))
            return False
        records, now, actor = self.context.records, self.context.now(), self.context.session
        self.result = None
        self.report.setRowCount(0)
        self.open_button.hide()
        self.status.setText(self.tr("Decrypting and verifying… large bundles take a few minutes."))
        self.progress.setRange(0, 0)
        self._set_inputs_enabled(False)
        self.task = BackgroundTask(lambda control: import_bundle(records, bundle, identity, now=now, actor=actor),
                                   success=self._imported, failure=self._failed, owner=self, name="ltc-assess-import")
        self.task.when_done(self._settled)
        self.task.start()
        return True

    def reject(self) -> None:
        if self.running:
            return  # the import is all or nothing; it finishes (or fails cleanly) before the dialog closes
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running:
            event.ignore()
            return
        super().closeEvent(event)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.bundle, self.identity, self.bundle_button, self.identity_button, self.import_button,
                       self.close_button):
            widget.setEnabled(enabled)

    def _settled(self) -> None:
        """Whatever the outcome (even a bug, which the exception hook reports), the dialog is usable again."""
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if self.result is not None else 0)
        self._set_inputs_enabled(True)

    def _failed(self, error: AppError) -> None:
        self.status.setText(error_text(error, self.context.language))

    def _imported(self, outcome: ImportResult) -> None:
        self.result = outcome
        self._show_report(outcome)
        if outcome.status == "imported":
            self.status.setText(self.tr("Imported: every check passed. The record is in the review queue."))
            self.open_button.show()
            self.imported.emit(outcome.visit_id)
        elif outcome.status == "duplicate":
            self.status.setText(self.tr("Already imported: this bundle, or another bundle of the same visit, is "
                                        "already on this workstation. Nothing was changed."))
        else:
            where = str(outcome.quarantine_path) if outcome.quarantine_path else self.tr("(the copy failed)")
            self.status.setText(self.tr("Quarantined: {count} check(s) failed, nothing was imported. The bundle was "
                                        "put aside in {path}").format(count=len(outcome.report.failures), path=where))

    def _show_report(self, result: ImportResult) -> None:
        language = self.context.language
        pick = (lambda pair: pair[1]) if language == "en" else (lambda pair: pair[0])
        checks = result.report.checks
        self.report.setRowCount(len(checks))
        for row, check in enumerate(checks):
            reason = describe_reason(check.reason, check.detail, language) if check.reason else (check.information or "")
            values = (pick(CHECK_NAMES.get(check.code, (check.code, check.code))),
                      self.tr("passed") if check.passed else self.tr("FAILED"), reason, check.detail or "")
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if column == 1 and not check.passed:
                    cell.setForeground(Qt.GlobalColor.red)
                self.report.setItem(row, column, cell)

    def _open_record(self) -> None:
        if self.result is not None and self.result.status == "imported":
            self.open_requested.emit(self.result.visit_id)
            self.accept()
