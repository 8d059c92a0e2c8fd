# SPDX-License-Identifier: GPL-3.0-or-later
"""One record as the reviewer sees it: the video with the items as chapters on the left; answers
with the scoring trace, the self-assessment comparison, the changes and the recording events in
tabs on the right; the decision buttons below. Every button calls one service of the page's
RecordSource (services/record_source.py): this workstation's records or the agency server's, whose
video comes by byte range into memory."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from assessment_app.domain.review_decisions import reason_minimum
from assessment_app.errors import AppError
from assessment_app.messages.recording_text import describe_pause_reason
from assessment_app.services.record_source import LocalRecordSource, RecordSource
from assessment_app.services.review_decision import DecisionState, export_decision
from assessment_app.services.review_record import RecordView
from assessment_app.ui.review.review_decision_dialog import ReviewDecisionDialog
from assessment_app.ui.review.source_calls import SourceCalls
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.video_player import VideoPlayer, clock_text


def _table(parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]], stretch: int = 1) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            cell.setToolTip(value)
            table.setItem(row, column, cell)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ReviewRecordView(QWidget):
    back_requested = Signal()
    decided = Signal(str)  # visit id

    def __init__(self, context: WorkContext, calls: SourceCalls, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewRecordView")
        self.context = context
        self.calls = calls
        self.view: RecordView | None = None
        self.state: DecisionState | None = None
        self.remote_person: str | None = None  # the signed-in reviewer's number, on the server's records
        self.last_review_id: str | None = None
        # Where the records are; the 审核 page hands in its own (local, or the agency server's).
        self.source: Callable[[], RecordSource] = lambda: LocalRecordSource(context.records, context.session)

        self.back_button = QPushButton(self)
        self.back_button.setObjectName("reviewBack")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setObjectName("reviewRecordTitle")
        self.title.setWordWrap(True)
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("reviewFlags")
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("color: #9c3d00;")

        self.player = VideoPlayer(context.language, self)
        self.tabs = QTabWidget(self)
        self.answers_table = _table(self, "reviewAnswers")
        self.answers_table.cellClicked.connect(self._answer_clicked)
        self.trace_label = QLabel(self)
        self.trace_label.setObjectName("reviewTrace")
        self.trace_label.setWordWrap(True)
        answers_page = QWidget(self)
        answers_layout = QVBoxLayout(answers_page)
        answers_layout.addWidget(self.answers_table, 1)
        answers_layout.addWidget(self.trace_label)
        self.comparison_label = QLabel(self)
        self.comparison_label.setWordWrap(True)
        self.comparison_table = _table(self, "reviewComparison")
        comparison_page = QWidget(self)
        comparison_layout = QVBoxLayout(comparison_page)
        comparison_layout.addWidget(self.comparison_label)
        comparison_layout.addWidget(self.comparison_table, 1)
        self.changes_table = _table(self, "reviewChanges")
        self.events_table = _table(self, "reviewRecordingEvents")
        self.tabs.addTab(answers_page, "")
        self.tabs.addTab(comparison_page, "")
        self.tabs.addTab(self.changes_table, "")
        self.tabs.addTab(self.events_table, "")

        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("reviewApprove")
        self.approve_button.clicked.connect(lambda: self.take_decision("approve"))
        self.return_button = QPushButton(self)
        self.return_button.setObjectName("reviewReturn")
        self.return_button.clicked.connect(lambda: self.take_decision("return"))
        self.recheck_button = QPushButton(self)
        self.recheck_button.setObjectName("reviewOrderRecheck")
        self.recheck_button.clicked.connect(lambda: self.take_decision("review"))
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("reviewExportDecision")
        self.export_button.clicked.connect(self.export_decision)
        self.decision_label = QLabel(self)
        self.decision_label.setObjectName("reviewDecisionState")
        self.decision_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.player)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([640, 560])
        buttons = QHBoxLayout()
        buttons.addWidget(self.decision_label, 1)
        for button in (self.approve_button, self.return_button, self.recheck_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.flags_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.retranslate(context.language)

    # -- showing a record ---------------------------------------------------------------------

    def show_visit(self, visit_id: str, then: Callable[[], None] | None = None) -> bool:
        """Fetch the record, its decision state and its recording from the source; show them, then `then()`."""
        source, language = self.source(), self.context.language

        def work():
            view, state = source.record(visit_id, language), source.decision_state(visit_id)
            try:
                recording = source.recording(visit_id)
            except AppError as error:  # no video, or it cannot be read: the player says so
                recording = error
            return view, state, recording

        def shown(result) -> None:
            self.view, self.state, recording = result
            self.remote_person = source.person.expert_number if source.remote else None
            self.player.open(lambda: _given(recording))
            self.player.set_chapters(self.view.chapters())
            self._fill()
            if then is not None:
                then()

        def failed(error: AppError) -> None:  # a damaged record is said, the queue stays usable
            show_error(self, self.tr("The record cannot be shown"), error, self.context.language)
        return self.calls.run(work, shown, failed)

    def _fill(self) -> None:
        view, language = self.view, self.context.language
        row = view.row
        grade = row.grade_label.get(language, "") if row.grade_label else ""
        self.title.setText(self.tr("{name} · case {task} · version {version} · grade: {grade} · experts: {experts}").format(
            name=row.applicant_name, task=row.task_number or row.case_id[:8], version=row.version, grade=grade,
            experts="、".join(row.expert_names)))
        self.flags_label.setText("\n".join("⚑ " + flag.message(language) for flag in view.flags))
        self.flags_label.setVisible(bool(view.flags))
        _fill(self.answers_table, [self.tr("Item"), self.tr("Answer"), self.tr("Score"), self.tr("Video"), self.tr("By")], [
            [line.item_label, line.option_label, str(line.score),
             clock_text(line.video_offset_ms) if line.video_offset_ms is not None else "—", line.answered_by]
            for line in view.answers])
        form = self.context.form
        dimensions = []
        for dimension in view.result.get("trace", {}).get("dimensions", []):
            try:
                name = form.dimension(dimension["dimension"]).name.get(language)
                level = form.level(dimension["level"]).label.get(language)
            except (KeyError, AttributeError):
                name, level = dimension["dimension"], dimension["level"]
            dimensions.append(self.tr("{dimension}: {sum} → {level}").format(dimension=name, sum=dimension["sum"],
                                                                       level=level))
        self.trace_label.setText("；".join(dimensions) + ("\n" + self.tr("Grade: {grade}").format(grade=grade)))
        comparison = view.comparison
        if comparison is None:
            self.comparison_label.setText(self.tr("No self-assessment was recorded for this case."))
            _fill(self.comparison_table, [self.tr("Item"), self.tr("Self-assessment"), self.tr("Experts")], [])
        else:
            label = lambda code: form.grade(code).label.get(language) if code is not None else "—"  # noqa: E731
            self.comparison_label.setText(self.tr("Self-assessment grade: {own} · experts' grade: {experts}").format(
                own=label(comparison.self_grade), experts=label(comparison.expert_grade)))
            names = {item.id: item.name.get(language) for item in form.items}
            _fill(self.comparison_table, [self.tr("Item"), self.tr("Self-assessment"), self.tr("Experts"), self.tr("Differs")], [
                [names.get(item.item_id, item.item_id), item.self_option or "—", item.expert_option or "—",
                 "≠" if item.differs else ""] for item in comparison.items], stretch=0)
        _fill(self.changes_table, [self.tr("Item"), self.tr("From"), self.tr("To"), self.tr("Reason"), self.tr("When"), self.tr("By")], [
            [change.item_label, change.old_option, change.new_option, change.reason or "", change.wall_time[:19],
             change.changed_by] for change in view.changes], stretch=3)
        _fill(self.events_table, [self.tr("Event"), self.tr("Reason"), self.tr("Video"), self.tr("When")], [
            [self._event_text(event.kind), self._reason_text(event.reason_code, event.text),
             clock_text(event.video_offset_ms) if event.video_offset_ms is not None else "—", event.wall_time[:19]]
            for event in view.recording_events])
        self._show_decision_state()

    def _event_text(self, kind: str) -> str:
        return {"started": self.tr("Recording started"), "paused": self.tr("Paused"), "resumed": self.tr("Resumed"),
                "stopped": self.tr("Stopped"), "camera_lost": self.tr("Camera lost"),
                "disk_stop": self.tr("Stopped: disk full"), "low_disk": self.tr("Disk almost full")}.get(kind, kind)

    def _reason_text(self, code: str | None, text: str | None) -> str:
        if code is None:
            return text or ""
        reason = describe_pause_reason(code, self.context.language)
        return f"{reason} ({text})" if text else reason

    def _show_decision_state(self) -> None:
        state = self.state
        self.last_review_id = state.last_review_id
        if state.last_decision is not None:
            self.decision_label.setText(self.tr("Decision: {decision} on {day}{reason}").format(
                decision=self.decision_name(state.last_decision), day=state.decided_at[:10],
                reason=f" — {state.reason}" if state.reason else ""))
        else:
            self.decision_label.setText(self.tr("Not reviewed yet") + self._claim_text())
        for button in (self.approve_button, self.return_button, self.recheck_button):
            button.setEnabled(state.can_decide)
        self.export_button.setEnabled(state.can_export)

    def _claim_text(self) -> str:
        if self.remote_person is None:
            return ""
        row = self.view.row
        until = (row.claim_expires_at or "")[11:16]
        if row.claimed_by is None:
            return " — " + self.tr("not claimed: claim it in the queue to decide")
        if row.claimed_by == self.remote_person:
            return " — " + self.tr("claimed by you until {time} UTC").format(time=until)
        return " — " + self.tr("claimed by {reviewer} until {time} UTC: you can view it, not decide it").format(
            reviewer=row.claimed_by, time=until)

    def decision_name(self, decision: str) -> str:
        return {"approved": self.tr("approved"), "returned": self.tr("returned to the experts"),
                "recheck_ordered": self.tr("review (复核) ordered"), "pending": self.tr("pending")}.get(decision,
                                                                                                     decision)

    def _answer_clicked(self, row: int, _column: int) -> None:
        line = self.view.answers[row] if self.view and row < len(self.view.answers) else None
        if line is not None and line.video_offset_ms is not None:
            self.player.seek(line.video_offset_ms)

    # -- deciding -----------------------------------------------------------------------------

    def take_decision(self, decision: str) -> bool:
        session = self.context.session
        if self.view is None or session is None:
            return False
        titles = {"approve": (self.tr("Approve the record"), self.tr(
                      "The grade stands and the case is closed. Your signature goes on the decision.")),
                  "return": (self.tr("Return to the experts"), self.tr(
                      "The experts correct the record as a new version. Say what must be corrected.")),
                  "review": (self.tr("Order a review (复核)"), self.tr(
                      "A new, linked review case is opened for a second assessment. Say why."))}
        title, explanation = titles[decision]
        dialog = ReviewDecisionDialog(title, explanation, reason_minimum(decision), self)
        if not dialog.exec():
            return False
        reason, passphrase = dialog.answer()
        source, visit_id, now = self.source(), self.view.row.visit_id, self.context.now()

        def work():
            outcome = source.decide(visit_id, decision, reason, passphrase=passphrase, now=now)
            return outcome, source.decision_state(visit_id)

        def done(result) -> None:
            outcome, self.state = result
            self._show_decision_state()
            self.last_review_id = outcome.review_id
            self.decided.emit(visit_id)

        def failed(error: AppError) -> None:  # wrong passphrase, case closed, the server's refusal: said, nothing stored
            show_error(self, self.tr("The decision was not taken"), error, self.context.language)
        return self.calls.run(work, done, failed)

    def export_decision(self, path: str | None = None) -> bool:
        if self.last_review_id is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the signed decision"),
                                                  f"review-{self.last_review_id}.decision.pdf",
                                                  self.tr("Signed decision (*.decision.pdf)"))
            if not path:
                return False
        try:
            written = export_decision(self.context.records, self.last_review_id, path, actor=self.context.session)
        except AppError as error:
            show_error(self, self.tr("The decision was not exported"), error, self.context.language)
            return False
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Decision exported"), self.tr(
            "The signed decision was written to {path}. The experts import it on their laptop.").format(path=written),
            QMessageBox.StandardButton.Ok, self)
        box.setObjectName("decisionExported")
        box.exec()
        return True

    def retranslate(self, language: str) -> None:
        self.back_button.setText(self.tr("← Queue"))
        for index, text in enumerate((self.tr("Answers and trace"), self.tr("Self-assessment"),
                                      self.tr("Changes"), self.tr("Recording"))):
            self.tabs.setTabText(index, text)
        self.approve_button.setText(self.tr("Approve…"))
        self.return_button.setText(self.tr("Return…"))
        self.recheck_button.setText(self.tr("Order 复核…"))
        self.export_button.setText(self.tr("Export decision…"))
        self.player.retranslate(language)
        if self.view is not None:
            self._fill()


def _given(recording):
    """The recording fetched with the record, or the error that kept it from being read."""
    if isinstance(recording, AppError):
        raise recording
    return recording
