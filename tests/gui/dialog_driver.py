# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving modal dialogs and the whole start-up from a test: steps run once the named dialog is
up (the event loop turning in between), and the main window is inspected once it shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from assessment_app.ui.shell import app as gui_app
from assessment_app.ui.shell.main_window import MainWindow


def drive_dialog(qtbot, object_name: str, steps) -> list[str]:
    """Once the modal dialog `object_name` is up, run each step (dialog -> None) in turn, with
    the event loop turning in between; returns the problem texts seen after each step."""
    seen: list[str] = []

    def run(remaining):
        dialog = QApplication.activeModalWidget()
        # The sign-in window at the start shows before the data is open: wait until it is.
        if dialog is None or dialog.objectName() != object_name or not getattr(dialog, "is_ready", True):
            QTimer.singleShot(20, lambda: run(remaining))
            return
        problem = dialog.findChild(QLabel, "passphraseProblem")
        if problem is not None and remaining is not steps:
            seen.append(problem.text() if problem.isVisible() else "")
        if remaining:
            remaining[0](dialog)
            QTimer.singleShot(20, lambda: run(remaining[1:]))

    QTimer.singleShot(0, lambda: run(steps))
    return seen


def type_into(qtbot, dialog, field_name: str, text: str) -> None:
    field = dialog.findChild(QLineEdit, field_name)
    field.clear()
    qtbot.keyClicks(field, text)


def click(qtbot, dialog, button_name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)


def sign_in_step(qtbot, expert_number: str, passphrase: str):
    def step(dialog):
        dialog.expert.setEditText(expert_number)
        type_into(qtbot, dialog, "loginPassphrase", passphrase)
        click(qtbot, dialog, "loginButton")
    return step


def when_main_window_shows(inspect) -> dict:
    """Call `inspect(window)` once the main window is visible with its case list searched, then
    close it (ending main())."""
    seen: dict = {}

    def poll():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].case_list.searches.busy:
            QTimer.singleShot(50, poll)
            return
        seen["result"] = inspect(windows[0])
        for window in windows:
            window.close()
            window.deleteLater()
        QApplication.quit()

    QTimer.singleShot(0, poll)
    return seen


def run_main(argv: list[str]) -> int:
    """`ltc-assess-gui` in this process. Closing the last window and quitting both post a Quit
    event; one is left over after main() returns and would end the next test's first dialog."""
    code = gui_app.main(argv)
    QApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)
    return code
