# SPDX-License-Identifier: GPL-3.0-or-later
"""A visit's recording and a segment in progress, from docs/formats/video-segments.md: the part
file's records, a sealed segment's chunks, the chain entries and their hash chain, the link
between chains, and the verification steps in their order ("Verification"). Decoding the video
needs FFmpeg, which a reader of this kind does not have: instead it counts the video track's
samples in the MP4's fragments (ISO/IEC 14496-12: `trun` sample counts of the `vide` track),
which must equal the entry's `frame_count`."""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.unit.formats.readers.chunked import Damaged, decrypt_chunks

PART_MAGIC = b"LTCVPT\x00\x01"
MAX_RECORD = 16 * 1024 * 1024
SEGMENT_CHUNK = 256 * 1024
GENESIS = "0" * 64
CLOSING = {"stop", "disk_low_stop", "write_failed"}
TYPES = CLOSING | {"chain_start", "segment", "pause", "resume", "camera_lost", "camera_back",
                   "microphone_unavailable", "gap"}
_TEMPORARY = re.compile(r"\.segment-\d{6}\.(enc|mp4)\.tmp-[0-9a-f]+")


def _hkdf(data_key: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(data_key)


def segment_key(data_key: bytes) -> bytes:
    return _hkdf(data_key, b"ltc-assess/v1/recordings", 32)


def key_id(data_key: bytes) -> str:
    return _hkdf(data_key, b"ltc-assess/v1/key-id", 16).hex()


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: dict) -> str:
    return hashlib.sha256(canonical({key: value for key, value in entry.items() if key != "entry_hash"})).hexdigest()


# --- the segment in progress and a sealed segment ------------------------------------------------------

def read_part(data: bytes, key: bytes, chain_id: str) -> tuple[str, list[bytes]]:
    """(ending, authentic records): complete, cut, tampered or bad_header."""
    if len(data) < 16:
        return ("cut" if PART_MAGIC.startswith(data[:8]) else "bad_header"), []
    if data[:8] != PART_MAGIC:
        return "bad_header", []
    sequence = int.from_bytes(data[8:16], "big")
    context = b"ltc-assess/video-part/v1\x00" + chain_id.encode() + b"\x00" + str(sequence).encode()
    records, offset, index = [], 16, 0
    while offset < len(data):
        if len(data) - offset < 4:
            return "cut", records
        length = int.from_bytes(data[offset:offset + 4], "big")
        if length > MAX_RECORD:
            return "tampered", records
        end = offset + 4 + 12 + length + 16
        if end > len(data):
            return "cut", records
        nonce, sealed = data[offset + 4:offset + 16], data[offset + 16:end]
        for final in (0, 1):
            try:
                records.append(AESGCM(key).decrypt(nonce, sealed, context + index.to_bytes(8, "big") + bytes([final])))
                break
            except InvalidTag:
                continue
        else:
            return "tampered", records
        offset, index = end, index + 1
        if final:
            return ("complete" if offset == len(data) else "tampered"), records
    return "cut", records


def segment_context(chain_id: str, sequence: int) -> bytes:
    return b"ltc-assess/video-segment/v1\x00" + chain_id.encode() + b"\x00" + str(sequence).encode()


def read_sealed(data: bytes, key: bytes, chain_id: str, sequence: int) -> bytes:
    return decrypt_chunks(data, key, segment_context(chain_id, sequence), SEGMENT_CHUNK)[0]


# --- the chain -----------------------------------------------------------------------------------

@dataclass
class Chain:
    entries: list[dict]
    problem: tuple[str, int] | None  # (reason, sequence) of the first bad line
    torn_tail: bool = False

    @property
    def head(self) -> dict:
        return {"chain_id": self.entries[0]["chain_id"], "head_hash": self.entries[-1]["entry_hash"],
                "entry_count": len(self.entries)}

    @property
    def closed(self) -> bool:
        return self.entries[-1]["type"] in CLOSING


def read_chain(data: bytes) -> Chain:
    lines = data.split(b"\n")
    torn = lines.pop() != b""  # the file should end with a newline; what follows the last one is torn
    entries, previous = [], GENESIS
    for position, line in enumerate(lines):
        try:
            entry = json.loads(line.decode("utf-8"))
            well_formed = isinstance(entry, dict) and canonical(entry) == line
        except (UnicodeDecodeError, ValueError):
            well_formed = False
        if not well_formed:
            return Chain(entries, ("malformed", position))
        if entry.get("entry_hash") != entry_hash(entry):
            return Chain(entries, ("hash_mismatch", entry.get("sequence")))
        if entry.get("sequence") != position:
            return Chain(entries, ("sequence_gap" if entry["sequence"] > position else "sequence_order",
                                   entry["sequence"]))
        if entry.get("previous_entry_hash") != previous:
            return Chain(entries, ("previous_mismatch", position))
        if position == 0 and entry.get("type") != "chain_start" or entry.get("type") not in TYPES:
            return Chain(entries, ("malformed", position))
        if entry.get("chain_id") != (entries[0] if entries else entry)["chain_id"]:
            return Chain(entries, ("foreign_entry", position))
        entries.append(entry)
        previous = entry["entry_hash"]
    return Chain(entries, None, torn)


# --- verification --------------------------------------------------------------------------------

@dataclass
class Report:
    reason: str | None = None
    chain_index: int | None = None
    sequence: int | None = None
    file: str | None = None
    segments: int = 0
    events: int = 0
    recorded_ms: int = 0
    head: dict | None = None
    warnings: list[str] = field(default_factory=list)


class _Failed(Exception):
    def __init__(self, reason: str, chain_index: int | None, sequence: int | None = None, file: str | None = None):
        super().__init__(reason)
        self.where = (reason, chain_index, sequence, file)


def verify(visit: Path, data_key: bytes | None) -> Report:
    """The steps of "Verification", chain by chain, the first failure named."""
    report = Report()
    try:
        numbers = sorted(int(path.name[6:]) for path in visit.iterdir()
                         if path.is_dir() and re.fullmatch(r"chain-\d+", path.name))
        for expected, number in enumerate(numbers, start=1):
            if number != expected:
                raise _Failed("chain_missing", expected)
        previous = None
        for index in numbers:
            directory = visit / f"chain-{index}"
            chain = read_chain((directory / "chain.jsonl").read_bytes())
            _check_entries(chain, index, previous, report)
            _check_files(chain, index, directory, data_key, report)
            previous = chain
    except _Failed as failure:
        report.reason, report.chain_index, report.sequence, report.file = failure.where
    return report


def _check_entries(chain: Chain, index: int, previous: Chain | None, report: Report) -> None:
    if chain.problem is not None:
        raise _Failed(chain.problem[0], index, chain.problem[1])
    if chain.torn_tail:
        report.warnings.append(f"chain-{index}: torn_tail")
    start = chain.entries[0]
    if start.get("chain_index") != index or start.get("format") != "ltc-assess/video-chain/v1":
        raise _Failed("malformed", index, 0)
    if start.get("previous_chain") != (None if previous is None else previous.head) or (
            previous is not None and start.get("visit_id") != previous.entries[0]["visit_id"]):
        raise _Failed("chain_link_broken", index, 0)
    if not chain.closed:
        report.warnings.append(f"chain-{index}: not_closed")
    report.warnings += [f"chain-{index}: interrupted_part_{entry['part_problem']}" for entry in chain.entries
                        if entry["type"] == "gap" and entry.get("part_problem")]
    report.head = chain.head


def _check_files(chain: Chain, index: int, directory: Path, data_key: bytes | None, report: Report) -> None:
    start = chain.entries[0]
    encrypted = start["encrypted"]
    if encrypted and data_key is not None and start["key_id"] != key_id(data_key):
        raise _Failed("wrong_key", index, 0)
    suffix = "enc" if encrypted else "mp4"
    segments = [entry for entry in chain.entries if entry["type"] == "segment"]
    listed = {entry["file"] for entry in segments}
    for path in sorted(directory.iterdir()):
        name = path.name
        if name == "chain.jsonl" or name in listed:
            continue
        if name in ("current.part", "salvage.part"):
            report.warnings.append(f"chain-{index}: unsealed_part")
        elif not chain.closed and name == f"segment-{len(chain.entries):06d}.{suffix}":
            report.warnings.append(f"chain-{index}: orphan_segment {name}")
        elif _TEMPORARY.fullmatch(name):
            report.warnings.append(f"chain-{index}: leftover_temporary {name}")
        else:
            raise _Failed("extra_file", index, None, name)
    for entry in segments:
        sequence, name = entry["sequence"], entry["file"]
        if name != f"segment-{sequence:06d}.{suffix}" or entry["encrypted"] != encrypted:
            raise _Failed("malformed", index, sequence, name)
        if not (directory / name).exists():
            raise _Failed("missing_segment", index, sequence, name)
        data = (directory / name).read_bytes()
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry[
                "ciphertext_sha256" if encrypted else "plaintext_sha256"]:
            raise _Failed("segment_hash_mismatch", index, sequence, name)
        if not encrypted or data_key is not None:
            _check_plaintext(entry, data, start["chain_id"], data_key if encrypted else None, index)
        report.segments += 1
        report.recorded_ms += entry["end_ms"] - entry["start_ms"]
    report.events += len(chain.entries) - len(segments)


def _check_plaintext(entry: dict, data: bytes, chain_id: str, data_key: bytes | None, index: int) -> None:
    sequence, name = entry["sequence"], entry["file"]
    try:
        plaintext = data if data_key is None else read_sealed(data, segment_key(data_key), chain_id, sequence)
    except Damaged:
        raise _Failed("decrypt_failed", index, sequence, name) from None
    if hashlib.sha256(plaintext).hexdigest() != entry["plaintext_sha256"]:
        raise _Failed("plaintext_hash_mismatch", index, sequence, name)
    if video_samples(plaintext) != entry["frame_count"]:
        raise _Failed("undecodable", index, sequence, name)


# --- ISO BMFF, as far as counting the video samples of a fragmented MP4 --------------------------

def _boxes(data: bytes, start: int = 0, end: int | None = None):
    offset, end = start, len(data) if end is None else end
    while offset + 8 <= end:
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[offset + 8:offset + 16])[0], 16
        size = size or end - offset
        yield kind, offset + header, offset + size
        offset += size


def _child(data: bytes, start: int, end: int, path: list[bytes]):
    for kind, body, stop in _boxes(data, start, end):
        if kind == path[0]:
            return (body, stop) if len(path) == 1 else _child(data, body, stop, path[1:])
    return None


def video_samples(mp4: bytes) -> int:
    """The number of samples of the `vide` track over all `moof` fragments."""
    moov = _child(mp4, 0, len(mp4), [b"moov"])
    video_tracks = set()
    for kind, body, stop in _boxes(mp4, *moov):
        if kind == b"trak":
            tkhd = _child(mp4, body, stop, [b"tkhd"])
            hdlr = _child(mp4, body, stop, [b"mdia", b"hdlr"])
            track_id_at = tkhd[0] + (20 if mp4[tkhd[0]] == 1 else 12)  # after version/flags and two times
            if mp4[hdlr[0] + 8:hdlr[0] + 12] == b"vide":
                video_tracks.add(struct.unpack(">I", mp4[track_id_at:track_id_at + 4])[0])
    samples = 0
    for kind, body, stop in _boxes(mp4):
        if kind != b"moof":
            continue
        for child, child_body, child_stop in _boxes(mp4, body, stop):
            if child != b"traf":
                continue
            tfhd = _child(mp4, child_body, child_stop, [b"tfhd"])
            if struct.unpack(">I", mp4[tfhd[0] + 4:tfhd[0] + 8])[0] not in video_tracks:
                continue
            samples += sum(struct.unpack(">I", mp4[run_body + 4:run_body + 8])[0]
                           for run, run_body, _ in _boxes(mp4, child_body, child_stop) if run == b"trun")
    return samples
