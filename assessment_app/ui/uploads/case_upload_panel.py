# SPDX-License-Identifier: GPL-3.0-or-later
"""上传 on the case page: the button that queues the case's exported bundle for the agency server,
and the line that says what became of it (上传中 12.3 of 45.6 MB … → 已上传 → 已核验 / 已隔离 — reason,
then → 已审核（通过） once the decision is pulled back: case_decision_panel.py),
from the workstation database, so it shows offline too; opening a case asks the server again.

Two widgets the case page places itself (the button beside 导出数据包…, the line under the
heading). One service call per click; the network work is the upload runner's (UploadBridge).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from assessment_app.domain.agency_upload import CaseUploadStage, CaseUploadStatus
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services.upload_queue import UploadQueueError, case_upload_status, enqueue_case_upload
from assessment_app.services.workstation_identity import upload_configured
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.ui.uploads.upload_wording import case_status_text, not_configured_text

# Stages from which 上传 starts (again): nothing sent yet, or a person stopped or must act; and
# whatever the stage, a newer export (after a quarantine) that is not queued yet.
_UPLOADABLE = {CaseUploadStage.NONE, CaseUploadStage.FAILED, CaseUploadStage.CANCELLED}
_NEEDS_ATTENTION = {CaseUploadStage.FAILED, CaseUploadStage.QUARANTINED}


class CaseUploadPanel(QObject):
    def __init__(self, context: WorkContext, bridge: UploadBridge | None, parent: QWidget):
        super().__init__(parent)
        self.context, self.bridge, self.parent_widget = context, bridge, parent
        self.case_id: str | None = None
        self.exported = False
        self.status: CaseUploadStatus | None = None
        self.decision: str | None = None  # the agency's decision, as the case page last read it
        self.button = QPushButton(parent)
        self.button.setObjectName("uploadBundleButton")
        self.button.clicked.connect(lambda: self.upload())
        self.line = QLabel(parent)
        self.line.setObjectName("caseUploadStatus")
        self.line.setWordWrap(True)
        self.line.hide()
        if bridge is not None:
            bridge.queue_changed.connect(self.refresh)
            bridge.progressed.connect(self._on_progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Upload"))
        self.refresh()

    def show_case(self, case_id: str, *, exported: bool) -> None:
        """`exported`: the case's newest visit was exported (its bundle may be sent)."""
        self.case_id, self.exported = case_id, exported
        self.refresh()
        if self.bridge is not None and self.status is not None and self.status.stage is not CaseUploadStage.NONE:
            self.bridge.refresh_case(case_id)  # the server's latest word, when it can be reached

    def refresh(self) -> None:
        if self.case_id is None:
            return
        language = self.context.language
        try:
            self.status = case_upload_status(self.context.records, self.case_id, actor=self.context.session)
        except AppError:  # signed out meanwhile: nothing to show until someone signs in
            self.status = None
        reason = upload_configured(self.context.records)
        stage = self.status.stage if self.status else CaseUploadStage.NONE
        unsent = self.status is not None and self.status.export_unsent
        self.button.setEnabled(self.exported and reason is None and (stage in _UPLOADABLE or unsent)
                               and self.context.may(Permission.EXPORT_BUNDLE))
        self.button.setToolTip(not_configured_text(reason, language) if reason else self.tr(
            "Send the exported bundle to the agency server; the upload queue resumes it after a cut or a restart"))
        self._show_line(None)

    def show_decision(self, decision: str | None) -> None:
        """The stage line ends with the agency's decision once it is here."""
        if decision != self.decision:
            self.decision = decision
            self._show_line(None)

    def _show_line(self, figures) -> None:
        status = self.status
        visible = status is not None and status.stage is not CaseUploadStage.NONE
        self.line.setVisible(visible)
        if visible:
            self.line.setText(case_status_text(status, figures, self.context.language, self.decision))
            look = "fieldError" if status.stage in _NEEDS_ATTENTION else "infoText"
            if self.line.property("look") != look:
                set_look(self.line, look)
                self.line.style().unpolish(self.line)
                self.line.style().polish(self.line)

    def _on_progress(self, upload_id: str, figures) -> None:
        if self.status is not None and self.status.upload_id == upload_id:
            if self.status.stage is not CaseUploadStage.UPLOADING:
                self.refresh()
            self._show_line(figures)

    def upload(self, directory: str | None = None) -> bool:
        """Queue the case's bundle (asking for its folder when it is no longer where it was written)."""
        if self.case_id is None:
            return False
        try:
            enqueue_case_upload(self.context.records, self.case_id, self.context.now(), actor=self.context.session,
                                directory=directory)
        except UploadQueueError as error:
            if error.reason == "bundle_directory_missing" and directory is None:
                chosen = QFileDialog.getExistingDirectory(self.parent_widget, self.tr("Where is the bundle folder?"),
                                                          str(Path(str(error.detail)).parent))
                return self.upload(chosen) if chosen else False
            show_error(self.parent_widget, self.tr("The bundle cannot be uploaded"), error, self.context.language)
            return False
        except AppError as error:  # signed out meanwhile, a database error: said, nothing queued
            show_error(self.parent_widget, self.tr("The bundle cannot be uploaded"), error, self.context.language)
            return False
        if self.bridge is not None:
            self.bridge.wake()
        self.refresh()
        return True
