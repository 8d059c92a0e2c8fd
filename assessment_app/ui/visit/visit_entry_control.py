# SPDX-License-Identifier: GPL-3.0-or-later
"""The items step of the visit screen at work, and dual entry: every answer (a change asks for
its reason) saved the moment it is given with the video offset, notes and photos per item, then
the end of the entry, whose next step is the flow's answer (services/visit_flow.finish_entry):
more items, the hand-over to the second expert, the reconciliation of differences, or finish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from assessment_app.domain.reasons import ReasonKind, minimum_length
from assessment_app.errors import AppError
from assessment_app.recording.still_capture import capture_still
from assessment_app.services import visit_answers
from assessment_app.services.visit_flow import NextStep, finish_entry
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.user_feedback import busy_cursor
from assessment_app.ui.visit.visit_steps import ITEMS, RECONCILE
from assessment_app.ui.widgets.reason_dialog import ask_reason

if TYPE_CHECKING:
    from assessment_app.ui.visit.visit_page import VisitPage


class VisitEntry(QObject):
    def __init__(self, page: VisitPage):
        super().__init__(page)
        self.page = page
        self.context = page.context
        self.step = page.items_step
        self.answers: dict[str, str] = {}  # in force, as the acting expert may see them

    def show_items(self, item_id: str | None = None) -> None:
        self.reload_answers()
        self.page.steps.setCurrentIndex(ITEMS)
        self.step.show_item(item_id or self.step.first_unanswered() or self.context.form.items[0].id)
        self.page.show_step_label()

    def reload_answers(self) -> None:
        visit, records = self.page.visit, self.context.records
        self.answers = visit_answers.current_answers(records, visit.visit_id, actor=visit.actor)
        self.step.show_answers(self.answers, visit_answers.item_notes(records, visit.visit_id, actor=visit.actor))

    def answer(self, item_id: str, option_id: str) -> None:
        previous = self.answers.get(item_id)
        if previous == option_id:
            return
        page, visit, records = self.page, self.page.visit, self.context.records
        common = dict(actor=visit.actor, video_offset_ms=page.recorder.offset(), **page.stamp())
        try:
            if previous is None:
                visit_answers.answer_item(records, visit.visit_id, item_id, option_id, **common)
            else:
                item = self.context.form.items_by_id[item_id]
                given = ask_reason(page, self.tr("Change an answer"), self.tr(
                    "{item}: change from {old} pts to {new} pts. Why? The change and its reason are recorded.").format(
                    item=item.name.get(self.context.language), old=item.option(previous).score,
                    new=item.option(option_id).score), minimum_text=minimum_length(ReasonKind.ANSWER_CHANGE))
                if given is None:
                    self.step.show_answers(self.answers)  # back to the stored answer
                    return
                visit_answers.change_answer(records, visit.visit_id, item_id, option_id, given.text, **common)
        except AppError as error:  # nothing was stored; the card shows the stored answer again
            self.step.show_answers(self.answers)
            page.fail(self.tr("The answer was not saved"), error)
            return
        self.reload_answers()
        if previous is None:
            self.step.step(+1)

    def save_note(self, item_id: str, text: str) -> None:
        if not text:
            return
        visit = self.page.visit
        try:
            visit_answers.set_item_note(self.context.records, visit.visit_id, item_id, text, actor=visit.actor,
                                        now=self.context.now())
        except AppError as error:
            self.page.fail(self.tr("The note was not saved"), error)

    def add_item_photo(self, item_id: str) -> None:
        page, visit = self.page, self.page.visit
        try:
            with busy_cursor():
                jpeg = capture_still(self.context.now(), page.recording_setup().choice.camera_index).jpeg
            visit_answers.add_item_photo(self.context.records, visit.visit_id, item_id, jpeg, actor=visit.actor,
                                         now=self.context.now(), video_offset_ms=page.recorder.offset())
        except AppError as error:
            page.fail(self.tr("No photo"), error)
            return
        counts = dict(self.step.photo_counts)
        counts[item_id] = counts.get(item_id, 0) + 1
        self.step.show_answers(self.answers, photo_counts=counts)

    def to_finish(self) -> None:
        page = self.page
        try:
            after = finish_entry(self.context.records, page.visit, **page.stamp())
        except AppError as error:
            page.fail(self.tr("Reconciliation"), error)
            return
        first, second = (person_label(expert.name, expert.expert_number) for expert in page.visit.experts)
        page.visit = after.visit
        if after.step is NextStep.ITEMS:
            self.step.show_item(after.item_id)
        elif after.step is NextStep.HAND_OVER:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Dual entry"), self.tr(
                "{first} has rated every item. Hand the laptop to {second}, who now rates every item without "
                "seeing the first ratings.").format(first=first, second=second), QMessageBox.StandardButton.Ok, page)
            box.setObjectName("handOverDialog")
            box.exec()
            self.show_items(after.item_id)
        elif after.step is NextStep.RECONCILE:
            self.show_reconciliation(list(after.differences))
        else:
            page.show_finish()

    def show_reconciliation(self, differences=None) -> None:
        visit, records = self.page.visit, self.context.records
        differences = differences if differences is not None else visit_answers.reconciliation(
            records, visit.visit_id, actor=visit.actor)
        agreement = visit_answers.agreement(records, visit.visit_id, actor=visit.actor)
        self.page.reconcile_step.show_differences(
            differences, agreement.equal if agreement else 0,
            agreement.total if agreement else len(self.context.form.items),
            tuple(person_label(expert.name, expert.expert_number) for expert in visit.experts))
        self.page.steps.setCurrentIndex(RECONCILE)

    def resolve_difference(self, item_id: str, option_id: str, reason: str) -> None:
        page, visit = self.page, self.page.visit
        try:
            visit_answers.resolve_difference(self.context.records, visit.visit_id, item_id, option_id, reason,
                                             actor=visit.actor, video_offset_ms=page.recorder.offset(),
                                             **page.stamp())
        except AppError as error:
            page.fail(self.tr("Reconciliation"), error)
            return
        self.show_reconciliation()
