# SPDX-License-Identifier: GPL-3.0-or-later
"""The segment chain: one JSONL file per recording run, every line a hash-linked entry.

Segments and events (pause, resume, camera lost, disk stop, gap after a crash) share one chain,
so the whole timeline is tamper-evident: each entry's hash covers the previous entry's hash.
The first entry of chain n > 1 names chain n-1 and its head hash. Spec: docs/formats/video-segments.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.durable_files import fsync_directory

FORMAT = "ltc-assess/video-chain/v1"
CHAIN_FILE = "chain.jsonl"
GENESIS_HASH = "0" * 64
CHAIN_DIR = re.compile(r"chain-(\d+)")

CHAIN_START, SEGMENT, STOP = "chain_start", "segment", "stop"
PAUSE, RESUME = "pause", "resume"
CAMERA_LOST, CAMERA_BACK = "camera_lost", "camera_back"
MICROPHONE_UNAVAILABLE, DISK_LOW_STOP, WRITE_FAILED, GAP = "microphone_unavailable", "disk_low_stop", "write_failed", "gap"
ENTRY_TYPES = frozenset({CHAIN_START, SEGMENT, STOP, PAUSE, RESUME, CAMERA_LOST, CAMERA_BACK, MICROPHONE_UNAVAILABLE,
                         DISK_LOW_STOP, WRITE_FAILED, GAP})


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the entry without its own `entry_hash` field."""
    body = {key: value for key, value in entry.items() if key != "entry_hash"}
    return hashlib.sha256(canonical_json_bytes(body)).hexdigest()


def chain_directories(visit_directory: Path) -> list[Path]:
    """chain-1, chain-2, ... in numeric order."""
    if not visit_directory.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in visit_directory.iterdir() if (m := CHAIN_DIR.fullmatch(p.name)) and p.is_dir()]
    return [path for _, path in sorted(found)]


def chain_directory(visit_directory: Path, index: int) -> Path:
    return visit_directory / f"chain-{index}"


class ChainWriter:
    """Appends entries; each line is flushed and fsynced before append() returns."""

    def __init__(self, directory: Path, chain_id: str):
        self.directory = directory
        self.chain_id = chain_id
        self.next_sequence = 0
        self.head_hash = GENESIS_HASH
        # After a failed write (disk full) the file may still end in half a line (when even
        # cutting it off failed): appending more would bury it mid-chain, so the writer refuses.
        self.broken = False
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Unbuffered: a line either reaches the file in append() or is cut off there.
        self._file = open(directory / CHAIN_FILE, "ab", buffering=0)
        fsync_directory(directory)
        fsync_directory(directory.parent)

    def append(self, entry_type: str, **fields: object) -> dict:
        entry = {"chain_id": self.chain_id, "sequence": self.next_sequence, "type": entry_type,
                 "previous_entry_hash": self.head_hash, **fields}
        entry["entry_hash"] = entry_hash(entry)
        if self.broken:
            raise OSError("the chain file had a failed write; no more entries can follow")
        line = memoryview(canonical_json_bytes(entry) + b"\n")
        end_before = self._file.tell()
        try:
            while line:
                line = line[self._file.write(line):]
            os.fsync(self._file.fileno())
        except OSError:
            # The entry did not become durable: cut it off again, so that the file holds exactly
            # the entries the recorder counts (nothing buffered is left to land at close).
            self.broken = True
            with contextlib.suppress(OSError):
                os.ftruncate(self._file.fileno(), end_before)
            raise
        self.next_sequence += 1
        self.head_hash = entry["entry_hash"]
        return entry

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:
            self.broken = True


@dataclass(frozen=True)
class ChainProblem:
    reason: str
    sequence: int | None
    detail: str = ""


@dataclass(frozen=True)
class ParsedChain:
    directory: Path
    entries: tuple[dict, ...]
    problem: ChainProblem | None

    @property
    def head_hash(self) -> str:
        return self.entries[-1]["entry_hash"] if self.entries else GENESIS_HASH

    @property
    def chain_id(self) -> str | None:
        return self.entries[0].get("chain_id") if self.entries else None

    @property
    def closed(self) -> bool:
        return bool(self.entries) and self.entries[-1].get("type") in (STOP, DISK_LOW_STOP, WRITE_FAILED)

    def segments(self) -> list[dict]:
        return [entry for entry in self.entries if entry.get("type") == SEGMENT]


def part_sealed_already(parsed: ParsedChain, part_sequence: int) -> bool:
    """A part is opened at the chain's next sequence and its segment entry can only come later.
    (Here, not in salvage.py: the sweep at every start asks it without loading PyAV and OpenCV.)"""
    return any(entry["sequence"] >= part_sequence for entry in parsed.segments())


def read_chain(directory: Path) -> ParsedChain:
    """Entries up to the first broken one, and what broke (None when the chain is intact)."""
    path = directory / CHAIN_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ParsedChain(directory, (), ChainProblem("chain_file_missing", None, str(path)))
    return parse_chain(directory, data)


def parse_chain(directory: Path, data: bytes) -> ParsedChain:
    """read_chain for a chain file's bytes held in memory (a bundle being verified); `directory`
    is where its segments are, or would be."""
    lines = data.split(b"\n")
    torn_tail = lines[-1] != b""
    if not torn_tail:
        lines.pop()
    entries: list[dict] = []
    previous, expected_sequence, chain_id = GENESIS_HASH, 0, None
    for number, line in enumerate(lines):
        try:
            entry = json.loads(line.decode("utf-8"))
            if not isinstance(entry, dict) or canonical_json_bytes(entry) != line:
                raise ValueError("not canonical")
        except (UnicodeDecodeError, ValueError, TypeError):
            # A power cut can tear the last line in the middle of its write: that is a lost
            # event, not tampering, when nothing follows it.
            reason = "torn_tail" if torn_tail and number == len(lines) - 1 else "malformed"
            return ParsedChain(directory, tuple(entries), ChainProblem(reason, expected_sequence, f"line {number + 1}"))
        sequence = entry.get("sequence")
        if entry.get("entry_hash") != entry_hash(entry):
            return ParsedChain(directory, tuple(entries), ChainProblem("hash_mismatch", sequence))
        if not isinstance(sequence, int) or sequence != expected_sequence:
            reason = "sequence_gap" if isinstance(sequence, int) and sequence > expected_sequence else "sequence_order"
            return ParsedChain(directory, tuple(entries), ChainProblem(reason, sequence, f"expected {expected_sequence}"))
        if entry.get("previous_entry_hash") != previous:
            return ParsedChain(directory, tuple(entries), ChainProblem("previous_mismatch", sequence))
        if chain_id is None:
            chain_id = entry.get("chain_id")
            if entry.get("type") != CHAIN_START:
                return ParsedChain(directory, tuple(entries), ChainProblem("malformed", sequence, "no chain_start"))
        elif entry.get("chain_id") != chain_id:
            return ParsedChain(directory, tuple(entries), ChainProblem("foreign_entry", sequence))
        if entry.get("type") not in ENTRY_TYPES:
            return ParsedChain(directory, tuple(entries), ChainProblem("malformed", sequence, f"type {entry.get('type')}"))
        entries.append(entry)
        previous, expected_sequence = entry["entry_hash"], expected_sequence + 1
    if not entries:
        return ParsedChain(directory, (), ChainProblem("empty_chain", None))
    return ParsedChain(directory, tuple(entries), None)


def timeline_end_ms(entries: tuple[dict, ...] | list[dict]) -> int:
    """The latest visit-timeline position an entry mentions."""
    return max((entry.get("end_ms", entry.get("at_ms", 0)) for entry in entries), default=0)


def last_wall_ms(entries: tuple[dict, ...] | list[dict]) -> int:
    return max((entry.get("end_wall_ms", entry.get("wall_ms", 0)) for entry in entries), default=0)
