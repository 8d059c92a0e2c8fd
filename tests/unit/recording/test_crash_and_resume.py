"""kill -9 loses at most the segment in progress; resuming links a new chain with a recorded gap."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from assessment_app.recording.chain import CHAIN_FILE, read_chain
from assessment_app.recording.linking import recording_was_interrupted
from assessment_app.recording.segments import PART_NAME
from assessment_app.recording.verify import verify_recording

from tests.conftest import REPO_ROOT
from tests.unit.recording.conftest import DATA_KEY, VISIT_ID, record

SEGMENT_SECONDS = 2.0  # the production default: the interrupted segment then has fragments to salvage


def _sealed_segments(chain_dir):
    try:
        lines = (chain_dir / CHAIN_FILE).read_bytes().splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if b'"type":"segment"' in line]


def test_kill_9_loses_at_most_the_segment_in_progress_and_resume_links_a_new_chain(tmp_path):
    visit = tmp_path / VISIT_ID
    key_file = tmp_path / "recording.key"
    key_file.write_text(DATA_KEY.hex())
    process = subprocess.Popen(
        [sys.executable, "-m", "assessment_app.cli", "record", "--synthetic", "--seconds", "30", "--out", str(visit),
         "--key-file", str(key_file), "--width", "320", "--height", "180", "--fps", "15",
         "--segment-seconds", str(SEGMENT_SECONDS), "--disk-margin-mb", "0"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while len(_sealed_segments(visit / "chain-1")) < 1:
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the recorder sealed no segments"
            time.sleep(0.05)
        time.sleep(1.3)  # well into the next segment: three of its 0.5 s fragments are complete
    finally:
        os.kill(process.pid, signal.SIGKILL)
        killed_at_ms = time.time() * 1000
        process.wait()

    sealed = _sealed_segments(visit / "chain-1")
    lost_seconds = (killed_at_ms - sealed[-1]["end_wall_ms"]) / 1000
    print(f"\nkill -9: {len(sealed)} sealed segments intact, {lost_seconds:.2f} s lost "
          f"(segment length {SEGMENT_SECONDS} s)")
    assert -0.2 < lost_seconds < 2 * SEGMENT_SECONDS + 1.0

    report = verify_recording(visit, DATA_KEY)
    assert report.ok and report.decoded and report.segments == len(sealed), report
    assert "chain-1: not_closed" in report.warnings
    assert recording_was_interrupted(tmp_path, VISIT_ID)

    resumed = record(tmp_path, 1.0)
    assert not (visit / "chain-1" / PART_NAME).exists()
    first, second = read_chain(visit / "chain-1"), read_chain(visit / "chain-2")
    start = second.entries[0]
    assert start["previous_chain"] == {"chain_id": first.chain_id, "head_hash": first.head_hash,
                                       "entry_count": len(first.entries)}
    # The readable fragments of the interrupted segment are sealed first in the new chain.
    salvaged = [entry for entry in second.entries if entry.get("salvaged")]
    last_recorded = salvaged[-1] if salvaged else sealed[-1]
    lost_after_salvage = (killed_at_ms - last_recorded["end_wall_ms"]) / 1000
    print(f"after salvaging the interrupted segment: {lost_after_salvage:.2f} s lost")
    assert lost_after_salvage <= lost_seconds + 0.05
    gap = next(entry for entry in second.entries if entry["type"] == "gap")
    assert gap["cause"] == "crash" and gap["salvaged_part"] == bool(salvaged)
    assert gap["duration_ms"] >= lost_after_salvage * 1000 - 200
    assert gap["start_ms"] == last_recorded["end_ms"] and gap["end_ms"] == start["at_ms"] == resumed.origin_ms
    assert [s for s in second.segments() if not s.get("salvaged")][0]["start_ms"] >= gap["end_ms"]
    full = verify_recording(visit, DATA_KEY)
    assert full.ok and full.chains == 2, full
    assert not recording_was_interrupted(tmp_path, VISIT_ID)


def test_a_restart_after_a_clean_stop_links_chains_and_a_changed_head_breaks_the_link(tmp_path, copy_of):
    record(tmp_path, 0.8, audio=False)
    record(tmp_path, 0.8, audio=False)
    visit = tmp_path / VISIT_ID
    gap = read_chain(visit / "chain-2").entries[1]
    assert gap["type"] == "gap" and gap["cause"] == "restart" and gap["lost_part_bytes"] == 0
    assert verify_recording(visit, DATA_KEY).chains == 2

    damaged = copy_of(visit)
    chain_file = damaged / "chain-1" / CHAIN_FILE
    chain_file.write_bytes(b"".join(chain_file.read_bytes().splitlines(keepends=True)[:-1]))
    report = verify_recording(damaged)
    assert (report.reason, report.chain_index) == ("chain_link_broken", 2)


def test_a_segment_sealed_just_before_a_crash_without_its_entry_is_a_warning_not_tampering(tmp_path, copy_of):
    record(tmp_path, 0.8, audio=False)
    visit = copy_of(tmp_path / VISIT_ID)
    chain_file = visit / "chain-1" / CHAIN_FILE
    lines = chain_file.read_bytes().splitlines(keepends=True)
    chain_file.write_bytes(b"".join(lines[:-1]))  # the crash came before the stop entry
    next_sequence = len(lines) - 1
    orphan = visit / "chain-1" / f"segment-{next_sequence:06d}.enc"
    orphan.write_bytes(b"sealed ciphertext without an entry")
    report = verify_recording(visit)
    assert report.ok and f"chain-1: orphan_segment {orphan.name}" in report.warnings
    orphan.rename(visit / "chain-1" / f"segment-{next_sequence + 1:06d}.enc")
    assert verify_recording(visit).reason == "extra_file"


def test_the_readable_fragments_of_a_crashed_part_are_sealed_into_the_next_chain(tmp_path):
    import time as clock

    from assessment_app.recording.encoder import SegmentEncoder
    from assessment_app.recording.sources import SyntheticVideoSource
    from tests.unit.recording.conftest import SMALL

    record(tmp_path, 0.6, audio=False)
    chain_dir = tmp_path / VISIT_ID / "chain-1"
    chain_file = chain_dir / CHAIN_FILE
    chain_file.write_bytes(b"".join(chain_file.read_bytes().splitlines(keepends=True)[:-1]))  # no stop entry
    end_ms = read_chain(chain_dir).entries[-1]["end_ms"]
    now_wall_ms = round(clock.time() * 1000)
    part = chain_dir / PART_NAME
    encoder = SegmentEncoder(part, SMALL, False, lambda captured: {"start_ms": end_ms, "start_wall_ms": now_wall_ms,
                                                                   "frame_ms": 67})
    card = SyntheticVideoSource(SMALL.width, SMALL.height, SMALL.fps, paced=False)
    for index in range(30):  # 2 s: four 0.5 s fragments
        encoder.add_video(card.frame(index), index / SMALL.fps)
    encoder.close()
    part.write_bytes(part.read_bytes()[: part.stat().st_size * 3 // 4])  # the crash cut the last fragment

    record(tmp_path, 0.6, audio=False)
    second = read_chain(tmp_path / VISIT_ID / "chain-2")
    salvaged = second.entries[1]
    assert salvaged["type"] == "segment" and salvaged["salvaged"] is True
    assert 7 <= salvaged["frame_count"] < 30 and salvaged["start_ms"] == end_ms
    frames = salvaged["frame_count"]
    assert (frames - 1) * 66 + 67 <= salvaged["end_ms"] - salvaged["start_ms"] <= (frames - 1) * 67 + 67
    gap = second.entries[2]
    assert gap["type"] == "gap" and gap["salvaged_part"] is True and gap["start_ms"] == salvaged["end_ms"]
    assert not part.exists()
    report = verify_recording(tmp_path / VISIT_ID, DATA_KEY)
    assert report.ok and report.decoded and report.chains == 2, report
