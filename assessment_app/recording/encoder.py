# SPDX-License-Identifier: GPL-3.0-or-later
"""One segment as a standalone H.264/AAC MP4 file, written with PyAV (FFmpeg's libx264 and aac).

Each segment gets its own container and encoders, so it starts on a keyframe and plays without
any other segment. The MP4 is muxed into a file object (recording/in_progress.py), never into a
plaintext file, and fragmented (a moof every 0.5 s, no seeking back) so that each fragment can be
encrypted to disk as soon as it is complete and the part a crash leaves behind is readable up to
its last complete fragment. tune=zerolatency removes
x264's lookahead and B-frames: closing a segment does not wait for buffered frames, and each
frame costs about the same, which keeps the realtime budget predictable.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import BinaryIO

import av
import cv2
import numpy as np

from assessment_app.recording.settings import RecordingSettings

MS = Fraction(1, 1000)
START_METADATA_KEY = "comment"
MP4_OPTIONS = {"movflags": "frag_keyframe+empty_moov+default_base_moof", "frag_duration": "500000",
               # Each finished fragment reaches the output's write() at once, not when PyAV's buffer fills.
               "flush_packets": "1"}


@dataclass(frozen=True)
class SegmentStats:
    frame_count: int
    first_frame_time: float
    last_frame_time: float
    audio: bool


class SegmentEncoder:
    """Frames and sample blocks in (with monotonic timestamps), a finished MP4 out on close()."""

    def __init__(self, output: BinaryIO, settings: RecordingSettings, with_audio: bool,
                 describe_start: Callable[[float], dict] | None = None):
        """`output` gets the MP4 bytes through write() only; it must not have a close() that PyAV would call."""
        self._settings = settings
        # Where the segment sits on the visit timeline, written into the MP4 header so that a
        # part left by a crash can still be placed (recording/salvage.py).
        self._describe_start = describe_start
        self._container = av.open(output, "w", format="mp4", options=MP4_OPTIONS)
        try:
            video = self._container.add_stream("libx264", rate=settings.fps, options={
                "preset": settings.preset, "crf": str(settings.crf), "tune": "zerolatency",
                # A keyframe at the start of the segment is what matters; one more every 2 s
                # keeps seeking cheap if someone configures long segments.
                "x264-params": f"keyint={settings.fps * 2}:min-keyint={settings.fps * 2}:scenecut=0",
            })
            video.width, video.height, video.pix_fmt = settings.width, settings.height, "yuv420p"
            video.codec_context.time_base = MS
            self._video = video
            self._audio = None
            if with_audio:
                audio = self._container.add_stream("aac", rate=settings.audio_sample_rate)
                audio.layout = "mono"
                audio.bit_rate = settings.audio_bitrate
                self._audio = audio
        except BaseException:
            self._container.close()
            raise
        self._origin: float | None = None
        self._last_pts = -1
        self._frames = 0
        self._first_time = self._last_time = 0.0
        self._audio_samples = 0
        self._audio_started = False

    def add_video(self, frame_bgr: np.ndarray, captured: float) -> None:
        if self._origin is None:
            self._origin = self._first_time = captured
            if self._describe_start is not None:
                self._container.metadata[START_METADATA_KEY] = json.dumps(self._describe_start(captured),
                                                                          sort_keys=True)
        # Millisecond timestamps from the capture clock keep real time even when frames were
        # dropped or the camera's rate wobbles; they must still strictly increase.
        pts = max(round((captured - self._origin) * 1000), self._last_pts + 1)
        frame = av.VideoFrame.from_ndarray(self._to_yuv420p(frame_bgr), format="yuv420p")
        frame.pts, frame.time_base = pts, MS
        for packet in self._video.encode(frame):
            self._container.mux(packet)
        self._last_pts, self._last_time = pts, captured
        self._frames += 1

    def _to_yuv420p(self, frame_bgr: np.ndarray) -> np.ndarray:
        # OpenCV's SIMD conversion costs about a fifth of swscale's inside PyAV's encode()
        # (1.6 vs 8 ms per 720p frame on the 2-core test machine): the largest saving per frame.
        width, height = self._settings.width, self._settings.height
        if frame_bgr.shape[1] != width or frame_bgr.shape[0] != height:
            frame_bgr = cv2.resize(frame_bgr, (width, height), interpolation=cv2.INTER_AREA)
        return cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2YUV_I420)

    def add_audio(self, samples: np.ndarray, captured: float) -> None:
        if self._audio is None or self._origin is None or len(samples) == 0:
            return
        rate = self._settings.audio_sample_rate
        if not self._audio_started:
            # The first block may begin a little before the segment's first frame; sound is kept
            # in sample order from there, so it never runs ahead of the picture by more than a block.
            self._audio_samples = max(0, round((captured - self._origin) * rate))
            self._audio_started = True
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, self._audio_samples, Fraction(1, rate)
        self._audio_samples += len(samples)
        for packet in self._audio.encode(frame):
            self._container.mux(packet)

    @property
    def frame_count(self) -> int:
        return self._frames

    @property
    def first_frame_time(self) -> float | None:
        return self._origin

    def close(self) -> SegmentStats:
        for packet in self._video.encode(None):
            self._container.mux(packet)
        if self._audio is not None and self._audio_started:
            for packet in self._audio.encode(None):
                self._container.mux(packet)
        self._container.close()
        return SegmentStats(self._frames, self._first_time, self._last_time, self._audio_started)

    def abort(self) -> None:
        """Give up on this segment (disk full, shutdown after an error); the output is left to the caller."""
        try:
            self._container.close()
        except (av.FFmpegError, OSError, ValueError):
            pass
