# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's video player: one visit's encrypted recording, decrypted in memory only
(recording/playback.py), a timeline in visit-offset milliseconds with the pauses, gaps and stops
drawn as coloured spans (reason on hover, legend below), and the item list as chapters — a click
on an item seeks to the moment it was assessed.

The reader comes from the page's record source: the visit's segments on this workstation, or the
agency server's fetched by byte range into memory (services/remote_video.py); the player is the
same for both. Frames are pulled one per tick of a QTimer at the video's frame rate from the reader's play
iterator, so decoding never holds the interface up for more than one frame.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QToolTip, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.messages import describe_error
from assessment_app.messages.recording_text import describe_pause_reason
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.playback import Interval, RecordingReader, Timeline

SPAN_COLOURS = {"video": QColor("#4a90d9"), "pause": QColor("#f0a030"), "camera_lost": QColor("#c0504d"),
                "gap": QColor("#9a9a9a"), "stopped": QColor("#5a5a5a")}
DEFAULT_FPS = 10


def clock_text(offset_ms: int) -> str:
    seconds = max(0, offset_ms) // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class TimelineBar(QWidget):
    """The visit's time axis: video segments, pauses, gaps and stops, chapter ticks and the position."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("videoTimeline")
        self.setMouseTracking(True)
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.timeline: Timeline | None = None
        self.chapters: list[tuple[str, int]] = []
        self.position_ms = 0
        self.describe_interval = lambda interval: interval.kind

    def sizeHint(self) -> QSize:
        return QSize(400, 26)

    @property
    def end_ms(self) -> int:
        return max(1, self.timeline.end_ms if self.timeline else 1)

    def _x(self, offset_ms: int) -> int:
        return round(offset_ms * (self.width() - 1) / self.end_ms)

    def _offset(self, x: float) -> int:
        return max(0, min(self.end_ms, round(x * self.end_ms / max(1, self.width() - 1))))

    def interval_at(self, offset_ms: int) -> Interval | None:
        if self.timeline is None:
            return None
        return self.timeline.locate(offset_ms).interval

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        bar = QRect(0, 6, self.width(), self.height() - 12)
        painter.fillRect(bar, QColor("#e6e6e6"))
        if self.timeline is not None:
            for span in self.timeline.segments:
                painter.fillRect(QRect(self._x(span.start_ms), bar.top(),
                                       max(1, self._x(span.end_ms) - self._x(span.start_ms)), bar.height()),
                                 SPAN_COLOURS["video"])
            for interval in self.timeline.intervals:
                end = interval.end_ms if interval.end_ms is not None else self.end_ms
                colour = SPAN_COLOURS.get(interval.kind, SPAN_COLOURS["gap"])
                painter.fillRect(QRect(self._x(interval.start_ms), bar.top(),
                                       max(2, self._x(end) - self._x(interval.start_ms)), bar.height()), colour)
        painter.setPen(QColor("#222222"))
        for _, offset in self.chapters:
            x = self._x(offset)
            painter.drawLine(x, 0, x, 5)
        painter.setPen(QColor("#d00000"))
        x = self._x(self.position_ms)
        painter.drawLine(x, 0, x, self.height())
        painter.drawLine(x - 1, 0, x - 1, self.height())
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self._offset(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        offset = self._offset(event.position().x())
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(offset)
        interval = self.interval_at(offset)
        text = clock_text(offset) + ("  " + self.describe_interval(interval) if interval else "")
        QToolTip.showText(event.globalPosition().toPoint(), text, self)


class VideoPlayer(QWidget):
    """load(), play()/pause(), seek(), set_chapters(); `position_ms` is the visit offset shown."""

    position_changed = Signal(int)

    def __init__(self, language: str = "zh_CN", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("videoPlayer")
        self.language = language
        self.reader: RecordingReader | None = None
        self.position_ms = 0
        self.fps = DEFAULT_FPS
        self.frame_shown = False
        self._frames = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._next_frame)

        self.picture = QLabel(self)
        self.picture.setObjectName("videoPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 180)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.picture.setStyleSheet("background: #101010; color: #f0f0f0;")
        self.picture.setWordWrap(True)
        self.timeline_bar = TimelineBar(self)
        self.timeline_bar.describe_interval = self.describe_interval
        self.timeline_bar.seek_requested.connect(self.seek)
        self.play_button = QPushButton(self)
        self.play_button.setObjectName("videoPlayButton")
        self.play_button.clicked.connect(self.toggle)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("videoTime")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("videoState")
        self.chapter_list = QListWidget(self)
        self.chapter_list.setObjectName("videoChapters")
        self.chapter_list.itemClicked.connect(self._chapter_clicked)
        self.chapter_list.setMinimumWidth(170)
        self.chapter_list.setMaximumWidth(210)
        self.chapter_title = QLabel(self)
        self.legend = QLabel(self)
        self.legend.setObjectName("videoLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.time_label)
        controls.addWidget(self.state_label, 1)
        screen = QVBoxLayout()
        screen.setContentsMargins(0, 0, 0, 0)
        screen.addWidget(self.picture, 1)
        screen.addWidget(self.timeline_bar)
        screen.addLayout(controls)
        screen.addWidget(self.legend)
        chapters = QVBoxLayout()
        chapters.setContentsMargins(0, 0, 0, 0)
        chapters.addWidget(self.chapter_title)
        chapters.addWidget(self.chapter_list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(screen, 1)
        layout.addLayout(chapters)
        self.retranslate(language)
        self._show_position()

    # -- loading ------------------------------------------------------------------------------

    def load(self, recordings_root: Path, visit_id: str, data_key: bytes | None) -> bool:
        """Open the visit's recording on this workstation (see open)."""
        def reader() -> RecordingReader:
            if not (Path(recordings_root) / visit_id).is_dir():
                raise RecordingError("no_recording")
            return RecordingReader(Path(recordings_root), visit_id, data_key)
        return self.open(reader)

    def open(self, make_reader: Callable[[], RecordingReader]) -> bool:
        """Open the recording `make_reader` returns; False (and a message in the picture) when the
        visit has none or it cannot be read (a RecordingError, or the server's refusal)."""
        self.pause()
        self.reader, self._frames, self.frame_shown = None, None, False
        self.timeline_bar.timeline = None
        try:
            self.reader = make_reader()
        except AppError as error:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("No recording for this visit") if error.reason == "no_recording"
                                 else self._unreadable(error))
            self.play_button.setEnabled(False)
            self.timeline_bar.update()
            return False
        segments = self.reader.timeline.segments
        if segments and segments[0].frame_count and segments[0].end_ms > segments[0].start_ms:
            self.fps = max(1, round(segments[0].frame_count * 1000 / (segments[0].end_ms - segments[0].start_ms)))
        self.timeline_bar.timeline = self.reader.timeline
        self.play_button.setEnabled(True)
        self.seek(segments[0].start_ms if segments else 0)
        return True

    def set_chapters(self, chapters: list[tuple[str, int]]) -> None:
        self.timeline_bar.chapters = list(chapters)
        self.chapter_list.clear()
        for label, offset in chapters:
            item = QListWidgetItem(f"{clock_text(offset)}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, offset)
            item.setToolTip(label)
            self.chapter_list.addItem(item)
        self.timeline_bar.update()

    # -- playing ------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def play(self) -> None:
        if self.reader is None:
            return
        self._frames = self.reader.play(self.position_ms)
        self._timer.start(max(10, 1000 // self.fps))
        self._show_controls()

    def pause(self) -> None:
        self._timer.stop()
        self._frames = None
        self._show_controls()

    def seek(self, offset_ms: int) -> None:
        self.position_ms = max(0, int(offset_ms))
        if self.reader is None:
            self._show_position()
            return
        try:
            frame = self.reader.frame_at(self.position_ms)
        except AppError as error:
            frame = None
            self.state_label.setText(self._unreadable(error))
        self._show_frame(frame)
        if self.playing:
            self._frames = self.reader.play(self.position_ms)
        self._show_position()

    def _next_frame(self) -> None:
        try:
            offset, frame = next(self._frames)
        except (StopIteration, TypeError):
            self.pause()
            return
        except AppError as error:
            self.pause()
            self.state_label.setText(self._unreadable(error))
            return
        self.position_ms = offset
        self._show_frame(frame)
        self._show_position()

    def _unreadable(self, error: AppError) -> str:
        return self.tr("The recording cannot be read: {reason}").format(reason=describe_error(error, self.language))

    def _chapter_clicked(self, item: QListWidgetItem) -> None:
        self.seek(item.data(Qt.ItemDataRole.UserRole))

    # -- showing ------------------------------------------------------------------------------

    def _show_frame(self, frame) -> None:
        if frame is None:
            self.frame_shown = False
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.position_text())
            return
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_RGB888).copy()
        pixmap = QPixmap.fromImage(image)
        self.frame_shown = True
        self.picture.setPixmap(pixmap.scaled(self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def current_pixmap(self) -> QPixmap:
        return self.picture.pixmap()

    def describe_interval(self, interval: Interval) -> str:
        if interval.kind == "pause":
            reason = describe_pause_reason(interval.reason_code or "other", self.language)
            if interval.text:
                reason = f"{reason} ({interval.text})"
            return self.tr("Paused for privacy: {reason}").format(reason=reason)
        if interval.kind == "camera_lost":
            return self.tr("No video: the camera was lost")
        if interval.kind == "stopped":
            return self.tr("Recording stopped")
        return self.tr("No video (gap)")

    def position_text(self) -> str:
        """What the position shows when there is no picture: the pause and its reason, a gap, the end."""
        if self.reader is None:
            return self.tr("No recording for this visit")
        interval = self.reader.timeline.locate(self.position_ms).interval
        if interval is not None:
            return self.describe_interval(interval)
        return self.tr("Outside the recording")

    def _show_position(self) -> None:
        end = self.reader.timeline.end_ms if self.reader else 0
        self.time_label.setText(f"{clock_text(self.position_ms)} / {clock_text(end)}")
        self.state_label.setText("" if self.frame_shown else self.position_text())
        self.timeline_bar.position_ms = self.position_ms
        self.timeline_bar.update()
        self.position_changed.emit(self.position_ms)

    def _show_controls(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))

    def retranslate(self, language: str) -> None:
        self.language = language
        self.chapter_title.setText(self.tr("Items (click to jump to the moment assessed)"))
        self.chapter_title.setWordWrap(True)
        swatch = '<span style="background:{colour};">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{text}'
        self.legend.setText("&nbsp;&nbsp;".join(swatch.format(colour=SPAN_COLOURS[key].name(), text=text) for key, text in (
            ("video", self.tr("Video")), ("pause", self.tr("Paused (hover for the reason)")),
            ("gap", self.tr("Gap")), ("stopped", self.tr("Stopped")))))
        self._show_controls()
        if self.reader is not None and not self.frame_shown:
            self.picture.setText(self.position_text())

    def closeEvent(self, event) -> None:
        self.pause()
        super().closeEvent(event)
