# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/video-segments/: the part file and a sealed segment decoded by the spec-only
reader and by the code; the recording's chains verified by the reader and by verify_recording,
with the same report; every damaged copy named the same way by both."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from assessment_app.recording.part_format import read_part
from assessment_app.recording.segments import CHUNK_SIZE, read_segment_plaintext
from assessment_app.recording.verify import verify_recording
from tests.conftest import VECTORS
from tests.unit.formats.readers import video_segments as reader
from tools.format_vectors.video_segments_damage import apply_edits

DIRECTORY = VECTORS / "video-segments"
PART = json.loads((DIRECTORY / "part.json").read_text(encoding="utf-8"))
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))
DATA_KEY = bytes.fromhex(INPUTS["data_key"])
VISIT = DIRECTORY / "recordings" / INPUTS["visit_id"]

KEY = bytes.fromhex(PART["segment_key_hex"])
PART_FILE = (DIRECTORY / PART["part"]["file"]).read_bytes()
SEALED_FILE = (DIRECTORY / PART["sealed"]["file"]).read_bytes()
RECORDS = [bytes.fromhex(record["plaintext_hex"]) for record in PART["part"]["records"]]


# --- the segment in progress and a sealed segment -------------------------------------------------

def test_the_segment_key_and_key_id_are_derived_as_the_spec_says():
    assert reader.segment_key(bytes.fromhex(PART["data_key_hex"])) == KEY
    assert reader.segment_key(DATA_KEY).hex() == EXPECTED["segment_key"]
    assert reader.key_id(DATA_KEY) == EXPECTED["key_id"]


def test_the_part_decodes_from_the_spec():
    assert hashlib.sha256(PART_FILE).hexdigest() == PART["part"]["file_sha256"]
    assert PART_FILE[:16] == b"LTCVPT\x00\x01" + PART["sequence"].to_bytes(8, "big")
    assert reader.read_part(PART_FILE, KEY, PART["chain_id"]) == ("complete", RECORDS)
    assert [record["final"] for record in PART["part"]["records"]] == [False, False, True]


def test_the_sealed_segment_decodes_from_the_spec_and_the_code():
    assert hashlib.sha256(SEALED_FILE).hexdigest() == PART["sealed"]["file_sha256"]
    assert PART["sealed"]["chunk_size"] == CHUNK_SIZE == reader.SEGMENT_CHUNK
    plaintext = reader.read_sealed(SEALED_FILE, KEY, PART["chain_id"], PART["sequence"])
    assert plaintext == b"".join(RECORDS)
    assert hashlib.sha256(plaintext).hexdigest() == PART["sealed"]["plaintext_sha256"]
    path = DIRECTORY / PART["sealed"]["file"]
    assert read_segment_plaintext(path, PART["chain_id"], PART["sequence"], KEY) == plaintext
    with pytest.raises(reader.Damaged):  # bound to its place: read as another sequence, it fails
        reader.read_sealed(SEALED_FILE, KEY, PART["chain_id"], PART["sequence"] + 1)


@pytest.mark.parametrize("case", PART["reading"], ids=lambda case: case["description"])
def test_cut_and_tampered_parts_read_the_same_from_the_spec_and_the_code(case):
    data = bytearray(PART_FILE)
    if "truncate_to" in case:
        del data[case["truncate_to"]:]
    if "flip_byte" in case:
        data[case["flip_byte"]] ^= 0x01
    data += bytes.fromhex(case.get("append_hex", ""))
    expected = (case["ending"], RECORDS[:case["records"]])
    assert reader.read_part(bytes(data), KEY, PART["chain_id"]) == expected
    contents = read_part(bytes(data), KEY, PART["chain_id"])
    assert (contents.ending, list(contents.records)) == expected


# --- the recording ---------------------------------------------------------------------------------

def facts(report) -> dict:
    return {"reason": report.reason, "chain_index": report.chain_index, "sequence": report.sequence,
            "file": report.file, "segments": report.segments, "events": report.events,
            "recorded_ms": report.recorded_ms, "head": report.head, "warnings": list(report.warnings)}


def expected_facts(verdict: dict) -> dict:
    return {key: value for key, value in verdict.items() if key not in ("ok", "chains")}


def test_the_recording_verifies_by_the_reader_and_the_application_alike():
    verdict = EXPECTED["verification"]
    assert verdict["ok"] and verdict["warnings"] == ["chain-1: not_closed"]  # the crash
    assert facts(reader.verify(VISIT, DATA_KEY)) == expected_facts(verdict)
    assert facts(verify_recording(VISIT, DATA_KEY)) == expected_facts(verdict)
    # Without the key the hashes and links are checked, not the plaintext.
    assert facts(reader.verify(VISIT, None)) == facts(verify_recording(VISIT, None))


def test_the_chains_are_linked_and_hold_the_documented_entries():
    chains = [reader.read_chain((VISIT / f"chain-{n}" / "chain.jsonl").read_bytes()) for n in (1, 2)]
    for number, chain in enumerate(chains, start=1):
        summary = EXPECTED["chains"][f"chain-{number}"]
        assert chain.problem is None and not chain.torn_tail
        assert [entry["entry_hash"] for entry in chain.entries] == summary["entry_hashes"]
        assert [entry["type"] for entry in chain.entries] == summary["types"]
        assert chain.head == summary["head"]
        assert all(entry["chain_id"] == chain.entries[0]["chain_id"] for entry in chain.entries)
    first, second = chains
    assert first.entries[0]["previous_chain"] is None and not first.closed and second.closed
    assert second.entries[0]["previous_chain"] == first.head
    gap = second.entries[1]
    assert (gap["type"], gap["cause"], gap["salvaged_part"], gap["lost_part_bytes"]) == ("gap", "crash", False, 16)
    # The visit timeline runs on across the gap: chain 2 starts where chain 1 ended plus the wall-clock gap.
    assert second.entries[0]["at_ms"] == first.entries[-1]["end_ms"] + gap["duration_ms"] == gap["end_ms"]
    assert gap["duration_ms"] == INPUTS["restart_after_ms"]
    assert EXPECTED["verification"]["head"] == second.head  # what the visit's manifest binds


def test_every_segment_holds_its_source_mp4_with_its_frame_count():
    sources = [(DIRECTORY / source).resolve().read_bytes() for source in INPUTS["segment_sources"]]
    segments = [(n, entry) for n in (1, 2) for entry in reader.read_chain(
        (VISIT / f"chain-{n}" / "chain.jsonl").read_bytes()).entries if entry["type"] == "segment"]
    assert len(segments) == len(sources)
    for (number, entry), source in zip(segments, sources, strict=True):
        data = (VISIT / f"chain-{number}" / entry["file"]).read_bytes()
        plaintext = reader.read_sealed(data, reader.segment_key(DATA_KEY), entry["chain_id"], entry["sequence"])
        assert plaintext == source and reader.video_samples(plaintext) == entry["frame_count"]


@pytest.mark.parametrize("case", EXPECTED["damaged"], ids=lambda case: case["name"])
def test_a_damaged_recording_is_named_the_same_way_by_the_reader_and_the_application(case, tmp_path):
    copy = tmp_path / INPUTS["visit_id"]
    shutil.copytree(VISIT, copy)
    apply_edits(copy, case["edits"])
    key = bytes.fromhex(case.get("data_key", INPUTS["data_key"]))
    assert case["expect"]["reason"] == case["reason"]
    assert facts(reader.verify(copy, key)) == facts(verify_recording(copy, key)) == expected_facts(case["expect"])


def test_the_chains_alone_accept_a_deleted_last_chain_the_signed_head_does_not():
    (case,) = [case for case in EXPECTED["damaged"] if case["name"] == "last-chain-deleted"]
    assert case["expect"]["ok"] and case["expect"]["head"] == EXPECTED["chains"]["chain-1"]["head"]
    assert case["expect"]["head"] != EXPECTED["verification"]["head"]
