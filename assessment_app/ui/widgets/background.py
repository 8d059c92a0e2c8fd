# SPDX-License-Identifier: GPL-3.0-or-later
"""The one way the interface runs slow work: off the GUI thread, with its result, its failure and
its progress handed back on the GUI thread (in the manner of Anki's QueryOp).

    BackgroundTask(work, success=show_result, failure=show_problem, progress=show_progress).start()

`work(control)` runs on a worker thread and touches no widget; `control.progress(done, total)`
reports how far it is (coalesced: the GUI thread sees the latest figures, never a queue of stale
ones) and `control.cancelled` (or `control.cancel_event`, for services that take a
threading.Event) says that the user asked to stop. On the GUI thread, `success(result)` gets what
work returned, `failure(error)` an error a user can act on (an AppError, or an error of forms/ or
scoring/: those the messages word); any other exception is a bug and is raised there, from the
slot, to the one exception hook (ui/shell/error_report.py).

`LatestOnly` runs a stream of such tasks where only the newest request matters (a search while
the user types): at most one runs at a time, a request made meanwhile replaces any waiting one,
and the result of a request that has been superseded is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal

from assessment_app.errors import AppError
from assessment_app.messages import has_message

Result = TypeVar("Result")


def _for_the_user(error: BaseException) -> bool:
    return isinstance(error, AppError) or has_message(error)


class TaskControl:
    """What the work sees of its task: cancellation and progress."""

    def __init__(self, cancel_event: threading.Event, report: Callable[[int, int], None]):
        self.cancel_event = cancel_event
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, done: int, total: int) -> None:
        self._report(done, total)


class _Outcome:
    __slots__ = ("result", "error")

    def __init__(self, result: object = None, error: BaseException | None = None):
        self.result, self.error = result, error


class _GuiThread(QObject):
    """Runs functions handed to it from any thread on the GUI thread (a queued signal). One for
    the application, made on the GUI thread and never deleted, so no task owns a QObject whose
    deletion could race its own delivery."""

    call = Signal(object)

    def __init__(self):
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _run(function: Callable[[], None]) -> None:
        function()


_gui_thread: _GuiThread | None = None


def _on_gui_thread() -> _GuiThread:
    global _gui_thread
    if _gui_thread is None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("background tasks are created on the GUI thread")
        _gui_thread = _GuiThread()
    return _gui_thread


class BackgroundTask(Generic[Result]):
    """One run of `work` on its own thread. Create and start it on the GUI thread. With `owner`
    (the widget that shows the outcome), nothing is delivered once that widget is gone."""

    def __init__(self, work: Callable[[TaskControl], Result], *, success: Callable[[Result], None],
                 failure: Callable[[Exception], None] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 owner: QObject | None = None, name: str = "ltc-assess-task"):
        self._gui = _on_gui_thread()
        self._work, self._success, self._failure, self._progress = work, success, failure, progress
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: tuple[int, int] | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._finished = False
        self._owner_gone = False
        self._when_done: list[Callable[[], None]] = []
        self._waiters: list[Callable[[], None]] = []
        if owner is not None:
            owner.destroyed.connect(self._forget_owner)

    def start(self) -> BackgroundTask[Result]:
        self._thread.start()
        return self

    def when_done(self, callback: Callable[[], None]) -> None:
        """`callback()` on the GUI thread after success or failure was called, whatever the
        outcome (unless the owner is gone)."""
        self._when_done.append(callback)

    def cancel(self) -> None:
        """Ask the work to stop; it decides where (the services remove what they half wrote)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        """True until the outcome has been delivered on the GUI thread."""
        return not self._finished

    def wait(self) -> None:
        """Turn the event loop (windows stay painted) until the task has delivered its outcome."""
        if self._finished:
            return
        loop = QEventLoop()
        self._waiters.append(loop.quit)
        loop.exec()

    # -- worker thread ------------------------------------------------------------------------

    def _run(self) -> None:
        control = TaskControl(self._cancel, self._report)
        try:
            outcome = _Outcome(result=self._work(control))
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread, which sorts it
            outcome = _Outcome(error=error)
        self._gui.call.emit(lambda: self._deliver(outcome))

    def _report(self, done: int, total: int) -> None:
        with self._lock:
            pending = self._latest is not None
            self._latest = (done, total)
        if not pending:
            self._gui.call.emit(self._deliver_progress)

    # -- GUI thread ---------------------------------------------------------------------------

    def _forget_owner(self) -> None:
        self._owner_gone = True

    def _deliver_progress(self) -> None:
        with self._lock:
            latest, self._latest = self._latest, None
        if latest is not None and self._progress is not None and not (self._finished or self._owner_gone):
            self._progress(*latest)

    def _deliver(self, outcome: _Outcome) -> None:
        self._thread.join()
        self._finished = True
        try:
            if self._owner_gone:
                return
            if outcome.error is None:
                self._success(outcome.result)
            elif self._failure is not None and _for_the_user(outcome.error):
                self._failure(outcome.error)
            else:
                raise outcome.error
        finally:
            for callback in ([] if self._owner_gone else self._when_done) + self._waiters:
                callback()


class LatestOnly:
    """Runs `work(request, control)` for the newest request only (see the module's docstring).
    The outcome of a superseded request, whatever it is, is dropped: it answers a question nobody
    asks any more (and may have failed only because what it read was replaced meanwhile)."""

    def __init__(self, work: Callable[[object, TaskControl], object], *, success: Callable[[object, object], None],
                 failure: Callable[[Exception], None] | None = None, owner: QObject | None = None,
                 name: str = "ltc-assess-latest"):
        self._work, self._success, self._failure, self._owner, self._name = work, success, failure, owner, name
        self._running: BackgroundTask | None = None
        self._waiting: tuple[int, object] | None = None
        self._generation = self._answered = 0

    @property
    def busy(self) -> bool:
        """True while the newest request has not been answered (by its result or its failure)."""
        return self._answered != self._generation

    def request(self, request: object) -> None:
        """Ask for `request`; any earlier request not yet delivered will never be."""
        self._generation += 1
        if self._running is not None:
            self._running.cancel()
            self._waiting = (self._generation, request)
            return
        self._start(self._generation, request)

    def wait(self) -> None:
        """Turn the event loop until the newest request has been delivered (tests, start-up)."""
        while self._running is not None:
            self._running.wait()

    def _start(self, generation: int, request: object) -> None:
        def guarded(control: TaskControl) -> _Outcome:
            try:
                return _Outcome(result=self._work(request, control))
            except BaseException as error:  # noqa: BLE001 - sorted on the GUI thread, once it is known to matter
                return _Outcome(error=error)

        task = BackgroundTask(guarded, success=lambda outcome: self._deliver(generation, request, outcome),
                              owner=self._owner, name=self._name)
        task.when_done(self._next)
        self._running = task
        task.start()

    def _deliver(self, generation: int, request: object, outcome: _Outcome) -> None:
        if generation != self._generation:
            return
        self._answered = generation
        if outcome.error is None:
            self._success(request, outcome.result)
        elif self._failure is not None and _for_the_user(outcome.error):
            self._failure(outcome.error)
        else:
            raise outcome.error

    def _next(self) -> None:
        self._running = None
        if self._waiting is not None:
            generation, request = self._waiting
            self._waiting = None
            self._start(generation, request)


class InOrder:
    """Runs submitted calls one after another, in the order given, each as a BackgroundTask: for
    work that shares one thing a thread at a time may use (one HTTPS connection to the agency
    server). `on_busy(True)` when the first call is waiting, `on_busy(False)` when none is left.
    With `owner`, nothing is delivered once that widget is gone."""

    def __init__(self, *, on_busy: Callable[[bool], None] | None = None, owner: QObject | None = None,
                 name: str = "ltc-assess-in-order"):
        self._on_busy, self._owner, self._name = on_busy, owner, name
        self._waiting: list[tuple[Callable[[], object], Callable[[object], None], Callable[[Exception], None]]] = []
        self._running: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._waiting)

    def submit(self, work: Callable[[], object], done: Callable[[object], None],
               failed: Callable[[Exception], None]) -> None:
        """`work()` after every call submitted before it; then `done(result)` or `failed(error)`
        (an error a user can act on) on the GUI thread. Any other exception is a bug, raised there."""
        was_busy = self.busy
        self._waiting.append((work, done, failed))
        if not was_busy and self._on_busy is not None:
            self._on_busy(True)
        if self._running is None:
            self._next()

    def wait(self) -> None:
        """Turn the event loop until every call submitted so far has been delivered (tests)."""
        while self._running is not None:
            self._running.wait()

    def _next(self) -> None:
        self._running = None
        if not self._waiting:
            if self._on_busy is not None:
                self._on_busy(False)
            return
        work, done, failed = self._waiting.pop(0)
        task = BackgroundTask(lambda control: work(), success=done, failure=failed, owner=self._owner,
                              name=self._name)
        task.when_done(self._next)
        self._running = task
        task.start()
