# SPDX-License-Identifier: GPL-3.0-or-later
"""An input with, underneath, a quiet line for what was understood (derived birth date, progress)
and a red line for what is wrong with it. Used by every form that validates as the user types."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from assessment_app.ui.shell.theme import set_look


class FieldBox(QWidget):
    def __init__(self, field: str, editor: QWidget | QLayout, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.editor = editor
        self.setObjectName(f"fieldBox:{field}")
        self.hint = QLabel(self)
        self.hint.setObjectName(f"fieldHint:{field}")
        set_look(self.hint, "fieldHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.error = QLabel(self)
        self.error.setObjectName(f"fieldError:{field}")
        set_look(self.error, "fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(editor, QLayout):
            layout.addLayout(editor)
        else:
            layout.addWidget(editor)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)

    def show_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))

    def show_hint(self, text: str | None) -> None:
        self.hint.setText(text or "")
        self.hint.setVisible(bool(text))

    def has_error(self) -> bool:
        return bool(self.error.text())
