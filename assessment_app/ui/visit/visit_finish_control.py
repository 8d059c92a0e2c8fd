# SPDX-License-Identifier: GPL-3.0-or-later
"""The finish step of the visit screen at work: the result beside the self-assessment and the
previous grade, plausibility warnings confirmed with a reason, the conclusion, the draft report,
and signing. Each click is one service call; the order of signing (keys, then the recording's
stop, then the signatures and the lock) is services/visit_flow.sign_visit's, not this module's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assessment_app.domain.reasons import ReasonKind, minimum_length
from assessment_app.domain.visit_workflow import SigningIncomplete
from assessment_app.errors import AppError
from assessment_app.messages.visit_text import describe_requirement, describe_warning
from assessment_app.services import visit_finish
from assessment_app.services.calculator import CalculatorSession
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from assessment_app.services.visit_flow import Handwriting, OpenVisit, sign_visit
from assessment_app.services.visit_report import draft_report
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text, show_error
from assessment_app.ui.visit.visit_finish_step import ExpertSigner, WarningLine
from assessment_app.ui.widgets.pdf_preview import PdfPreviewDialog
from assessment_app.ui.widgets.reason_dialog import ask_reason

if TYPE_CHECKING:
    from assessment_app.ui.visit.visit_page import VisitPage


class VisitFinish(QObject):
    def __init__(self, page: VisitPage):
        super().__init__(page)
        self.page, self.step, self.recording = page, page.finish_step, page.recorder
        self.context = page.context

    def show(self, answers: dict[str, str]) -> None:
        """The finish step for the answers in force."""
        visit, records = self.page.visit, self.context.records
        form, language = self.context.form, self.context.language
        check = visit_finish.finish_check(records, visit.visit_id, actor=visit.actor)
        calculator = CalculatorSession(form)
        for item_id, option_id in answers.items():
            calculator.choose(item_id, option_id)
        self.step.show_result(calculator.progress(), calculator.result(), calculator.missing_items(), language)
        confirmed = visit_finish.confirmed_warnings(records, visit.visit_id, actor=visit.actor)
        self.step.show_warnings([
            WarningLine(warning.code, describe_warning(warning.code, language), confirmed.get(warning.code))
            for warning in check.warnings])
        self.step.show_comparison(self._comparison_text(visit))
        self.step.show_signers(tuple(ExpertSigner(expert.expert_id, person_label(expert.name, expert.expert_number))
                                     for expert in visit.experts))

    def _comparison_text(self, visit: OpenVisit) -> str:
        result = visit_finish.visit_result(self.context.records, visit.visit_id, actor=visit.actor)
        form, language = self.context.form, self.context.language
        grade = lambda code: form.grade(code).label.get(language) if code is not None else "—"  # noqa: E731
        comparison = result.self_assessment
        return "\n".join((
            self.tr("Self-assessment grade: {grade}").format(
                grade=grade(comparison.self_grade) if comparison is not None else self.tr("none submitted")),
            self.tr("Previous grade: {grade}").format(
                grade=result.previous.grade_label.get(language, "") if result.previous else self.tr("none"))))

    def confirm_warning(self, code: str) -> bool:
        """True when something was tried (the page then shows the step again, with the reason or not)."""
        given = ask_reason(self.page, self.tr("Confirm a plausibility warning"), describe_warning(
            code, self.context.language) + "\n\n" + self.tr("If the answers stand, say why."),
            minimum_text=minimum_length(ReasonKind.WARNING_CONFIRMATION))
        if given is None:
            return False
        visit = self.page.visit
        try:
            visit_finish.confirm_warning(self.context.records, visit.visit_id, code, given.text, actor=visit.actor,
                                         now=self.context.now())
        except AppError as error:
            show_error(self.page, self.tr("Confirm a plausibility warning"), error, self.context.language)
        return True

    def save_conclusion(self) -> bool:
        visit, step = self.page.visit, self.step
        try:
            visit_finish.conclude(self.context.records, visit.visit_id, step.conclusion.toPlainText(),
                                  step.care_notes.toPlainText(), actor=visit.actor, now=self.context.now())
        except AppError as error:
            step.show_problem(error_text(error, self.context.language))
            return False
        return True

    def preview_draft(self) -> PdfPreviewDialog | None:
        """The draft report from memory; a copy leaves the data directory only by 另存为."""
        if self.step.conclusion.toPlainText().strip():
            self.save_conclusion()
        visit, context = self.page.visit, self.context
        try:
            data = draft_report(context.records, visit.visit_id, context.form, actor=visit.actor)
        except AppError as error:
            show_error(self.page, self.tr("Draft report"), error, context.language)
            return None
        dialog = PdfPreviewDialog(
            data, self.tr("Draft report"), "draft.pdf",
            lambda path: save_unencrypted_copy(context.records, context.session, kind="draft_report", data=data,
                                               destination=path, now=context.now(), case_id=visit.case_id),
            context.language, self.page)
        self.page.show_preview(dialog)
        return dialog

    def sign(self) -> bool:
        """Both experts sign with their passphrases and the record is locked; True when it is."""
        step, visit = self.step, self.page.visit
        if not self.save_conclusion():
            return False
        if not all(pad.has_signature() for pad in (*step.expert_pads, step.informant_pad)):
            step.show_problem(self.tr("Both experts and the informant sign in their boxes first."))
            return False
        handwriting = Handwriting(tuple(pad.to_png() for pad in step.expert_pads), step.informant_pad.to_png())
        recording_before = self.recording.running()
        try:
            with busy_cursor():
                sign_visit(self.context.records, visit, self.context.form,
                           [field.text() for field in step.expert_passphrases], handwriting=handwriting,
                           recording=self.recording.session, now=self.context.now())
        except SigningIncomplete as error:
            step.show_problem(self.tr("Not yet: {missing}").format(missing="；".join(
                describe_requirement(requirement, self.context.language) for requirement in error.missing)))
            return False
        except AppError as error:  # wrong passphrase, expired certificate: nothing is signed, still recording
            step.clear_passphrases()
            step.show_problem(error_text(error, self.context.language))
            if recording_before and not self.recording.running():  # stopped, then the signing failed
                self.recording.forget()
            return False
        step.clear_passphrases()
        self.recording.forget()  # the flow stopped it: its stop is in the signed record
        return True
