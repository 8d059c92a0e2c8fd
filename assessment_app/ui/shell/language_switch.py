# SPDX-License-Identifier: GPL-3.0-or-later
"""The interface-language switch (中文 / English) shown in every window's toolbar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QWidget

from forms.model import LANGUAGES

from assessment_app.ui.shell.i18n import LANGUAGE_NAMES, MissingCatalogueError, UiLanguage, in_both_languages


class LanguageSwitch(QWidget):
    """Emits `requested(language)` when the user picks a language; shows what it is told."""

    requested = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("languageCombo")
        for code in LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES[code], code)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.show_language(language)
        self.combo.currentIndexChanged.connect(lambda index: self.requested.emit(self.combo.itemData(index)))
        self.retranslate()

    def show_language(self, language: str) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(LANGUAGES.index(language))
        self.combo.blockSignals(False)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Language:"))
        self.combo.setToolTip(self.tr("Interface language"))


def install_language(ui_language: UiLanguage | None, language: str, parent: QWidget) -> bool:
    """Install the catalogue of `language`; False (after telling the user) when it is missing."""
    if ui_language is None:
        return True
    try:
        ui_language.switch(language)
    except MissingCatalogueError as error:
        QMessageBox.warning(parent, "翻译缺失 / Translation missing", in_both_languages(error))
        return False
    return True
