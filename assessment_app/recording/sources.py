# SPDX-License-Identifier: GPL-3.0-or-later
"""Where frames and sound come from: a camera (OpenCV), a microphone (FFmpeg input devices via
PyAV), or synthetic sources for demo mode, tests and benchmarks.

A video source yields BGR uint8 frames (H x W x 3, OpenCV's order) with the monotonic time of
capture; an audio source yields int16 mono sample blocks with the monotonic time of their first
sample. Both raise a typed error when the device is missing or stops delivering, so the session
can record the gap and carry on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol

import cv2
import numpy as np

from assessment_app.recording.errors import CameraUnavailable, MicrophoneUnavailable

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class VideoSource(Protocol):
    synthetic: bool

    def open(self) -> None: ...

    def read(self) -> tuple[np.ndarray, float]:
        """The next frame and its capture time (monotonic seconds); raises CameraUnavailable."""

    def close(self) -> None: ...


class AudioSource(Protocol):
    sample_rate: int

    def open(self) -> None: ...

    def read(self) -> tuple[np.ndarray, float]:
        """The next block of int16 mono samples and the time of its first sample."""

    def close(self) -> None: ...


class _Pacer:
    """Releases ticks at a fixed rate in real time, or instantly (benchmarks) when not paced.

    `clock` and `sleep` go together: tests pass a simulated clock whose sleep waits for the
    test to move time on, so a recording of seconds runs as fast as it encodes.
    """

    def __init__(self, interval: float, paced: bool, clock: Clock, sleep: Sleep = time.sleep):
        self._interval, self._paced, self._clock, self._sleep = interval, paced, clock, sleep
        self._start: float | None = None
        self.index = 0

    def start(self) -> None:
        self._start, self.index = self._clock(), 0

    def next_tick(self) -> float:
        if self._start is None:
            self.start()
        due = self._start + self.index * self._interval
        if self._paced:
            delay = due - self._clock()
            if delay > 0:
                self._sleep(delay)
            elif delay < -self._interval * 5:
                # Far behind (machine suspended, debugger): skip ahead rather than burst.
                self.index = int((self._clock() - self._start) / self._interval)
                due = self._start + self.index * self._interval
        self.index += 1
        return due


class SyntheticVideoSource:
    """A moving test card with the recording clock burnt in: obviously not a real person.

    Frame n depends only on n, so the same run gives the same pictures. The static card is drawn
    once; per frame only a copy, a moving bar and the clock text are drawn, which keeps the
    source far cheaper than the encoder.
    """

    synthetic = True

    def __init__(self, width: int = 1280, height: int = 720, fps: int = 25, paced: bool = True,
                 clock: Clock = time.monotonic, label: str = "SYNTHETIC CAMERA", sleep: Sleep = time.sleep):
        self.width, self.height, self.fps = width, height, fps
        self._pacer = _Pacer(1.0 / fps, paced, clock, sleep)
        self._background = self._card(width, height, label)
        self._bar_width = max(8, width // 16)

    @staticmethod
    def _card(width: int, height: int, label: str) -> np.ndarray:
        ramp = np.linspace(0, 255, width, dtype=np.uint8)
        card = np.dstack([np.tile(ramp, (height, 1)), np.tile(ramp[::-1], (height, 1)),
                          np.full((height, width), 96, np.uint8)])
        bar_w = width // 8
        for index, colour in enumerate([(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0),
                                        (255, 0, 255), (0, 0, 255), (255, 0, 0)]):
            x = bar_w // 2 + index * bar_w
            cv2.rectangle(card, (x, height // 6), (x + bar_w * 3 // 4, height // 2), colour, -1)
        cv2.putText(card, label, (width // 16, height * 5 // 8), cv2.FONT_HERSHEY_SIMPLEX, height / 360, (255, 255, 255),
                    max(1, height // 180), cv2.LINE_AA)
        return card

    def open(self) -> None:
        self._pacer.start()

    def read(self) -> tuple[np.ndarray, float]:
        captured = self._pacer.next_tick()
        return self.frame(self._pacer.index - 1), captured

    def frame(self, index: int) -> np.ndarray:
        frame = self._background.copy()
        x = (index * max(2, self.width // 100)) % (self.width - self._bar_width)
        frame[:, x:x + self._bar_width] //= 2
        total_ms = index * 1000 // self.fps
        hours, minutes, seconds = total_ms // 3_600_000, total_ms // 60_000 % 60, total_ms // 1000 % 60
        clock_text = f"{hours:02d}:{minutes:02d}:{seconds:02d}.{total_ms % 1000:03d}  #{index:06d}"
        cv2.putText(frame, clock_text, (self.width // 16, self.height * 3 // 4), cv2.FONT_HERSHEY_SIMPLEX,
                    self.height / 480, (0, 0, 0), max(1, self.height // 240), cv2.LINE_AA)
        return frame

    def close(self) -> None:
        pass


class OpenCvCameraSource:
    """A webcam through cv2.VideoCapture; unplugged or busy shows up as CameraUnavailable."""

    synthetic = False

    def __init__(self, device_index: int = 0, width: int = 1280, height: int = 720, fps: int = 25,
                 clock: Clock = time.monotonic):
        self.device_index, self.width, self.height, self.fps = device_index, width, height, fps
        self._clock = clock
        self._capture = None

    def open(self) -> None:
        # A missing camera is an expected case, reported by CameraUnavailable, not by OpenCV's log.
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
        capture = cv2.VideoCapture(self.device_index)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(f"camera {self.device_index} cannot be opened")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        capture.set(cv2.CAP_PROP_FPS, self.fps)
        self._capture = capture

    def read(self) -> tuple[np.ndarray, float]:
        if self._capture is None:
            raise CameraUnavailable(f"camera {self.device_index} is not open")
        ok, frame = self._capture.read()
        captured = self._clock()
        if not ok or frame is None:
            raise CameraUnavailable(f"camera {self.device_index} stopped delivering images")
        return frame, captured

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class SyntheticAudioSource:
    """A 1 kHz beep of 100 ms at the start of every second, in 20 ms blocks: audible sync marks."""

    def __init__(self, sample_rate: int = 48000, block_ms: int = 20, paced: bool = True,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep):
        self.sample_rate = sample_rate
        self._block = sample_rate * block_ms // 1000
        self._pacer = _Pacer(block_ms / 1000, paced, clock, sleep)
        t = np.arange(sample_rate) / sample_rate
        second = (np.sin(2 * np.pi * 1000 * t) * 8000).astype(np.int16)
        second[sample_rate // 10:] = 0
        self._second = second

    def open(self) -> None:
        self._pacer.start()

    def read(self) -> tuple[np.ndarray, float]:
        captured = self._pacer.next_tick()
        start = ((self._pacer.index - 1) * self._block) % self.sample_rate
        return self._second[start:start + self._block], captured

    def close(self) -> None:
        pass


def default_microphone() -> tuple[str, str]:
    """FFmpeg's input device format and device name of this platform's default microphone."""
    if sys.platform == "win32":
        return "dshow", "audio=default"
    if sys.platform == "darwin":
        return "avfoundation", ":0"
    return "alsa", "default"


class MicrophoneSource:
    """The microphone through an FFmpeg input device (alsa/pulse, dshow, avfoundation)."""

    def __init__(self, device: str | None = None, input_format: str | None = None, sample_rate: int = 48000,
                 clock: Clock = time.monotonic):
        default_format, default_device = default_microphone()
        self.input_format = input_format or default_format
        self.device = device or default_device
        self.sample_rate = sample_rate
        self._clock = clock
        self._container = None
        self._frames = None
        self._resampler = None

    def open(self) -> None:
        import av

        if self.input_format not in av.formats_available:
            raise MicrophoneUnavailable(f"this FFmpeg build has no {self.input_format} input")
        try:
            self._container = av.open(self.device, format=self.input_format, timeout=2.0)
            self._frames = self._container.decode(audio=0)
        except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
            self.close()
            raise MicrophoneUnavailable(f"{self.input_format}:{self.device}: {exc}") from None
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=self.sample_rate)

    def read(self) -> tuple[np.ndarray, float]:
        import av

        if self._frames is None:
            raise MicrophoneUnavailable("the microphone is not open")
        try:
            frame = next(self._frames)
        except (StopIteration, av.FFmpegError, OSError) as exc:
            raise MicrophoneUnavailable(f"the microphone stopped delivering sound: {exc}") from None
        captured = self._clock() - frame.samples / max(1, frame.sample_rate)
        blocks = [resampled.to_ndarray().reshape(-1) for resampled in self._resampler.resample(frame)]
        samples = np.concatenate(blocks) if blocks else np.zeros(0, np.int16)
        return samples.astype(np.int16, copy=False), captured

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = self._frames = None


def open_camera_or_synthetic(device_index: int | None, width: int, height: int, fps: int) -> VideoSource:
    """The camera when one opens, else the synthetic card (demo mode, machines without a webcam)."""
    if device_index is not None:
        camera = OpenCvCameraSource(device_index, width, height, fps)
        try:
            camera.open()
            camera.close()
            return camera
        except CameraUnavailable:
            pass
    return SyntheticVideoSource(width, height, fps)
