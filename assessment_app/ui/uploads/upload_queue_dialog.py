# SPDX-License-Identifier: GPL-3.0-or-later
"""上传队列: every bundle queued for the agency server, with its state, its progress (MB done of
total, MB/s, time left), the agency's verdict, 取消 / 重试 for the selected one, and the button
that asks the agency now (the verdicts, and through the runner the reviewers' decisions:
services/decision_pull.py). Not modal: it follows the upload runner live (UploadBridge) while the
experts go on working. One service call per click; the list comes from the workstation database,
so it shows offline too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.domain.agency_upload import CANCELLABLE_STATES, RETRYABLE_STATES, case_stage
from assessment_app.errors import AppError
from assessment_app.services.upload_queue import QueuedUpload, cancel_upload, list_uploads, retry_upload
from assessment_app.services.workstation_identity import UploadNotConfigured, workstation_connection
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.messages.upload_text import stage_text
from assessment_app.ui.uploads.upload_wording import not_configured_text, reasons_text, transfer_text

PROGRESS_STEPS = 1000
CASE, STATE, PROGRESS, FIGURES, OUTCOME = range(5)


class UploadQueueDialog(QDialog):
    def __init__(self, context: WorkContext, bridge: UploadBridge | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("uploadQueueDialog")
        self.context, self.bridge = context, bridge
        self.rows: list[QueuedUpload] = []
        self.server = QLabel(self)
        self.server.setObjectName("uploadServer")
        self.server.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("uploadTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in ((CASE, QHeaderView.ResizeMode.ResizeToContents),
                             (STATE, QHeaderView.ResizeMode.ResizeToContents),
                             (PROGRESS, QHeaderView.ResizeMode.Fixed),
                             (FIGURES, QHeaderView.ResizeMode.ResizeToContents),
                             (OUTCOME, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(PROGRESS, 140)
        self.table.itemSelectionChanged.connect(self._follow_selection)
        self.empty = QLabel(self)
        self.empty.setObjectName("uploadQueueEmpty")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("uploadCancelButton")
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("uploadRetryButton")
        self.retry_button.clicked.connect(lambda: self.retry_selected())
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("uploadRefreshButton")
        self.refresh_button.clicked.connect(self.ask_server)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("uploadCloseButton")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.retry_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.resize(1000, 420)
        if bridge is not None:
            bridge.queue_changed.connect(self.reload)
            bridge.progressed.connect(self._on_progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Upload queue"))
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("State"), self.tr("Progress"),
                                              self.tr("Transferred"), self.tr("Agency's result")])
        self.empty.setText(self.tr("Nothing queued. Export a signed visit, then press Upload on its case page."))
        self.cancel_button.setText(self.tr("Cancel upload"))
        self.retry_button.setText(self.tr("Retry now"))
        self.refresh_button.setText(self.tr("Ask the agency"))
        self.refresh_button.setToolTip(self.tr("Ask the agency server for the verdict on each bundle and for the "
                                               "reviewers' decisions"))
        self.close_button.setText(self.tr("Close"))
        self.reload()

    def reload(self) -> None:
        language = self.context.language
        try:
            connection = workstation_connection(self.context.records)
            self.server.setText(self.tr("Uploads go to {url} (this laptop: {name}).").format(
                url=connection.server_url, name=connection.name))
        except UploadNotConfigured as error:
            self.server.setText(not_configured_text(error.reason, language))
        try:
            self.rows = list_uploads(self.context.records, actor=self.context.session)
        except AppError:  # signed out: show nothing
            self.rows = []
        selected = self._selected()
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            self._show_row(index, row, self.bridge.figures(row.upload_id) if self.bridge else None)
            if selected is not None and row.upload_id == selected.upload_id:
                self.table.selectRow(index)
        self.empty.setVisible(not self.rows)
        self._follow_selection()

    def _show_row(self, index: int, row: QueuedUpload, figures) -> None:
        language = self.context.language
        stage = case_stage(row.state, row.server_status)
        done = figures.done if figures is not None and row.state == "uploading" else row.done_bytes
        self._set(index, CASE, f"{row.applicant_name or ''} · {row.bundle_id[:8]}")
        self._set(index, STATE, stage_text(stage, language))
        bar = self.table.cellWidget(index, PROGRESS)
        if not isinstance(bar, QProgressBar):
            bar = QProgressBar(self.table)
            bar.setRange(0, PROGRESS_STEPS)
            self.table.setCellWidget(index, PROGRESS, bar)
        bar.setValue(done * PROGRESS_STEPS // row.total_bytes if row.total_bytes else 0)
        self._set(index, FIGURES, transfer_text(done, row.total_bytes, figures if row.state == "uploading" else None))
        outcome = ""
        if row.server_status == "quarantined" and row.reasons:
            outcome = reasons_text(row.reasons, language, quarantine=True, details=row.reason_details)
        elif row.last_error and row.state in ("failed", "waiting"):
            outcome = reasons_text((row.last_error,), language, quarantine=False,
                                   details=(row.last_error_detail or "",))
            if row.next_attempt_at and row.state == "waiting":
                outcome += " " + self.tr("Next try at {time} UTC.").format(time=row.next_attempt_at[11:19])
        self._set(index, OUTCOME, outcome)

    def _set(self, index: int, column: int, text: str) -> None:
        item = self.table.item(index, column) or QTableWidgetItem()
        item.setText(text)
        item.setToolTip(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(index, column, item)

    def _on_progress(self, upload_id: str, figures) -> None:
        for index, row in enumerate(self.rows):
            if row.upload_id == upload_id and row.state == "uploading":
                self._show_row(index, row, figures)

    def _selected(self) -> QueuedUpload | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[indexes[0].row()] if indexes and indexes[0].row() < len(self.rows) else None

    def _follow_selection(self) -> None:
        row = self._selected()
        self.cancel_button.setEnabled(row is not None and row.state in CANCELLABLE_STATES)
        self.retry_button.setEnabled(row is not None and row.state in RETRYABLE_STATES)

    def select(self, upload_id: str) -> None:
        for index, row in enumerate(self.rows):
            if row.upload_id == upload_id:
                self.table.selectRow(index)

    def cancel_selected(self) -> bool:
        return self._act(cancel_upload, self.tr("The upload cannot be cancelled"))

    def retry_selected(self) -> bool:
        return self._act(retry_upload, self.tr("The upload cannot be started again"))

    def _act(self, action, title: str) -> bool:
        row = self._selected()
        if row is None:
            return False
        try:
            action(self.context.records, row.upload_id, self.context.now(), actor=self.context.session)
        except AppError as error:
            show_error(self, title, error, self.context.language)
            return False
        if self.bridge is not None:
            self.bridge.wake()
        self.reload()
        return True

    def ask_server(self) -> None:
        if self.bridge is None:
            return
        for case_id in {row.case_id for row in self.rows}:
            self.bridge.refresh_case(case_id)
