# SPDX-License-Identifier: GPL-3.0-or-later
"""The calculator on its own in a window (the standalone calculator, and the page's tests).

The application's main window hosts the same `CalculatorPage` as one of its pages.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from forms.model import DEFAULT_LANGUAGE, Form

from assessment_app.ui.calculator.calculator_page import CalculatorPage
from assessment_app.ui.shell.i18n import UiLanguage
from assessment_app.ui.shell.language_switch import LanguageSwitch, install_language

DEFAULT_SIZE = (1366, 768)


class CalculatorWindow(QMainWindow):
    def __init__(self, form: Form, ui_language: UiLanguage | None = None, language: str = DEFAULT_LANGUAGE,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calculatorWindow")
        self.form = form
        self.ui_language = ui_language
        self.language = language
        self.page = CalculatorPage(form, language, self)
        self.setCentralWidget(self.page)
        self.language_switch = LanguageSwitch(language, self.page.toolbar)
        self.page.toolbar.addWidget(self.language_switch)
        self.language_switch.requested.connect(self.set_language)
        # The page's parts, reached through the window by the calculator's tests and users of old.
        self.toolbar, self.clear_action = self.page.toolbar, self.page.clear_action
        self.session, self.column, self.panel, self.navigator = (
            self.page.session, self.page.column, self.page.panel, self.page.navigator)
        self.resize(*DEFAULT_SIZE)
        self._retranslate_title()

    def choose(self, item_id: str, option_id: str) -> None:
        self.page.choose(item_id, option_id)

    def clear_all(self) -> None:
        self.page.clear_all()

    def set_language(self, language: str) -> None:
        """Relabel everything in `language`; answers are untouched (they live in the session)."""
        if language == self.language:
            return
        if not install_language(self.ui_language, language, self):
            self.language_switch.show_language(self.language)
            return
        self.language = language
        self.language_switch.show_language(language)
        self.language_switch.retranslate()
        self.page.retranslate(language)
        self._retranslate_title()

    def _retranslate_title(self) -> None:
        self.setWindowTitle(self.tr("LTC Disability Assessment Workstation — {form}").format(
            form=self.form.title.get(self.language)))
