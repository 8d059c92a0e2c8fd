"""Small, fast recordings: 320x180 at 15 fps in 0.5 s segments, from the synthetic sources."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import SyntheticAudioSource, SyntheticVideoSource

DATA_KEY = bytes(range(32))
VISIT_ID = "visit-0001"
SMALL = RecordingSettings(width=320, height=180, fps=15, segment_ms=500, disk_margin_bytes=0)
MP4_MARKER = b"ftyp"


def make_session(root: Path, settings: RecordingSettings = SMALL, data_key: bytes | None = DATA_KEY,
                 audio: bool = True, **options) -> RecordingSession:
    video = options.pop("video_source", None) or SyntheticVideoSource(settings.width, settings.height, settings.fps)
    return RecordingSession(root, VISIT_ID, video,
                            audio_source=SyntheticAudioSource(settings.audio_sample_rate) if audio else None,
                            settings=settings, data_key=data_key, plain=data_key is None, **options)


def record(root: Path, seconds: float, **options) -> RecordingSession:
    session = make_session(root, **options)
    session.start()
    time.sleep(seconds)
    session.stop()
    return session


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
    session = make_session(root)
    session.start()
    time.sleep(1.2)
    session.pause("privacy_toileting")
    time.sleep(0.4)
    session.resume()
    time.sleep(1.0)
    session.stop()
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
