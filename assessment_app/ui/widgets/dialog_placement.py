# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs of a visit open over the step area, clear of the recording indicator.

Everyone in the room must see that recording is on, whatever is being asked (issue 7, item 4):
a dialog that a visit screen opens (reason, sign-in, message, file choice) is centred on the
step area, left of the recording panel's column, and moved below the always-on-top badge if it
would still touch it. The page watches for dialogs it parents, so every dialog is covered
without each call site remembering to place it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QDialog, QWidget

CLEARANCE = 8


def clear_position(dialog: QRect, area: QRect, avoid: QRect | None) -> QPoint:
    """Top-left for a dialog of `dialog`'s size: centred on `area`, kept inside it as far as it
    fits, and below `avoid` when it would overlap it."""
    x = area.x() + (area.width() - dialog.width()) // 2
    y = area.y() + (area.height() - dialog.height()) // 2
    x = max(area.x(), min(x, area.right() - dialog.width()))
    y = max(area.y(), y)
    placed = QRect(QPoint(x, y), dialog.size())
    if avoid is not None and avoid.isValid() and placed.intersects(avoid.adjusted(-CLEARANCE, -CLEARANCE,
                                                                                   CLEARANCE, CLEARANCE)):
        y = avoid.bottom() + CLEARANCE + 1
    return QPoint(x, y)


class DialogPlacer(QObject):
    """Places each dialog that becomes a child of `owner` over `area()` and clear of `badge()`."""

    def __init__(self, owner: QWidget, area: Callable[[], QWidget], badge: Callable[[], QWidget | None]):
        super().__init__(owner)
        self._area, self._badge = area, badge
        owner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QDialog):
            event.child().installEventFilter(self)
        elif isinstance(watched, QDialog) and kind in (QEvent.Type.Show, QEvent.Type.Resize) and watched.isVisible():
            self.place(watched)
            if kind == QEvent.Type.Show:
                QTimer.singleShot(0, lambda dialog=watched: self.place(dialog))  # after it sized itself
        return False

    def place(self, dialog: QDialog) -> None:
        try:
            if not dialog.isVisible():
                return
        except RuntimeError:  # deleted before the deferred placement
            return
        area = self._area()
        badge = self._badge()
        rect = QRect(area.mapToGlobal(QPoint(0, 0)), area.size())
        avoid = badge.frameGeometry() if badge is not None and badge.isVisible() else None
        target = clear_position(dialog.frameGeometry(), rect, avoid)
        if target != dialog.frameGeometry().topLeft():
            dialog.move(target)
        if badge is not None and badge.isVisible():
            badge.raise_()
