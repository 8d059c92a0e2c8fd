# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/video-segments/: a segment in progress and a visit's recording (docs/formats/video-segments.md).

- part/: the part file of a segment in progress (three records, the last final) written by
  PartWriter, and the sealed segment of the same bytes (ChunkedEncryptor with the segment
  context); with fixed nonces, and cut and tampered copies of the part with how they read.
  Formerly tests/vectors/video_segment_v1.json, same bytes.
- recordings/<visit id>/: a recording made by the code that writes every entry and file —
  open_next_chain (chain starts, the gap), seal_segment and segment_entry_fields (segments),
  ChainWriter (events), PartWriter (the part a crash leaves) — in the order RecordingSession
  calls it: chain 1 records a segment, a privacy pause, a segment, then crashes while a part is
  open (its header only: nothing salvageable); chain 2 starts 95 s later, linked to chain 1,
  records the gap, a camera loss, a segment and the stop. The segments' MP4s are the three
  segments of the bundle vector (real recordings, ../bundle/members/video/chain-1/); the
  timeline around them is given here. Every random byte (chain ids, chunk nonces) is drawn from
  SHAKE-256("ltc-assess video-segments vector").
- inputs.json, expected.json: the inputs, and what verify_recording reports on the recording
  and on damaged copies of it (edits described in expected.json).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import read_chain
from assessment_app.recording.linking import open_next_chain
from assessment_app.recording.part_format import PartWriter, read_part
from assessment_app.recording.segments import (
    CHUNK_SIZE,
    PART_NAME,
    recordings_key,
    seal_segment,
    segment_context,
    segment_entry_fields,
)
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.verify import verify_recording
from assessment_app.security.subkeys import key_id
from assessment_app.storage.chunked_aead import ChunkedEncryptor
from tools.format_vectors.common import FixedRandom, constant_random, json_file, sha256_hex
from tools.format_vectors.video_segments_damage import DAMAGED, apply_edits

DATA_KEY = bytes(range(32))
RANDOM_LABEL = "ltc-assess video-segments vector"
VISIT_ID = "0b6f2d4e-8a1c-4e53-9d27-5c3f1a9e7b20"
WALL0_MS = 1_740_790_800_000  # 2025-03-01T09:00:00+08:00
RESTART_AFTER_MS = 95_000  # wall-clock time between chain 1's last entry and chain 2's start
SETTINGS = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, audio=False)
SOURCES = [f"../bundle/members/video/chain-1/segment-00000{n}.mp4" for n in (1, 2, 3)]
# (type, visit-timeline ms, fields): segments name their source, start, end and frame count.
CHAIN_1 = [("segment", 30, {"source": 0, "end_ms": 1030, "frame_count": 10}),
           ("pause", 1030, {"reason_code": "privacy_bathing", "text": None}),
           ("resume", 61_030, {}),
           ("segment", 61_060, {"source": 1, "end_ms": 62_060, "frame_count": 10})]
# Chain 2, relative to its start on the timeline.
CHAIN_2 = [("camera_lost", 400, {"detail": "摄像头已断开 (no frame for 1.0 s)"}),
           ("camera_back", 2400, {}),
           ("segment", 2430, {"source": 2, "end_ms": 3130, "frame_count": 8}),
           ("stop", 3130, {"dropped_audio_blocks": 0})]

# part/: the records of a segment in progress, their fixed nonces, and the sealed segment's nonce.
PART_CHAIN_ID, PART_SEQUENCE = "0123456789abcdef0123456789abcdef", 7
PART_RECORDS = ["ltc-assess video part vector, record 0: ftyp + moov + first fragment".encode(),
                "record 1: moof + mdat 长护险".encode(), "record 2, final: mfra".encode()]
PART_NONCES = [bytes([0x10 + index]) * 12 for index in range(3)]
SEALED_NONCE = 0x42
READING = [  # edits of part/current.part: how a reader must read them (ending, number of authentic records)
    {"description": "cut inside the header", "truncate_to": 10, "ending": "cut", "records": 0},
    {"description": "cut at the end of record 0", "truncate_to": 116, "ending": "cut", "records": 1},
    {"description": "cut inside record 1", "truncate_to": 174, "ending": "cut", "records": 1},
    {"description": "cut before the final record", "truncate_to": 179, "ending": "cut", "records": 2},
    {"description": "byte 40 of record 1 flipped (xor 0x01)", "flip_byte": 156, "ending": "tampered", "records": 1},
    {"description": "one byte appended after the final record", "append_hex": "00", "ending": "tampered",
     "records": 3},
    {"description": "magic of another version", "flip_byte": 7, "ending": "bad_header", "records": 0},
    {"description": "sequence in the header changed (xor 0x01 on its last byte)", "flip_byte": 15,
     "ending": "tampered", "records": 0},
]


def _part_files() -> dict[str, bytes]:
    key = recordings_key(DATA_KEY)
    nonces = iter(PART_NONCES)
    sink = io.BytesIO()
    writer = PartWriter(sink, key, PART_CHAIN_ID, PART_SEQUENCE, random_bytes=lambda size: next(nonces))
    for record in PART_RECORDS[:-1]:
        writer.append(record)
    writer.finish(PART_RECORDS[-1])
    part = sink.getvalue()
    sealed = io.BytesIO()
    encryptor = ChunkedEncryptor(sealed, key, segment_context(PART_CHAIN_ID, PART_SEQUENCE), CHUNK_SIZE,
                                 random_bytes=constant_random(SEALED_NONCE))
    encryptor.write(b"".join(PART_RECORDS))
    encryptor.close()
    for case in READING:  # the generator refuses to pin a reading the code does not give
        data = _edited_part(part, case)
        contents = read_part(data, key, PART_CHAIN_ID)
        assert (contents.ending, list(contents.records)) == (case["ending"], PART_RECORDS[:case["records"]]), case
    document = {
        "format": "docs/formats/video-segments.md, the segment in progress and a sealed segment",
        "data_key_hex": DATA_KEY.hex(), "segment_key_hex": key.hex(), "chain_id": PART_CHAIN_ID,
        "sequence": PART_SEQUENCE, "fixed_nonces": "for these vectors only; real files use random ones",
        "part": {"file": "part/current.part", "file_sha256": sha256_hex(part),
                 "records": [{"plaintext_hex": record.hex(), "final": index == len(PART_RECORDS) - 1,
                              "nonce_hex": nonce.hex()} for index, (record, nonce) in
                             enumerate(zip(PART_RECORDS, PART_NONCES))]},
        "sealed": {"file": f"part/segment-{PART_SEQUENCE:06d}.enc", "file_sha256": sha256_hex(sealed.getvalue()),
                   "chunk_size": CHUNK_SIZE, "nonce_hex": bytes([SEALED_NONCE] * 12).hex(),
                   "plaintext_sha256": sha256_hex(b"".join(PART_RECORDS))},
        "reading": READING}
    return {"part/current.part": part, f"part/segment-{PART_SEQUENCE:06d}.enc": sealed.getvalue(),
            "part.json": json_file(document)}


def _edited_part(part: bytes, case: dict) -> bytes:
    data = bytearray(part)
    if "truncate_to" in case:
        del data[case["truncate_to"]:]
    if "flip_byte" in case:
        data[case["flip_byte"]] ^= 0x01
    return bytes(data) + bytes.fromhex(case.get("append_hex", ""))


def record(visit: Path, sources: list[bytes], random) -> None:
    """The recording, written by the code in the order a RecordingSession calls it."""
    key = recordings_key(DATA_KEY)
    start_fields = {"settings": SETTINGS.describe(), "encrypted": True, "key_id": key_id(DATA_KEY), "watermark": False}
    opened = open_next_chain(visit, VISIT_ID, WALL0_MS, key, start_fields, random_bytes=random)
    _entries(opened.writer, CHAIN_1, 0, WALL0_MS, sources, random)
    # The crash: the next segment's part is open (its header written), no fragment complete yet.
    with open(opened.writer.directory / PART_NAME, "wb") as part:
        PartWriter(part, key, opened.writer.chain_id, opened.writer.next_sequence, random_bytes=random)
    opened.writer.close()
    restart_ms = entries.last_wall_ms(read_chain(opened.writer.directory).entries) + RESTART_AFTER_MS
    opened = open_next_chain(visit, VISIT_ID, restart_ms, key, start_fields, random_bytes=random)
    _entries(opened.writer, CHAIN_2, opened.origin_ms, restart_ms, sources, random)
    opened.writer.close()


def _entries(writer, timeline, origin_ms: int, origin_wall_ms: int, sources: list[bytes], random) -> None:
    key = recordings_key(DATA_KEY)
    for kind, at, fields in timeline:
        at_ms = origin_ms + at
        wall_ms = origin_wall_ms + at
        if kind == entries.SEGMENT:
            sealed = seal_segment(sources[fields["source"]], writer.next_sequence, writer.chain_id, key,
                                  writer.directory, random_bytes=random)
            end_ms = origin_ms + fields["end_ms"]
            writer.append(entries.SEGMENT, **segment_entry_fields(
                sealed, start_ms=at_ms, end_ms=end_ms, start_wall_ms=wall_ms, end_wall_ms=origin_wall_ms + fields[
                    "end_ms"], frame_count=fields["frame_count"], dropped_frames=0, audio=False))
        else:
            writer.append(kind, at_ms=at_ms, wall_ms=wall_ms, **fields)


def build(directory: Path) -> dict[str, bytes]:
    files = _part_files()
    # normpath: the vector's own directory need not exist yet.
    sources = [Path(os.path.normpath(directory / source)).read_bytes() for source in SOURCES]
    random = FixedRandom(RANDOM_LABEL)
    with tempfile.TemporaryDirectory() as scratch:
        visit = Path(scratch) / "recordings" / VISIT_ID
        record(visit, sources, random)
        for path in sorted(visit.rglob("*")):
            if path.is_file():
                files[path.relative_to(Path(scratch)).as_posix()] = path.read_bytes()
        report = verify_recording(visit, DATA_KEY)
        damaged = []
        for case in DAMAGED:
            copy = Path(scratch) / "damaged" / VISIT_ID
            shutil.copytree(visit, copy)
            apply_edits(copy, case["edits"])
            found = verify_recording(copy, bytes.fromhex(case.get("data_key", DATA_KEY.hex())))
            shutil.rmtree(copy.parent)
            assert found.reason == case["reason"] and found.ok == (case["reason"] is None), (case["name"], found)
            damaged.append({**case, "expect": _verdict(found)})
    files["inputs.json"] = json_file({
        "format": "docs/formats/video-segments.md, version 1",
        "data_key": DATA_KEY.hex(), "visit_id": VISIT_ID, "wall_clock_at_start_ms": WALL0_MS,
        "restart_after_ms": RESTART_AFTER_MS, "settings": SETTINGS.describe(), "segment_sources": SOURCES,
        "chain_1": [list(entry) for entry in CHAIN_1], "chain_2_relative_to_its_start": [list(e) for e in CHAIN_2],
        "random_bytes": {"shake256_label": RANDOM_LABEL, "drawn_hex": random.drawn.hex(),
                         "order": "chain 1's id (16), one nonce (12) per chunk of segment 1 and of segment 4, "
                                  "chain 2's id (16), one nonce per chunk of chain 2's segment 4"}})
    files["expected.json"] = json_file({
        "format": "docs/formats/video-segments.md, version 1",
        "key_id": key_id(DATA_KEY), "segment_key": recordings_key(DATA_KEY).hex(),
        "chains": {f"chain-{index}": _chain_summary(files[f"recordings/{VISIT_ID}/chain-{index}/chain.jsonl"])
                   for index in (1, 2)},
        "verification": _verdict(report), "damaged": damaged})
    return files


def _chain_summary(chain_file: bytes) -> dict:
    parsed = [json.loads(line) for line in chain_file.decode("utf-8").splitlines()]
    return {"entry_hashes": [entry["entry_hash"] for entry in parsed], "types": [entry["type"] for entry in parsed],
            "head": {"chain_id": parsed[0]["chain_id"], "head_hash": parsed[-1]["entry_hash"],
                     "entry_count": len(parsed)}}


def _verdict(report) -> dict:
    return {"ok": report.ok, "reason": report.reason, "chain_index": report.chain_index, "sequence": report.sequence,
            "file": report.file, "chains": report.chains, "segments": report.segments, "events": report.events,
            "recorded_ms": report.recorded_ms, "head": report.head, "warnings": list(report.warnings)}
