# SPDX-License-Identifier: GPL-3.0-or-later
"""Damaged copies of the video-segments vector's recording: the edits, written as data so that
another implementation can make the same copies from expected.json, and the reason verification
must give for each (docs/formats/video-segments.md, "Verification").

Edits, applied in order to a copy of recordings/<visit id>/ (paths relative to it):
  rename [from, to] · delete path · copy [from, to] · write {path, text} · flip_byte {path, offset}
  cut_tail {path, bytes}: drop the last bytes of a file
  lines {path, op: delete | duplicate, line}: a line of a chain file (1-based)
  reformat {path, line}: that line as JSON with spaces (same values, not canonical)
  set {path, sequence, values}: change an entry's values, its entry_hash left as it was
  rehash_all: every entry hashed again and every chain_start's previous_chain fixed, chain by
      chain: what someone who can write the files does to hide an edit from the hashes
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

CHAIN_1, CHAIN_2 = "chain-1/chain.jsonl", "chain-2/chain.jsonl"
# (name, edits, the reason verification gives, or None when the copy verifies); "data_key" to
# verify with another key. Warnings and heads are in expected.json.
DAMAGED = [
    {"name": "chain-2-renamed-chain-3", "edits": [{"rename": ["chain-2", "chain-3"]}], "reason": "chain_missing"},
    {"name": "entry-edited", "edits": [{"set": {"path": CHAIN_1, "sequence": 1, "values": {"end_ms": 1031}}}],
     "reason": "hash_mismatch"},
    {"name": "entry-edited-and-its-hash-recomputed",
     "edits": [{"set": {"path": CHAIN_1, "sequence": 1, "values": {"end_ms": 1031}, "rehash_entry": True}}],
     "reason": "previous_mismatch"},
    {"name": "pause-deleted", "edits": [{"lines": {"path": CHAIN_1, "op": "delete", "line": 3}}],
     "reason": "sequence_gap"},
    {"name": "pause-repeated", "edits": [{"lines": {"path": CHAIN_1, "op": "duplicate", "line": 3}}],
     "reason": "sequence_order"},
    {"name": "line-not-canonical", "edits": [{"reformat": {"path": CHAIN_1, "line": 3}}], "reason": "malformed"},
    {"name": "entry-of-another-chain",
     "edits": [{"set": {"path": CHAIN_1, "sequence": 3, "values": {"chain_id": "f" * 32}}}, {"rehash_all": True}],
     "reason": "foreign_entry"},
    {"name": "chain-1-tail-cut", "edits": [{"lines": {"path": CHAIN_1, "op": "delete", "line": 5}}],
     "reason": "chain_link_broken"},
    {"name": "chain-start-of-another-visit",
     "edits": [{"set": {"path": CHAIN_2, "sequence": 0, "values": {"visit_id": "00000000-0000-4000-8000-000000000000"}}},
               {"rehash_all": True}], "reason": "chain_link_broken"},
    {"name": "file-added", "edits": [{"write": {"path": "chain-1/notes.txt", "text": "note"}}], "reason": "extra_file"},
    {"name": "segment-deleted", "edits": [{"delete": "chain-2/segment-000004.enc"}], "reason": "missing_segment"},
    {"name": "segment-byte-flipped", "edits": [{"flip_byte": {"path": "chain-1/segment-000001.enc", "offset": 100}}],
     "reason": "segment_hash_mismatch"},
    {"name": "segments-swapped", "edits": [{"rename": ["chain-1/segment-000001.enc", "chain-1/swap"]},
                                           {"rename": ["chain-1/segment-000004.enc", "chain-1/segment-000001.enc"]},
                                           {"rename": ["chain-1/swap", "chain-1/segment-000004.enc"]}],
     "reason": "segment_hash_mismatch"},
    {"name": "segment-byte-flipped-and-entry-rewritten",
     "edits": [{"flip_byte": {"path": "chain-1/segment-000001.enc", "offset": 100}},
               {"set_file_hash": {"path": CHAIN_1, "sequence": 1, "file": "chain-1/segment-000001.enc"}},
               {"rehash_all": True}], "reason": "decrypt_failed"},
    {"name": "segment-moved-to-another-place-and-entry-rewritten",
     "edits": [{"copy": ["chain-1/segment-000001.enc", "chain-1/segment-000004.enc"]},
               {"set_file_hash": {"path": CHAIN_1, "sequence": 4, "file": "chain-1/segment-000004.enc"}},
               {"rehash_all": True}], "reason": "decrypt_failed"},
    {"name": "plaintext-hash-rewritten",
     "edits": [{"set": {"path": CHAIN_1, "sequence": 1, "values": {"plaintext_sha256": "0" * 64}}},
               {"rehash_all": True}], "reason": "plaintext_hash_mismatch"},
    {"name": "frame-count-rewritten",
     "edits": [{"set": {"path": CHAIN_2, "sequence": 4, "values": {"frame_count": 9}}}, {"rehash_all": True}],
     "reason": "undecodable"},
    {"name": "another-data-key", "edits": [], "data_key": bytes(range(1, 33)).hex(), "reason": "wrong_key"},
    # What the chains alone accept; the manifest's signed head (or the warnings) tell.
    {"name": "torn-last-line", "edits": [{"cut_tail": {"path": CHAIN_2, "bytes": 40}}], "reason": None},
    {"name": "last-chain-deleted", "edits": [{"delete": "chain-2"}], "reason": None},
    {"name": "part-left-in-chain-2", "edits": [{"write": {"path": "chain-2/current.part", "text": "LTCVPT"}}],
     "reason": None},
    {"name": "atomic-write-temporary-left",
     "edits": [{"write": {"path": "chain-2/.segment-000004.enc.tmp-3f9a", "text": "x"}}], "reason": None},
    {"name": "sealed-but-unlisted-segment-after-the-crash",
     "edits": [{"copy": ["chain-1/segment-000004.enc", "chain-1/segment-000005.enc"]}], "reason": None},
]


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: dict) -> str:
    return hashlib.sha256(canonical({key: value for key, value in entry.items() if key != "entry_hash"})).hexdigest()


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def apply_edits(visit: Path, edits: list[dict]) -> None:
    for edit in edits:
        (operation, argument), = edit.items()
        if operation == "rename":
            (visit / argument[0]).rename(visit / argument[1])
        elif operation == "delete":
            target = visit / argument
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        elif operation == "copy":
            shutil.copyfile(visit / argument[0], visit / argument[1])
        elif operation == "write":
            (visit / argument["path"]).write_text(argument["text"], encoding="utf-8")
        elif operation == "flip_byte":
            data = bytearray((visit / argument["path"]).read_bytes())
            data[argument["offset"]] ^= 0x01
            (visit / argument["path"]).write_bytes(bytes(data))
        elif operation == "cut_tail":
            data = (visit / argument["path"]).read_bytes()
            (visit / argument["path"]).write_bytes(data[:-argument["bytes"]])
        elif operation == "lines":
            lines = _lines(visit / argument["path"])
            index = argument["line"] - 1
            lines[index:index + 1] = [] if argument["op"] == "delete" else [lines[index]] * 2
            _write_lines(visit / argument["path"], lines)
        elif operation == "reformat":
            lines = _lines(visit / argument["path"])
            lines[argument["line"] - 1] = json.dumps(json.loads(lines[argument["line"] - 1]),
                                                     ensure_ascii=False).encode("utf-8")
            _write_lines(visit / argument["path"], lines)
        elif operation in ("set", "set_file_hash"):
            _set(visit, operation, argument)
        elif operation == "rehash_all":
            _rehash_all(visit)
        else:
            raise ValueError(f"unknown edit {operation}")


def _set(visit: Path, operation: str, argument: dict) -> None:
    lines = _lines(visit / argument["path"])
    entries = [json.loads(line) for line in lines]
    (entry,) = [entry for entry in entries if entry["sequence"] == argument["sequence"]]
    if operation == "set":
        entry.update(argument["values"])
    else:  # the entry describes the file now in its place
        data = (visit / argument["file"]).read_bytes()
        entry.update(size=len(data), ciphertext_sha256=hashlib.sha256(data).hexdigest())
    if argument.get("rehash_entry"):
        entry["entry_hash"] = entry_hash(entry)
    _write_lines(visit / argument["path"], [canonical(entry) for entry in entries])


def _rehash_all(visit: Path) -> None:
    previous_chain = None
    for index in range(1, 100):
        path = visit / f"chain-{index}" / "chain.jsonl"
        if not path.exists():
            return
        entries = [json.loads(line) for line in _lines(path)]
        previous_hash = "0" * 64
        for entry in entries:
            if entry["type"] == "chain_start":
                entry["previous_chain"] = previous_chain
            entry["previous_entry_hash"] = previous_hash
            entry["entry_hash"] = previous_hash = entry_hash(entry)
        _write_lines(path, [canonical(entry) for entry in entries])
        previous_chain = {"chain_id": entries[0]["chain_id"], "head_hash": previous_hash, "entry_count": len(entries)}
