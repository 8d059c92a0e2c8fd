"""Slow calls of the supervision page (sign-in, the server's tables) off the GUI thread: one worker
thread, calls run one after another in the order given (the desk is one HTTPS connection), each
result or AppError handed back to the GUI thread through a queued Qt signal.

Kept small and on its own so that the application's shared background helper (ui/widgets, being
written) can take its place: the page only calls `submit(work, done, failed)` and `busy`.
Any other exception is a bug: it is raised again on the GUI thread, where the application's
exception hook reports it (ui/shell/app.py), never shown as if it were the user's problem.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from assessment_app.errors import AppError


class BackgroundCalls(QObject):
    busy_changed = Signal(bool)
    _finished = Signal(object, object, object)  # the callback, its argument, an unexpected exception

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # A daemon thread: a call waiting on an unreachable server never holds up quitting.
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="ltc-supervision", daemon=True)
        self._thread.start()
        self._pending = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, work: Callable[[], object], done: Callable[[object], None],
               failed: Callable[[AppError], None]) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def run() -> None:
            try:
                result = work()
            except AppError as error:
                self._hand_back(failed, error, None)
            except BaseException as error:  # noqa: BLE001 - a bug: raised again on the GUI thread
                self._hand_back(None, None, error)
            else:
                self._hand_back(done, result, None)

        self._calls.put(run)

    def _hand_back(self, callback, argument, unexpected) -> None:
        try:
            self._finished.emit(callback, argument, unexpected)
        except RuntimeError:
            pass  # the page was closed meanwhile: nobody is left to tell

    def _work(self) -> None:
        while (run := self._calls.get()) is not None:
            run()

    def _deliver(self, callback, argument, unexpected) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if unexpected is not None:
            raise unexpected
        callback(argument)

    def shutdown(self) -> None:
        """The thread ends after the calls already given (their results are still delivered
        while this object lives)."""
        self._calls.put(None)
