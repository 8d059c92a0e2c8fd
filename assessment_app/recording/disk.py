# SPDX-License-Identifier: GPL-3.0-or-later
"""Disk space: the preflight estimate before a visit, and the safety margin while recording."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from assessment_app.recording.settings import RecordingSettings

# Mono AAC, MP4 framing and the AEAD chunk overhead together stay well below this.
CONTAINER_AND_AUDIO_BYTES_PER_SECOND = 12_000


@dataclass(frozen=True)
class Preflight:
    needed_bytes: int
    free_bytes: int
    margin_bytes: int
    ok: bool

    @property
    def shortfall_bytes(self) -> int:
        return max(0, self.needed_bytes + self.margin_bytes - self.free_bytes)


def estimated_bytes_per_second(settings: RecordingSettings) -> int:
    video_bits = settings.width * settings.height * settings.fps * settings.estimated_bits_per_pixel
    return int(video_bits / 8) + (CONTAINER_AND_AUDIO_BYTES_PER_SECOND if settings.audio else 2_000)


def _existing(directory: Path) -> Path:
    # The visit's directory may not exist yet; its nearest existing parent is on the same disk.
    directory = Path(directory).absolute()
    while not directory.exists() and directory.parent != directory:
        directory = directory.parent
    return directory


def free_bytes(directory: Path) -> int:
    return shutil.disk_usage(_existing(directory)).free


def preflight(directory: Path, planned_minutes: int, settings: RecordingSettings) -> Preflight:
    """Enough room for the planned visit plus the safety margin at which recording would stop?"""
    needed = estimated_bytes_per_second(settings) * planned_minutes * 60
    free = free_bytes(directory)
    return Preflight(needed, free, settings.disk_margin_bytes, free >= needed + settings.disk_margin_bytes)


def below_safety_margin(directory: Path, margin_bytes: int) -> bool:
    return free_bytes(directory) < margin_bytes
