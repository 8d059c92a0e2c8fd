# SPDX-License-Identifier: GPL-3.0-or-later
"""How the interface tells the user that something takes time or went wrong.

Slots catch `AppError` only; its message comes from `assessment_app.messages.describe_error` in
the user's language. Any other error is a bug and goes on to the one exception hook
(ui/shell/error_report.py), which logs it and says so, never with a traceback on screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from assessment_app.errors import AppError
from assessment_app.messages import NoMessage, describe_error
from assessment_app.ui.widgets.background import BackgroundTask

Result = TypeVar("Result")


def error_text(error: AppError, language: str) -> str:
    """The message of a typed error. An error no catalogue words is raised again, here in the slot
    that was handed it, so that it reaches the exception hook as the bug it is."""
    try:
        return describe_error(error, language)
    except NoMessage:
        pass
    raise error


def show_error(parent: QWidget | None, title: str, error: AppError, language: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(error, language), QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorDialog")
    box.exec()


@contextlib.contextmanager
def busy_cursor() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[], Result]) -> Result:
    """Run `work` in the background (ui/widgets/background.py) behind a modal, indeterminate
    progress dialog, keeping the window painted; returns its result or raises its exception here,
    in the GUI thread, for the caller's `except AppError` (anything else goes on to the hook)."""
    outcome: dict[str, object] = {}

    def guarded(_control) -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - raised again below, in the caller's frame
            outcome["error"] = error

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.show()
    with busy_cursor():
        task = BackgroundTask(guarded, success=lambda _: None, name="ltc-assess-background").start()
        task.wait()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
