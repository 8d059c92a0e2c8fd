# SPDX-License-Identifier: GPL-3.0-or-later
"""What the experts see of the recording on every step of a visit: the live preview, the red
indicator with the elapsed time, pause / resume, and warnings (camera lost, disk nearly full)
that inform without blocking the assessment.

`RecordingBadge` is the indicator a second time, as a small window that stays above every
dialog of the application: whatever is asked, everyone in the room can see that recording is on.
The panel reads the session's status a few times a second; warnings come from the recorder's
threads and are handed to the GUI thread through a queued signal.
"""

from __future__ import annotations

import cv2
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessment_app.recording.session import (
    CAMERA_LOST, PAUSED, RECORDING, STOPPED_DISK_FULL, RecordingSession, RecordingWarning,
)

PREVIEW_SIZE = (256, 144)
REFRESH_MS = 250
RED = "#d32f2f"


def elapsed_text(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours:d}:{rest // 60:02d}:{rest % 60:02d}"


class RecordingPanel(QFrame):
    pause_requested = Signal()
    resume_requested = Signal()
    warning_arrived = Signal(str, str)  # code, detail (emitted from recorder threads, queued to the GUI)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordingPanel")
        self.setStyleSheet("QFrame#recordingPanel { background: #1d2733; border-radius: 8px; }"
                           "QLabel { color: #ffffff; }")
        self.session: RecordingSession | None = None
        self.without_recording = False
        self.preview = QLabel(self)
        self.preview.setObjectName("recordingPreview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #000000; color: #c5ccd6;")
        self.dot = QLabel(self)
        self.dot.setObjectName("recordingDot")
        self.dot.setFixedSize(16, 16)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("recordingState")
        self.state_label.setStyleSheet("font-weight: bold;")
        self.elapsed = QLabel(self)
        self.elapsed.setObjectName("recordingElapsed")
        self.elapsed.setStyleSheet("font-size: 14pt; font-weight: bold; font-family: monospace;")
        self.pause_button = QPushButton(self)
        self.pause_button.setObjectName("pauseRecordingButton")
        self.pause_button.clicked.connect(self._on_pause_button)
        self.warning = QLabel(self)
        self.warning.setObjectName("recordingWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #ffcc80;")
        self.warning.setVisible(False)
        header = QHBoxLayout()
        header.addWidget(self.dot)
        header.addWidget(self.state_label, 1)
        header.addWidget(self.elapsed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.warning)
        self.badge = RecordingBadge()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.warning_arrived.connect(self._show_warning, Qt.ConnectionType.QueuedConnection)
        self.refresh()

    # --- attaching ---------------------------------------------------------------------------

    def attach(self, session: RecordingSession) -> None:
        self.session = session
        self.without_recording = False
        session.add_listener(self._from_recorder_thread)
        self.timer.start()
        self.refresh()

    def show_without_recording(self) -> None:
        self.session = None
        self.without_recording = True
        self.timer.stop()
        self.refresh()

    def detach(self) -> None:
        self.timer.stop()
        self.session = None
        self.badge.hide()
        self.refresh()

    def _from_recorder_thread(self, warning: RecordingWarning) -> None:
        self.warning_arrived.emit(warning.code, warning.detail)

    # --- showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session
        state = session.status().state if session is not None else None
        elapsed = session.offset_ms() if session is not None and state is not None and state != "idle" else 0
        recording = state == RECORDING
        colour = RED if recording else "#f9a825" if state in (PAUSED, CAMERA_LOST) else "#78909c"
        self.dot.setStyleSheet(f"background: {colour}; border-radius: 8px;")
        self.state_label.setText(self._state_text(state))
        self.elapsed.setText(elapsed_text(elapsed))
        self.pause_button.setVisible(state in (RECORDING, PAUSED))
        self.pause_button.setText(self.tr("Resume recording") if state == PAUSED else self.tr("Pause…"))
        self._show_preview(session)
        self.badge.show_state(recording or state in (PAUSED, CAMERA_LOST), colour, self._state_text(state),
                              elapsed_text(elapsed))

    def _state_text(self, state: str | None) -> str:
        if self.without_recording:
            return self.tr("Not recording (waived)")
        return {
            RECORDING: self.tr("Recording"),
            PAUSED: self.tr("Paused"),
            CAMERA_LOST: self.tr("Camera lost: waiting"),
            STOPPED_DISK_FULL: self.tr("Stopped: disk full"),
        }.get(state, self.tr("Not recording"))

    def _show_preview(self, session: RecordingSession | None) -> None:
        frame = session.latest_preview_frame() if session is not None else None
        if frame is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("No picture"))
            return
        small = cv2.resize(frame, PREVIEW_SIZE, interpolation=cv2.INTER_AREA)
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888)
        self.preview.setPixmap(QPixmap.fromImage(image.copy()))

    def _show_warning(self, code: str, detail: str) -> None:
        texts = {
            "camera_lost": self.tr("The camera stopped delivering pictures. The assessment goes on; the gap is "
                                   "recorded. Check the cable."),
            "camera_back": self.tr("The camera is back; recording continues."),
            "microphone_unavailable": self.tr("No microphone: the video is recorded without sound."),
            "disk_low_stop": self.tr("The disk is nearly full: recording stopped cleanly. Every answer is still "
                                     "saved; free space and tell the agency."),
            "write_failed": self.tr("The recording could not be written and stopped. Every answer is still saved."),
        }
        self.warning.setText(texts.get(code, detail))
        self.warning.setVisible(True)
        self.refresh()

    def _on_pause_button(self) -> None:
        if self.session is not None and self.session.status().state == PAUSED:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()

    def anchor_badge(self, window: QWidget) -> None:
        """Keep the badge at the top-right corner of `window` (any widget: the panel itself covers nothing new)."""
        self.badge.anchor = window
        if window is self:  # exactly over the panel's header row, which says the same
            self.badge.margin = 4
            self.badge.setFixedWidth(self.width() - 2 * self.badge.margin)
        self.badge.follow()


class RecordingBadge(QFrame):
    """A frameless, always-on-top strip: red dot, state and elapsed time."""

    def __init__(self):
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint |
                         Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("recordingBadge")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet("QFrame#recordingBadge { background: #1d2733; border-radius: 6px; }"
                           "QLabel { color: #ffffff; font-weight: bold; }")
        self.anchor: QWidget | None = None
        self.margin = 10  # from the anchor's top-right corner
        self.dot = QLabel(self)
        self.dot.setFixedSize(14, 14)
        self.text = QLabel(self)
        self.text.setObjectName("recordingBadgeText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.dot)
        layout.addWidget(self.text, 1)

    def show_state(self, visible: bool, colour: str, state: str, elapsed: str) -> None:
        self.dot.setStyleSheet(f"background: {colour}; border-radius: 7px;")
        self.text.setText(f"{state}  {elapsed}")
        if visible and self.anchor is not None and self.anchor.isVisible():
            self.adjustSize()
            self.follow()
            self.show()
        else:
            self.hide()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        # Some window systems activate a new top-level window despite the flags above; the keys
        # the experts type must keep going to the visit, so activation goes straight back.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.anchor is not None:
            QTimer.singleShot(0, self.anchor.window().activateWindow)

    def follow(self) -> None:
        if self.anchor is None:
            return
        corner = self.anchor.mapToGlobal(QPoint(self.anchor.width(), 0))
        self.move(corner.x() - self.width() - self.margin, corner.y() + self.margin)
