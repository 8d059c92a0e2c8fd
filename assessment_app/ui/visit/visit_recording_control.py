# SPDX-License-Identifier: GPL-3.0-or-later
"""The recording beside every step of the visit screen: the recorder session the screen holds, the
panel that shows it, and the pause (with its reason), resume and stop the experts ask for.

Which camera and sizes: the page's recording_setup(); what happens to the visit when no
recording can start is the flow's rule (services/visit_flow.start_recording): this module only
shows the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assessment_app.errors import AppError
from assessment_app.recording.disk import Preflight
from assessment_app.recording.session import FINAL_STATES, RecordingSession
from assessment_app.recording.settings import PAUSE_REASON_NEEDING_TEXT, PAUSE_REASONS
from assessment_app.services.recording_settings import disk_preflight
from assessment_app.services.visit_flow import RecordingStart
from assessment_app.services.visit_recording import pause_visit_recording, resume_visit_recording, stop_visit_recording
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.widgets.reason_dialog import ReasonChoice, ask_reason

if TYPE_CHECKING:
    from assessment_app.ui.visit.visit_page import VisitPage


class VisitRecording(QObject):
    def __init__(self, page: VisitPage):
        super().__init__(page)
        self.page, self.context, self.panel = page, page.context, page.recording_panel
        self.session: RecordingSession | None = None
        self.panel.pause_requested.connect(self.pause)
        self.panel.resume_requested.connect(self.resume)

    def preflight(self) -> tuple[Preflight | None, int]:
        """Room on the disk for the planned visit, and the planned minutes; None: no estimate
        possible (recording still stops safely at the margin)."""
        setup = self.page.recording_setup()
        try:
            return disk_preflight(self.context.records, setup.settings, setup.planned_minutes), setup.planned_minutes
        except OSError:
            return None, setup.planned_minutes

    def show(self, started: RecordingStart) -> None:
        """The recording that started (or that the visit goes on without)."""
        self.session = started.recording
        if self.session is None:
            self.panel.show_without_recording()
            return
        self.panel.attach(self.session)
        # Over the panel's own header (same state, same time): nothing else is covered, not even
        # the toolbar with who is signed in, and dialogs open beside that column.
        self.panel.anchor_badge(self.panel)

    def offset(self) -> int | None:
        """Where the visit is on the video, for an answer; None without a running recorder (the
        answer still counts)."""
        if self.session is None:
            return None
        try:
            return self.session.offset_ms()
        except AppError:
            return None

    def running(self) -> bool:
        return self.session is not None and self.session.status().state not in FINAL_STATES

    def pause_key(self) -> None:
        if self.panel.pause_button.isVisible():
            self.panel.pause_button.click()

    def pause(self) -> None:
        labels = {"privacy_bathing": self.tr("Privacy: bathing or washing"),
                  "privacy_toileting": self.tr("Privacy: using the toilet"),
                  "applicant_request": self.tr("At the applicant's request"),
                  "other": self.tr("Other (describe)")}
        choices = tuple(ReasonChoice(code, labels[code], code == PAUSE_REASON_NEEDING_TEXT) for code in PAUSE_REASONS)
        given = ask_reason(self.page, self.tr("Pause the recording"), self.tr(
            "Why is the recording paused? The pause and its reason are shown to the reviewer."), choices=choices)
        visit = self.page.visit
        if given is None or self.session is None or visit is None:
            return
        try:
            pause_visit_recording(self.context.records, visit.visit_id, self.session, given.code, given.text or None,
                                  actor=visit.actor, now=self.context.now())
        except AppError as error:
            show_error(self.page, self.tr("Pause the recording"), error, self.context.language)
        self.panel.refresh()

    def resume(self) -> None:
        visit = self.page.visit
        if self.session is None or visit is None:
            return
        try:
            resume_visit_recording(self.context.records, visit.visit_id, self.session, actor=visit.actor,
                                   now=self.context.now())
        except AppError as error:
            show_error(self.page, self.tr("Resume the recording"), error, self.context.language)
        self.panel.refresh()

    def stop(self) -> None:
        """Stop (when the visit ends or the experts leave it); the answers are safe whatever happens
        to the video, and a failure is said."""
        visit = self.page.visit
        if self.session is None:
            return
        if visit is not None:
            try:
                stop_visit_recording(self.context.records, visit.visit_id, self.session, actor=visit.actor,
                                     now=self.context.now())
            except AppError as error:
                show_error(self.page, self.tr("Stop the recording"), error, self.context.language)
        self.forget()

    def forget(self) -> None:
        """The session is over (stopped by the flow that signed the visit, or never started)."""
        self.session = None
        self.panel.detach()
