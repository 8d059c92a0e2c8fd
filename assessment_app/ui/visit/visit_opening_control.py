# SPDX-License-Identifier: GPL-3.0-or-later
"""The first three steps of the visit screen at work: the second expert signs in and both
declare (the visit begins), the identity check with its photos and the informant, and the
consent to recording (given, and the recording starts, or refused with a reason). Each click is
one use case of services/visit_flow.py; what ends the visit is the flow's answer, shown here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from assessment_app.domain.reasons import ReasonKind, minimum_length
from assessment_app.errors import AppError
from assessment_app.recording.still_capture import capture_still
from assessment_app.services import visit_start
from assessment_app.services.accounts import SessionInfo, start_pair
from assessment_app.services.case_queries import case_detail, reveal_resident_id
from assessment_app.services.visit_flow import (
    IdentityCheck, RecordingStart, begin_visit, check_identity, consent_and_record,
)
from assessment_app.services.visit_settings import read_visit_settings
from assessment_app.ui.shell.login_dialog import LoginDialog
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
from assessment_app.ui.visit.visit_identity_step import FACE, ID_CARD
from assessment_app.ui.visit.visit_steps import CONSENT, IDENTITY
from assessment_app.ui.widgets.reason_dialog import ask_reason

if TYPE_CHECKING:
    from assessment_app.ui.visit.visit_page import VisitPage


class VisitOpening(QObject):
    def __init__(self, page: VisitPage):
        super().__init__(page)
        self.page = page
        self.context = page.context
        self.second: SessionInfo | None = None  # signed in at the start step, before the visit begins
        self.photos: dict[str, bytes] = {}

    def reset(self) -> None:
        self.second = None
        self.photos = {}

    # --- step 1: experts and declarations ------------------------------------------------------

    def sign_in_second_expert(self) -> SessionInfo | None:
        page = self.page
        dialog = LoginDialog(self.context, parent=page)
        dialog.setWindowTitle(self.tr("Second expert signs in"))
        dialog.cancel_button.setText(self.tr("Cancel"))
        if page.run_dialog(dialog) and dialog.session is not None:
            try:
                start_pair(self.context.session, dialog.session)
            except AppError as error:  # the same person twice, a reviewer: said plainly
                page.fail(self.tr("Second expert"), error)
                return None
            self.second = dialog.session
            page.start_step.show_people(page.start_step.applicant.text(), self.context.session, self.second)
        dialog.deleteLater()
        return self.second

    def start(self) -> None:
        page, records = self.page, self.context.records
        try:
            page.visit = begin_visit(records, page.case_id, self.context.session, self.second,
                                     form=self.context.form, **page.stamp())
        except AppError as error:
            page.fail(self.tr("The visit cannot start"), error)
            return
        page.visit_changed.emit()
        try:
            resident_id = reveal_resident_id(records, page.case_id, actor=self.context.session)
        except AppError:  # not assigned to this case: the masked number still identifies
            resident_id = case_detail(records, page.case_id, actor=self.context.session).resident_id_masked
        page.identity_step.show_applicant(page.applicant_name, resident_id)
        page.steps.setCurrentIndex(IDENTITY)

    # --- step 2: identity and informant ------------------------------------------------------

    def take_identity_photo(self, kind: str, source: str) -> None:
        page = self.page
        if source == "camera":
            try:
                with busy_cursor():
                    jpeg = capture_still(self.context.now(), page.recording_setup().choice.camera_index).jpeg
            except AppError as error:
                page.fail(self.tr("No photo"), error)
                return
        else:
            path, _ = QFileDialog.getOpenFileName(page, self.tr("Choose a photo"), "",
                                                  self.tr("Images (*.jpg *.jpeg *.png)"))
            if not path:
                return
            jpeg = Path(path).read_bytes()
        self.photos[kind] = jpeg
        page.identity_step.show_photo(kind, jpeg)

    def confirm_identity(self) -> None:
        page, step = self.page, self.page.identity_step
        said = True if step.matches.isChecked() else False if step.differs.isChecked() else None
        check = IdentityCheck(said, self.photos.get(ID_CARD), self.photos.get(FACE), step.discrepancy.toPlainText(),
                              step.informant_name.text(), step.relation_code(), step.informant_phone.text())
        try:
            result = check_identity(self.context.records, page.visit, check, **page.stamp())
        except AppError as error:  # field errors are shown under the form
            step.show_problem(error_text(error, self.context.language))
            return
        step.show_problem("")
        if not result.continues:
            page.end(result.outcome)
            return
        page.consent_step.show_rule(read_visit_settings(self.context.records).allow_without_recording)
        page.consent_step.show_disk(*page.recorder.preflight())
        page.steps.setCurrentIndex(CONSENT)

    # --- step 3: consent and recording ----------------------------------------------------------

    def give_consent(self) -> None:
        page, setup = self.page, self.page.recording_setup()
        try:
            with busy_cursor():
                started = consent_and_record(self.context.records, page.visit, page.consent_step.pad.to_png(),
                                             choice=setup.choice, settings=setup.settings, **page.stamp())
        except AppError as error:
            page.fail(self.tr("Consent"), error)
            return
        page.recording_started(started)

    def refuse_recording(self) -> None:
        page = self.page
        given = ask_reason(page, self.tr("Recording refused"), self.tr(
            "Record why the applicant or the family refuses the recording."),
            minimum_text=minimum_length(ReasonKind.RECORDING_REFUSAL))
        if given is None:
            return
        try:
            result = visit_start.record_consent_refusal(self.context.records, page.visit.visit_id, given.text,
                                                        actor=page.visit.actor, **page.stamp())
        except AppError as error:
            page.fail(self.tr("Recording refused"), error)
            return
        page.recording_started(RecordingStart(None, result))  # the visit goes on unrecorded, or ends
