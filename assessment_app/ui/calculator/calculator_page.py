# SPDX-License-Identifier: GPL-3.0-or-later
"""The instrument calculator as a page: navigator | item cards | result panel, with its own bar
(progress and "clear all") on top.

Every click becomes one call on `CalculatorSession`; the page then shows what the session
says (answers, progress per dimension, result or what is missing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QLabel, QMessageBox, QSizePolicy, QSplitter, QToolBar, QVBoxLayout, QWidget,
)

from forms.model import DEFAULT_LANGUAGE, Form

from assessment_app.services.calculator import CalculatorSession
from assessment_app.ui.widgets.item_column import ItemColumn
from assessment_app.ui.widgets.navigator import ItemNavigator
from assessment_app.ui.widgets.result_panel import ResultPanel

NAVIGATOR_WIDTH = 210
PANEL_WIDTH = 420
DEFAULT_WIDTH = 1366


class CalculatorPage(QWidget):
    def __init__(self, form: Form, language: str = DEFAULT_LANGUAGE, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calculatorPage")
        self.form = form
        self.session = CalculatorSession(form)
        self.language = language

        self._build_toolbar()
        self._build_panes()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        self.column.chosen.connect(self.choose)
        self.navigator.item_requested.connect(self.column.scroll_to)
        self.panel.item_requested.connect(self.column.scroll_to)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)
        self.retranslate(language)

    # -- user actions -------------------------------------------------------------------------

    def choose(self, item_id: str, option_id: str) -> None:
        self.session.choose(item_id, option_id)
        self.refresh()

    def clear_all(self) -> None:
        if not self.session.answers or not self._confirm_clear():
            return
        self.session.clear()
        self.refresh()
        self.column.verticalScrollBar().setValue(0)

    def retranslate(self, language: str) -> None:
        """Relabel everything in `language`; answers are untouched (they live in the session)."""
        self.language = language
        self.clear_action.setText(self.tr("Clear all answers…"))
        self.clear_action.setToolTip(self.tr("Remove every answer and start again"))
        self.navigator.retranslate(language)
        self.column.retranslate(language)
        self.refresh()

    # -- plumbing -----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        """Progress and 'clear all' on the left; whoever hosts the page may add to the right."""
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.toggleViewAction().setEnabled(False)
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

    def _build_panes(self) -> None:
        """Navigator | item cards | result panel; the cards take the spare width."""
        self.navigator = ItemNavigator(self.form)
        self.column = ItemColumn(self.form)
        self.panel = ResultPanel(self.form)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.navigator, 0), (self.column, 1), (self.panel, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        self.navigator.setMinimumWidth(160)
        self.column.setMinimumWidth(480)
        self.panel.setMinimumWidth(320)
        self.splitter.setSizes([NAVIGATOR_WIDTH, DEFAULT_WIDTH - NAVIGATOR_WIDTH - PANEL_WIDTH, PANEL_WIDTH])

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

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.column.keep_visible(new)

    def refresh(self) -> None:
        answers = self.session.answers
        progress = self.session.progress()
        missing = self.session.missing_items()
        self.column.show_progress(progress, answers, self.language)
        self.navigator.show_answers(frozenset(answers))
        self.panel.show_state(progress, self.session.result(), missing, self.language)
        self.progress_label.setText(self.tr("Answered {answered} of {total} items").format(
            answered=len(self.form.items) - len(missing), total=len(self.form.items)))
        self.clear_action.setEnabled(bool(answers))
