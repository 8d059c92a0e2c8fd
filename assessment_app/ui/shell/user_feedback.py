"""How the interface tells the user that something takes time or went wrong.

Every error message comes from `assessment_app.messages.describe_error` in the user's language;
an error it has no sentence for still gets a plain message, never a traceback.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from assessment_app.messages import NoMessage, describe_error

Result = TypeVar("Result")
POLL_MILLISECONDS = 50


def error_text(error: Exception, language: str) -> str:
    try:
        return describe_error(error, language)
    except NoMessage:
        # An OS error (a full or read-only disk, a vanished USB stick) says best what happened.
        detail = (error.strerror or str(error)) if isinstance(error, OSError) else type(error).__name__
        return QCoreApplication.translate(
            "UserFeedback", "The operation failed ({detail}); data saved before is not affected.").format(
            detail=detail)


def show_error(parent: QWidget | None, title: str, error: Exception, language: str) -> None:
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
    """Run `work` on a worker thread behind a modal, indeterminate progress dialog, keeping the
    window painted; returns its result or raises its exception here, in the GUI thread.

    Only for work that opens its own files and connections (backup, restore), never for work
    that uses the application's database engine.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread and raised there
            outcome["error"] = error

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.show()
    worker = threading.Thread(target=target, name="ltc-assess-background", daemon=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    with busy_cursor():
        worker.start()
        timer.start(POLL_MILLISECONDS)
        loop.exec()
        timer.stop()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
