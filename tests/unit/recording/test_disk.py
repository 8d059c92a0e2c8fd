# SPDX-License-Identifier: GPL-3.0-or-later
"""A full disk stops recording cleanly at a segment boundary; every earlier segment stays intact."""

from __future__ import annotations

import errno
import os
import time
from dataclasses import replace

import pytest

from assessment_app.recording import session as session_module
from assessment_app.recording.chain import read_chain
from assessment_app.recording.disk import preflight
from assessment_app.recording.encoder import SegmentEncoder
from assessment_app.recording.segments import PART_NAME
from assessment_app.recording.verify import verify_recording

from tests.size_limited_fs import size_limited_filesystem
from tests.unit.recording.conftest import (DATA_KEY, SMALL, VISIT_ID, make_session, plaintext_mp4_files,
                                           simulated_session)


def _record_until_stopped(session, limit=8.0):
    warnings = []
    session.add_listener(warnings.append)
    session.start()
    deadline = time.monotonic() + limit
    while session.status().state not in session_module.FINAL_STATES and time.monotonic() < deadline:
        time.sleep(0.05)
    return session.stop(), warnings


def _record_simulated_until_stopped(recording, limit_s=8.0):
    """The same on simulated time: the stop comes from the encoder thread, whenever it gets there."""
    warnings = []
    recording.session.add_listener(warnings.append)
    recording.start()
    for _ in range(round(limit_s / 0.05)):
        if recording.session.status().state in session_module.FINAL_STATES:
            break
        recording.advance(0.05)
    return recording.stop(), warnings


def test_below_the_safety_margin_recording_stops_at_a_segment_boundary(tmp_path, monkeypatch):
    checks = []

    def margin_reached_after_three_segments(directory, margin):
        checks.append(directory)
        return len(checks) > 4  # the first check is at start()

    monkeypatch.setattr(session_module, "below_safety_margin", margin_reached_after_three_segments)
    status, warnings = _record_simulated_until_stopped(simulated_session(tmp_path))
    assert status.state == "stopped_disk_full" and status.segments_sealed == 3
    entries = read_chain(tmp_path / VISIT_ID / "chain-1").entries
    assert entries[-1]["type"] == "disk_low_stop" and entries[-1]["cause"] == "margin"
    assert [w.code for w in warnings] == ["disk_low_stop"]
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


class _DiskFillsUp(SegmentEncoder):
    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).opened += 1

    def add_video(self, frame, captured):
        if type(self).opened > 3 and self.frame_count == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().add_video(frame, captured)


def test_enospc_while_writing_ends_in_a_clean_stop_without_plaintext(tmp_path):
    status, warnings = _record_simulated_until_stopped(simulated_session(tmp_path, encoder_factory=_DiskFillsUp))
    assert status.state == "stopped_disk_full" and status.segments_sealed == 3
    assert warnings[-1].code == "disk_low_stop"
    assert read_chain(tmp_path / VISIT_ID / "chain-1").entries[-1]["cause"] == "enospc"
    assert not (tmp_path / VISIT_ID / "chain-1" / PART_NAME).exists()
    assert plaintext_mp4_files(tmp_path) == []
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


def test_preflight_estimates_the_space_of_the_planned_visit(tmp_path):
    settings = replace(SMALL, disk_margin_bytes=1024)
    short = preflight(tmp_path / "not-yet-created", 60, settings)
    assert short.needed_bytes > 0 and short.free_bytes > 0
    huge = preflight(tmp_path, 10**9, settings)
    assert not huge.ok and huge.shortfall_bytes > 0


@pytest.fixture
def small_filesystem(tmp_path):
    with size_limited_filesystem(tmp_path / "small", "3m") as mount_point:
        yield mount_point


def test_a_really_full_disk_stops_cleanly_with_earlier_segments_intact(small_filesystem):
    free = os.statvfs(small_filesystem).f_bavail * os.statvfs(small_filesystem).f_frsize
    # Leave room for a few segments only, so the disk fills within seconds.
    (small_filesystem / "filler").write_bytes(b"\0" * (free - 160 * 1024))
    assert not preflight(small_filesystem, 60, SMALL).ok
    settings = replace(SMALL, width=640, height=360, disk_margin_bytes=0)
    status, warnings = _record_until_stopped(make_session(small_filesystem, settings=settings), limit=20)
    assert status.state == "stopped_disk_full", status
    assert status.segments_sealed >= 1 and warnings[-1].code == "disk_low_stop"
    assert not (small_filesystem / VISIT_ID / "chain-1" / PART_NAME).exists()
    report = verify_recording(small_filesystem / VISIT_ID, DATA_KEY)
    assert report.ok and report.segments == status.segments_sealed, report


def test_a_failing_fsync_of_the_part_stops_the_recording_cleanly(tmp_path, monkeypatch):
    """The part is fsynced on a thread of its own; its failure must still reach the recording."""
    from types import SimpleNamespace

    from assessment_app.recording import in_progress

    def failing_fsync(descriptor):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(in_progress, "os", SimpleNamespace(fsync=failing_fsync))
    status, warnings = _record_simulated_until_stopped(simulated_session(tmp_path))
    assert status.state == "failed" and warnings[-1].code == "write_failed"
    last = read_chain(tmp_path / VISIT_ID / "chain-1").entries[-1]
    assert last["type"] == "write_failed" and "Input/output error" in last["detail"]
    assert not (tmp_path / VISIT_ID / "chain-1" / PART_NAME).exists()
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


def test_an_entry_whose_write_fails_is_cut_off_and_nothing_lands_later(tmp_path, monkeypatch):
    """Disk full at the fsync of a chain line (delayed allocation): the line must not stay in the
    file, nor land when the writer is closed, or the chain would hold a segment the recorder
    never counted as sealed."""
    import errno

    import pytest

    from assessment_app.recording import chain as chain_module
    from assessment_app.recording.chain import CHAIN_FILE, ChainWriter

    writer = ChainWriter(tmp_path / "chain-1", "chain-id")
    writer.append("chain_start", visit_id="v")
    before = (tmp_path / "chain-1" / CHAIN_FILE).read_bytes()

    def full_disk(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(chain_module.os, "fsync", full_disk)
    with pytest.raises(OSError):
        writer.append("segment", file="segment-000001.enc")
    monkeypatch.undo()
    writer.close()
    assert (tmp_path / "chain-1" / CHAIN_FILE).read_bytes() == before
    assert writer.broken and writer.next_sequence == 1
