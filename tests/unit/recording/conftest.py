# SPDX-License-Identifier: GPL-3.0-or-later
"""Small, fast recordings: 320x180 at 15 fps in 0.5 s segments, from the synthetic sources, on
simulated time (tests/unit/recording/simulated_time.py) unless a test is about real time."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import SyntheticAudioSource, SyntheticVideoSource

from tests.unit.recording.simulated_time import SimulatedRecording, SimulatedTime

DATA_KEY = bytes(range(32))
VISIT_ID = "visit-0001"
SMALL = RecordingSettings(width=320, height=180, fps=15, segment_ms=500, disk_margin_bytes=0)
MP4_MARKER = b"ftyp"


def make_session(root: Path, settings: RecordingSettings = SMALL, data_key: bytes | None = DATA_KEY,
                 audio: bool = True, time: SimulatedTime | None = None, **options) -> RecordingSession:
    """A session on the synthetic sources; in real time, or on `time` when given."""
    paced = {} if time is None else {"clock": time.now, "sleep": time.sleep}
    if time is not None:
        options.setdefault("clock", time.now)
        # Simulated time hands frames over as fast as they are drawn, not spread over real
        # seconds: a deeper queue keeps the real-time encoder from dropping them.
        settings = replace(settings, queue_frames=max(settings.queue_size, 10 * settings.fps))
    video = options.pop("video_source", None) or SyntheticVideoSource(settings.width, settings.height, settings.fps,
                                                                      **paced)
    return RecordingSession(root, VISIT_ID, video,
                            audio_source=SyntheticAudioSource(settings.audio_sample_rate, **paced) if audio else None,
                            settings=settings, data_key=data_key, plain=data_key is None, **options)


def simulated_session(root: Path, audio: bool = True, **options) -> SimulatedRecording:
    """A session whose clock and synthetic sources run on simulated time."""
    time = SimulatedTime()
    return SimulatedRecording(make_session(root, audio=audio, time=time, **options), time, 2 if audio else 1)


def record(root: Path, seconds: float, **options) -> RecordingSession:
    """Record `seconds` of simulated time (the wall clock stays real: a later chain's gap is real)."""
    recording = simulated_session(root, **options)
    recording.start()
    recording.advance(seconds)
    recording.stop()
    return recording.session


def files_containing(directory: Path, marker: bytes) -> list[Path]:
    return [path for path in sorted(directory.rglob("*")) if path.is_file() and marker in path.read_bytes()]


MP4_BOX_TYPES = (b"ftyp", b"moov", b"moof", b"mdat", b"mfra")


def holds_mp4_boxes(data: bytes) -> bool:
    """An MP4 box header in plaintext: a box type with a plausible size right before it (a bare
    four-letter match would turn up by chance in megabytes of ciphertext)."""
    for box_type in MP4_BOX_TYPES:
        at = data.find(box_type, 4)
        while at != -1:
            size = int.from_bytes(data[at - 4:at], "big")
            if size == 1 or 8 <= size <= 64 * 1024 * 1024:
                return True
            at = data.find(box_type, at + 1)
    return False


def plaintext_mp4_files(*directories: Path) -> list[Path]:
    """Every file under the directories that holds an MP4 box in plaintext (files vanishing meanwhile are skipped)."""
    found = []
    for directory in directories:
        for path in sorted(directory.rglob("*")):
            try:
                if path.is_file() and holds_mp4_boxes(path.read_bytes()):
                    found.append(path)
            except FileNotFoundError:
                continue
    return found


@pytest.fixture(scope="package")
def encrypted_recording(tmp_path_factory) -> Path:
    """A 2.5 s encrypted recording with audio and one pause; tests copy it before changing it."""
    root = tmp_path_factory.mktemp("encrypted")
    recording = simulated_session(root)
    recording.start()
    recording.advance(1.2)
    recording.session.pause("privacy_toileting")
    recording.advance(0.4)
    recording.session.resume()
    recording.advance(1.0)
    recording.stop()
    return root / VISIT_ID


@pytest.fixture(scope="package")
def plain_recording(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    record(root, 1.6, data_key=None)
    return root / VISIT_ID


@pytest.fixture
def copy_of(tmp_path):
    def copy(directory: Path) -> Path:
        target = tmp_path / "copy" / directory.name
        shutil.copytree(directory, target)
        return target
    return copy
