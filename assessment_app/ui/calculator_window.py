"""The calculator window, the start of the visit screen: navigator | item cards | result panel.

Every click becomes one call on `CalculatorSession`; the window then shows what the session
says (answers, progress per dimension, result or what is missing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QComboBox, QLabel, QMainWindow, QMessageBox, QSizePolicy, QSplitter, QToolBar, QWidget,
)

from forms.model import DEFAULT_LANGUAGE, LANGUAGES, Form

from assessment_app.services.calculator import CalculatorSession
from assessment_app.ui.i18n import LANGUAGE_NAMES, MissingCatalogueError, UiLanguage
from assessment_app.ui.item_column import ItemColumn
from assessment_app.ui.navigator import ItemNavigator
from assessment_app.ui.result_panel import ResultPanel

NAVIGATOR_WIDTH = 210
PANEL_WIDTH = 420
DEFAULT_SIZE = (1366, 768)


class CalculatorWindow(QMainWindow):
    def __init__(self, form: Form, ui_language: UiLanguage | None = None, language: str = DEFAULT_LANGUAGE,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calculatorWindow")
        self.form = form
        self.session = CalculatorSession(form)
        self.ui_language = ui_language
        self.language = language

        self._build_toolbar()
        self._build_panes()
        self.column.chosen.connect(self.choose)
        self.navigator.item_requested.connect(self.column.scroll_to)
        self.panel.item_requested.connect(self.column.scroll_to)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)

        self.resize(*DEFAULT_SIZE)
        self._retranslate()
        self._refresh()

    # -- user actions -------------------------------------------------------------------------

    def choose(self, item_id: str, option_id: str) -> None:
        self.session.choose(item_id, option_id)
        self._refresh()

    def clear_all(self) -> None:
        if not self.session.answers or not self._confirm_clear():
            return
        self.session.clear()
        self._refresh()
        self.column.verticalScrollBar().setValue(0)

    def set_language(self, language: str) -> None:
        """Relabel everything in `language`; answers are untouched (they live in the session)."""
        if language == self.language:
            return
        if self.ui_language is not None:
            try:
                self.ui_language.switch(language)
            except MissingCatalogueError as error:
                QMessageBox.warning(self, "翻译缺失 / Translation missing", error.user_message())
                self._show_language_in_combo()
                return
        self.language = language
        self._show_language_in_combo()
        self._retranslate()
        self._refresh()

    # -- plumbing -----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        """Progress and 'clear all' on the left, the language switch on the right."""
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.toggleViewAction().setEnabled(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.progress_label = QLabel(self.toolbar)
        self.progress_label.setObjectName("overallProgress")
        self.toolbar.addWidget(self.progress_label)
        self.toolbar.addSeparator()
        self.clear_action = QAction(self)
        self.clear_action.setObjectName("clearAllAction")
        self.clear_action.triggered.connect(self.clear_all)
        self.toolbar.addAction(self.clear_action)
        self.toolbar.widgetForAction(self.clear_action).setObjectName("clearAllButton")
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.language_label = QLabel(self.toolbar)
        self.toolbar.addWidget(self.language_label)
        self.language_combo = QComboBox(self.toolbar)
        self.language_combo.setObjectName("languageCombo")
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(LANGUAGES.index(self.language))
        self.language_label.setBuddy(self.language_combo)
        self.language_combo.currentIndexChanged.connect(self._on_language_chosen)
        self.toolbar.addWidget(self.language_combo)

    def _build_panes(self) -> None:
        """Navigator | item cards | result panel; the cards take the spare width."""
        self.navigator = ItemNavigator(self.form)
        self.column = ItemColumn(self.form)
        self.panel = ResultPanel(self.form)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.navigator, 0), (self.column, 1), (self.panel, 0)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.indexOf(widget), stretch)
        self.navigator.setMinimumWidth(160)
        self.column.setMinimumWidth(480)
        self.panel.setMinimumWidth(320)
        splitter.setSizes([NAVIGATOR_WIDTH, DEFAULT_SIZE[0] - NAVIGATOR_WIDTH - PANEL_WIDTH, PANEL_WIDTH])
        self.setCentralWidget(splitter)

    def _confirm_clear(self) -> bool:
        box = QMessageBox(self)
        box.setObjectName("confirmClearDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Clear all answers"))
        box.setText(self.tr("Clear all {count} answers? This cannot be undone.").format(
            count=len(self.session.answers)))
        clear_button = box.addButton(self.tr("Clear all"), QMessageBox.ButtonRole.DestructiveRole)
        clear_button.setObjectName("confirmClearButton")
        cancel_button = box.addButton(self.tr("Keep answers"), QMessageBox.ButtonRole.RejectRole)
        cancel_button.setObjectName("cancelClearButton")
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        box.exec()
        return box.clickedButton() is clear_button

    def _on_language_chosen(self, index: int) -> None:
        self.set_language(self.language_combo.itemData(index))

    def _show_language_in_combo(self) -> None:
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(LANGUAGES.index(self.language))
        self.language_combo.blockSignals(False)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.column.keep_visible(new)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("LTC Disability Assessment Workstation — {form}").format(
            form=self.form.title.get(self.language)))
        self.clear_action.setText(self.tr("Clear all answers…"))
        self.clear_action.setToolTip(self.tr("Remove every answer and start again"))
        self.language_label.setText(self.tr("Language:"))
        self.language_combo.setToolTip(self.tr("Interface language"))
        self.navigator.retranslate(self.language)
        self.column.retranslate(self.language)

    def _refresh(self) -> None:
        answers = self.session.answers
        progress = self.session.progress()
        missing = self.session.missing_items()
        self.column.show_progress(progress, answers, self.language)
        self.navigator.show_answers(frozenset(answers))
        self.panel.show_state(progress, self.session.result(), missing, self.language)
        self.progress_label.setText(self.tr("Answered {answered} of {total} items").format(
            answered=len(self.form.items) - len(missing), total=len(self.form.items)))
        self.clear_action.setEnabled(bool(answers))
