# SPDX-License-Identifier: GPL-3.0-or-later
"""A probe for bench/startup.py: with LTC_ASSESS_STARTUP_PROBE=1 in the environment, the
application prints the wall-clock time at which the sign-in window is first shown (painted, taking
input) and the time at which its data is open (the sign-in button works), then closes it, so that
the start-up can be timed from outside the process, from the moment it was launched.

Nothing happens without the variable; the probe only watches (an event filter), it changes no
behaviour of the windows.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

PROBE_VARIABLE = "LTC_ASSESS_STARTUP_PROBE"
PROBE_PREFIX = "LTC_STARTUP"
SIGN_IN_WINDOW = "loginDialog"


class _Watch(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.objectName() == SIGN_IN_WINDOW):
            QTimer.singleShot(0, lambda: _shown(watched))  # after the first paint
        return False


def _shown(window: QWidget) -> None:
    print(f"{PROBE_PREFIX} sign-in-window {time.time():.6f}", flush=True)
    if getattr(window, "is_ready", True):
        _ready(window)
    else:
        window.became_ready.connect(lambda: _ready(window))


def _ready(window: QWidget) -> None:
    print(f"{PROBE_PREFIX} data-open {time.time():.6f}", flush=True)
    window.close()


def install_if_asked(app: QApplication, environ=os.environ) -> QObject | None:
    """Watch for the sign-in window when the probe variable is set; the caller keeps the result."""
    if environ.get(PROBE_VARIABLE) != "1":
        return None
    watch = _Watch(app)
    app.installEventFilter(watch)
    print(f"{PROBE_PREFIX} qt-application {time.time():.6f}", file=sys.stderr, flush=True)
    return watch
