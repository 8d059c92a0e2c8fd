"""The application window: pages on the left (案件列表 / 新建受理 / 评分计算器), the page in the
middle, and in the toolbar 备份… / 恢复… and the language switch. A case opened from the list or
from intake is shown on the case page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QSizePolicy, QStackedWidget, QToolBar,
    QWidget,
)

from assessment_app.services.case_records import CaseRecords
from assessment_app.ui.backup_actions import BackupActions
from assessment_app.ui.calculator_page import CalculatorPage
from assessment_app.ui.case_detail_page import CaseDetailPage
from assessment_app.ui.case_list_page import CaseListPage
from assessment_app.ui.i18n import UiLanguage
from assessment_app.ui.intake_page import IntakePage
from assessment_app.ui.language_switch import LanguageSwitch, install_language
from assessment_app.ui.work_context import WorkContext

DEFAULT_SIZE = (1366, 768)
NAVIGATION_WIDTH = 150
CASES, INTAKE, CALCULATOR = range(3)


class MainWindow(QMainWindow):
    def __init__(self, context: WorkContext, ui_language: UiLanguage | None,
                 reopen_records: Callable[[], CaseRecords | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.ui_language = ui_language
        self.backup = BackupActions(context, self, reopen_records)
        self.backup.records_replaced.connect(self.show_restored_records)
        self.backup.records_lost.connect(self.close)

        self.case_list = CaseListPage(context, self)
        self.intake = IntakePage(context, self)
        self.calculator = CalculatorPage(context.form, context.language, self)
        self.case_detail = CaseDetailPage(context, self)
        self.stack = QStackedWidget(self)
        for page in (self.case_list, self.intake, self.calculator, self.case_detail):
            self.stack.addWidget(page)
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("pageNavigation")
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        for _ in (CASES, INTAKE, CALCULATOR):
            self.navigation.addItem(QListWidgetItem())
        self.navigation.currentRowChanged.connect(self._on_navigation)

        self.case_list.case_requested.connect(self.open_case)
        self.intake.case_requested.connect(self.open_case)
        self.intake.case_requested.connect(lambda _: self.case_list.reload())
        self.case_detail.case_requested.connect(self.open_case)
        self.case_detail.back_requested.connect(lambda: self.show_page(CASES))
        self.case_detail.case_changed.connect(self.case_list.reload)

        self._build_toolbar()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(*DEFAULT_SIZE)
        self.retranslate()
        self.show_page(CASES)

    # -- navigation ---------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(page)
        self.navigation.blockSignals(False)
        self.stack.setCurrentIndex(page)
        if page == CASES:
            self.case_list.search_box.setFocus()

    def open_case(self, case_id: str) -> None:
        if self.case_detail.show_case(case_id):
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(CASES)  # a case belongs under the case list
            self.navigation.blockSignals(False)
            self.stack.setCurrentWidget(self.case_detail)

    def _on_navigation(self, row: int) -> None:
        if row >= 0:
            self.show_page(row)

    # -- language -----------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        if language == self.context.language:
            return
        if not install_language(self.ui_language, language, self):
            self.language_switch.show_language(self.context.language)
            return
        self.context.language = language
        self.language_switch.show_language(language)
        self.retranslate()

    def retranslate(self) -> None:
        language = self.context.language
        self.setWindowTitle(self.tr("LTC Disability Assessment Workstation"))
        self.backup_action.setText(self.tr("Backup…"))
        self.backup_action.setToolTip(self.tr("Write an encrypted backup file of all case records"))
        self.restore_action.setText(self.tr("Restore…"))
        self.restore_action.setToolTip(self.tr("Replace all case records by a verified backup"))
        for row, text in ((CASES, self.tr("Cases")), (INTAKE, self.tr("New intake")),
                          (CALCULATOR, self.tr("Calculator"))):
            self.navigation.item(row).setText(text)
        self.language_switch.retranslate()
        self.case_list.retranslate(language)
        self.intake.retranslate(language)
        self.calculator.retranslate(language)
        self.case_detail.retranslate(language)

    # -- backup and restore -------------------------------------------------------------------

    def show_restored_records(self) -> None:
        """Everything shown may be gone or different after a restore: start again from the list."""
        self.case_detail.clear()
        self.intake.reload_experts()
        self.case_list.reload()
        self.show_page(CASES)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self)
        toolbar.setObjectName("applicationToolBar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.toggleViewAction().setEnabled(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.backup_action = QAction(self)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(self.backup.create_backup)
        self.restore_action = QAction(self)
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.triggered.connect(self.backup.restore_backup)
        toolbar.addAction(self.backup_action)
        toolbar.addAction(self.restore_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.language_switch = LanguageSwitch(self.context.language, toolbar)
        self.language_switch.requested.connect(self.set_language)
        toolbar.addWidget(self.language_switch)
        self.toolbar = toolbar

    def closeEvent(self, event) -> None:
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()  # a field being edited finishes before the window goes
        super().closeEvent(event)
