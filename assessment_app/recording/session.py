# SPDX-License-Identifier: GPL-3.0-or-later
"""RecordingSession: the one object the visit screen and the visit services use to record a visit.

Threads: one captures video, one captures sound, one encodes and seals. Capture never waits
for the encoder: a frame that finds the bounded queue full is dropped and counted, so the
recording keeps real time on a slow laptop. Only the encoder thread writes the chain, so the
order of entries is the order of events.

The visit timeline. `offset_ms()` is the position on the visit's clock: milliseconds since
recording of the visit began (monotonic, so changing the wall clock does not move it). It
keeps running while paused, while the camera is missing and after a disk stop, because it
marks when something happened in the visit, not where the video file is; a marker that falls
into a pause or gap has no picture and the reader says why. After a crash the next chain
continues the same clock: it starts at the previous chain's end plus the gap's wall-clock
duration. Segment entries carry start_ms/end_ms on this clock.
"""

from __future__ import annotations

import datetime
import errno
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ChainWriter
from assessment_app.recording.disk import below_safety_margin, free_bytes
from assessment_app.recording.encoder import SegmentEncoder
from assessment_app.recording.errors import CameraUnavailable, MicrophoneUnavailable, RecordingError
from assessment_app.recording.in_progress import InProgressSegment
from assessment_app.recording.linking import open_next_chain
from assessment_app.recording.segments import recordings_key, seal_segment, segment_entry_fields
from assessment_app.recording.settings import PAUSE_REASON_NEEDING_TEXT, PAUSE_REASONS, RecordingSettings
from assessment_app.recording.sources import AudioSource, VideoSource
from assessment_app.recording.watermark import WatermarkStamper, WatermarkText
from assessment_app.security.subkeys import key_id

IDLE, RECORDING, PAUSED, CAMERA_LOST = "idle", "recording", "paused", "camera_lost"
STOPPED, STOPPED_DISK_FULL, FAILED = "stopped", "stopped_disk_full", "failed"
FINAL_STATES = frozenset({STOPPED, STOPPED_DISK_FULL, FAILED})
CAPTURE_JOIN_SECONDS = 5.0
_VISIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True)
class RecordingStatus:
    state: str
    elapsed_ms: int  # visit timeline position, the red indicator's clock
    recorded_ms: int  # video actually sealed, without pauses and gaps
    frames: int
    dropped_frames: int
    segments_sealed: int
    bytes_sealed: int
    free_disk_bytes: int
    audio: bool
    last_warning: str | None
    chain_index: int


@dataclass(frozen=True)
class RecordingWarning:
    """Sent to listeners from a worker thread: a Qt listener must hand it over to the GUI thread."""

    code: str  # camera_lost, camera_back, microphone_unavailable, disk_low_stop, write_failed
    detail: str
    at_ms: int


@dataclass(frozen=True)
class _Control:
    kind: str
    captured: float
    fields: dict


class _StopRecording(Exception):
    def __init__(self, entry_type: str, state: str, detail: str, **fields: object):
        super().__init__(detail)
        self.entry_type, self.state, self.detail, self.fields = entry_type, state, detail, fields


class RecordingSession:
    def __init__(self, root: Path, visit_id: str, video_source: VideoSource, *,
                 audio_source: AudioSource | None = None, settings: RecordingSettings = RecordingSettings(),
                 data_key: bytes | None = None, plain: bool = False, watermark: WatermarkText | None = None,
                 clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time,
                 encoder_factory: Callable[..., SegmentEncoder] = SegmentEncoder):
        if not _VISIT_ID.fullmatch(visit_id):
            raise RecordingError("bad_visit_id", visit_id)
        if data_key is None and not plain:
            # Unencrypted video of a person at home is only for inspection tools, never by accident.
            raise RecordingError("key_required")
        self.visit_directory = Path(root) / visit_id
        self.visit_id = visit_id
        self.settings = settings
        self._video, self._audio = video_source, audio_source if settings.audio else None
        self._data_key = data_key
        self._segment_key = recordings_key(data_key) if data_key is not None else None
        self._stamper = WatermarkStamper(settings.width, settings.height) if watermark else None
        self._watermark = watermark
        self._clock, self._wall_clock, self._encoder_factory = clock, wall_clock, encoder_factory
        self._queue: queue.Queue = queue.Queue(maxsize=settings.queue_size)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._listeners: list[Callable[[RecordingWarning], None]] = []
        self._threads: list[threading.Thread] = []
        self._encoder_thread: threading.Thread | None = None
        self._state, self._paused, self._camera_missing = IDLE, False, False
        self._t0: float | None = None
        self._wall0 = 0.0
        self.origin_ms = 0
        self.chain_index = 0
        self._writer: ChainWriter | None = None
        self._preview: np.ndarray | None = None
        self._frames = self._dropped = self._dropped_audio = self._dropped_sealed = 0
        self._segments = self._bytes = self._recorded_ms = 0
        self._audio_on = False
        self._free = 0
        self._last_warning: str | None = None
        # Encoder-thread state: the segment in progress, its part on disk, whether frames are to be written.
        self._segment: SegmentEncoder | None = None
        self._part: InProgressSegment | None = None
        self._writing_paused = self._writing_camera_missing = False

    # -- the visit clock --------------------------------------------------------------------

    def offset_ms(self) -> int:
        """Current position on the visit timeline (see the module docstring); store it with every answer."""
        if self._t0 is None:
            raise RecordingError("not_started")
        return self._ms(self._clock())

    def _ms(self, moment: float) -> int:
        return self.origin_ms + round((moment - self._t0) * 1000)

    def _wall_ms(self, moment: float) -> int:
        return round(self._wall0 * 1000 + (moment - self._t0) * 1000)

    # -- controls ---------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[RecordingWarning], None]) -> None:
        """Called from the recorder's threads: hand the warning over (e.g. a queued Qt signal);
        a listener that waits for the thread calling stop() would deadlock it."""
        self._listeners.append(listener)

    def start(self) -> None:
        with self._lock:
            if self._state != IDLE:
                raise RecordingError("already_started")
            self._start_chain()
            self._state = RECORDING
        self._encoder_thread = threading.Thread(target=self._encode_loop, name="recording-encoder", daemon=True)
        self._threads = [threading.Thread(target=self._capture_video, name="recording-video", daemon=True)]
        if self._audio_on:
            self._threads.append(threading.Thread(target=self._capture_audio, name="recording-audio", daemon=True))
        self._encoder_thread.start()
        for thread in self._threads:
            thread.start()

    def _start_chain(self) -> None:
        if below_safety_margin(self.visit_directory, self.settings.disk_margin_bytes):
            raise RecordingError("disk_low", str(free_bytes(self.visit_directory)))
        self._t0, self._wall0 = self._clock(), self._wall_clock()
        now_wall_ms = round(self._wall0 * 1000)
        opened = open_next_chain(self.visit_directory, self.visit_id, now_wall_ms, self._segment_key, {
            "settings": self.settings.describe(), "encrypted": self._segment_key is not None,
            "key_id": key_id(self._data_key) if self._data_key is not None else None,
            "watermark": self._watermark is not None})
        self._writer, self.chain_index, self.origin_ms = opened.writer, opened.chain_index, opened.origin_ms
        self._free = free_bytes(self.visit_directory)
        if self._audio is not None:
            try:
                self._audio.open()
                self._audio_on = True
            except MicrophoneUnavailable as exc:
                self._writer.append(entries.MICROPHONE_UNAVAILABLE, at_ms=self.origin_ms, wall_ms=now_wall_ms,
                                    detail=exc.detail)
                self._warn(entries.MICROPHONE_UNAVAILABLE, exc.detail, self.origin_ms)

    def pause(self, reason_code: str, text: str | None = None) -> int:
        """Stop writing video until resume(); returns the visit offset at which the pause begins."""
        if reason_code not in PAUSE_REASONS:
            raise RecordingError("pause_reason_unknown", reason_code)
        text = (text or "").strip() or None
        if reason_code == PAUSE_REASON_NEEDING_TEXT and text is None:
            raise RecordingError("pause_text_required")
        with self._lock:
            self._require_running()
            if self._paused:
                raise RecordingError("already_paused")
            self._paused = True
        moment = self._clock()
        self._send(_Control(entries.PAUSE, moment, {"reason_code": reason_code, "text": text}))
        return self._ms(moment)

    def resume(self) -> int:
        with self._lock:
            self._require_running()
            if not self._paused:
                raise RecordingError("not_paused")
            self._paused = False
        moment = self._clock()
        self._send(_Control(entries.RESUME, moment, {}))
        return self._ms(moment)

    def stop(self) -> RecordingStatus:
        """Seal the segment in progress, close the chain and join every thread. Safe to call twice."""
        with self._lock:
            if self._state == IDLE:
                raise RecordingError("not_started")
        self._stopping.set()
        stuck = []
        for thread in self._threads:
            # A device read that never returns (a hung driver) must not hang the visit screen.
            thread.join(timeout=CAPTURE_JOIN_SECONDS)
            if thread.is_alive():
                stuck.append(thread.name)
        self._threads = []
        # Taken after capture has ended, so every frame in the queue was captured before the stop.
        moment = self._clock()
        if self._encoder_thread is not None:
            self._send(_Control(entries.STOP, moment, {}))
            self._encoder_thread.join()
            self._encoder_thread = None
        for source, thread_name in ((self._video, "recording-video"), (self._audio, "recording-audio")):
            # Closing a device under a thread still reading it could crash inside FFmpeg or
            # OpenCV; a stuck daemon thread is the lesser harm.
            if source is not None and thread_name not in stuck:
                source.close()
        if self._writer is not None:
            self._writer.close()
        with self._lock:
            if self._state not in FINAL_STATES:
                self._state = STOPPED
        return self.status()

    def status(self) -> RecordingStatus:
        with self._lock:
            state = self._state
            if state in (RECORDING, PAUSED, CAMERA_LOST):
                state = PAUSED if self._paused else CAMERA_LOST if self._camera_missing else RECORDING
            return RecordingStatus(state, self.offset_ms() if self._t0 is not None else 0,
                                   self._recorded_ms, self._frames, self._dropped, self._segments, self._bytes,
                                   self._free, self._audio_on, self._last_warning, self.chain_index)

    def latest_preview_frame(self) -> np.ndarray | None:
        """The last captured frame (BGR, watermark included); the UI must not modify it."""
        return self._preview

    def _require_running(self) -> None:
        if self._state != RECORDING:
            raise RecordingError("not_recording", self._state)

    def _send(self, control: _Control) -> None:
        # Controls are never dropped: wait for room, unless the encoder has already ended.
        while self._encoder_thread is not None and self._encoder_thread.is_alive():
            try:
                self._queue.put(control, timeout=0.1)
                return
            except queue.Full:
                continue

    def _warn(self, code: str, detail: str, at_ms: int) -> None:
        self._last_warning = code
        warning = RecordingWarning(code, detail, at_ms)
        for listener in list(self._listeners):
            try:
                listener(warning)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the recording
                pass

    # -- capture threads --------------------------------------------------------------------

    def _capture_video(self) -> None:
        opened = False
        while not self._stopping.is_set():
            try:
                if not opened:
                    self._video.open()
                    opened = True
                frame, captured = self._video.read()
            except CameraUnavailable as exc:
                opened = False
                self._video.close()
                if not self._camera_missing:
                    self._camera_missing = True
                    self._send(_Control(entries.CAMERA_LOST, self._clock(), {"detail": str(exc)}))
                self._stopping.wait(self.settings.camera_retry_seconds)
                continue
            if self._camera_missing:
                self._camera_missing = False
                self._send(_Control(entries.CAMERA_BACK, captured, {}))
            if self._stamper is not None:
                moment = datetime.datetime.fromtimestamp(self._wall_ms(captured) / 1000)
                frame = self._stamper.stamp(frame, self._watermark.line(moment))
            self._preview = frame
            if self._paused:
                continue
            try:
                self._queue.put_nowait(("video", frame, captured))
            except queue.Full:
                with self._lock:
                    self._dropped += 1

    def _capture_audio(self) -> None:
        while not self._stopping.is_set():
            try:
                samples, captured = self._audio.read()
            except MicrophoneUnavailable as exc:
                self._send(_Control(entries.MICROPHONE_UNAVAILABLE, self._clock(), {"detail": exc.detail}))
                return
            if self._paused or self._camera_missing:
                continue
            try:
                self._queue.put_nowait(("audio", samples, captured))
            except queue.Full:
                with self._lock:
                    self._dropped_audio += 1

    # -- encoder thread ---------------------------------------------------------------------

    def _encode_loop(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if isinstance(item, _Control):
                    if self._apply_control(item):
                        return
                elif item[0] == "video":
                    self._write_frame(item[1], item[2])
                elif self._segment is not None:
                    self._segment.add_audio(item[1], item[2])
        except _StopRecording as stop:
            self._end_abnormally(stop)
        except Exception as exc:  # noqa: BLE001 - any write failure ends in a clean, recorded stop
            full = isinstance(exc, OSError) and (exc.errno == errno.ENOSPC or "No space" in str(exc))
            self._end_abnormally(_StopRecording(entries.DISK_LOW_STOP if full else entries.WRITE_FAILED,
                                                STOPPED_DISK_FULL if full else FAILED,
                                                f"{type(exc).__name__}: {exc}", cause="enospc" if full else "error"))

    def _write_frame(self, frame: np.ndarray, captured: float) -> None:
        if self._writing_paused or self._writing_camera_missing:
            return  # captured just before a pause or loss took effect
        segment = self._segment
        if segment is not None and captured - segment.first_frame_time >= self.settings.segment_ms / 1000:
            self._seal(until=captured)
            segment = None
        if segment is None:
            # A segment boundary: the moment to check the disk (issue 6, point 7).
            self._free = free_bytes(self.visit_directory)
            if below_safety_margin(self.visit_directory, self.settings.disk_margin_bytes):
                raise _StopRecording(entries.DISK_LOW_STOP, STOPPED_DISK_FULL, "below the safety margin",
                                     cause="margin", free_bytes=self._free,
                                     margin_bytes=self.settings.disk_margin_bytes)
            segment = self._open_segment()
        segment.add_video(frame, captured)
        with self._lock:
            self._frames += 1

    def _open_segment(self) -> SegmentEncoder:
        part = InProgressSegment(self._writer.directory, self._writer.chain_id, self._writer.next_sequence,
                                 self._segment_key)
        try:
            segment = self._encoder_factory(part, self.settings, self._audio_on, self._describe_segment_start)
        except BaseException:
            part.discard()
            raise
        self._segment, self._part = segment, part
        return segment

    def _describe_segment_start(self, captured: float) -> dict:
        return {"start_ms": self._ms(captured), "start_wall_ms": self._wall_ms(captured),
                "frame_ms": round(1000 / self.settings.fps)}

    def _seal(self, until: float) -> None:
        """Close the segment in progress; it ends one frame after its last frame, but never after
        `until` (the next segment's first frame, or the pause or stop that closes it)."""
        segment, part, self._segment = self._segment, self._part, None
        if segment is None:
            return
        stats = segment.close()  # on failure the part stays in self._part for _end_abnormally
        mp4 = part.finish()
        if stats.frame_count == 0:
            self._part = None
            part.discard()
            return
        sealed = seal_segment(mp4, self._writer.next_sequence, self._writer.chain_id, self._segment_key,
                              self._writer.directory)
        end = max(stats.last_frame_time, min(stats.last_frame_time + self.settings.frame_interval, until))
        with self._lock:
            dropped, self._dropped_sealed = self._dropped - self._dropped_sealed, self._dropped
        self._writer.append(entries.SEGMENT, **segment_entry_fields(
            sealed, start_ms=self._ms(stats.first_frame_time), end_ms=self._ms(end),
            start_wall_ms=self._wall_ms(stats.first_frame_time), end_wall_ms=self._wall_ms(end),
            frame_count=stats.frame_count, dropped_frames=dropped, audio=stats.audio))
        with self._lock:
            self._segments += 1
            self._bytes += sealed.size
            self._recorded_ms += self._ms(end) - self._ms(stats.first_frame_time)
        # Only now: a crash before this leaves a part that the next start sees is sealed and listed.
        self._part = None
        part.discard()

    def _apply_control(self, control: _Control) -> bool:
        """Write the event's entry; True when it ends the recording."""
        if control.kind in (entries.PAUSE, entries.CAMERA_LOST, entries.STOP):
            self._seal(until=control.captured)
        at = {"at_ms": self._ms(control.captured), "wall_ms": self._wall_ms(control.captured)}
        if control.kind == entries.STOP:
            self._writer.append(entries.STOP, **at, dropped_audio_blocks=self._dropped_audio)
            return True
        self._writer.append(control.kind, **at, **control.fields)
        if control.kind in (entries.PAUSE, entries.RESUME):
            self._writing_paused = control.kind == entries.PAUSE
        elif control.kind in (entries.CAMERA_LOST, entries.CAMERA_BACK):
            self._writing_camera_missing = control.kind == entries.CAMERA_LOST
            self._warn(control.kind, control.fields.get("detail", ""), at["at_ms"])
        elif control.kind == entries.MICROPHONE_UNAVAILABLE:
            with self._lock:
                self._audio_on = False  # segments from here on have no audio stream
            self._warn(control.kind, control.fields.get("detail", ""), at["at_ms"])
        return False

    def _end_abnormally(self, stop: _StopRecording) -> None:
        """Disk full or a write error: drop the unsealed part, record why, keep every sealed segment."""
        if self._segment is not None:
            self._segment.abort()
            self._segment = None
        if self._part is not None:
            self._part.discard()
            self._part = None
        moment = self._clock()
        try:
            self._writer.append(stop.entry_type, at_ms=self._ms(moment), wall_ms=self._wall_ms(moment),
                                detail=stop.detail[:200], **stop.fields)
        except OSError:
            pass  # the disk is full even for one line; the sealed chain up to here stays valid
        with self._lock:
            self._state = stop.state
        self._stopping.set()
        self._warn(stop.entry_type, stop.detail, self._ms(moment))
