# SPDX-License-Identifier: GPL-3.0-or-later
"""Verifying a visit's recording: chain hashes and links, completeness, and (with the key)
decryption, plaintext hashes and playability. Names the first bad chain entry or segment."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ParsedChain, chain_directories, read_chain
from assessment_app.recording.decoding import UndecodableSegment, count_decodable_frames
from assessment_app.recording.segments import PART_NAME, read_segment_plaintext, recordings_key, segment_file_name
from assessment_app.recording.sweep import ATOMIC_TEMPORARY, LEGACY_SALVAGE_NAME
from assessment_app.security.subkeys import key_id
from assessment_app.storage.chunked_aead import ChunkStreamError


@dataclass(frozen=True)
class VerificationReport:
    ok: bool
    reason: str | None = None
    chain_index: int | None = None
    sequence: int | None = None
    file: str | None = None
    detail: str = ""
    chains: int = 0
    segments: int = 0
    events: int = 0
    recorded_ms: int = 0
    decoded: bool = False  # plaintext hashes and playability were checked too
    head: dict | None = None  # the last chain's id, head hash and entry count: what a manifest binds
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {"ok": self.ok, "reason": self.reason, "chain_index": self.chain_index, "sequence": self.sequence,
                "file": self.file, "detail": self.detail, "chains": self.chains, "segments": self.segments,
                "events": self.events, "recorded_ms": self.recorded_ms, "decoded": self.decoded, "head": self.head,
                "warnings": list(self.warnings)}


class _Failure(Exception):
    def __init__(self, reason: str, chain_index: int | None, sequence: int | None = None, file: str | None = None,
                 detail: str = ""):
        super().__init__(reason)
        self.fields = {"reason": reason, "chain_index": chain_index, "sequence": sequence, "file": file,
                       "detail": detail}


class _Tally:
    def __init__(self):
        self.chains = self.segments = self.events = self.recorded_ms = 0
        self.warnings: list[str] = []
        self.head: dict | None = None


def verify_recording(directory: Path, data_key: bytes | None = None) -> VerificationReport:
    """Check the visit directory (the one holding chain-1, chain-2, ...)."""
    directory = Path(directory)
    tally = _Tally()
    decoded = True
    try:
        chains = chain_directories(directory)
        if not chains:
            raise _Failure("no_chain", None, detail=str(directory))
        # Step 1 of the spec for every directory before any chain is read: a hole is named first.
        for expected_index, chain_dir in enumerate(chains, start=1):
            if int(chain_dir.name.split("-")[1]) != expected_index:
                raise _Failure("chain_missing", expected_index)
        previous: ParsedChain | None = None
        for index, chain_dir in enumerate(chains, start=1):
            parsed = read_chain(chain_dir)
            _check_chain(parsed, index, previous, tally)
            decoded &= _check_segments(parsed, index, data_key, tally)
            previous = parsed
    except _Failure as failure:
        return VerificationReport(ok=False, chains=tally.chains, segments=tally.segments, events=tally.events,
                                  recorded_ms=tally.recorded_ms, head=tally.head, warnings=tuple(tally.warnings),
                                  **failure.fields)
    return VerificationReport(ok=True, chains=tally.chains, segments=tally.segments, events=tally.events,
                              recorded_ms=tally.recorded_ms, decoded=decoded, head=tally.head,
                              warnings=tuple(tally.warnings))


def _check_chain(parsed: ParsedChain, index: int, previous: ParsedChain | None, tally: _Tally) -> None:
    if parsed.problem is not None:
        if parsed.problem.reason != "torn_tail":
            raise _Failure(parsed.problem.reason, index, parsed.problem.sequence, detail=parsed.problem.detail)
        # Half a line at the very end is what a power cut during an append leaves.
        tally.warnings.append(f"chain-{index}: torn_tail")
    start = parsed.entries[0]
    if start.get("chain_index") != index or start.get("format") != entries.FORMAT:
        raise _Failure("malformed", index, 0, detail="chain_start does not match its directory or format")
    expected_link = None if previous is None else {"chain_id": previous.chain_id, "head_hash": previous.head_hash,
                                                   "entry_count": len(previous.entries)}
    if start.get("previous_chain") != expected_link:
        raise _Failure("chain_link_broken", index, 0)
    if previous is not None and start.get("visit_id") != previous.entries[0].get("visit_id"):
        raise _Failure("chain_link_broken", index, 0, detail="another visit")
    if not parsed.closed:
        tally.warnings.append(f"chain-{index}: not_closed")
    for entry in parsed.entries:
        if entry.get("type") == entries.GAP and entry.get("part_problem"):
            # The interrupted part failed a check when it was salvaged (tampered, not a part file, ...).
            tally.warnings.append(f"chain-{index}: interrupted_part_{entry['part_problem']}")
    tally.chains += 1
    tally.head = {"chain_id": parsed.chain_id, "head_hash": parsed.head_hash, "entry_count": len(parsed.entries)}


def _check_segments(parsed: ParsedChain, index: int, data_key: bytes | None, tally: _Tally) -> bool:
    start = parsed.entries[0]
    encrypted = bool(start.get("encrypted"))
    segment_key = None
    if encrypted and data_key is not None:
        if start.get("key_id") != key_id(data_key):
            raise _Failure("wrong_key", index, 0)
        segment_key = recordings_key(data_key)
    segments = parsed.segments()
    _check_files(parsed, index, {entry.get("file") for entry in segments}, encrypted, tally)
    for entry in segments:
        sequence, name = entry["sequence"], entry.get("file")
        if name != segment_file_name(sequence, encrypted) or entry.get("encrypted") != encrypted:
            raise _Failure("malformed", index, sequence, name, "file name or encryption flag")
        path = parsed.directory / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise _Failure("missing_segment", index, sequence, name) from None
        stored_hash = entry.get("ciphertext_sha256") if encrypted else entry.get("plaintext_sha256")
        if len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != stored_hash:
            raise _Failure("segment_hash_mismatch", index, sequence, name)
        if not encrypted or segment_key is not None:
            _check_playable(parsed, entry, segment_key, index)
        tally.segments += 1
        tally.recorded_ms += entry["end_ms"] - entry["start_ms"]
    tally.events += len(parsed.entries) - len(segments)
    return not encrypted or segment_key is not None


def _check_files(parsed: ParsedChain, index: int, listed: set, encrypted: bool, tally: _Tally) -> None:
    for path in sorted(parsed.directory.iterdir()):
        if path.name == entries.CHAIN_FILE or path.name in listed:
            continue
        if path.name in (PART_NAME, LEGACY_SALVAGE_NAME):
            tally.warnings.append(f"chain-{index}: unsealed_part")
        elif not parsed.closed and path.name == segment_file_name(len(parsed.entries), encrypted):
            # A crash between sealing a segment and appending its entry: the file is not part
            # of the recording (no entry vouches for it), but it is no sign of tampering either.
            tally.warnings.append(f"chain-{index}: orphan_segment {path.name}")
        elif ATOMIC_TEMPORARY.fullmatch(path.name):
            tally.warnings.append(f"chain-{index}: leftover_temporary {path.name}")
        else:
            raise _Failure("extra_file", index, None, path.name)


def _check_playable(parsed: ParsedChain, entry: dict, segment_key: bytes | None, index: int) -> None:
    sequence, name = entry["sequence"], entry["file"]
    try:
        plaintext = read_segment_plaintext(parsed.directory / name, parsed.chain_id, sequence, segment_key)
    except ChunkStreamError as exc:
        raise _Failure("decrypt_failed", index, sequence, name, exc.reason) from None
    if hashlib.sha256(plaintext).hexdigest() != entry.get("plaintext_sha256"):
        raise _Failure("plaintext_hash_mismatch", index, sequence, name)
    try:
        frames, has_audio = count_decodable_frames(plaintext)
    except UndecodableSegment as exc:
        raise _Failure("undecodable", index, sequence, name, str(exc)) from None
    if frames < 1 or frames != entry.get("frame_count"):
        raise _Failure("undecodable", index, sequence, name, f"{frames} of {entry.get('frame_count')} frames decode")
    if entry.get("audio") and not has_audio:
        raise _Failure("undecodable", index, sequence, name, "the audio stream does not decode")
