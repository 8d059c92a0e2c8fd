# SPDX-License-Identifier: GPL-3.0-or-later
"""The 纠偏 warning banner of a case: each re-application flag with its reason, impossible to miss."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from assessment_app.domain.reapplication import Flag
from assessment_app.ui.shell.theme import set_look


class FlagsBanner(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("flagsBanner")
        set_look(self, "warningBanner")
        self.title = QLabel(self)
        self.title.setObjectName("flagsTitle")
        set_look(self.title, "warningTitle")
        self.reasons = QLabel(self)
        self.reasons.setObjectName("flagsReasons")
        set_look(self.reasons, "warningText")
        self.reasons.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.reasons)
        self.flags: tuple[Flag, ...] = ()
        self.hide()

    def show_flags(self, flags: tuple[Flag, ...], language: str) -> None:
        self.flags = flags
        self.title.setText(self.tr("⚠ Re-application check: a reviewer should look at this application"))
        self.reasons.setText("\n".join(f"• {flag.message(language)}" for flag in flags))
        self.setVisible(bool(flags))
