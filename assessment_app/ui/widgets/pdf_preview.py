# SPDX-License-Identifier: GPL-3.0-or-later
"""A PDF shown from memory: QtPdf reads the bytes through a QBuffer, so a draft report or a
comparison with an applicant's personal data is looked at without any file being written. The
only way out is 另存为…, which first says that the copy will not be encrypted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.widgets.in_memory import confirm_unencrypted_save


class PdfPreviewDialog(QDialog):
    """`save(path)` writes the unencrypted copy (a service call that records who saved what)."""

    def __init__(self, data: bytes, title: str, suggested_name: str, save: Callable[[Path], Path], language: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pdfPreviewDialog")
        self.setWindowTitle(title)
        self._save, self._suggested_name, self._language = save, suggested_name, language
        self.saved_to: Path | None = None
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        note = QLabel(self.tr("Shown from memory: nothing has been written to disk."), self)
        note.setObjectName("pdfPreviewNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(self.tr("Save an unencrypted copy…"), self)
        self.save_button.setObjectName("pdfSaveAsButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_copy)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def confirm_unencrypted(self) -> bool:
        return confirm_unencrypted_save(self, self.tr("Unencrypted copy"), self.tr(
            "The copy is NOT encrypted: anyone who gets the file can read the applicant's personal data. "
            "Save it only where it is protected, and delete it when it is no longer needed. Save anyway?"))

    def save_copy(self) -> Path | None:
        if not self.confirm_unencrypted():
            return None
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save an unencrypted copy"), self._suggested_name,
                                              self.tr("PDF (*.pdf)"))
        if not path:
            return None
        try:
            self.saved_to = self._save(Path(path))
        except AppError as error:
            show_error(self, self.tr("The copy was not saved"), error, self._language)
            return None
        return self.saved_to
