# SPDX-License-Identifier: GPL-3.0-or-later
"""The one background helper (ui/widgets/background.py): work runs off the GUI thread; its result,
its failure and its progress come back on the GUI thread; a typed error goes to `failure`, a bug
is raised on the GUI thread for the exception hook; cancel reaches the work; and of a stream of
requests only the newest is answered."""

from __future__ import annotations

import threading

import pytest

from assessment_app.errors import AppError
from assessment_app.storage.errors import DatabaseBusy
from assessment_app.ui.widgets.background import BackgroundTask, LatestOnly

pytestmark = pytest.mark.gui


class Seen:
    def __init__(self):
        self.calls: list[tuple[str, object, bool]] = []

    def __getattr__(self, kind: str):
        return lambda *value: self.calls.append((kind, value[0] if len(value) == 1 else value,
                                                 threading.current_thread() is threading.main_thread()))


def test_the_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(qapp):
    seen = Seen()
    task = BackgroundTask(lambda control: threading.current_thread() is threading.main_thread(),
                          success=seen.success, failure=seen.failure).start()
    task.wait()
    assert seen.calls == [("success", False, True)]
    assert not task.running


def test_a_typed_error_goes_to_failure_on_the_gui_thread(qapp):
    seen = Seen()

    def work(control):
        raise DatabaseBusy("locked")

    BackgroundTask(work, success=seen.success, failure=seen.failure).start().wait()
    assert [(kind, type(value), on_gui) for kind, value, on_gui in seen.calls] == [("failure", DatabaseBusy, True)]


def test_a_bug_is_raised_on_the_gui_thread_for_the_exception_hook(qapp, qtbot):
    seen = Seen()

    def work(control):
        raise KeyError("not a user error")

    with qtbot.captureExceptions() as raised:
        BackgroundTask(work, success=seen.success, failure=seen.failure).start().wait()
    assert seen.calls == []
    assert [type(error) for _, error, _ in raised] == [KeyError]


def test_progress_arrives_on_the_gui_thread_and_ends_with_the_latest_figures(qapp):
    seen = Seen()

    def work(control):
        for done in range(1, 2001):
            control.progress(done, 2000)
        return "done"

    BackgroundTask(work, success=seen.success, progress=seen.progress).start().wait()
    progress = [value for kind, value, _ in seen.calls if kind == "progress"]
    assert all(on_gui for _, _, on_gui in seen.calls)
    assert progress and len(progress) <= 2000 and progress[-1] == (2000, 2000)  # coalesced, never stale last
    assert progress == sorted(progress)
    assert seen.calls[-1][:2] == ("success", "done")


def test_cancel_reaches_the_work(qapp):
    seen = Seen()
    started = threading.Event()

    def work(control):
        started.set()
        assert control.cancel_event.wait(30)
        return "stopped" if control.cancelled else "ran out"

    task = BackgroundTask(work, success=seen.success).start()
    assert started.wait(30)
    task.cancel()
    task.wait()
    assert seen.calls == [("success", "stopped", True)]


class GatedWork:
    def __init__(self):
        self.gates = {name: threading.Event() for name in "ABCD"}
        self.started: list[str] = []

    def __call__(self, request, control):
        self.started.append(request)
        assert self.gates[request].wait(30)
        if request == "D":
            raise DatabaseBusy("locked")
        return request.lower()


def test_only_the_newest_request_is_answered_and_one_runs_at_a_time(qapp, qtbot):
    seen, work = Seen(), GatedWork()
    latest = LatestOnly(work, success=seen.success, failure=seen.failure)
    latest.request("A")
    qtbot.waitUntil(lambda: work.started == ["A"], timeout=5000)
    latest.request("B")
    latest.request("C")
    assert latest.busy
    for name in "ABC":
        work.gates[name].set()
    latest.wait()
    assert work.started == ["A", "C"]  # B was replaced while A ran; A's answer came too late
    assert seen.calls == [("success", ("C", "c"), True)]
    assert not latest.busy


def test_a_superseded_failure_is_dropped_and_the_newest_failure_told(qapp, qtbot):
    seen, work = Seen(), GatedWork()
    latest = LatestOnly(work, success=seen.success, failure=seen.failure)
    latest.request("D")
    qtbot.waitUntil(lambda: work.started == ["D"], timeout=5000)
    latest.request("A")
    work.gates["D"].set()
    work.gates["A"].set()
    latest.wait()
    assert seen.calls == [("success", ("A", "a"), True)]
    latest.request("D")
    latest.wait()
    assert [(kind, type(value)) for kind, value, _ in seen.calls[1:]] == [("failure", DatabaseBusy)]
    assert isinstance(seen.calls[-1][1], AppError) and not latest.busy


def test_nothing_is_delivered_once_the_owner_is_gone(qapp, qtbot):
    from PySide6.QtWidgets import QWidget
    from shiboken6 import delete

    seen, gate = Seen(), threading.Event()
    owner = QWidget()
    task = BackgroundTask(lambda control: gate.wait(30), success=seen.success, owner=owner)
    task.when_done(seen.done)
    task.start()
    delete(owner)  # the dialog was closed and deleted while the work ran
    gate.set()
    task.wait()
    assert seen.calls == [] and not task.running
