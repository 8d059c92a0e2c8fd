# SPDX-License-Identifier: GPL-3.0-or-later
"""One case: who and what (ID number masked), where its bundle and the agency's decision on it
stand (ui/uploads/), the 纠偏 warning banner, and tabs for the overview
with earlier applications, the materials and their scans, the self-assessment against the
experts' result, and the versions of the assessment record."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from assessment_app.domain.case_types import ApplicationType, CaseStatus
from assessment_app.errors import AppError
from assessment_app.services.case_actions import CaseActions, case_actions
from assessment_app.services.case_queries import CaseDetail, case_detail
from assessment_app.ui.cases.bundle_export_dialog import BundleExportDialog
from assessment_app.ui.cases.case_overview import CaseOverview
from assessment_app.ui.cases.materials_panel import MaterialsPanel
from assessment_app.ui.cases.record_history_view import RecordHistoryView
from assessment_app.ui.cases.self_assessment_view import SelfAssessmentView
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.uploads.case_decision_panel import CaseDecisionPanel
from assessment_app.ui.uploads.case_upload_panel import CaseUploadPanel
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.ui.widgets.flags_banner import FlagsBanner
from assessment_app.ui.widgets.reveal_dialog import RevealDialog

OVERVIEW_TAB, MATERIALS_TAB, SELF_ASSESSMENT_TAB, HISTORY_TAB = range(4)


class CaseDetailPage(QWidget):
    """Emits `case_requested(case_id)` to open another (earlier) case, `back_requested()` for the list
    and `case_changed()` after anything of the case was stored (the list may need refreshing)."""

    case_requested = Signal(str)
    back_requested = Signal()
    case_changed = Signal()
    visit_requested = Signal(str)  # case id: start a new visit
    resume_requested = Signal(str, str)  # visit id, case id: continue an interrupted visit

    def __init__(self, context: WorkContext, parent: QWidget | None = None, *, uploads: UploadBridge | None = None):
        super().__init__(parent)
        self.setObjectName("caseDetailPage")
        set_look(self, "page")
        self.context = context
        self.detail: CaseDetail | None = None
        self.actions: CaseActions | None = None
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backToListButton")
        self.back_button.clicked.connect(self.back_requested)
        self.visit_button = QPushButton(self)
        self.visit_button.setObjectName("visitButton")
        self.visit_button.clicked.connect(self._on_visit_button)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportBundleButton")
        self.export_button.clicked.connect(lambda: self.export_bundle())
        self.heading = QLabel(self)
        self.heading.setObjectName("caseHeading")
        set_look(self.heading, "pageHeading")
        self.status_badge = QLabel(self)
        self.status_badge.setObjectName("caseStatusBadge")
        set_look(self.status_badge, "statusBadge")
        self.banner = FlagsBanner(self)
        self.overview = CaseOverview(context.form, self)
        self.materials = MaterialsPanel(context, self)
        self.self_assessment = SelfAssessmentView(context, self)
        self.history = RecordHistoryView(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("caseTabs")
        for widget in (self.overview, self.materials, self.self_assessment, self.history):
            self.tabs.addTab(widget, "")
        self.overview.reveal_requested.connect(self.reveal_resident_id)
        self.overview.case_requested.connect(self.case_requested)
        for part in (self.materials, self.self_assessment, self.history):
            part.changed.connect(self.reload)
            part.changed.connect(self.case_changed)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(8)
        header.addWidget(self.heading, 1)
        header.addWidget(self.status_badge)
        header.addWidget(self.visit_button)
        header.addWidget(self.export_button)
        self.upload_panel = CaseUploadPanel(context, uploads, self)
        header.addWidget(self.upload_panel.button)
        self.decision_panel = CaseDecisionPanel(context, uploads, self)
        header.addWidget(self.decision_panel.pull_button)
        self.decision_panel.decision_shown.connect(
            lambda decision: self.upload_panel.show_decision(decision.decision if decision else None))
        self.decision_panel.case_requested.connect(self.case_requested)
        self.decision_panel.case_changed.connect(self.reload)
        self.decision_panel.case_changed.connect(self.case_changed)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_panel.line, 1)
        decision_row.addWidget(self.decision_panel.new_case_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.upload_panel.line)
        layout.addLayout(decision_row)
        layout.addWidget(self.decision_panel.notice)
        layout.addWidget(self.decision_panel.refusals)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.retranslate(context.language)

    def show_case(self, case_id: str) -> bool:
        try:
            with busy_cursor():
                detail = case_detail(self.context.records, case_id, actor=self.context.session)
                actions = case_actions(self.context.records, case_id, actor=self.context.session)
        except AppError as error:  # a missing or unreadable case is told, not shown half
            show_error(self, self.tr("The case cannot be opened"), error, self.context.language)
            return False
        if self.detail is None or self.detail.case_id != case_id:
            self.tabs.setCurrentIndex(OVERVIEW_TAB)
        self.detail, self.actions = detail, actions
        self._show()
        return True

    def reload(self) -> None:
        if self.detail is not None:
            self.show_case(self.detail.case_id)

    def clear(self) -> None:
        """Forget the case shown (after a restore it may no longer exist)."""
        self.detail = self.actions = None

    def reveal_resident_id(self) -> RevealDialog | None:
        if self.detail is None:
            return None
        dialog = RevealDialog(self.context, self.detail.case_id, self)
        dialog.setModal(True)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def retranslate(self, language: str) -> None:
        self.back_button.setText(self.tr("← Case list"))
        self.export_button.setText(self.tr("Export data bundle…"))
        self.export_button.setToolTip(self.tr("Write the signed record with its video as an encrypted bundle for "
                                              "the agency"))
        self.upload_panel.retranslate()
        self.decision_panel.retranslate()
        if self.detail is not None:
            self._show()
        else:
            self._tab_titles()

    def _show(self) -> None:
        detail, language = self.detail, self.context.language
        self.heading.setText(self.tr("{name} · {application_type}").format(
            name=detail.applicant_name, application_type=ApplicationType(detail.application_type).label(language)))
        self.status_badge.setText(CaseStatus(detail.status).label(language))
        self.banner.show_flags(detail.flags, language)
        self.overview.show_detail(detail, language)
        self.materials.show_detail(detail)
        self.self_assessment.show_detail(detail)
        self.history.show_case(detail.case_id, self.actions)
        self._tab_titles()
        self._show_visit_button()
        newest = detail.versions[-1] if detail.versions else None
        self.upload_panel.show_case(detail.case_id, exported=newest is not None and newest.status == "exported")
        self.decision_panel.show_case(detail.case_id)

    def _show_visit_button(self) -> None:
        actions = self.actions
        if actions.resume_visit_id is not None:
            self.visit_button.setText(self.tr("Resume the visit…"))
            self.visit_button.setEnabled(actions.can_resume_visit)
        else:
            self.visit_button.setText(self.tr("Start the visit…"))
            self.visit_button.setEnabled(actions.can_start_visit)
        self.export_button.setEnabled(actions.can_export)

    def export_bundle(self) -> BundleExportDialog | None:
        if self.actions is None or not self.actions.can_export:
            return None
        dialog = BundleExportDialog(self.context, self.actions.signed_visit_id, self)
        dialog.exported.connect(lambda _: self.reload())
        dialog.exported.connect(lambda _: self.case_changed.emit())
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.open()
        return dialog

    def _on_visit_button(self) -> None:
        if self.actions.resume_visit_id is not None:
            self.resume_requested.emit(self.actions.resume_visit_id, self.detail.case_id)
        else:
            self.visit_requested.emit(self.detail.case_id)

    def _tab_titles(self) -> None:
        detail = self.detail
        missing = len(detail.missing_material_codes) if detail else 0
        versions = len(detail.versions) if detail else 0
        self.tabs.setTabText(OVERVIEW_TAB, self.tr("Overview"))
        self.tabs.setTabText(MATERIALS_TAB, self.tr("Materials ({missing} missing)").format(missing=missing)
                             if missing else self.tr("Materials"))
        self.tabs.setTabText(SELF_ASSESSMENT_TAB, self.tr("Self-assessment"))
        self.tabs.setTabText(HISTORY_TAB, self.tr("Record versions ({count})").format(count=versions)
                             if versions else self.tr("Record versions"))
