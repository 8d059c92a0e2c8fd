# SPDX-License-Identifier: GPL-3.0-or-later
"""How the 审核 page calls its record source (services/record_source.py): this workstation's own
records at once, under the busy cursor, as the page always did; the agency server's off the GUI
thread, one call after another over its one HTTPS connection (InOrder, ui/widgets/background.py).
A result that arrives after the source changed (the reviewer signed out of the server meanwhile)
is dropped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from assessment_app.errors import AppError
from assessment_app.ui.shell.user_feedback import busy_cursor
from assessment_app.ui.widgets.background import InOrder


class SourceCalls:
    def __init__(self, owner: QWidget):
        self.calls = InOrder(owner=owner, name="ltc-review-desk")
        self.remote = False
        self.generation = 0

    @property
    def busy(self) -> bool:
        return self.calls.busy

    def changed(self, remote: bool) -> None:
        """The page now works on another source: what is still on its way is not shown."""
        self.generation += 1
        self.remote = remote

    def run(self, work: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[AppError], None]) -> bool:
        """`work()` then `done(result)`, or `failed(error)` with the error a user can act on.
        Locally both happen before this returns, and it returns whether `work` succeeded; on the
        server it returns True once the call is on its way."""
        generation = self.generation

        def deliver(result) -> None:
            if generation == self.generation:
                done(result)

        def refuse(error: AppError) -> None:
            if generation == self.generation:
                failed(error)
        if not self.remote:
            try:
                with busy_cursor():
                    result = work()
            except AppError as error:
                refuse(error)
                return False
            deliver(result)
            return True
        self.calls.submit(work, deliver, refuse)
        return True

    def submit(self, work: Callable[[], object], done: Callable[[object], None],
               failed: Callable[[Exception], None]) -> None:
        """A call on the server's connection whatever the page shows (signing in and out)."""
        self.calls.submit(work, done, failed)

    def wait(self) -> None:
        """Until every call made so far has been delivered (tests)."""
        self.calls.wait()
