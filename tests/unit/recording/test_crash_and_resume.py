# SPDX-License-Identifier: GPL-3.0-or-later
"""kill -9 loses at most the fragment in progress and leaves only ciphertext; resuming salvages the
authentic beginning of the interrupted segment and links a new chain with a recorded gap."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

from assessment_app.cli import main
from assessment_app.recording.chain import CHAIN_FILE, read_chain
from assessment_app.recording.decoding import count_decodable_frames
from assessment_app.recording.encoder import SegmentEncoder
from assessment_app.recording.in_progress import InProgressSegment
from assessment_app.recording.linking import recording_was_interrupted
from assessment_app.recording.part_format import CUT, PartWriter, read_part
from assessment_app.recording.segments import PART_NAME, read_segment_plaintext, recordings_key
from assessment_app.recording.sources import SyntheticVideoSource
from assessment_app.recording.verify import verify_recording

from tests.conftest import REPO_ROOT
from tests.unit.recording.conftest import DATA_KEY, MP4_MARKER, SMALL, VISIT_ID, plaintext_mp4_files, record

SEGMENT_SECONDS = 2.0  # the production default: the interrupted segment then has fragments to salvage
SEGMENT_KEY = recordings_key(DATA_KEY)


def _sealed_segments(chain_dir):
    try:
        lines = (chain_dir / CHAIN_FILE).read_bytes().splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if b'"type":"segment"' in line]


def _records_in_part_after(chain_dir, sealed_count: int) -> int:
    """Fragments in the part of the segment after the `sealed_count` sealed ones (0 while the part
    on disk is still the one just sealed: the recorder seals, then starts the next part)."""
    try:
        data = (chain_dir / PART_NAME).read_bytes()
    except FileNotFoundError:
        return 0
    part = read_part(data, SEGMENT_KEY, read_chain(chain_dir).chain_id)
    return len(part.records) if part.sequence > sealed_count else 0


def _mid_second_segment(chain_dir) -> bool:
    sealed = len(_sealed_segments(chain_dir))
    return sealed >= 1 and _records_in_part_after(chain_dir, sealed) >= 2


def _record_and_kill_mid_fragment(visit, key_file, system_temp) -> float:
    """Record in a child process; kill -9 a quarter second after the second fragment of a segment
    reached the part. Returns the wall time of the kill (ms)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assessment_app.cli", "record", "--synthetic", "--seconds", "30", "--out", str(visit),
         "--key-file", str(key_file), "--width", "320", "--height", "180", "--fps", "15",
         "--segment-seconds", str(SEGMENT_SECONDS), "--disk-margin-mb", "0"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(system_temp)})
    try:
        deadline = time.monotonic() + 30
        while not _mid_second_segment(visit / "chain-1"):
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the recorder sealed no segment or wrote no fragments"
            time.sleep(0.02)
        time.sleep(0.25)  # inside the next 0.5 s fragment
    finally:
        os.kill(process.pid, signal.SIGKILL)
        killed_at_ms = time.time() * 1000
        process.wait()
    return killed_at_ms


def test_kill_9_leaves_only_ciphertext_whose_complete_prefix_is_salvaged_into_a_linked_chain(tmp_path):
    visit, system_temp = tmp_path / VISIT_ID, tmp_path / "system-temp"
    system_temp.mkdir()
    key_file = tmp_path / "recording.key"
    key_file.write_text(DATA_KEY.hex())
    killed_at_ms = _record_and_kill_mid_fragment(visit, key_file, system_temp)

    assert plaintext_mp4_files(tmp_path) == []
    sealed = _sealed_segments(visit / "chain-1")
    lost_seconds = (killed_at_ms - sealed[-1]["end_wall_ms"]) / 1000
    print(f"\nkill -9: {len(sealed)} sealed segments intact, {lost_seconds:.2f} s after the last one "
          f"(segment length {SEGMENT_SECONDS} s)")
    assert -0.2 < lost_seconds < 2 * SEGMENT_SECONDS + 1.0
    # What the kill left of the segment in progress: authentic records up to a cut tail, in memory an MP4.
    part = read_part((visit / "chain-1" / PART_NAME).read_bytes(), SEGMENT_KEY, read_chain(visit / "chain-1").chain_id)
    assert part.ending == CUT and len(part.records) >= 2 and part.plaintext[4:8] == MP4_MARKER
    frames_in_prefix = count_decodable_frames(part.plaintext)[0]
    assert frames_in_prefix >= 1

    report = verify_recording(visit, DATA_KEY)
    assert report.ok and report.decoded and report.segments == len(sealed), report
    assert "chain-1: not_closed" in report.warnings and "chain-1: unsealed_part" in report.warnings
    assert recording_was_interrupted(tmp_path, VISIT_ID)

    resumed = record(tmp_path, 1.0)
    assert plaintext_mp4_files(tmp_path) == []
    assert not (visit / "chain-1" / PART_NAME).exists()
    first, second = read_chain(visit / "chain-1"), read_chain(visit / "chain-2")
    start = second.entries[0]
    assert start["previous_chain"] == {"chain_id": first.chain_id, "head_hash": first.head_hash,
                                       "entry_count": len(first.entries)}
    # The complete fragments of the interrupted segment are sealed first in the new chain.
    (salvaged,) = [entry for entry in second.entries if entry.get("salvaged")]
    assert salvaged["sequence"] == 1 and salvaged["start_ms"] >= sealed[-1]["end_ms"]
    assert salvaged["frame_count"] == frames_in_prefix  # every frame of the complete records, nothing else
    lost_after_salvage = (killed_at_ms - salvaged["end_wall_ms"]) / 1000
    print(f"after salvaging the interrupted segment: {lost_after_salvage:.2f} s lost "
          f"({len(part.records)} records, {frames_in_prefix} frames salvaged)")
    assert lost_after_salvage <= lost_seconds + 0.05
    gap = next(entry for entry in second.entries if entry["type"] == "gap")
    assert gap["cause"] == "crash" and gap["salvaged_part"] is True and gap["part_problem"] is None
    assert gap["lost_part_bytes"] == 0
    assert gap["duration_ms"] >= lost_after_salvage * 1000 - 200
    assert gap["start_ms"] == salvaged["end_ms"] and gap["end_ms"] == start["at_ms"] == resumed.origin_ms
    assert [s for s in second.segments() if not s.get("salvaged")][0]["start_ms"] >= gap["end_ms"]
    full = verify_recording(visit, DATA_KEY)
    assert full.ok and full.decoded and full.chains == 2 and full.warnings == ("chain-1: not_closed",), full
    assert main(["--lang", "en", "video", "verify", str(visit), "--key-file", str(key_file)]) == 0
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


def _crashed_part(tmp_path, frames: int = 30):
    """chain-1 as a crash leaves it: no stop entry, and `current.part` holding `frames` frames of the
    next segment in complete records. Returns the chain directory, the part's start and its bytes."""
    record(tmp_path, 0.6, audio=False)
    chain_dir = tmp_path / VISIT_ID / "chain-1"
    chain_file = chain_dir / CHAIN_FILE
    chain_file.write_bytes(b"".join(chain_file.read_bytes().splitlines(keepends=True)[:-1]))  # no stop entry
    parsed = read_chain(chain_dir)
    start = {"start_ms": parsed.entries[-1]["end_ms"], "start_wall_ms": round(time.time() * 1000), "frame_ms": 67}
    part = InProgressSegment(chain_dir, parsed.chain_id, len(parsed.entries), SEGMENT_KEY)
    encoder = SegmentEncoder(part, SMALL, False, lambda captured: start)
    card = SyntheticVideoSource(SMALL.width, SMALL.height, SMALL.fps, paced=False)
    for index in range(frames):  # 2 s: four 0.5 s fragments
        encoder.add_video(card.frame(index), index / SMALL.fps)
    encoder.close()
    part.finish()
    return chain_dir, start, part.path.read_bytes()


def _records_end(data: bytes, count: int) -> int:
    """The offset at which the first `count` records of a part file end (docs/formats/video-segments.md)."""
    offset = 16
    for _ in range(count):
        offset += 4 + 12 + int.from_bytes(data[offset:offset + 4], "big") + 16
    return offset


def test_the_complete_records_of_a_crashed_part_are_sealed_into_the_next_chain(tmp_path):
    chain_dir, start, data = _crashed_part(tmp_path)
    records = len(read_part(data, SEGMENT_KEY, read_chain(chain_dir).chain_id).records)
    assert records >= 4
    (chain_dir / PART_NAME).write_bytes(data[:_records_end(data, records - 2) + 100])  # the crash cut a record

    record(tmp_path, 0.6, audio=False)
    second = read_chain(tmp_path / VISIT_ID / "chain-2")
    salvaged = second.entries[1]
    assert salvaged["type"] == "segment" and salvaged["salvaged"] is True
    assert 7 <= salvaged["frame_count"] < 30 and salvaged["start_ms"] == start["start_ms"]
    frames = salvaged["frame_count"]
    assert (frames - 1) * 66 + 67 <= salvaged["end_ms"] - salvaged["start_ms"] <= (frames - 1) * 67 + 67
    gap = second.entries[2]
    assert gap["type"] == "gap" and gap["salvaged_part"] is True and gap["start_ms"] == salvaged["end_ms"]
    assert gap["part_problem"] is None
    assert not (chain_dir / PART_NAME).exists() and plaintext_mp4_files(tmp_path) == []
    report = verify_recording(tmp_path / VISIT_ID, DATA_KEY)
    assert report.ok and report.decoded and report.chains == 2, report


def test_a_tampered_record_of_a_crashed_part_ends_the_salvage_there_and_is_reported(tmp_path):
    chain_dir, _, data = _crashed_part(tmp_path)
    damaged = bytearray(data)
    damaged[_records_end(data, 1) + 40] ^= 0x01  # inside record 1: record 0 stays authentic
    (chain_dir / PART_NAME).write_bytes(bytes(damaged))
    frames_in_record_0 = count_decodable_frames(read_part(data, SEGMENT_KEY, read_chain(chain_dir).chain_id)
                                                .records[0])[0]

    record(tmp_path, 0.6, audio=False)
    second = read_chain(tmp_path / VISIT_ID / "chain-2")
    salvaged, gap = second.entries[1], second.entries[2]
    assert salvaged.get("salvaged") is True and salvaged["frame_count"] == frames_in_record_0
    assert gap["type"] == "gap" and gap["part_problem"] == "tampered"
    report = verify_recording(tmp_path / VISIT_ID, DATA_KEY)
    assert report.ok and "chain-2: interrupted_part_tampered" in report.warnings, report


def test_a_plaintext_part_in_an_encrypted_chain_is_not_salvaged_and_is_wiped(tmp_path):
    """What an older version left (or someone planted): refused, counted as lost, removed."""
    chain_dir, _, _ = _crashed_part(tmp_path)
    plain_segment = read_chain(chain_dir).segments()[0]
    plaintext = read_segment_plaintext(chain_dir / plain_segment["file"], read_chain(chain_dir).chain_id,
                                       plain_segment["sequence"], SEGMENT_KEY)
    (chain_dir / PART_NAME).write_bytes(plaintext)

    record(tmp_path, 0.6, audio=False)
    second = read_chain(tmp_path / VISIT_ID / "chain-2")
    gap = second.entries[1]
    assert gap["type"] == "gap" and gap["salvaged_part"] is False and gap["part_problem"] == "bad_header"
    assert gap["lost_part_bytes"] == len(plaintext)
    assert not (chain_dir / PART_NAME).exists() and plaintext_mp4_files(tmp_path) == []


def test_a_part_whose_segment_was_already_sealed_is_not_salvaged_twice(tmp_path):
    """A crash between listing a segment and removing its part leaves a copy, not a loss."""
    chain_dir, _, data = _crashed_part(tmp_path)
    parsed = read_chain(chain_dir)
    # The part as it was when the chain's last listed segment was being recorded.
    sink = io.BytesIO()
    writer = PartWriter(sink, SEGMENT_KEY, parsed.chain_id, parsed.segments()[-1]["sequence"])
    writer.finish(read_part(data, SEGMENT_KEY, parsed.chain_id).plaintext)
    (chain_dir / PART_NAME).write_bytes(sink.getvalue())

    record(tmp_path, 0.6, audio=False)
    second = read_chain(tmp_path / VISIT_ID / "chain-2")
    gap = second.entries[1]
    assert gap["type"] == "gap" and gap["salvaged_part"] is False and gap["lost_part_bytes"] == 0
    assert gap["part_problem"] is None and not (chain_dir / PART_NAME).exists()
