# SPDX-License-Identifier: GPL-3.0-or-later
"""The visit screen the experts live in at the bedside: one step at a time (experts and
declarations → identity and informant → consent → items → [reconciliation] → finish and sign),
with the recording panel on the right on every step.

This module builds the screen and moves between its steps; what each step does is a small
controller beside it (visit_opening_control.py: steps 1–3, visit_entry_control.py: items and dual
entry, visit_finish_control.py: finish and sign, visit_recording_control.py: the recording), and
each of their slots hands what the experts did to one use case (services/visit_flow.py, or the
visit service it names). Every answer is committed before the screen moves on. Refusals come
back as typed errors (AppError) and are shown in place, in the user's language; anything else is
a bug and goes to the application's error hook.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from assessment_app.domain.visit_workflow import VisitOutcome
from assessment_app.errors import AppError
from assessment_app.recording.settings import RecordingSettings
from assessment_app.services.accounts import SessionInfo
from assessment_app.services.case_queries import CaseDetail, case_detail
from assessment_app.services.recording_settings import RecordingSetup, read_recording_setup
from assessment_app.services.visit_flow import OpenVisit, RecordingStart, continue_visit, start_recording
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.ui.cases.bundle_export_dialog import BundleExportDialog
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.visit.recording_panel import RecordingPanel
from assessment_app.ui.visit.visit_consent_step import VisitConsentStep
from assessment_app.ui.visit.visit_entry_control import VisitEntry
from assessment_app.ui.visit.visit_finish_control import VisitFinish
from assessment_app.ui.visit.visit_finish_step import VisitFinishStep
from assessment_app.ui.visit.visit_identity_step import VisitIdentityStep
from assessment_app.ui.visit.visit_items_step import VisitItemsStep
from assessment_app.ui.visit.visit_opening_control import VisitOpening
from assessment_app.ui.visit.visit_recording_control import VisitRecording
from assessment_app.ui.visit.visit_reconcile_step import VisitReconcileStep
from assessment_app.ui.visit.visit_start_step import VisitStartStep
from assessment_app.ui.visit.visit_steps import CONSENT, ENDED, FINISH, IDENTITY, ITEMS, RECONCILE, START
from assessment_app.ui.widgets.dialog_placement import DialogPlacer
from assessment_app.ui.widgets.pdf_preview import PdfPreviewDialog

__all__ = ["CONSENT", "ENDED", "FINISH", "IDENTITY", "ITEMS", "RECONCILE", "START", "VisitPage"]
RECORDING_PANEL_WIDTH = 276


def vertical_scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    set_look(area.viewport(), "page")
    return area


class VisitPage(QWidget):
    back_requested = Signal()
    visit_changed = Signal()

    def __init__(self, context: WorkContext, parent: QWidget | None = None, *,
                 recording_choice: RecordingChoice | None = None,
                 recording_settings: RecordingSettings | None = None):
        super().__init__(parent)
        self.setObjectName("visitPage")
        set_look(self, "page")
        self.context = context
        # None: the agency's recording settings, read when the visit needs them (tests set their own).
        self.recording_choice = recording_choice
        self.recording_settings = recording_settings
        self.case_id: str | None = None
        self.visit: OpenVisit | None = None  # from the start (or a resume) until the visit ends
        self.applicant_name = ""

        self.title = QLabel(self)
        self.title.setObjectName("visitTitle")
        set_look(self.title, "pageHeading")
        self.step_label = QLabel(self)
        self.step_label.setObjectName("visitStepLabel")
        self.leave_button = QPushButton(self)
        self.leave_button.setObjectName("leaveVisitButton")
        self.leave_button.clicked.connect(self.leave)

        form = context.form
        self.start_step = VisitStartStep(self)
        self.identity_step = VisitIdentityStep(self)
        self.consent_step = VisitConsentStep(self)
        self.items_step = VisitItemsStep(form, context.language, self)
        self.reconcile_step = VisitReconcileStep(form, context.language, self)
        self.finish_step = VisitFinishStep(form, self)
        self.ended = QLabel(self)
        self.ended.setObjectName("visitEndedText")
        self.ended.setWordWrap(True)
        self.ended.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("visitExportButton")
        self.export_button.clicked.connect(lambda: self.export_bundle())
        self.export_button.hide()
        ended_step = QWidget(self)
        ended_layout = QVBoxLayout(ended_step)
        ended_layout.addStretch(1)
        ended_layout.addWidget(self.ended)
        ended_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignHCenter)
        ended_layout.addStretch(1)
        self.steps = QStackedWidget(self)
        for widget in (self.start_step, self.identity_step, self.consent_step, self.items_step,
                       self.reconcile_step, self.finish_step, ended_step):
            # Forms taller than a 1366×768 screen at 150 % or with large text scroll rather than
            # push the window beyond the screen; the items and finish steps scroll inside.
            scrolls = widget in (self.start_step, self.identity_step, self.consent_step)
            self.steps.addWidget(vertical_scroll(widget) if scrolls else widget)
        self.steps.currentChanged.connect(lambda _: self.show_step_label())

        self.recording_panel = RecordingPanel(self)
        self.recording_panel.setFixedWidth(RECORDING_PANEL_WIDTH)
        self.recorder = VisitRecording(self)
        self.opening = VisitOpening(self)
        self.entry = VisitEntry(self)
        self.finish = VisitFinish(self)
        self.dialog_placer = DialogPlacer(self, lambda: self.steps, lambda: self.recording_panel.badge)
        self.items_step.tab_after = self.recording_panel.pause_button
        pause_key = QShortcut(QKeySequence(Qt.Key.Key_F8), self)
        pause_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        pause_key.activated.connect(self.recorder.pause_key)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.step_label)
        header.addWidget(self.leave_button)
        right = QVBoxLayout()
        right.addWidget(self.recording_panel)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.steps, 1)
        body.addLayout(right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        self.start_step.second_expert_requested.connect(self.sign_in_second_expert)
        self.start_step.start_requested.connect(self.opening.start)
        self.identity_step.photo_requested.connect(self.opening.take_identity_photo)
        self.identity_step.continue_requested.connect(self.opening.confirm_identity)
        self.consent_step.consent_given.connect(self.opening.give_consent)
        self.consent_step.refusal_requested.connect(self.opening.refuse_recording)
        self.items_step.answer_chosen.connect(self.entry.answer)
        self.items_step.note_edited.connect(self.entry.save_note)
        self.items_step.photo_requested.connect(self.entry.add_item_photo)
        self.items_step.finish_requested.connect(self.entry.to_finish)
        self.reconcile_step.resolve_requested.connect(self.entry.resolve_difference)
        self.reconcile_step.continue_requested.connect(self.show_finish)
        self.finish_step.item_requested.connect(self.entry.show_items)
        self.finish_step.warning_confirmation_requested.connect(self.confirm_warning)
        self.finish_step.draft_requested.connect(self.preview_draft)
        self.finish_step.sign_requested.connect(self.sign)
        self.retranslate(context.language)

    # --- what the controllers share -------------------------------------------------------------

    @property
    def visit_id(self) -> str | None:
        return self.visit.visit_id if self.visit is not None else None

    @property
    def entering_expert(self) -> int:
        """Dual entry: 0 or 1, whose independent ratings are being entered."""
        return self.visit.entering_index if self.visit is not None else 0

    @property
    def second(self) -> SessionInfo | None:
        return self.opening.second

    @property
    def answers(self) -> dict[str, str]:
        return self.entry.answers

    @property
    def recording(self):
        return self.recorder.session

    def recording_setup(self) -> RecordingSetup:
        setup = read_recording_setup(self.context.records, demo=self.context.demo)
        return RecordingSetup(self.recording_choice or setup.choice, self.recording_settings or setup.settings,
                              setup.planned_minutes)

    def stamp(self) -> dict:
        return {"now": self.context.now(), "monotonic_ns": time.monotonic_ns()}

    def fail(self, title: str, error: AppError) -> None:
        show_error(self, title, error, self.context.language)

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    # --- starting and resuming ----------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        """A new visit of this case starts with the signed-in expert as the first expert."""
        self._reset()
        self.case_id = case_id
        detail = self._show_title(case_id)
        self.start_step.show_people(self.tr("Applicant: {name} · ID {masked}").format(
            name=detail.applicant_name, masked=detail.resident_id_masked), self.context.session, None)
        self.steps.setCurrentIndex(START)

    def _show_title(self, case_id: str) -> CaseDetail:
        detail = case_detail(self.context.records, case_id, actor=self.context.session)
        self.applicant_name = detail.applicant_name
        self.title.setText(self.tr("Visit: {name}").format(name=detail.applicant_name))
        return detail

    def sign_in_second_expert(self) -> SessionInfo | None:
        return self.opening.sign_in_second_expert()

    def resume(self, visit_id: str, case_id: str, second: SessionInfo) -> None:
        """Continue an interrupted visit at its current item, recording as a new linked chain."""
        self._reset()
        self.case_id, self.opening.second = case_id, second
        resumed = continue_visit(self.context.records, visit_id, case_id, self.context.session, second,
                                 **self.stamp())
        self.visit = resumed.visit
        self._show_title(case_id)
        setup = self.recording_setup()
        with busy_cursor():
            started = start_recording(self.context.records, self.visit, choice=setup.choice,
                                      settings=setup.settings, **self.stamp())
        self.recording_started(started, reconciling=resumed.reconciling, item_id=resumed.item_id)

    def recording_started(self, started: RecordingStart, *, reconciling: bool = False,
                          item_id: str | None = None) -> None:
        """After consent (or its refusal) or a resume: on to the items, or the visit's end when the
        agency requires a recording that cannot be made."""
        if not started.step.continues:
            self.end(started.step.outcome)
            return
        self.recorder.show(started)
        if reconciling:
            self.entry.show_reconciliation()
        else:
            self.entry.show_items(item_id)

    # --- finish (visit_finish_control.py) ----------------------------------------------------------

    def show_finish(self) -> None:
        self.entry.reload_answers()
        self.finish.show(self.entry.answers)
        self.steps.setCurrentIndex(FINISH)

    def confirm_warning(self, code: str) -> None:
        if self.finish.confirm_warning(code):
            self.show_finish()

    def preview_draft(self) -> PdfPreviewDialog | None:
        return self.finish.preview_draft()

    def show_preview(self, dialog: PdfPreviewDialog) -> None:
        dialog.exec()

    def sign(self) -> bool:
        if not self.finish.sign():
            return False
        self.end(VisitOutcome.COMPLETED)
        return True

    # --- ending and leaving -------------------------------------------------------------------------

    def end(self, outcome: VisitOutcome | None) -> None:
        self._stop_recording()
        texts = {
            VisitOutcome.COMPLETED: self.tr("The record is signed by both experts and locked. The signed report "
                                            "is stored with the case."),
            VisitOutcome.IDENTITY_MISMATCH: self.tr("The visit ended: the person does not match the ID card. The "
                                                    "case goes back to the agency with this outcome."),
            VisitOutcome.REFUSED_RECORDING: self.tr("The visit ended: recording was refused. The case goes back "
                                                    "to the agency with this outcome."),
            VisitOutcome.CAMERA_UNAVAILABLE: self.tr("The visit ended: no recording is possible and the agency "
                                                     "requires one. The case goes back to the agency."),
        }
        self.ended.setText(texts.get(outcome, ""))
        self.export_button.setVisible(outcome == VisitOutcome.COMPLETED)
        self.steps.setCurrentIndex(ENDED)
        self.visit_changed.emit()

    def export_bundle(self) -> BundleExportDialog | None:
        """After signing, the bundle can be written at once (to a USB stick for the agency)."""
        if self.visit_id is None:
            return None
        dialog = BundleExportDialog(self.context, self.visit_id, self)
        dialog.exported.connect(lambda _: self.visit_changed.emit())
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.open()
        return dialog

    def leave(self) -> None:
        if self.steps.currentIndex() not in (START, ENDED) and self.visit is not None:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Leave the visit"), self.tr(
                "Every answer is saved. Leave the visit now? It can be resumed later from the case."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setObjectName("leaveVisitDialog")
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self._stop_recording()
        self.back_requested.emit()

    def _stop_recording(self) -> None:
        self.recorder.stop()

    def _reset(self) -> None:
        self._stop_recording()
        self.visit = None
        self.opening.reset()
        self.entry.answers = {}

    # --- text ---------------------------------------------------------------------------------------

    def show_step_label(self) -> None:
        index = self.steps.currentIndex()
        names = {START: self.tr("Step 1 of 5: experts"), IDENTITY: self.tr("Step 2 of 5: identity"),
                 CONSENT: self.tr("Step 3 of 5: consent"), ITEMS: self.tr("Step 4 of 5: items"),
                 RECONCILE: self.tr("Step 4 of 5: reconciliation"), FINISH: self.tr("Step 5 of 5: finish and sign"),
                 ENDED: self.tr("Visit ended")}
        text = names.get(index, "")
        if index == ITEMS and self.visit is not None and self.visit.independent:
            actor = self.visit.actor
            text += " · " + self.tr("ratings of {person}").format(person=person_label(actor.name, actor.expert_number))
        self.step_label.setText(text)

    def retranslate(self, language: str) -> None:
        self.context.language = language
        self.leave_button.setText(self.tr("Leave visit"))
        self.export_button.setText(self.tr("Export data bundle…"))
        self.items_step.retranslate(language)
        for step in (self.start_step, self.identity_step, self.consent_step, self.reconcile_step, self.finish_step):
            step.retranslate()
        self.show_step_label()
