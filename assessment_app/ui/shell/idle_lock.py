# SPDX-License-Identifier: GPL-3.0-or-later
"""Idle lock: after `IdlePolicy.idle_seconds` without a key press, click or mouse move, every
window of the application is covered and the pages are hidden, so no name, ID number or
health datum stays on an unattended screen. The signed-in person unlocks with their own
passphrase (wrong guesses count towards the account lockout), or someone else signs in.

Only the screen is locked: nothing is closed, stopped or torn down (a visit and its recording
go on), except the dialog that shows a full ID number, which is closed as it would be anyway.
Time is monotonic seconds from an injectable clock, so a clock change neither fires nor stalls
the lock, and tests need not wait five minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QPushButton, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.security.passphrases import IdlePolicy
from assessment_app.services.accounts import SessionInfo, lock_for_idle, unlock
from assessment_app.ui.shell.account_wording import person_label, role_label
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.reveal_dialog import RevealDialog

CHECK_INTERVAL_MS = 1000
BOX_WIDTH, MIN_BOX_WIDTH = 560, 240
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})


class LockPanel(QFrame):
    """Covers one window completely: what is locked, who may unlock, their passphrase."""

    unlock_requested = Signal(str)
    switch_requested = Signal()

    def __init__(self, covered: QWidget, session: SessionInfo):
        super().__init__(covered)
        self.setObjectName("lockOverlay")
        set_look(self, "lockOverlay")
        self.setAutoFillBackground(True)
        self.covered = covered
        self.title = QLabel(self.tr("Locked — enter your passphrase to unlock"), self)
        self.title.setObjectName("lockTitle")
        set_look(self.title, "lockTitle")
        self.title.setWordWrap(True)
        self.who = QLabel(self.tr("Signed in: {person} · {role}").format(
            person=person_label(session.name, session.expert_number), role=role_label(session.role)), self)
        self.who.setObjectName("lockUser")
        self.who.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("lockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Your passphrase"))
        self.passphrase.setMinimumWidth(260)
        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button = QPushButton(self.tr("Switch user…"), self)
        self.switch_button.setObjectName("switchUserButton")
        self.switch_button.clicked.connect(self.switch_requested)
        self.problem = QLabel(self)
        self.problem.setObjectName("lockProblem")
        set_look(self.problem, "fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        box = self.box = QFrame(self)
        set_look(box, "lockBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addLayout(row)
        inner.addWidget(self.problem)
        inner.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.fit()

    def fit(self) -> None:
        # A fixed width lets the wrapped lines take the height they need (a dialog may be narrow).
        self.box.setFixedWidth(max(MIN_BOX_WIDTH, min(BOX_WIDTH, self.covered.width() - 24)))
        self.setGeometry(self.covered.rect())
        self.raise_()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _unlock(self) -> None:
        text = self.passphrase.text()
        self.passphrase.clear()
        if text:
            self.unlock_requested.emit(text)


class IdleLock(QObject):
    """Watches the whole application's input; `check()` locks once the idle time has passed.
    Emits `locked_changed(bool)`. `switch_user` runs a sign-in and returns True when someone
    else signed in (the caller then owns the new session)."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, context: WorkContext, *, policy: IdlePolicy | None = None,
                 monotonic: Callable[[], float] = time.monotonic, switch_user: Callable[[], bool] | None = None):
        super().__init__(window)
        self.window = window
        self.context = context
        self.policy = policy or IdlePolicy()
        self.monotonic = monotonic
        self.switch_user = switch_user
        self.panels: list[LockPanel] = []
        self.last_activity = monotonic()
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def stop(self) -> None:
        """The window is closing: stop watching (an application-wide filter costs every event)."""
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)

    @property
    def locked(self) -> bool:
        return bool(self.panels)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY and not self.panels:
            self.last_activity = self.monotonic()
        elif kind == QEvent.Type.Resize and self.panels:
            for panel in self.panels:
                if panel.covered is watched:
                    panel.fit()
        return False

    def check(self) -> bool:
        if (not self.panels and self.context.session is not None
                and self.policy.should_lock(self.last_activity, self.monotonic())):
            self.lock()
        return self.locked

    def lock(self) -> None:
        session = self.context.session
        if self.panels or session is None:
            return
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open drop-down list would stay above the cover
        for dialog in self.window.findChildren(RevealDialog):
            dialog.reject()  # a full ID number is never left on screen
        self.window.centralWidget().hide()
        self.window.toolbar.setEnabled(False)
        for covered in self._open_windows():
            panel = LockPanel(covered, session)
            panel.unlock_requested.connect(self.try_unlock)
            panel.switch_requested.connect(self._switch_user)
            panel.show()
            self.panels.append(panel)
        self.panels[0].passphrase.setFocus()
        try:
            lock_for_idle(self.context.records, session, self.context.now())
        except AppError as error:  # the screen stays locked; the failure to record it is told
            self._tell(error_text(error, self.context.language))
        self.locked_changed.emit(True)

    def try_unlock(self, passphrase: str) -> bool:
        session = self.context.session
        if session is None:
            return False
        try:
            with busy_cursor():
                unlock(self.context.records, session, passphrase, self.context.now())
        except AppError as error:  # wrong (counts towards the lockout), locked, storage fault
            self._tell(error_text(error, self.context.language))
            return False
        self.release()
        return True

    def release(self) -> None:
        """Remove the covers (after an unlock or a change of user)."""
        for panel in self.panels:
            panel.hide()
            panel.deleteLater()
        self.panels = []
        self.window.centralWidget().show()
        self.window.toolbar.setEnabled(True)
        self.last_activity = self.monotonic()
        self.locked_changed.emit(False)

    def _switch_user(self) -> None:
        if self.switch_user is not None and self.switch_user():
            self.release()

    def _tell(self, text: str) -> None:
        for panel in self.panels:
            panel.show_problem(text)

    def _open_windows(self) -> list[QWidget]:
        """The main window first, then every other visible window of the application (dialogs
        with a scan or an answer sheet); tooltips and menus are not windows one works in."""
        others = [widget for widget in QApplication.topLevelWidgets()
                  if widget is not self.window and widget.isVisible() and not isinstance(widget, LockPanel)
                  and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]
        return [self.window, *others]
