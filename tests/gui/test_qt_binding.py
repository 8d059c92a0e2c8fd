# SPDX-License-Identifier: GPL-3.0-or-later
"""The pinned Qt binding must not leak references: PySide6 6.12.0 on Python 3.11 dropped one
reference to None on every call returning nothing and aborted the app (none_dealloc) after an
hour or two of real use, while every short test still passed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_the_reference_count_of_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    for index in range(50):  # warm-up: caches and interned objects settle first
        label.setText(str(index))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    before = sys.getrefcount(None)
    for index in range(2000):
        label.setText(str(index))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    assert sys.getrefcount(None) - before > -100  # 6.12.0 loses 4,000 here
