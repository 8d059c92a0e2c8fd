# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload runner (services/upload_runner.py) for the window: it works the queue on its own
thread; what it reports reaches the GUI thread as Qt signals (queued across threads), and the
latest transfer figures of each upload are kept for whichever view opens. The decisions it pulls
(services/decision_pull.py) are announced the same way. No rule lives here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assessment_app.domain.agency_upload import TransferFigures
from assessment_app.services.decision_pull import PullResult, RefusedDecision
from assessment_app.services.upload_runner import UploadRunner
from assessment_app.ui.shell.work_context import WorkContext

STOP_WAIT_SECONDS = 5.0  # the transfer stops at its next block; a stuck read ends with the process


class _Observer:
    """Called on the runner's thread: it only emits signals."""

    def __init__(self, bridge: "UploadBridge"):
        self.bridge = bridge

    def progress(self, upload_id: str, figures: TransferFigures) -> None:
        self.bridge.progressed.emit(upload_id, figures)

    def changed(self) -> None:
        self.bridge.queue_changed.emit()

    def decisions(self, result: PullResult) -> None:
        self.bridge.decisions_pulled.emit(result)


class UploadBridge(QObject):
    """`progressed(upload_id, TransferFigures)`, `queue_changed()` and `decisions_pulled(PullResult)`
    arrive on the GUI thread."""

    progressed = Signal(str, object)
    queue_changed = Signal()
    decisions_pulled = Signal(object)

    def __init__(self, context: WorkContext, parent: QObject | None = None, *, runner_options: dict | None = None):
        super().__init__(parent)
        self.context = context
        self._figures: dict[str, TransferFigures] = {}
        # The records are read at every turn: after a restore the runner works on the new ones.
        # Decisions are pulled for whoever is signed in at the time (the puller checks they may).
        self.runner = UploadRunner(lambda: self.context.records, observer=_Observer(self),
                                   actor=lambda: self.context.session, **(runner_options or {}))
        self.progressed.connect(self._keep)

    def start(self) -> None:
        if not self.runner.running:
            self.runner.start()

    def stop(self) -> None:
        self.runner.stop(STOP_WAIT_SECONDS)

    def wake(self) -> None:
        self.runner.wake()

    def refresh_case(self, case_id: str) -> None:
        self.runner.refresh_case(case_id)

    def pull_decisions(self) -> PullResult:
        """On demand, by the signed-in person; blocking (run it off the GUI thread)."""
        return self.runner.decisions.pull(self.context.records, actor=self.context.session, now=self.context.now())

    def refusals(self, case_id: str) -> list[RefusedDecision]:
        return self.runner.decisions.refusals(case_id)

    def figures(self, upload_id: str) -> TransferFigures | None:
        return self._figures.get(upload_id)

    def _keep(self, upload_id: str, figures: TransferFigures) -> None:
        self._figures[upload_id] = figures  # GUI thread only: the signal is queued here
