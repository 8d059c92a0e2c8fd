# SPDX-License-Identifier: GPL-3.0-or-later
"""备份… and 恢复…: one encrypted backup file of all case records, and its verified restore.

The backup and restore themselves are the services'; here are the file dialogs, the warning
before anything is replaced, the progress while it runs, and the report afterwards. The service
closes the case records before it swaps the data in; they are opened again afterwards, and the
person signs in again on them (the main window asks). A refused or failed restore replaced
nothing: the records in use stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QInputDialog, QLabel, QLineEdit, QMessageBox,
    QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.services.backups import BackupSummary, RestoreSummary, create_backup_file, restore_backup_file
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.errors import BackupWrongKey
from assessment_app.ui.shell.theme import fit_wrapped_labels, set_look
from assessment_app.ui.shell.user_feedback import run_with_progress, show_error
from assessment_app.ui.shell.work_context import WorkContext

BACKUP_SUFFIX = ".ltcbak"


class BackupPassphraseDialog(QDialog):
    """Optionally protect the backup with its own passphrase, so another computer can restore it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupPassphraseDialog")
        self.setWindowTitle(self.tr("Backup options"))
        explanation = QLabel(self.tr(
            "Without a backup passphrase, the backup can be restored only on this computer (it is encrypted "
            "with this computer's data key). Set a backup passphrase to be able to restore it on a new "
            "laptop."), self)
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(440)
        self.use_passphrase = QCheckBox(self.tr("Also protect this backup with a passphrase"), self)
        self.passphrase = QLineEdit(self)
        self.repeated = QLineEdit(self)
        for field in (self.passphrase, self.repeated):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setEnabled(False)
            self.use_passphrase.toggled.connect(field.setEnabled)
        self.problem = QLabel(self)
        set_look(self.problem, "fieldError")
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("Backup passphrase:"), self.passphrase)
        form.addRow(self.tr("Repeat:"), self.repeated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create backup"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explanation, self.use_passphrase):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def chosen_passphrase(self) -> str | None:
        return self.passphrase.text() if self.use_passphrase.isChecked() else None

    def _check(self) -> None:
        # The strength rule is the service's (it refuses a weak backup passphrase); here only the
        # typing is checked.
        if self.use_passphrase.isChecked():
            if self.passphrase.text() != self.repeated.text():
                self.problem.setText(self.tr("The two passphrases differ."))
                self.problem.show()
                return
        self.accept()


class BackupActions(QObject):
    """Emits `records_replaced` after a restore reopened the (new) case records."""

    records_replaced = Signal()
    records_lost = Signal()  # the data could not be opened again; the window must close

    def __init__(self, context: WorkContext, parent_widget: QWidget,
                 reopen: Callable[[], CaseRecords | None]):
        super().__init__(parent_widget)
        self.context = context
        self.parent_widget = parent_widget
        self.reopen = reopen

    # -- backup -------------------------------------------------------------------------------

    def create_backup(self) -> BackupSummary | None:
        suggested = self.context.records.layout.backups / (
            f"ltc-assess-backup-{self.context.now().strftime('%Y%m%d-%H%M')}{BACKUP_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save the backup as"), str(suggested),
                                              self.tr("Backup files (*.ltcbak)"))
        if not path:
            return None
        destination = Path(path) if Path(path).suffix else Path(path + BACKUP_SUFFIX)
        passphrase = self.ask_backup_passphrase()
        if passphrase is False:
            return None
        records = self.context.records
        try:
            summary = run_with_progress(self.parent_widget, self.tr("Writing the encrypted backup…"),
                                        lambda: create_backup_file(records, destination, passphrase or None,
                                                                   actor=self.context.session, now=self.context.now()))
        except AppError as error:  # every failure is reported; nothing was changed
            show_error(self.parent_widget, self.tr("Backup failed"), error, self.context.language)
            return None
        self._inform(self.tr("Backup saved"), self.tr(
            "The encrypted backup was saved to:\n{path}\n\n{members} files, {size}. {protection}").format(
            path=summary.path, members=summary.member_count, size=QLocale().formattedDataSize(summary.file_bytes),
            protection=self.tr("It can also be restored on another computer with its passphrase.")
            if summary.has_passphrase else self.tr("It can be restored on this computer.")))
        return summary

    def ask_backup_passphrase(self) -> str | None | bool:
        """The backup passphrase, None for none, False when the user cancelled."""
        dialog = BackupPassphraseDialog(self.parent_widget)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return dialog.chosen_passphrase() if accepted else False

    # -- restore ------------------------------------------------------------------------------

    def restore_backup(self) -> RestoreSummary | None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, self.tr("Choose the backup to restore"),
                                              str(self.context.records.layout.backups),
                                              self.tr("Backup files (*.ltcbak);;All files (*)"))
        if not path or not self.confirm_restore(Path(path)):
            return None
        records = self.context.records
        summary = None
        passphrase: str | None = None
        while True:
            try:
                summary = run_with_progress(
                    self.parent_widget, self.tr("Verifying the whole backup, then restoring…"),
                    lambda: restore_backup_file(records, Path(path), passphrase, actor=self.context.session,
                                                now=self.context.now()))
                break
            except BackupWrongKey as error:
                passphrase = self.ask_restore_passphrase(error)
                if passphrase is None:
                    break
            except AppError as error:  # verified before replacing: the old data is intact
                show_error(self.parent_widget, self.tr("Restore failed"), error, self.context.language)
                break
        if summary is None:
            return None  # nothing was replaced: the records in use stay
        if not self._reopen():
            return None
        self._inform(self.tr("Restore complete"), self.tr(
            "The backup was verified completely and restored.\nBackup made at: {created}\nFiles: {members}").format(
            created=summary.created_at, members=summary.member_count))
        self.records_replaced.emit()
        return summary

    def confirm_restore(self, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore a backup"), self.tr(
            "Restore the backup {name}?\n\nAll case records on this computer will be replaced by the contents of "
            "the backup; changes made since the backup was taken are lost.\n\nThe backup file is first verified "
            "completely (every part decrypted and checked). If anything is wrong with it, nothing is replaced and "
            "the current data stays as it is.").format(name=path.name), QMessageBox.StandardButton.NoButton,
            self.parent_widget)
        box.setObjectName("confirmRestoreDialog")
        restore = box.addButton(self.tr("Verify and restore"), QMessageBox.ButtonRole.DestructiveRole)
        restore.setObjectName("confirmRestoreButton")
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is restore

    def ask_restore_passphrase(self, error: Exception) -> str | None:
        text, accepted = QInputDialog.getText(
            self.parent_widget, self.tr("Backup passphrase"),
            self.tr("This backup was made on another computer. Enter its backup passphrase:"),
            QLineEdit.EchoMode.Password)
        return text if accepted and text else None

    def _reopen(self) -> bool:
        try:
            records = self.reopen()
        except AppError as error:  # told to the user; the window then closes
            show_error(self.parent_widget, self.tr("The case data cannot be opened"), error, self.context.language)
            records = None
        if records is None:
            self.records_lost.emit()
            return False
        self.context.records = records
        return True

    def _inform(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName("backupReport")
        box.exec()
