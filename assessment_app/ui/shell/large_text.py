# SPDX-License-Identifier: GPL-3.0-or-later
"""大字体: a toolbar toggle that makes all type 25 % larger, remembered per person on this
workstation (an ini file in the data directory, next to the records it belongs with), so each
expert finds their choice again after signing in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from assessment_app.ui.shell.theme import LARGE_TEXT_SCALE, set_text_scale, text_scale

PREFERENCES_FILE = "ui-preferences.ini"


def preferences(data_dir: Path | None) -> QSettings:
    if data_dir is None:
        return QSettings()
    return QSettings(str(Path(data_dir) / PREFERENCES_FILE), QSettings.Format.IniFormat)


class LargeTextAction(QAction):
    def __init__(self, context, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("largeTextAction")
        self.setCheckable(True)
        self.context = context
        self.toggled.connect(self._apply)

    def _key(self) -> str | None:
        session = self.context.session
        return f"large_text/{session.expert_id}" if session is not None else None

    def follow_user(self) -> None:
        """Take up the signed-in person's choice (normal text when nobody is signed in)."""
        key = self._key()
        wanted = key is not None and preferences(self.context.data_dir).value(key, False, type=bool)
        self.blockSignals(True)
        self.setChecked(wanted)
        self.blockSignals(False)
        self._show(wanted)

    def _apply(self, large: bool) -> None:
        key = self._key()
        if key is not None:
            stored = preferences(self.context.data_dir)
            stored.setValue(key, large)
            stored.sync()
        self._show(large)

    def _show(self, large: bool) -> None:
        app = QApplication.instance()
        scale = LARGE_TEXT_SCALE if large else 1.0
        if abs(text_scale(app) - scale) > 0.01:
            set_text_scale(app, scale)

    def retranslate(self) -> None:
        self.setText(self.tr("Large text"))
        self.setToolTip(self.tr("Make all text larger (remembered for the signed-in person)"))
