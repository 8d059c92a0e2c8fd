# SPDX-License-Identifier: GPL-3.0-or-later
"""Looking at a stored scan (decrypted in memory only) and at a camera still before it is kept."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from assessment_app.recording.still_capture import StillImage
from assessment_app.ui.shell.theme import set_look

MAX_VIEW = (1000, 620)


def _image_area(parent: QWidget, data: bytes) -> QWidget | None:
    image = QImage.fromData(data)
    if image.isNull():
        return None
    pixmap = QPixmap.fromImage(image)
    if pixmap.width() > MAX_VIEW[0] or pixmap.height() > MAX_VIEW[1]:
        pixmap = pixmap.scaled(*MAX_VIEW, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
    label = QLabel(parent)
    label.setObjectName("attachmentImage")
    label.setPixmap(pixmap)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    area = QScrollArea(parent)
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setMinimumSize(min(pixmap.width() + 4, MAX_VIEW[0]), min(pixmap.height() + 4, MAX_VIEW[1]))
    return area


class AttachmentDialog(QDialog):
    def __init__(self, data: bytes, media_type: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attachmentDialog")
        self.setWindowTitle(self.tr("Scan: {name}").format(name=name))
        size = QLocale().formattedDataSize(len(data))
        caption = QLabel(self.tr("{name} · {type} · {size}").format(name=name, type=media_type, size=size), self)
        caption.setObjectName("attachmentCaption")
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        self.image_area = None if media_type == "application/pdf" else _image_area(self, data)
        if self.image_area is not None:
            layout.addWidget(self.image_area, 1)
        else:
            note = QLabel(self.tr("This file is not shown here (PDF or an image format this computer cannot "
                                  "display). It is stored encrypted and intact."), self)
            note.setObjectName("attachmentNotShown")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class PhotoPreviewDialog(QDialog):
    """The camera still, and whether to keep it; says loudly when it came from the synthetic camera."""

    def __init__(self, still: StillImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("photoPreviewDialog")
        self.setWindowTitle(self.tr("Photo of the material"))
        layout = QVBoxLayout(self)
        if still.synthetic:
            warning = QLabel(self.tr(
                "No camera was found: this is a SYNTHETIC TEST IMAGE from the built-in test camera, not a photo "
                "of the document. Keep it only for trying out the program."), self)
            warning.setObjectName("syntheticWarning")
            warning.setWordWrap(True)
            set_look(warning, "warningText")
            layout.addWidget(warning)
        area = _image_area(self, still.jpeg)
        if area is not None:
            layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Keep photo"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
