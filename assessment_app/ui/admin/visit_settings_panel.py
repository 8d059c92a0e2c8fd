# SPDX-License-Identifier: GPL-3.0-or-later
"""管理 → visit settings: what the agency decides for every visit on this laptop (continue without
recording, dual entry, watermark, ID number on the report, camera, resolution, frame rate,
microphone, planned visit length for the disk preflight). One editor per typed setting spec;
saving hands each changed value to services/agency_settings.py, which checks it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services.agency_settings import INTEGER, SETTINGS, YES_NO, read_settings, store_setting
from assessment_app.services.recording_settings import CAMERA_INDEX, FPS, MICROPHONE, PLANNED_MINUTES, RESOLUTION
from assessment_app.services.visit_report import ID_DISPLAY_SETTING
from assessment_app.services.visit_settings import ALLOW_WITHOUT_RECORDING, DUAL_ENTRY, RECORDING_WATERMARK
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import error_text

SHOWN = (ALLOW_WITHOUT_RECORDING, DUAL_ENTRY, RECORDING_WATERMARK, ID_DISPLAY_SETTING, CAMERA_INDEX, RESOLUTION, FPS,
         MICROPHONE, PLANNED_MINUTES)


class VisitSettingsPanel(QGroupBox):
    saved = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitSettingsPanel")
        self.context = context
        self.editors: dict[str, QWidget] = {}
        self.captions: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in SHOWN:
            spec = SETTINGS[key]
            if spec.kind == YES_NO:
                editor = QCheckBox(self)
            elif spec.kind == INTEGER:
                editor = QSpinBox(self)
                editor.setRange(spec.minimum, spec.maximum)
            else:
                editor = QComboBox(self)
                for choice in spec.choices:
                    editor.addItem(choice, choice)
            editor.setObjectName(f"setting:{key}")
            self.editors[key] = editor
            if isinstance(editor, QCheckBox):
                form.addRow(editor)  # its own text says what it is, across the whole row
                continue
            caption = QLabel(self)
            caption.setBuddy(editor)
            caption.setWordWrap(True)
            self.captions[key] = caption
            form.addRow(caption, editor)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveVisitSettingsButton")
        self.save_button.clicked.connect(lambda _=False: self.save())
        self.result = QLabel(self)
        self.result.setObjectName("visitSettingsResult")
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def reload(self) -> None:
        values = read_settings(self.context.records)
        editable = self.context.may(Permission.CHANGE_SETTINGS)  # the rules are shown to everyone
        self.save_button.setVisible(editable)
        for key, editor in self.editors.items():
            editor.setEnabled(editable)
            value = values[key]
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            else:
                editor.setCurrentIndex(max(0, editor.findData(value)))
        self.result.setText("")

    def values(self) -> dict[str, int | bool | str]:
        values = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[key] = editor.value()
            else:
                values[key] = editor.currentData()
        return values

    def save(self) -> bool:
        stored = read_settings(self.context.records)
        try:
            for key, value in self.values().items():
                if stored[key] != value:
                    store_setting(self.context.records, key, value, actor=self.context.session,
                                  now=self.context.now())
        except AppError as error:  # a value out of range is named; the others stay stored
            self.result.setText(error_text(error, self.context.language))
            set_look(self.result, "fieldError")
            return False
        self.result.setText(self.tr("Saved. The next visit uses these settings."))
        set_look(self.result, "fieldHint")
        self.saved.emit()
        return True

    def retranslate(self) -> None:
        self.setTitle(self.tr("Visit and recording"))
        texts = {
            ALLOW_WITHOUT_RECORDING: self.tr("A visit may go on without recording (refused, no camera)"),
            DUAL_ENTRY: self.tr("Dual entry: each expert rates independently"),
            RECORDING_WATERMARK: self.tr("Watermark in the video (agency, case number, time)"),
            ID_DISPLAY_SETTING: self.tr("ID number on the report:"),
            CAMERA_INDEX: self.tr("Camera number (0 = first):"),
            RESOLUTION: self.tr("Recording resolution:"),
            FPS: self.tr("Frames per second:"),
            MICROPHONE: self.tr("Record sound from the microphone"),
            PLANNED_MINUTES: self.tr("Planned visit length (minutes, for the disk check):"),
        }
        for key, text in texts.items():
            editor = self.editors[key]
            if isinstance(editor, QCheckBox):
                editor.setText(text)
            else:
                self.captions[key].setText(text)
        id_display = self.editors[ID_DISPLAY_SETTING]
        for index, text in enumerate((self.tr("masked (part of the number hidden)"), self.tr("full number"))):
            id_display.setItemText(index, text)
        self.save_button.setText(self.tr("Save settings"))
