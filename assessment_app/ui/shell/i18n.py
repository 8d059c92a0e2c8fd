# SPDX-License-Identifier: GPL-3.0-or-later
"""Which language the interface speaks: installs our compiled catalogue (and Qt's own, for
standard dialogs) and swaps them live.

The catalogues are `resources/translations/ltc_assess_<language>.qm`, compiled from the .ts
sources by `pyside6-lrelease` (the Makefile does this before run and test).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from forms.model import LANGUAGES

from assessment_app.errors import AppError
from assessment_app.messages import describe_error
from assessment_app.resources import resource_path

CATALOGUE = "ltc_assess"
# Each language is offered in its own words, so a user who switched by mistake can switch back.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
QT_LOCALES = {"zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


class MissingCatalogueError(AppError):
    """A compiled translation file is absent or unreadable (worded in messages/app_text.py)."""

    reason = "missing_catalogue"

    def __init__(self, language: str, path: Path):
        super().__init__(f"{language}: {path}")
        self.language = language
        self.path = path


def in_both_languages(error: AppError) -> str:
    """The message in Chinese and in English: shown when the interface language itself failed."""
    return describe_error(error, "zh_CN") + "\n" + describe_error(error, "en")


def catalogue_path(language: str) -> Path:
    return resource_path("translations", f"{CATALOGUE}_{language}.qm")


class UiLanguage:
    """The application's current interface language. Keep one per QApplication."""

    def __init__(self, app: QCoreApplication):
        self._app = app
        self._installed: list[QTranslator] = []
        self.language: str | None = None

    def switch(self, language: str) -> None:
        """Install `language`; raises MissingCatalogueError (leaving the old language) if its
        catalogue cannot be loaded."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
        ours = QTranslator(self._app)
        path = catalogue_path(language)
        if not ours.load(str(path)):
            ours.deleteLater()
            raise MissingCatalogueError(language, path)
        qt_own = QTranslator(self._app)
        if not qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            qt_own.deleteLater()
            qt_own = None  # Qt's own strings (standard buttons) then stay in English: not worth failing for
        self.uninstall()
        self._installed = [ours] + ([qt_own] if qt_own is not None else [])
        for translator in self._installed:
            self._app.installTranslator(translator)
        QLocale.setDefault(QT_LOCALES[language])
        self.language = language

    def uninstall(self) -> None:
        """Remove our translators (the interface falls back to the English source strings)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
            translator.deleteLater()
        self._installed = []
        self.language = None

