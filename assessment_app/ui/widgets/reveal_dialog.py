# SPDX-License-Identifier: GPL-3.0-or-later
"""显示完整号码: the signed-in expert, if assigned to the case, sees the applicant's full ID number
for 30 seconds, then it is hidden again. The service decides who may see it; anyone else gets
its refusal. (The audit log has no event kind for a reveal yet, so none is written.)"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessment_app.errors import AppError
from assessment_app.services.case_queries import reveal_resident_id
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.theme import fit_wrapped_labels, set_look
from assessment_app.ui.shell.user_feedback import error_text
from assessment_app.ui.shell.work_context import WorkContext

REVEAL_SECONDS = 30


class RevealDialog(QDialog):
    def __init__(self, context: WorkContext, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("revealDialog")
        self.context = context
        self.case_id = case_id
        self.seconds_left = 0
        self.setWindowTitle(self.tr("Show the full ID number"))
        explanation = QLabel(self.tr(
            "Only the experts assigned to this case may see the full ID number. It is shown for {seconds} "
            "seconds.").format(seconds=REVEAL_SECONDS), self)
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(420)
        session = context.session
        self.asking = QLabel(person_label(session.name, session.expert_number) if session else "—", self)
        self.asking.setObjectName("revealAsking")
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("revealShowButton")
        self.show_button.setEnabled(session is not None)
        self.show_button.clicked.connect(self.reveal)
        self.number = QLabel(self)
        self.number.setObjectName("revealedNumber")
        set_look(self.number, "revealedNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no copying
        self.countdown = QLabel(self)
        self.countdown.setObjectName("revealCountdown")
        set_look(self.countdown, "fieldHint")
        self.problem = QLabel(self)
        self.problem.setObjectName("revealProblem")
        set_look(self.problem, "fieldError")
        self.problem.setWordWrap(True)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Requested by:"), self.asking)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.number)
        layout.addWidget(self.countdown)
        layout.addWidget(self.problem)
        layout.addWidget(close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_labels(self)

    def reveal(self) -> None:
        self.problem.clear()
        try:
            number = reveal_resident_id(self.context.records, self.case_id, actor=self.context.session)
        except AppError as error:  # refused or unreadable: say so, show nothing
            self.problem.setText(error_text(error, self.context.language))
            return
        self.number.setText(number)
        self.seconds_left = REVEAL_SECONDS
        self._show_countdown()
        self.timer.start()

    def tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.hide_number()
            self.accept()
            return
        self._show_countdown()

    def hide_number(self) -> None:
        self.timer.stop()
        self.number.clear()
        self.countdown.clear()

    def done(self, result: int) -> None:
        self.hide_number()
        super().done(result)

    def _show_countdown(self) -> None:
        self.countdown.setText(self.tr("Hidden again in {seconds} s").format(seconds=self.seconds_left))
