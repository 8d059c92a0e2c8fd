# SPDX-License-Identifier: GPL-3.0-or-later
"""导出数据包: a signed visit written as an encrypted bundle to a folder (a USB stick, an upload
folder). Both experts unlock their signing keys with their passphrases; the export runs in the
background (ui/widgets/background.py) behind a determinate progress bar with throughput and time
left, and Cancel stops it (the service removes the partial output)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from assessment_app.bundle.errors import ExportCancelled
from assessment_app.bundle.parts import DEFAULT_PART_SIZE
from assessment_app.errors import AppError
from assessment_app.services.bundle_export import ExportResult, export_signers, export_signing_in
from assessment_app.ui.shell.user_feedback import error_text
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.background import BackgroundTask

MIB = 1024 * 1024
PROGRESS_STEPS = 1000  # the bar counts per mille: bundles exceed what a QProgressBar's int holds


def megabytes(count: int) -> str:
    return f"{count / MIB:.1f}"


def duration_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


class BundleExportDialog(QDialog):
    """Emits `exported(bundle_dir)` once a complete bundle was written."""

    exported = Signal(str)

    def __init__(self, context: WorkContext, visit_id: str, parent: QWidget | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.setObjectName("bundleExportDialog")
        self.context = context
        self.visit_id = visit_id
        self.monotonic = monotonic
        self.export: BackgroundTask[ExportResult] | None = None
        self.result: ExportResult | None = None
        self.started_at = 0.0
        self.signers = export_signers(context.records, visit_id)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("exportFolder")
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("exportBrowseButton")
        self.browse_button.clicked.connect(self.choose_folder)
        self.folder_label = QLabel(self)
        self.passphrase_labels: list[QLabel] = []
        self.passphrases: list[QLineEdit] = []
        for index, _ in enumerate(self.signers):
            self.passphrase_labels.append(QLabel(self))
            field = QLineEdit(self)
            field.setObjectName(f"exportPassphrase:{index}")
            field.setEchoMode(QLineEdit.EchoMode.Password)
            self.passphrases.append(field)
        self.part_size_label = QLabel(self)
        self.part_size = QSpinBox(self)
        self.part_size.setObjectName("exportPartSize")
        self.part_size.setRange(1, 4096)
        self.part_size.setValue(DEFAULT_PART_SIZE // MIB)
        self.part_size.setSuffix(" MiB")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.progress_text = QLabel(self)
        self.progress_text.setObjectName("exportProgressText")
        self.problem = QLabel(self)
        self.problem.setObjectName("exportProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.outcome = QLabel(self)
        self.outcome.setObjectName("exportOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("exportStartButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("exportCancelButton")
        self.cancel_button.clicked.connect(self.reject)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.folder_label, folder_row)
        for label, field in zip(self.passphrase_labels, self.passphrases):
            form.addRow(label, field)
        form.addRow(self.part_size_label, self.part_size)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.problem)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export the data bundle"))
        self.intro.setText(self.tr("The signed record, report, audit log and video are written as one encrypted, "
                                   "signed bundle for the agency. Both experts of the visit unlock their signing "
                                   "keys."))
        self.folder_label.setText(self.tr("Output folder"))
        self.browse_button.setText(self.tr("Choose…"))
        for label, signer in zip(self.passphrase_labels, self.signers):
            label.setText(self.tr("Passphrase of {name} ({number})").format(name=signer.name,
                                                                          number=signer.expert_number))
        self.part_size_label.setText(self.tr("Part size"))
        self.part_size.setToolTip(self.tr("The bundle is split into parts of at most this size, so a transfer "
                                          "can be checked and resumed part by part"))
        self.start_button.setText(self.tr("Start export"))
        self._show_cancel_text()

    def _show_cancel_text(self) -> None:
        if self.result is not None:
            self.cancel_button.setText(self.tr("Close"))
        else:
            self.cancel_button.setText(self.tr("Cancel"))

    # -- the steps ----------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the bundle"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def start(self) -> bool:
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            self._show_problem(self.tr("Choose an existing output folder first."))
            return False
        if not all(field.text() for field in self.passphrases):
            self._show_problem(self.tr("Both experts enter their passphrases."))
            return False
        passphrases = [(signer.expert_number, field.text()) for signer, field in zip(self.signers, self.passphrases)]
        part_size, records, visit_id, now = self.part_size.value() * MIB, self.context.records, self.visit_id, \
            self.context.now()

        def work(control) -> ExportResult:
            return export_signing_in(records, visit_id, folder, passphrases=passphrases, now=now,
                                     part_size=part_size, progress=control.progress, cancel=control.cancel_event)

        self._show_problem("")
        self.outcome.hide()
        self.progress.setValue(0)
        self.progress_text.setText(self.tr("Unlocking the signing keys and collecting the files…"))
        self._set_inputs_enabled(False)
        self.started_at = self.monotonic()
        self.export = BackgroundTask(work, success=self._finished, failure=self._failed, progress=self._show_progress,
                                     owner=self, name="ltc-assess-export")
        self.export.when_done(self._settled)
        self.export.start()
        return True

    @property
    def running(self) -> bool:
        return self.export is not None and self.export.running

    def request_cancel(self) -> None:
        if self.running:
            self.export.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_text.setText(self.tr("Cancelling… the partial output is being removed."))

    def reject(self) -> None:
        # Closing while the worker writes would orphan it: Cancel (Esc, the window's ×) stops it first.
        if self.running:
            self.request_cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running:
            self.request_cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.folder, self.browse_button, self.part_size, self.start_button, *self.passphrases):
            widget.setEnabled(enabled)

    def _settled(self) -> None:
        """Whatever the outcome (even a bug, which the exception hook reports), the dialog can be
        used or closed again."""
        self.cancel_button.setEnabled(True)
        if self.result is None:
            self._set_inputs_enabled(True)

    def _failed(self, error: AppError) -> None:
        for field in self.passphrases:
            field.clear()
        self.progress.setValue(0)
        self.progress_text.setText("")
        if isinstance(error, ExportCancelled):
            self._show_problem(self.tr("Export cancelled. The partial output was removed; nothing was written."))
        else:
            self._show_problem(error_text(error, self.context.language))

    def _show_progress(self, done: int, total: int) -> None:
        if total <= 0:
            return
        self.progress.setValue(min(PROGRESS_STEPS, done * PROGRESS_STEPS // total))
        elapsed = max(self.monotonic() - self.started_at, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate > 0 else None
        self.progress_text.setText(self.tr("{done} MB of {total} MB · {rate} MB/s · {left} left").format(
            done=megabytes(done), total=megabytes(total), rate=megabytes(int(rate)),
            left=duration_text(left) if left is not None else "—"))

    def _finished(self, result: ExportResult) -> None:
        self.result = result
        for field in self.passphrases:
            field.clear()
        self.progress.setValue(PROGRESS_STEPS)
        elapsed = max(self.monotonic() - self.started_at, 1e-6)
        self.progress_text.setText(self.tr("{total} MB written and re-read in {time} ({rate} MB/s).").format(
            total=megabytes(result.bytes), time=duration_text(elapsed), rate=megabytes(int(result.bytes / elapsed))))
        self.outcome.setText(self.tr("The bundle is complete: {parts} part(s) in\n{folder}\nHand in or upload this "
                                     "whole folder.").format(parts=result.parts, folder=result.bundle_dir))
        self.outcome.show()
        self.start_button.hide()
        self._show_cancel_text()
        self.exported.emit(str(result.bundle_dir))
