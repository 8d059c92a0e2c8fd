# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's decision on the case page: the line that says it (通过 / 退回 / 转入复核, reviewer,
date, reason), for a 复核 the button that opens the new review case, 获取审核结果 (pull the decisions
waiting on the agency server now), and the decisions this laptop refused (kept on the server),
each in the user's language.

Widgets the case page places itself; one service call per click, the pull off the GUI thread
(ui/widgets/background.py); the automatic pull is the upload runner's (UploadBridge).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.messages.upload_text import decision_word
from assessment_app.services.case_decision import CaseDecision, case_decision
from assessment_app.services.decision_pull import PullResult
from assessment_app.services.workstation_identity import upload_configured
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import error_text
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.ui.uploads.upload_wording import not_configured_text
from assessment_app.ui.widgets.background import BackgroundTask


def _restyle(label: QLabel, look: str) -> None:
    if label.property("look") != look:
        set_look(label, look)
        label.style().unpolish(label)
        label.style().polish(label)


class CaseDecisionPanel(QObject):
    """Emits `decision_shown(CaseDecision | None)` whenever it read the case's decision again,
    `case_requested(case_id)` to open the 复核 case, `case_changed()` after a pull applied one."""

    decision_shown = Signal(object)
    case_requested = Signal(str)
    case_changed = Signal()

    def __init__(self, context: WorkContext, bridge: UploadBridge | None, parent: QWidget):
        super().__init__(parent)
        self.context, self.bridge = context, bridge
        self.case_id: str | None = None
        self.decision: CaseDecision | None = None
        self.pulling: BackgroundTask | None = None
        self.pull_button = QPushButton(parent)
        self.pull_button.setObjectName("pullDecisionsButton")
        self.pull_button.clicked.connect(lambda: self.pull())
        self.line = QLabel(parent)
        self.line.setObjectName("caseDecision")
        self.line.setWordWrap(True)
        self.line.hide()
        self.new_case_button = QPushButton(parent)
        self.new_case_button.setObjectName("openReviewCaseButton")
        self.new_case_button.clicked.connect(self._open_new_case)
        self.new_case_button.hide()
        self.notice = QLabel(parent)  # what the last 获取审核结果 on this page found, or why it failed
        self.notice.setObjectName("decisionNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.refusals = QLabel(parent)  # decisions this laptop refused, kept on the server
        self.refusals.setObjectName("decisionRefusals")
        self.refusals.setWordWrap(True)
        set_look(self.refusals, "fieldError")
        self.refusals.hide()
        if bridge is not None:
            bridge.decisions_pulled.connect(self._pulled)
        self.retranslate()

    def retranslate(self) -> None:
        self.pull_button.setText(self.tr("Fetch review results"))
        self.new_case_button.setText(self.tr("Open the new review case"))
        self.refresh()

    def show_case(self, case_id: str) -> None:
        if case_id != self.case_id:
            self.notice.hide()  # it told of a pull seen on another case
        self.case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        try:
            self.decision = case_decision(self.context.records, self.case_id, actor=self.context.session)
        except AppError:  # signed out meanwhile: nothing to show until someone signs in
            self.decision = None
        self._show_decision()
        self._show_refusals()
        reason = upload_configured(self.context.records)
        self.pull_button.setEnabled(self.bridge is not None and reason is None and self.pulling is None
                                    and self.context.may(Permission.IMPORT_DECISION))
        self.pull_button.setToolTip(not_configured_text(reason, self.context.language) if reason else self.tr(
            "Ask the agency server now for the reviewers' decisions on the cases this laptop uploaded"))
        self.decision_shown.emit(self.decision)

    def _show_decision(self) -> None:
        decision, language = self.decision, self.context.language
        self.line.setVisible(decision is not None)
        self.new_case_button.setVisible(decision is not None and decision.new_case_id is not None)
        if decision is None:
            return
        text = self.tr("Review decision: {decision} · {reviewer} ({number}) · {time} UTC").format(
            decision=decision_word(decision.decision, language), reviewer=decision.reviewer_name,
            number=decision.reviewer_number, time=decision.decided_at[:16].replace("T", " "))
        if decision.reason:
            text += " · " + self.tr("Reason: {reason}").format(reason=decision.reason)
        self.line.setText(text)
        _restyle(self.line, "fieldError" if decision.decision == "returned" else "infoText")

    def _show_refusals(self) -> None:
        refused = self.bridge.refusals(self.case_id) if self.bridge is not None else []
        self.refusals.setVisible(bool(refused))
        self.refusals.setText("\n".join(
            self.tr("A decision on the agency server was not accepted by this laptop and stays there "
                    "(nothing was changed): {why}").format(why=error_text(entry.error, self.context.language))
            for entry in refused))

    def pull(self) -> BackgroundTask | None:
        """获取审核结果: pull now (off the GUI thread); the outcome is said under the decision line."""
        if self.bridge is None or self.pulling is not None:
            return None
        self.pull_button.setEnabled(False)
        self.pulling = BackgroundTask(lambda control: self.bridge.pull_decisions(), success=self._pulled_here,
                                      failure=self._pull_failed, owner=self.pull_button, name="ltc-assess-decisions")
        self.pulling.when_done(self._pull_done)
        return self.pulling.start()

    def _pull_done(self) -> None:
        self.pulling = None
        self.refresh()

    def _pulled_here(self, result: PullResult) -> None:
        count = len(result.applied)
        self.notice.setText(self.tr("{count} new review decision(s) applied.").format(count=count) if count
                            else self.tr("No new review decisions on the agency server."))
        _restyle(self.notice, "infoText")
        self.notice.show()
        self._pulled(result)

    def _pull_failed(self, error: AppError) -> None:
        self.notice.setText(self.tr("The review results could not be fetched: {why}").format(
            why=error_text(error, self.context.language)))
        _restyle(self.notice, "fieldError")
        self.notice.show()

    def _pulled(self, result: PullResult) -> None:
        """After any pull (this page's or the runner's): show what changed."""
        if result.applied:
            self.case_changed.emit()
        self.refresh()

    def _open_new_case(self) -> None:
        if self.decision is not None and self.decision.new_case_id is not None:
            self.case_requested.emit(self.decision.new_case_id)
