# SPDX-License-Identifier: GPL-3.0-or-later
"""What the screens do with documents that are kept in memory: an image encoded as PNG bytes
without a file (a signature, a dashboard plot for the PDF), and the warning asked before a copy
leaves the encrypted data directory as a plain file."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget


def png_bytes(image: QImage | QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def confirm_unencrypted_save(parent: QWidget, title: str, warning: str) -> bool:
    """Save or Cancel (the default) under `warning`, which says what the plain file exposes."""
    answer = QMessageBox.warning(parent, title, warning,
                                 QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                                 QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Save
