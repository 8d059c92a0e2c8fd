"""The visit screen the experts live in at the bedside: one step at a time (experts and
declarations → identity and informant → consent → items → [reconciliation] → finish and sign),
with the recording panel on the right on every step.

Each slot hands what the experts did to one service call (services/visit_*.py) and shows what
the service says; every answer is committed before the screen moves on. Refusals come back as
typed errors and are shown in place, in the user's language.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QStackedWidget,
    QVBoxLayout, QWidget,
)

from assessment_app.domain.visit_workflow import VisitOutcome
from assessment_app.messages.visit_text import describe_requirement, describe_warning
from assessment_app.recording.settings import PAUSE_REASON_NEEDING_TEXT, PAUSE_REASONS, RecordingSettings
from assessment_app.recording.still_capture import capture_still
from assessment_app.services import visit_answers, visit_finish, visit_start
from assessment_app.services.accounts import SessionInfo, start_pair
from assessment_app.services.calculator import CalculatorSession
from assessment_app.services.case_queries import case_detail, reveal_resident_id
from assessment_app.services.visit_recording import (
    RecordingChoice, open_visit_recording, pause_visit_recording, resume_visit_recording, stop_visit_recording,
)
from assessment_app.domain.visit_workflow import SigningIncomplete
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from assessment_app.services.recording_settings import RecordingSetup, disk_preflight, read_recording_setup
from assessment_app.services.visit_report import draft_report, sign_and_lock
from assessment_app.services.visit_session import resume_visit
from assessment_app.services.visit_settings import read_visit_settings
from assessment_app.ui.cases.bundle_export_dialog import BundleExportDialog
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.login_dialog import LoginDialog
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.visit.recording_panel import RecordingPanel
from assessment_app.ui.visit.visit_consent_step import VisitConsentStep
from assessment_app.ui.visit.visit_finish_step import ExpertSigner, VisitFinishStep, WarningLine
from assessment_app.ui.visit.visit_identity_step import FACE, ID_CARD, VisitIdentityStep
from assessment_app.ui.visit.visit_items_step import VisitItemsStep
from assessment_app.ui.visit.visit_reconcile_step import VisitReconcileStep
from assessment_app.ui.visit.visit_start_step import VisitStartStep
from assessment_app.ui.widgets.dialog_placement import DialogPlacer
from assessment_app.ui.widgets.pdf_preview import PdfPreviewDialog
from assessment_app.ui.widgets.reason_dialog import ReasonChoice, ask_reason

START, IDENTITY, CONSENT, ITEMS, RECONCILE, FINISH, ENDED = range(7)
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
        self.visit_id: str | None = None
        self.experts: tuple[SessionInfo, ...] = ()
        self.second: SessionInfo | None = None
        self.dual_entry = False
        self.entering_expert = 0  # dual entry: whose independent ratings are being entered
        self.recording = None
        self.photos: dict[str, bytes] = {}
        self.answers: dict[str, str] = {}
        self.visit_is_independent = False  # dual entry before reconciliation: each expert sees only their own
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
        self.steps.currentChanged.connect(lambda _: self._show_step_label())

        self.recording_panel = RecordingPanel(self)
        self.recording_panel.setFixedWidth(RECORDING_PANEL_WIDTH)
        self.recording_panel.pause_requested.connect(self.pause_recording)
        self.recording_panel.resume_requested.connect(self.resume_recording)
        self.dialog_placer = DialogPlacer(self, lambda: self.steps, lambda: self.recording_panel.badge)
        self.items_step.tab_after = self.recording_panel.pause_button
        pause_key = QShortcut(QKeySequence(Qt.Key.Key_F8), self)
        pause_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        pause_key.activated.connect(self._pause_key)

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
        self.start_step.start_requested.connect(self.start)
        self.identity_step.photo_requested.connect(self.take_identity_photo)
        self.identity_step.continue_requested.connect(self.confirm_identity)
        self.consent_step.consent_given.connect(self.give_consent)
        self.consent_step.refusal_requested.connect(self.refuse_recording)
        self.items_step.answer_chosen.connect(self.answer)
        self.items_step.note_edited.connect(self.save_note)
        self.items_step.photo_requested.connect(self.add_item_photo)
        self.items_step.finish_requested.connect(self.to_finish)
        self.reconcile_step.resolve_requested.connect(self.resolve_difference)
        self.reconcile_step.continue_requested.connect(self.show_finish)
        self.finish_step.item_requested.connect(self.go_to_item)
        self.finish_step.warning_confirmation_requested.connect(self.confirm_warning)
        self.finish_step.draft_requested.connect(self.preview_draft)
        self.finish_step.sign_requested.connect(self.sign)
        self.retranslate(context.language)

    # --- helpers -----------------------------------------------------------------------------

    @property
    def records(self):
        return self.context.records

    def _now(self):
        return self.context.now()

    def _offset(self) -> int | None:
        session = self.recording
        if session is None:
            return None
        try:
            return session.offset_ms()
        except Exception:  # noqa: BLE001 - a stopped or failed recorder gives no offset; the answer still counts
            return None

    def _actor(self) -> SessionInfo | None:
        """Who acts now: in independent dual entry the expert whose turn it is, else the signed-in
        expert. The services check that this is one of the visit's two experts."""
        if self.dual_entry and self.visit_is_independent and self.experts:
            return self.experts[self.entering_expert]
        return self.context.session

    def _person(self, session: SessionInfo) -> str:
        return person_label(session.name, session.expert_number)

    def recording_setup(self) -> RecordingSetup:
        setup = read_recording_setup(self.records, demo=self.context.demo)
        return RecordingSetup(self.recording_choice or setup.choice, self.recording_settings or setup.settings,
                              setup.planned_minutes)

    def _fail(self, title: str, error: Exception) -> None:
        show_error(self, title, error, self.context.language)

    # --- step 1: experts and declarations ------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        """A new visit of this case starts with the signed-in expert as the first expert."""
        self._reset()
        self.case_id = case_id
        detail = case_detail(self.records, case_id, actor=self.context.session)
        self.applicant_name = detail.applicant_name
        self.title.setText(self.tr("Visit: {name}").format(name=detail.applicant_name))
        self.start_step.show_people(self.tr("Applicant: {name} · ID {masked}").format(
            name=detail.applicant_name, masked=detail.resident_id_masked), self.context.session, None)
        self.steps.setCurrentIndex(START)

    def sign_in_second_expert(self) -> SessionInfo | None:
        dialog = LoginDialog(self.context, parent=self)
        dialog.setWindowTitle(self.tr("Second expert signs in"))
        dialog.cancel_button.setText(self.tr("Cancel"))
        if self.run_dialog(dialog) and dialog.session is not None:
            try:
                start_pair(self.context.session, dialog.session)
            except Exception as error:  # noqa: BLE001 - the same person twice, a reviewer: said plainly
                self._fail(self.tr("Second expert"), error)
                return None
            self.second = dialog.session
            self.start_step.show_people(self.start_step.applicant.text(), self.context.session, self.second)
        dialog.deleteLater()
        return self.second

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def start(self) -> None:
        try:
            pair = start_pair(self.context.session, self.second)
            handle = visit_start.start_visit(self.records, self.case_id, pair, now=self._now(),
                                             monotonic_ns=time.monotonic_ns(), form=self.context.form)
            for expert in (pair.first, pair.second):
                visit_start.declare_no_conflict(self.records, handle.visit_id, actor=expert, now=self._now())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("The visit cannot start"), error)
            return
        self.visit_id, self.dual_entry = handle.visit_id, handle.dual_entry
        self.visit_is_independent = handle.dual_entry
        self.experts = (self.context.session, self.second)
        self.visit_changed.emit()
        self._show_identity()

    def _show_identity(self) -> None:
        try:
            resident_id = reveal_resident_id(self.records, self.case_id, actor=self.context.session)
        except Exception:  # noqa: BLE001 - not assigned to this case: the masked number still identifies
            resident_id = case_detail(self.records, self.case_id, actor=self.context.session).resident_id_masked
        self.identity_step.show_applicant(self.applicant_name, resident_id)
        self.steps.setCurrentIndex(IDENTITY)

    # --- step 2: identity and informant ------------------------------------------------------

    def take_identity_photo(self, kind: str, source: str) -> None:
        if source == "camera":
            try:
                with busy_cursor():
                    jpeg = capture_still(self._now(), self.recording_setup().choice.camera_index).jpeg
            except Exception as error:  # noqa: BLE001
                self._fail(self.tr("No photo"), error)
                return
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a photo"), "",
                                                  self.tr("Images (*.jpg *.jpeg *.png)"))
            if not path:
                return
            jpeg = Path(path).read_bytes()
        self.photos[kind] = jpeg
        self.identity_step.show_photo(kind, jpeg)

    def confirm_identity(self) -> None:
        step = self.identity_step
        if not (step.matches.isChecked() or step.differs.isChecked()):
            step.show_problem(self.tr("Confirm whether the person matches the ID card."))
            return
        try:
            if step.differs.isChecked():
                result = visit_start.confirm_identity(self.records, self.visit_id, False,
                                                      step.discrepancy.toPlainText(), actor=self._actor(),
                                                      now=self._now(),
                                                      monotonic_ns=time.monotonic_ns())
                self._end(result.outcome)
                return
            if ID_CARD not in self.photos or FACE not in self.photos:
                step.show_problem(self.tr("Take both photos: the ID card and the applicant."))
                return
            visit_start.record_identity_photos(self.records, self.visit_id, self.photos[ID_CARD], self.photos[FACE],
                                               actor=self._actor(), now=self._now())
            visit_start.record_informant(self.records, self.visit_id, step.informant_name.text(),
                                         step.relation_code(), step.informant_phone.text(), actor=self._actor(),
                                         now=self._now())
            visit_start.confirm_identity(self.records, self.visit_id, True, actor=self._actor(), now=self._now(),
                                         monotonic_ns=time.monotonic_ns())
        except Exception as error:  # noqa: BLE001 - field errors are shown under the form
            step.show_problem(error_text(error, self.context.language))
            return
        step.show_problem("")
        self.consent_step.show_rule(read_visit_settings(self.records).allow_without_recording)
        self._show_disk_preflight()
        self.steps.setCurrentIndex(CONSENT)

    # --- step 3: consent and recording ----------------------------------------------------------

    def _show_disk_preflight(self) -> None:
        setup = self.recording_setup()
        try:
            checked = disk_preflight(self.records, setup.settings, setup.planned_minutes)
        except OSError:  # no estimate possible: recording still stops safely at the margin
            checked = None
        self.consent_step.show_disk(checked, setup.planned_minutes)

    def give_consent(self) -> None:
        try:
            visit_start.record_consent(self.records, self.visit_id, self.consent_step.pad.to_png(),
                                       actor=self._actor(), now=self._now(), monotonic_ns=time.monotonic_ns())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Consent"), error)
            return
        self.start_recording()

    def start_recording(self) -> None:
        try:
            with busy_cursor():
                setup = self.recording_setup()
                self.recording = open_visit_recording(self.records, self.visit_id, choice=setup.choice,
                                                      actor=self._actor(), now=self._now(), settings=setup.settings)
        except Exception as error:  # noqa: BLE001 - no camera and no synthetic fallback: the agency rule decides
            result = visit_start.report_camera_unavailable(self.records, self.visit_id, str(error),
                                                           actor=self._actor(), now=self._now(),
                                                           monotonic_ns=time.monotonic_ns())
            if not result.continues:
                self._end(result.outcome)
                return
            self.recording_panel.show_without_recording()
        else:
            self.recording_panel.attach(self.recording)
            # Over the panel's own header (same state, same time): nothing else is covered, not even
            # the toolbar with who is signed in, and dialogs open beside that column.
            self.recording_panel.anchor_badge(self.recording_panel)
        self._show_items()

    def refuse_recording(self) -> None:
        given = ask_reason(self, self.tr("Recording refused"), self.tr(
            "Record why the applicant or the family refuses the recording."), minimum_text=2)
        if given is None:
            return
        try:
            result = visit_start.record_consent_refusal(self.records, self.visit_id, given.text, actor=self._actor(),
                                                        now=self._now(), monotonic_ns=time.monotonic_ns())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Recording refused"), error)
            return
        if not result.continues:
            self._end(result.outcome)
            return
        self.recording_panel.show_without_recording()
        self._show_items()

    def _pause_key(self) -> None:
        if self.recording_panel.pause_button.isVisible():
            self.recording_panel.pause_button.click()

    def pause_recording(self) -> None:
        labels = {"privacy_bathing": self.tr("Privacy: bathing or washing"),
                  "privacy_toileting": self.tr("Privacy: using the toilet"),
                  "applicant_request": self.tr("At the applicant's request"),
                  "other": self.tr("Other (describe)")}
        choices = tuple(ReasonChoice(code, labels[code], code == PAUSE_REASON_NEEDING_TEXT) for code in PAUSE_REASONS)
        given = ask_reason(self, self.tr("Pause the recording"), self.tr(
            "Why is the recording paused? The pause and its reason are shown to the reviewer."), choices=choices)
        if given is None or self.recording is None:
            return
        try:
            pause_visit_recording(self.records, self.visit_id, self.recording, given.code, given.text or None,
                                  actor=self._actor(), now=self._now())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Pause the recording"), error)
        self.recording_panel.refresh()

    def resume_recording(self) -> None:
        try:
            resume_visit_recording(self.records, self.visit_id, self.recording, actor=self._actor(), now=self._now())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Resume the recording"), error)
        self.recording_panel.refresh()

    def _stop_recording(self) -> None:
        if self.recording is None:
            return
        try:
            stop_visit_recording(self.records, self.visit_id, self.recording, actor=self._actor(), now=self._now())
        except Exception as error:  # noqa: BLE001 - the answers are safe; say what happened to the video
            self._fail(self.tr("Stop the recording"), error)
        self.recording = None
        self.recording_panel.detach()

    # --- step 4: items --------------------------------------------------------------------------

    def _show_items(self, item_id: str | None = None) -> None:
        self._reload_answers()
        self.steps.setCurrentIndex(ITEMS)
        self.items_step.show_item(item_id or self.items_step.first_unanswered() or self.context.form.items[0].id)
        self._show_step_label()

    def _reload_answers(self) -> None:
        actor = self._actor()
        self.answers = visit_answers.current_answers(self.records, self.visit_id, actor=actor)
        self.items_step.show_answers(self.answers, visit_answers.item_notes(self.records, self.visit_id, actor=actor))

    def answer(self, item_id: str, option_id: str) -> None:
        previous = self.answers.get(item_id)
        if previous == option_id:
            return
        common = dict(actor=self._actor(), now=self._now(), monotonic_ns=time.monotonic_ns(),
                      video_offset_ms=self._offset())
        try:
            if previous is None:
                visit_answers.answer_item(self.records, self.visit_id, item_id, option_id, **common)
            else:
                item = self.context.form.items_by_id[item_id]
                given = ask_reason(self, self.tr("Change an answer"), self.tr(
                    "{item}: change from {old} pts to {new} pts. Why? The change and its reason are recorded.").format(
                    item=item.name.get(self.context.language), old=item.option(previous).score,
                    new=item.option(option_id).score), minimum_text=2)
                if given is None:
                    self.items_step.show_answers(self.answers)  # back to the stored answer
                    return
                visit_answers.change_answer(self.records, self.visit_id, item_id, option_id, given.text, **common)
        except Exception as error:  # noqa: BLE001 - nothing was stored; the card shows the stored answer again
            self.items_step.show_answers(self.answers)
            self._fail(self.tr("The answer was not saved"), error)
            return
        self._reload_answers()
        if previous is None:
            self.items_step.step(+1)

    def save_note(self, item_id: str, text: str) -> None:
        if not text:
            return
        try:
            visit_answers.set_item_note(self.records, self.visit_id, item_id, text, actor=self._actor(),
                                        now=self._now())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("The note was not saved"), error)

    def add_item_photo(self, item_id: str) -> None:
        try:
            with busy_cursor():
                jpeg = capture_still(self._now(), self.recording_setup().choice.camera_index).jpeg
            visit_answers.add_item_photo(self.records, self.visit_id, item_id, jpeg, actor=self._actor(),
                                         now=self._now(), video_offset_ms=self._offset())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("No photo"), error)
            return
        counts = dict(self.items_step.photo_counts)
        counts[item_id] = counts.get(item_id, 0) + 1
        self.items_step.show_answers(self.answers, photo_counts=counts)

    def go_to_item(self, item_id: str) -> None:
        self._show_items(item_id)

    def to_finish(self) -> None:
        missing = [item.id for item in self.context.form.items if item.id not in self.answers]
        if self.dual_entry and self.visit_is_independent:
            if missing:
                self.items_step.show_item(missing[0])
                return
            if self.entering_expert == 0:
                self.entering_expert = 1
                box = QMessageBox(QMessageBox.Icon.Information, self.tr("Dual entry"), self.tr(
                    "{first} has rated every item. Hand the laptop to {second}, who now rates every item without "
                    "seeing the first ratings.").format(first=self._person(self.experts[0]),
                                                        second=self._person(self.experts[1])),
                    QMessageBox.StandardButton.Ok, self)
                box.setObjectName("handOverDialog")
                box.exec()
                self._show_items(self.context.form.items[0].id)
                return
            try:
                differences = visit_answers.start_reconciliation(self.records, self.visit_id, actor=self._actor(),
                                                                 now=self._now(), monotonic_ns=time.monotonic_ns())
            except Exception as error:  # noqa: BLE001
                self._fail(self.tr("Reconciliation"), error)
                return
            self.visit_is_independent = False
            self._show_reconciliation(differences)
            return
        self.show_finish()

    # --- dual entry -------------------------------------------------------------------------------

    def _show_reconciliation(self, differences=None) -> None:
        differences = differences if differences is not None else visit_answers.reconciliation(
            self.records, self.visit_id, actor=self._actor())
        agreement = visit_answers.agreement(self.records, self.visit_id, actor=self._actor())
        self.reconcile_step.show_differences(differences, agreement.equal if agreement else 0,
                                             agreement.total if agreement else len(self.context.form.items),
                                             tuple(self._person(expert) for expert in self.experts))
        self.steps.setCurrentIndex(RECONCILE)

    def resolve_difference(self, item_id: str, option_id: str, reason: str) -> None:
        try:
            visit_answers.resolve_difference(self.records, self.visit_id, item_id, option_id, reason,
                                             actor=self._actor(), now=self._now(),
                                             monotonic_ns=time.monotonic_ns(), video_offset_ms=self._offset())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Reconciliation"), error)
            return
        self._show_reconciliation()

    # --- finish -----------------------------------------------------------------------------------

    def show_finish(self) -> None:
        self._reload_answers()
        form, language = self.context.form, self.context.language
        check = visit_finish.finish_check(self.records, self.visit_id, actor=self._actor())
        calculator = CalculatorSession(form)
        for item_id, option_id in self.answers.items():
            calculator.choose(item_id, option_id)
        self.finish_step.show_result(calculator.progress(), calculator.result(), calculator.missing_items(), language)
        confirmed = visit_finish.confirmed_warnings(self.records, self.visit_id, actor=self._actor())
        self.finish_step.show_warnings([
            WarningLine(warning.code, describe_warning(warning.code, language), confirmed.get(warning.code))
            for warning in check.warnings])
        self.finish_step.show_comparison(self._comparison_text())
        self.finish_step.show_signers(tuple(ExpertSigner(e.expert_id, self._person(e)) for e in self.experts))
        self.steps.setCurrentIndex(FINISH)

    def _comparison_text(self) -> str:
        result = visit_finish.visit_result(self.records, self.visit_id, actor=self._actor())
        form, language = self.context.form, self.context.language
        grade = lambda code: form.grade(code).label.get(language) if code is not None else "—"  # noqa: E731
        lines = []
        comparison = result.self_assessment
        lines.append(self.tr("Self-assessment grade: {grade}").format(
            grade=grade(comparison.self_grade) if comparison is not None else self.tr("none submitted")))
        lines.append(self.tr("Previous grade: {grade}").format(
            grade=result.previous.grade_label.get(language, "") if result.previous else self.tr("none")))
        return "\n".join(lines)

    def confirm_warning(self, code: str) -> None:
        given = ask_reason(self, self.tr("Confirm a plausibility warning"), describe_warning(
            code, self.context.language) + "\n\n" + self.tr("If the answers stand, say why."), minimum_text=4)
        if given is None:
            return
        try:
            visit_finish.confirm_warning(self.records, self.visit_id, code, given.text, actor=self._actor(),
                                         now=self._now())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Confirm a plausibility warning"), error)
        self.show_finish()

    def _save_conclusion(self) -> bool:
        step = self.finish_step
        try:
            visit_finish.conclude(self.records, self.visit_id, step.conclusion.toPlainText(),
                                  step.care_notes.toPlainText(), actor=self._actor(), now=self._now())
        except Exception as error:  # noqa: BLE001
            step.show_problem(error_text(error, self.context.language))
            return False
        return True

    def preview_draft(self) -> PdfPreviewDialog | None:
        """The draft report from memory; a copy leaves the data directory only by 另存为."""
        if self.finish_step.conclusion.toPlainText().strip():
            self._save_conclusion()
        try:
            data = draft_report(self.records, self.visit_id, self.context.form, actor=self._actor())
        except Exception as error:  # noqa: BLE001
            self._fail(self.tr("Draft report"), error)
            return None
        case_id = self.case_id
        dialog = PdfPreviewDialog(
            data, self.tr("Draft report"), "draft.pdf",
            lambda path: save_unencrypted_copy(self.records, self.context.session, kind="draft_report", data=data,
                                               destination=path, now=self._now(), case_id=case_id),
            self.context.language, self)
        self.show_preview(dialog)
        return dialog

    def show_preview(self, dialog: PdfPreviewDialog) -> None:
        dialog.exec()

    def sign(self) -> bool:
        step = self.finish_step
        if not self._save_conclusion():
            return False
        pads = [*step.expert_pads, step.informant_pad]
        if not all(pad.has_signature() for pad in pads):
            step.show_problem(self.tr("Both experts and the informant sign in their boxes first."))
            return False
        passphrases = [field.text() for field in step.expert_passphrases]
        try:
            with busy_cursor():
                for expert, pad in zip(self.experts, step.expert_pads):
                    visit_finish.record_signature(self.records, self.visit_id, pad.to_png(), actor=expert,
                                                  now=self._now())
                visit_finish.record_signature(self.records, self.visit_id, step.informant_pad.to_png(),
                                              actor=self._actor(), now=self._now(), informant=True)
                visit_finish.ensure_signable(self.records, self.visit_id, actor=self._actor())
                self._stop_recording()
                sign_and_lock(self.records, self.visit_id, self.context.form, list(zip(self.experts, passphrases)),
                              now=self._now())
        except SigningIncomplete as error:
            step.show_problem(self.tr("Not yet: {missing}").format(missing="；".join(
                describe_requirement(requirement, self.context.language) for requirement in error.missing)))
            return False
        except Exception as error:  # noqa: BLE001 - wrong passphrase, expired certificate: nothing is signed
            step.clear_passphrases()
            step.show_problem(error_text(error, self.context.language))
            return False
        step.clear_passphrases()
        self._end(VisitOutcome.COMPLETED)
        return True

    # --- ending and leaving -------------------------------------------------------------------------

    def _end(self, outcome: VisitOutcome | None) -> None:
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

    def resume(self, visit_id: str, case_id: str, second: SessionInfo) -> None:
        """Continue an interrupted visit at its current item, recording as a new linked chain."""
        self._reset()
        self.case_id, self.second = case_id, second
        pair = start_pair(self.context.session, second)
        resumed = resume_visit(self.records, visit_id, pair, now=self._now(), monotonic_ns=time.monotonic_ns())
        self.visit_id = visit_id
        by_id = {session.expert_id: session for session in (self.context.session, second)}
        self.experts = tuple(by_id[expert_id] for expert_id in resumed.expert_ids)
        detail = case_detail(self.records, case_id, actor=self.context.session)
        self.applicant_name = detail.applicant_name
        self.title.setText(self.tr("Visit: {name}").format(name=detail.applicant_name))
        # The visit goes on in the mode it started in, whatever the agency's setting says today.
        self.dual_entry = resumed.dual_entry
        self.visit_is_independent = resumed.entry_mode == "independent"
        if resumed.entering_expert_id is not None:
            self.entering_expert = list(resumed.expert_ids).index(resumed.entering_expert_id)
        self.start_recording()
        if resumed.entry_mode == "reconciling":
            self._show_reconciliation()
        else:
            self._show_items(resumed.progress.current_item_id)

    def leave(self) -> None:
        if self.steps.currentIndex() not in (START, ENDED) and self.visit_id is not None:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Leave the visit"), self.tr(
                "Every answer is saved. Leave the visit now? It can be resumed later from the case."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setObjectName("leaveVisitDialog")
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self._stop_recording()
        self.back_requested.emit()

    def _reset(self) -> None:
        self._stop_recording()
        self.visit_id = None
        self.second = None
        self.photos = {}
        self.answers = {}
        self.entering_expert = 0
        self.dual_entry = self.visit_is_independent = False

    # --- text ---------------------------------------------------------------------------------------

    def _show_step_label(self) -> None:
        index = self.steps.currentIndex()
        names = {START: self.tr("Step 1 of 5: experts"), IDENTITY: self.tr("Step 2 of 5: identity"),
                 CONSENT: self.tr("Step 3 of 5: consent"), ITEMS: self.tr("Step 4 of 5: items"),
                 RECONCILE: self.tr("Step 4 of 5: reconciliation"), FINISH: self.tr("Step 5 of 5: finish and sign"),
                 ENDED: self.tr("Visit ended")}
        text = names.get(index, "")
        if index == ITEMS and self.dual_entry and self.visit_is_independent and self.experts:
            text += " · " + self.tr("ratings of {person}").format(person=self._person(self.experts[self.entering_expert]))
        self.step_label.setText(text)

    def retranslate(self, language: str) -> None:
        self.context.language = language
        self.leave_button.setText(self.tr("Leave visit"))
        self.export_button.setText(self.tr("Export data bundle…"))
        self.items_step.retranslate(language)
        for step in (self.start_step, self.identity_step, self.consent_step, self.reconcile_step, self.finish_step):
            step.retranslate()
        self._show_step_label()
