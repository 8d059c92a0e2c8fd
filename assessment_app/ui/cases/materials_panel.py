# SPDX-License-Identifier: GPL-3.0-or-later
"""The materials tab of a case: each checklist material with its received state, and per
material 导入扫描件… (file), 拍照 (camera) and 查看 (the decrypted scan, shown in memory)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from assessment_app.domain.materials import GROUP_LABELS, Necessity, checklist_for
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.recording.still_capture import capture_still
from assessment_app.services.case_files import attach_scan, read_attachment, set_material_received
from assessment_app.services.case_queries import CaseDetail
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.attachment_viewer import AttachmentDialog, PhotoPreviewDialog


class MaterialsPanel(QWidget):
    """Emits `changed()` after anything was stored, so the case is shown afresh."""

    changed = Signal()

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.camera_index: int | None = 0  # None: the synthetic camera straight away
        self.detail: CaseDetail | None = None
        self.missing = QLabel(self)
        self.missing.setObjectName("missingMaterials")
        self.missing.setWordWrap(True)
        self.grid_host = QWidget()
        set_look(self.grid_host, "page")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(10)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.missing)
        layout.addWidget(scroll, 1)

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # out of the tree now; deleted once its signals are done
                widget.deleteLater()
        language = self.context.language
        editable = self.context.may(Permission.EDIT_CASES)  # a reviewer sees the scans, changes nothing
        states = {material.code: material for material in detail.materials}
        requirements = [r for r in checklist_for(detail.application_type) if r.code in states]
        for row, requirement in enumerate(requirements):
            state = states[requirement.code]
            code = requirement.code
            name = requirement.label.get(language)
            if requirement.necessity is Necessity.REQUIRED:
                name = self.tr("{material} (required)").format(material=name)
            elif requirement.necessity is Necessity.OPTIONAL:
                name = self.tr("{material} (optional)").format(material=name)
            else:
                name = f"{name} — {GROUP_LABELS[requirement.group].get(language)}"
            received = QCheckBox(name, self.grid_host)
            received.setObjectName(f"received:{code}")
            received.setChecked(state.received)
            received.setEnabled(editable)
            received.setToolTip(self.tr("Tick when the original was seen, even without a scan"))
            received.toggled.connect(lambda checked, c=code: self.set_received(c, checked))
            scan_name = QLabel(state.attachment_name or self.tr("no scan"), self.grid_host)
            scan_name.setObjectName(f"scanName:{code}")
            set_look(scan_name, "body" if state.attachment_id else "fieldHint")
            buttons = [
                (self.tr("Import scan…"), f"importScan:{code}", lambda _=False, c=code: self.import_scan(c), editable),
                (self.tr("Take photo"), f"takePhoto:{code}", lambda _=False, c=code: self.take_photo(c), editable),
                (self.tr("View"), f"viewScan:{code}", lambda _=False, c=code: self.view_scan(c),
                 state.attachment_id is not None),
            ]
            self.grid.addWidget(received, row, 0)
            self.grid.addWidget(scan_name, row, 1)
            for column, (text, object_name, slot, enabled) in enumerate(buttons, start=2):
                button = QPushButton(text, self.grid_host)
                button.setObjectName(object_name)
                button.setEnabled(enabled)
                button.clicked.connect(slot)
                self.grid.addWidget(button, row, column + 1)
        self.grid.setRowStretch(len(requirements), 1)
        missing = [r.label.get(language) for r in requirements if r.code in detail.missing_material_codes]
        self.missing.setText(self.tr("Still missing: {materials}").format(materials="、".join(missing))
                             if missing else self.tr("All required materials are received."))
        set_look(self.missing, "warningText" if missing else "infoText")
        self.missing.style().unpolish(self.missing)
        self.missing.style().polish(self.missing)

    # -- user actions -------------------------------------------------------------------------

    def import_scan(self, code: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a scan"), "",
                                              self.tr("Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"))
        if not path:
            return None
        return self._store(code, Path(path), Path(path).name, "scan")

    def take_photo(self, code: str) -> str | None:
        try:
            with busy_cursor():
                still = capture_still(self.context.now(), self.camera_index)
        except AppError as error:  # a camera fault is told, nothing is stored
            show_error(self, self.tr("No photo"), error, self.context.language)
            return None
        if not self.confirm_photo(still):
            return None
        name = f"{code}-{self.context.now().strftime('%Y%m%d-%H%M%S')}.jpg"
        return self._store(code, still.jpeg, name, "photo")

    def confirm_photo(self, still) -> bool:
        dialog = PhotoPreviewDialog(still, self)
        kept = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return kept

    def view_scan(self, code: str) -> AttachmentDialog | None:
        state = next((m for m in self.detail.materials if m.code == code), None)
        if state is None or state.attachment_id is None:
            return None
        try:
            with busy_cursor():
                data, media_type, name = read_attachment(self.context.records, state.attachment_id,
                                                         actor=self.context.session)
        except AppError as error:  # damaged or missing file: told, never shown half
            show_error(self, self.tr("The scan cannot be shown"), error, self.context.language)
            return None
        dialog = AttachmentDialog(data, media_type, name, self)
        dialog.open()
        return dialog

    def set_received(self, code: str, received: bool) -> None:
        try:
            set_material_received(self.context.records, self.detail.case_id, code, received,
                                  actor=self.context.session, now=self.context.now())
        except AppError as error:
            show_error(self, self.tr("Not saved"), error, self.context.language)
        self.changed.emit()

    def _store(self, code: str, source, name: str, kind: str) -> str | None:
        try:
            with busy_cursor():
                attachment_id = attach_scan(self.context.records, self.detail.case_id, code, source,
                                            original_name=name, now=self.context.now(), kind=kind,
                                            actor=self.context.session)
        except AppError as error:  # a refused file (type, size) or a storage fault
            show_error(self, self.tr("The scan was not stored"), error, self.context.language)
            return None
        self.changed.emit()
        return attachment_id
