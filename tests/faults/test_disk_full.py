# SPDX-License-Identifier: GPL-3.0-or-later
"""A disk that fills during recording (a real size-limited filesystem, when running as root):
recording stops cleanly at a segment boundary, every sealed segment verifies, and the room left
when the disk filled is varied from trial to trial."""

from __future__ import annotations

import os
import random
import subprocess
from dataclasses import replace

import pytest

from assessment_app.recording.segments import PART_NAME
from assessment_app.recording.verify import verify_recording

from tests.faults.conftest import trials
from tests.size_limited_fs import size_limited_filesystem
from tests.unit.recording.conftest import DATA_KEY, SMALL, VISIT_ID, make_session
from tests.unit.recording.test_disk import _record_until_stopped


@pytest.fixture
def small_filesystem(tmp_path):
    with size_limited_filesystem(tmp_path / "small", "4m") as mount_point:
        yield mount_point


def test_a_full_disk_during_recording_stops_cleanly(small_filesystem, record_outcome):
    rng = random.Random(4)
    settings = replace(SMALL, width=640, height=360, disk_margin_bytes=0)
    for trial in range(trials(2, 15)):
        for leftover in small_filesystem.iterdir():
            subprocess.run(["rm", "-rf", str(leftover)], check=True)
        stat = os.statvfs(small_filesystem)
        room = rng.randint(80, 600) * 1024
        (small_filesystem / "filler").write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - room))
        status, warnings = _record_until_stopped(make_session(small_filesystem, settings=settings), limit=30)
        report = verify_recording(small_filesystem / VISIT_ID, DATA_KEY)
        assert status.state == "stopped_disk_full", status
        assert not (small_filesystem / VISIT_ID / "chain-1" / PART_NAME).exists()
        assert report.ok and report.segments == status.segments_sealed, report
        record_outcome("disk full during recording", trial, room_kib=room // 1024,
                       segments_sealed=status.segments_sealed, stopped_cleanly=True, sealed_segments_verify=report.ok,
                       warned=bool(warnings) and warnings[-1].code == "disk_low_stop")
