# SPDX-License-Identifier: GPL-3.0-or-later
"""The application window: pages on the left (案件列表 / 新建受理 / 评分计算器 / 管理), the page in
the middle, and in the toolbar 备份… / 恢复…, the language switch and who is signed in (退出登录).
A case opened from the list or from intake is shown on the case page. In demo mode a banner
across the top says so; after the idle time the idle lock covers everything."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QSizePolicy,
    QStackedWidget, QToolBar, QVBoxLayout, QWidget,
)

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.security.passphrases import IdlePolicy
from assessment_app.services.accounts import SessionInfo, logout
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_session import interrupted_visits
from assessment_app.ui.admin.admin_page import AdminPage
from assessment_app.ui.admin.backup_actions import BackupActions
from assessment_app.ui.calculator.calculator_page import CalculatorPage
from assessment_app.ui.cases.case_detail_page import CaseDetailPage
from assessment_app.ui.cases.case_list_page import CaseListPage
from assessment_app.ui.cases.intake_page import IntakePage
from assessment_app.ui.review.review_page import ReviewPage
from assessment_app.ui.shell.account_wording import person_label, role_label
from assessment_app.ui.shell.demo_mode import DemoBanner
from assessment_app.ui.shell.i18n import UiLanguage
from assessment_app.ui.shell.idle_lock import IdleLock
from assessment_app.ui.shell.language_switch import LanguageSwitch, install_language
from assessment_app.ui.shell.large_text import LargeTextAction
from assessment_app.ui.shell.login_dialog import sign_in
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.supervision.supervision_page import SupervisionPage
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.ui.uploads.upload_queue_dialog import UploadQueueDialog
from assessment_app.ui.visit.visit_page import VisitPage

DEFAULT_SIZE = (1366, 768)
NAVIGATION_WIDTH = 150
CASES, INTAKE, CALCULATOR, ADMINISTRATION = range(4)
REVIEW = 4  # 审核, for reviewers: navigation rows after the first four, stacked before the case and visit pages
SUPERVISION = 5  # 统计与稽核, for reviewers and administrators


class MainWindow(QMainWindow):
    def __init__(self, context: WorkContext, ui_language: UiLanguage | None,
                 reopen_records: Callable[[], CaseRecords | None], parent: QWidget | None = None, *,
                 idle_policy: IdlePolicy | None = None, monotonic: Callable[[], float] = time.monotonic):
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
        self.administration = AdminPage(context, self)
        self.administration.experts_changed.connect(self.intake.reload_experts)
        # The upload queue's runner (started by app.py, stopped when the window closes).
        self.uploads = UploadBridge(context, self)
        self.upload_queue: UploadQueueDialog | None = None
        self.case_detail = CaseDetailPage(context, self, uploads=self.uploads)
        self.visit = VisitPage(context, self)
        self.stack = QStackedWidget(self)
        for page in (self.case_list, self.intake, self.calculator, self.administration, self.case_detail, self.visit):
            self.stack.addWidget(page)
        self.review = ReviewPage(context, self)
        self.stack.insertWidget(REVIEW, self.review)
        self.supervision = SupervisionPage(context, self)
        self.stack.insertWidget(SUPERVISION, self.supervision)
        self.stack.currentChanged.connect(lambda _: self._show_page_notice())
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("pageNavigation")
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        for _ in (CASES, INTAKE, CALCULATOR, ADMINISTRATION):
            self.navigation.addItem(QListWidgetItem())
        self.navigation.addItem(QListWidgetItem())  # REVIEW
        self.navigation.addItem(QListWidgetItem())  # SUPERVISION
        self.navigation.currentRowChanged.connect(self._on_navigation)

        self.case_list.case_requested.connect(self.open_case)
        self.intake.case_requested.connect(self.open_case)
        self.intake.case_requested.connect(lambda _: self.case_list.reload())
        self.case_detail.case_requested.connect(self.open_case)
        self.case_detail.back_requested.connect(lambda: self.show_page(CASES))
        self.case_detail.case_changed.connect(self.case_list.reload)
        self.case_detail.visit_requested.connect(self.open_visit)
        self.case_detail.resume_requested.connect(self.resume_visit)
        self.visit.back_requested.connect(self._back_from_visit)
        self.visit.visit_changed.connect(self.case_list.reload)

        self._build_toolbar()
        self.page_notice = QLabel(self)
        self.page_notice.setObjectName("pageNotice")
        set_look(self.page_notice, "pageNotice")
        self.page_notice.setWordWrap(True)
        self.page_notice.hide()
        pages = QVBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        pages.addWidget(self.page_notice)
        pages.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.navigation)
        body.addLayout(pages, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.demo_banner = DemoBanner(central) if context.demo else None
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.idle_lock = IdleLock(self, context, policy=idle_policy, monotonic=monotonic,
                                  switch_user=self.switch_user)
        self.resize(*DEFAULT_SIZE)
        self.retranslate()
        self.apply_session()
        self.show_page(CASES)

    # -- navigation ---------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        if page == ADMINISTRATION and not self.administration.offers_anything():
            page = CASES
        if page == REVIEW and not self.context.may(Permission.REVIEW):
            page = CASES
        if page == SUPERVISION and not self.context.may(Permission.SUPERVISE):
            page = CASES
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(page)
        self.navigation.blockSignals(False)
        self.stack.setCurrentIndex(page)
        if page == CASES:
            self.case_list.search_box.setFocus()
        elif page == ADMINISTRATION:
            self.administration.reload()
        elif page == REVIEW:
            self.review.show_queue()

    def open_case(self, case_id: str) -> None:
        if self.case_detail.show_case(case_id):
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(CASES)  # a case belongs under the case list
            self.navigation.blockSignals(False)
            self.stack.setCurrentWidget(self.case_detail)

    def open_visit(self, case_id: str) -> None:
        self.visit.open_case(case_id)
        self.stack.setCurrentWidget(self.visit)

    def resume_visit(self, visit_id: str, case_id: str) -> bool:
        """Continue an interrupted visit: the other expert of the pair signs in again first."""
        second = self.visit.sign_in_second_expert()
        if second is None:
            return False
        try:
            self.visit.resume(visit_id, case_id, second)
        except AppError as error:  # not one of this visit's experts, visit ended meanwhile
            show_error(self, self.tr("The visit cannot be resumed"), error, self.context.language)
            return False
        self.stack.setCurrentWidget(self.visit)
        return True

    def offer_interrupted_visit(self) -> bool:
        """After a crash: offer the signed-in expert the visit that was interrupted, at its last item."""
        session = self.context.session
        if session is None:
            return False
        try:
            interrupted = interrupted_visits(self.context.records, actor=session)
        except AppError:  # may not read cases: there is nothing of theirs to resume
            return False
        mine = [visit for visit in interrupted if session.expert_id in visit.expert_ids]
        if not mine:
            return False
        visit = mine[0]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Interrupted visit"), self.tr(
            "The visit of {name} was interrupted (last activity {when}). Every answer given is saved. Resume it "
            "now? The second expert signs in again; the recording continues as a new, linked part.").format(
            name=visit.applicant_name, when=visit.last_activity_at[:16].replace("T", " ")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("resumeVisitDialog")
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setObjectName("resumeVisitYesButton")
        box.exec()
        if box.clickedButton() is not yes:
            return False
        return self.resume_visit(visit.visit_id, visit.case_id)

    def _back_from_visit(self) -> None:
        if self.visit.case_id is not None:
            self.open_case(self.visit.case_id)
        else:
            self.show_page(CASES)

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
                          (CALCULATOR, self.tr("Calculator")), (ADMINISTRATION, self.tr("Administration"))):
            self.navigation.item(row).setText(text)
        self.navigation.item(REVIEW).setText(self.tr("Review"))
        self.navigation.item(SUPERVISION).setText(self.tr("Supervision"))
        self.upload_queue_action.setText(self.tr("Upload queue…"))
        self.upload_queue_action.setToolTip(self.tr("Bundles being sent to the agency server: progress, results, "
                                                    "cancel and retry"))
        if self.upload_queue is not None:
            self.upload_queue.retranslate()
        self.about_action.setText(self.tr("About"))
        self.about_action.setToolTip(self.tr("Versions, and the licences of the shipped font and libraries"))
        self.logout_action.setText(self.tr("Sign out"))
        self.logout_action.setToolTip(self.tr("Sign out; the next person signs in with their own passphrase"))
        self.language_switch.retranslate()
        self.large_text.retranslate()
        if self.demo_banner is not None:
            self.demo_banner.retranslate()
        self.case_list.retranslate(language)
        self.intake.retranslate(language)
        self.calculator.retranslate(language)
        self.administration.retranslate(language)
        self.case_detail.retranslate(language)
        self.visit.retranslate(language)
        self.review.retranslate(language)
        self.supervision.retranslate(language)
        self._show_user()
        self._show_page_notice()

    # -- who is signed in ---------------------------------------------------------------------

    def apply_session(self) -> None:
        """Show the signed-in person and offer the pages and actions the services grant them."""
        self._show_user()
        self.large_text.follow_user()
        allowed = self.context.granted()
        sees_administration = self.administration.offers_anything()
        self.navigation.setRowHidden(ADMINISTRATION, not sees_administration)
        self.navigation.setRowHidden(REVIEW, Permission.REVIEW not in allowed)
        self.navigation.setRowHidden(SUPERVISION, Permission.SUPERVISE not in allowed)
        if (self.stack.currentIndex() == REVIEW and Permission.REVIEW not in allowed) or (
                self.stack.currentIndex() == SUPERVISION and Permission.SUPERVISE not in allowed):
            self.show_page(CASES)
        self.supervision.follow_session()
        self.review.follow_session()
        self.intake.setEnabled(Permission.EDIT_CASES in allowed)
        self.backup_action.setEnabled(Permission.BACKUP in allowed)
        self.restore_action.setEnabled(Permission.RESTORE in allowed)
        if self.case_detail.detail is not None:
            self.case_detail.reload()
        if self.stack.currentIndex() == ADMINISTRATION:
            if sees_administration:
                self.administration.reload()  # the actions offered are the new person's
            else:
                self.show_page(CASES)
        self._show_page_notice()

    def sign_out(self) -> None:
        self._record_logout(self.context.session)
        self.context.session = None
        self.centralWidget().hide()  # nobody's cases stay on screen while the next person signs in
        self.toolbar.setEnabled(False)
        new_session = sign_in(self.context, self)
        self.centralWidget().show()
        self.toolbar.setEnabled(True)
        if new_session is None:
            self.close()
            return
        self._adopt(new_session)

    def switch_user(self) -> bool:
        """From the idle lock: someone else signs in; the locked-in person is signed out."""
        previous = self.context.session
        new_session = sign_in(self.context, self)
        if new_session is None:
            return False
        self._record_logout(previous)
        self._adopt(new_session)
        return True

    def _record_logout(self, session: SessionInfo | None) -> None:
        if session is None:
            return
        try:
            logout(self.context.records, session, self.context.now())
        except AppError as error:  # the sign-out happens anyway; the failure to log it is said
            show_error(self, self.tr("The sign-out was not recorded"), error, self.context.language)

    def _adopt(self, session: SessionInfo) -> None:
        self.context.session = session
        self.case_detail.clear()  # start from the list: the previous person's case stays closed
        self.apply_session()
        self.show_page(CASES)

    def _show_user(self) -> None:
        session = self.context.session
        self.user_label.setText(self.tr("Signed in: {person} · {role}").format(
            person=person_label(session.name, session.expert_number), role=role_label(session.role))
            if session else self.tr("Not signed in"))
        self.logout_action.setEnabled(session is not None)

    def _show_page_notice(self) -> None:
        page = self.stack.currentWidget()
        text = ""
        editing = page in (self.intake, self.case_detail) and self.context.may(Permission.EDIT_CASES)
        if not editing and page is self.intake:
            text = self.tr("Read only: new cases are taken in by assessors and administrators. As a reviewer you "
                           "see the case list and the cases.")
        elif not editing and page is self.case_detail:
            text = self.tr("Read only: as a reviewer you see this case but do not change it.")
        self.page_notice.setText(text)
        self.page_notice.setVisible(bool(text))

    # -- backup and restore -------------------------------------------------------------------

    def show_restored_records(self) -> None:
        """Everything shown may be gone or different after a restore: start again from the list.
        The restored records hold the backup's accounts and no sign-in of the old ones, so whoever
        works on them signs in again (no sign-out is recorded: those records are gone)."""
        self.case_detail.clear()
        self.context.session = None
        self.centralWidget().hide()
        self.toolbar.setEnabled(False)
        new_session = sign_in(self.context, self)
        self.centralWidget().show()
        self.toolbar.setEnabled(True)
        if new_session is None:
            self.close()
            return
        self.intake.reload_experts()
        self._adopt(new_session)
        self.case_list.reload()

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
        self.upload_queue_action = QAction(self)
        self.upload_queue_action.setObjectName("uploadQueueAction")
        self.upload_queue_action.triggered.connect(lambda: self.show_upload_queue())
        toolbar.addAction(self.upload_queue_action)
        self.about_action = QAction(self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.triggered.connect(self.show_about)
        toolbar.addAction(self.about_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.language_switch = LanguageSwitch(self.context.language, toolbar)
        self.language_switch.requested.connect(self.set_language)
        toolbar.addWidget(self.language_switch)
        self.large_text = LargeTextAction(self.context, self)
        toolbar.addAction(self.large_text)
        toolbar.addSeparator()
        self.user_label = QLabel(toolbar)
        self.user_label.setObjectName("signedInUser")
        toolbar.addWidget(self.user_label)
        self.logout_action = QAction(self)
        self.logout_action.setObjectName("logoutAction")
        self.logout_action.triggered.connect(self.sign_out)
        toolbar.addAction(self.logout_action)
        self.toolbar = toolbar

    def show_upload_queue(self) -> UploadQueueDialog:
        """The upload queue, one window, not modal: it follows the uploads while work goes on."""
        if self.upload_queue is None:
            self.upload_queue = UploadQueueDialog(self.context, self.uploads, self)
        self.upload_queue.reload()
        self.upload_queue.show()
        self.upload_queue.raise_()
        return self.upload_queue

    def show_about(self) -> None:
        from assessment_app.ui.shell.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def closeEvent(self, event) -> None:
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()  # a field being edited finishes before the window goes
        super().closeEvent(event)
        if event.isAccepted():
            self.idle_lock.stop()
            self.supervision.forget()  # signs out of the agency server, on the page's worker thread
            self.review.desk_bar.sign_out()  # the review desk's session on the server ends too
            self.uploads.stop()  # the upload in hand goes back to the queue, resumed at the next start
