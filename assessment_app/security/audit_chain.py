# SPDX-License-Identifier: GPL-3.0-or-later
"""The tamper-evident audit log: events in a SHA-256 hash chain, and its JSONL file form.

Spec: docs/formats/audit-log.md. Vectors: tests/vectors/audit-log/audit_chain_v1.jsonl.

    hash = SHA-256( bytes.fromhex(previous_hash) || canonical_json(event without "hash") )

The first event links to GENESIS_HASH = SHA-256("ltc-assess audit v1"), a constant rather than
64 zeros so a v1 chain names its format in its first link, and the same for every chain so any
file can be checked without knowing where it came from. The hash is unkeyed: anyone can rebuild
a whole chain, so a chain is only as strong as the head (count, hash) that the experts sign;
`verify_chain(..., expected_head=...)` checks a chain against such a head.

Storage, clocks and ids are not this module's business: the caller passes the wall clock, the
monotonic offset and the video offset, and persists each event it gets back.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, BinaryIO, NamedTuple

from forms.canonical import NotCanonicalError, StrictJsonError, canonical_json_bytes, loads_strict

from assessment_app.errors import AppError

FORMAT_LABEL = b"ltc-assess audit v1"
GENESIS_HASH = hashlib.sha256(FORMAT_LABEL).hexdigest()

# Writing refuses unknown kinds so a typo in a service cannot create an event nobody reports on;
# reading accepts any well-formed kind so an older reviewer can still verify a newer chain.
EVENT_KINDS = frozenset({
    "login", "logout", "login_failed", "lock", "unlock",
    "case_created", "case_edited",
    "visit_started", "visit_resumed", "visit_finished",
    "answer_given", "answer_changed",
    "recording_started", "recording_paused", "recording_resumed", "recording_stopped",
    "signature", "export", "import", "review_decision", "provisioning_imported",
    "passphrase_changed", "signing_identity_added",
    # trust (issue 15): one-time enrolment codes, revoked identities, the anchored station chain
    "enrolment_code_issued", "enrolment_code_used", "signing_identity_revoked", "audit_anchored",
    "backup_restored",
    # the guided visit (services/visit_*.py)
    "conflict_declared", "identity_checked", "informant_recorded", "consent_recorded", "item_note",
    "item_photo", "reconciliation", "warning_confirmed", "conclusion_recorded", "recording_warning",
    "visit_outcome", "visit_locked",
    # the reviewer (services/review_*.py): the seeded spot-check draw, the 公示 list
    "review_sample", "publicity_exported",
    # changes of the workstation's records and rules, and refused attempts (services/authorization.py)
    "setting_changed", "expert_added", "material_received", "scan_attached", "self_assessment_recorded",
    "record_corrected", "backup_created", "backup_restored", "permission_denied",
    # a document with personal data saved in the clear by an explicit "save as" (services/plaintext_copies.py)
    "plaintext_copy_saved",
    # the upload to the agency server (services/workstation_identity.py, services/upload_queue.py)
    "workstation_key_created", "upload_queued", "upload_cancelled", "upload_retried", "upload_sent",
})

# Chain verification reason codes (ChainVerification.reason).
MALFORMED = "malformed"
HASH_MISMATCH = "hash_mismatch"
PREVIOUS_MISMATCH = "previous_mismatch"
SEQUENCE_GAP = "sequence_gap"
SEQUENCE_ORDER = "sequence_order"
TRUNCATED = "truncated"
HEAD_MISMATCH = "head_mismatch"

_FIELDS = ("sequence", "kind", "wall_time", "monotonic_ms", "actors", "case_id", "visit_id",
           "video_offset_ms", "data", "previous_hash", "hash")
_HEX_HASH = re.compile(r"[0-9a-f]{64}")
_KIND = re.compile(r"[a-z][a-z0-9_]{0,63}")
_WALL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


class MalformedEvent(AppError, ValueError):
    """An event that cannot be part of a chain: `.field` names the key, `.reason` says why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class AuditLogReadError(AppError, ValueError):
    """A JSONL line that is not an audit event; `.line` is 1-based, `.reason` a stable code
    (not_utf8, not_json, duplicate_key, not_object, malformed) and `.detail` the specifics."""

    def __init__(self, line: int, reason: str, detail: str = ""):
        super().__init__(f"line {line}: {reason}" + (f" ({detail})" if detail else ""))
        self.line = line
        self.reason = reason
        self.detail = detail


class ChainHead(NamedTuple):
    """What the experts sign at finalisation: how many events and the last event's hash."""

    count: int
    hash: str


@dataclass(frozen=True)
class AuditEvent:
    sequence: int
    kind: str
    wall_time: str
    monotonic_ms: int | None
    actors: tuple[str, ...]
    case_id: str | None
    visit_id: str | None
    video_offset_ms: int | None
    data: dict[str, Any] = field(hash=False)
    previous_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """The event as hashed: every field except "hash". A fresh copy: editing it cannot
        change the event."""
        return {
            "sequence": self.sequence, "kind": self.kind, "wall_time": self.wall_time,
            "monotonic_ms": self.monotonic_ms, "actors": list(self.actors), "case_id": self.case_id,
            "visit_id": self.visit_id, "video_offset_ms": self.video_offset_ms,
            "data": copy.deepcopy(self.data), "previous_hash": self.previous_hash,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}

    @staticmethod
    def from_dict(record: Mapping[str, Any]) -> AuditEvent:
        """Checks shape and types only; whether the hash is right is verify_chain's job."""
        if not isinstance(record, Mapping):
            raise MalformedEvent("(event)", "not_object")
        missing = [name for name in _FIELDS if name not in record]
        if missing:
            raise MalformedEvent(missing[0], "missing")
        unexpected = sorted(set(record) - set(_FIELDS))
        if unexpected:
            raise MalformedEvent(unexpected[0], "unexpected")
        sequence = record["sequence"]
        if type(sequence) is not int or sequence < 1:
            raise MalformedEvent("sequence", "not_positive_integer")
        if not isinstance(record["kind"], str) or not _KIND.fullmatch(record["kind"]):
            raise MalformedEvent("kind", "bad_kind")
        _check_wall_time(record["wall_time"])
        for name in ("monotonic_ms", "video_offset_ms"):
            value = record[name]
            if value is not None and (type(value) is not int or value < 0):
                raise MalformedEvent(name, "not_non_negative_integer")
        actors = record["actors"]
        if not isinstance(actors, (list, tuple)) or not all(isinstance(a, str) and a for a in actors):
            raise MalformedEvent("actors", "not_list_of_ids")
        for name in ("case_id", "visit_id"):
            if record[name] is not None and (not isinstance(record[name], str) or not record[name]):
                raise MalformedEvent(name, "not_id")
        data = _owned_data(record["data"])
        for name in ("previous_hash", "hash"):
            if not isinstance(record[name], str) or not _HEX_HASH.fullmatch(record[name]):
                raise MalformedEvent(name, "not_sha256_hex")
        return AuditEvent(sequence, record["kind"], record["wall_time"], record["monotonic_ms"],
                          tuple(actors), record["case_id"], record["visit_id"],
                          record["video_offset_ms"], data, record["previous_hash"], record["hash"])


def format_wall_time(moment: datetime) -> str:
    """UTC with milliseconds and a "Z", one spelling per instant (e.g. 2025-03-04T01:02:03.004Z)."""
    if moment.tzinfo is None:
        raise ValueError("wall_time must be timezone-aware")
    utc = moment.astimezone(timezone.utc)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def event_hash(previous_hash: str, body: Mapping[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical_json_bytes(dict(body))).hexdigest()


def build_event(head: ChainHead, kind: str, *, wall_time: datetime, actors: Iterable[str] = (),
                case_id: str | None = None, visit_id: str | None = None,
                monotonic_ms: int | None = None, video_offset_ms: int | None = None,
                data: Mapping[str, Any] | None = None) -> AuditEvent:
    """The event that follows `head`. Pure, so storage can build it inside its own transaction
    from the head it has just read, and nothing advances unless the write commits."""
    if kind not in EVENT_KINDS:
        raise MalformedEvent("kind", "unknown_kind")
    owned_data = _owned_data({} if data is None else data)
    body = {
        "sequence": head.count + 1, "kind": kind, "wall_time": format_wall_time(wall_time),
        "monotonic_ms": monotonic_ms, "actors": list(actors), "case_id": case_id,
        "visit_id": visit_id, "video_offset_ms": video_offset_ms,
        "data": owned_data, "previous_hash": head.hash,
    }
    return AuditEvent.from_dict({**body, "hash": event_hash(head.hash, body)})


class AuditChain:
    """An in-memory writer: keeps the head and hands out the next event on each append."""

    def __init__(self, head: ChainHead = ChainHead(0, GENESIS_HASH)):
        self._head = ChainHead(*head)

    @property
    def head(self) -> ChainHead:
        return self._head

    def append(self, kind: str, *, wall_time: datetime, actors: Iterable[str] = (),
               case_id: str | None = None, visit_id: str | None = None,
               monotonic_ms: int | None = None, video_offset_ms: int | None = None,
               data: Mapping[str, Any] | None = None) -> AuditEvent:
        event = build_event(self._head, kind, wall_time=wall_time, actors=actors, case_id=case_id,
                            visit_id=visit_id, monotonic_ms=monotonic_ms,
                            video_offset_ms=video_offset_ms, data=data)
        self._head = ChainHead(event.sequence, event.hash)
        return event


@dataclass(frozen=True)
class ChainVerification:
    """`broken_at` is the first sequence position that is wrong: the chain is intact for events
    1 … broken_at-1. `detail` holds the facts for a message (field, expected/found values)."""

    ok: bool
    head: ChainHead  # the last intact event: the whole chain's head when ok
    reason: str | None = None
    broken_at: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False)
    events_after_head: int = 0


def verify_chain(events: Iterable[AuditEvent | Mapping[str, Any]],
                 expected_head: tuple[int, str] | None = None) -> ChainVerification:
    """Walk the chain from genesis and name the first broken link.

    Each event is checked in this order, so the reason says what most likely happened:
    its own hash (hash_mismatch: the event was edited), its link to the event before
    (previous_mismatch: an event was deleted, inserted or moved), then its sequence number
    (sequence_gap: a number is missing; sequence_order: numbers repeat or come out of order;
    both mean someone rebuilt the hashes but left the numbering wrong).
    With `expected_head`, the signed head must be a prefix of the chain: fewer events is
    `truncated`, a different hash at that position is `head_mismatch`; events appended after
    the head was signed (an export, say) are allowed and counted in `events_after_head`.
    """
    previous = ChainHead(0, GENESIS_HASH)
    expected = None if expected_head is None else _checked_head(expected_head)
    hash_at_expected = GENESIS_HASH if expected is not None and expected.count == 0 else None
    items = list(events)  # a chain is small; the list lets a sequence error look ahead
    for position, item in enumerate(items, start=1):
        try:
            # Re-validated even when already an AuditEvent: a dataclass can be built with any values.
            event = AuditEvent.from_dict(item.to_dict() if isinstance(item, AuditEvent) else item)
            recomputed = event_hash(event.previous_hash, event.body())
        except MalformedEvent as error:
            return _broken(previous, MALFORMED, position, field=error.field, problem=error.reason)
        if recomputed != event.hash:
            return _broken(previous, HASH_MISMATCH, position, found_sequence=event.sequence)
        if event.previous_hash != previous.hash:
            return _broken(previous, PREVIOUS_MISMATCH, position, found_sequence=event.sequence)
        if event.sequence != position:
            # A number that turns up later means the events were moved, not that one is missing.
            moved = event.sequence < position or position in _sequences(items[position:])
            return _broken(previous, SEQUENCE_ORDER if moved else SEQUENCE_GAP, position,
                           found_sequence=event.sequence)
        previous = ChainHead(position, event.hash)
        if expected is not None and position == expected.count:
            hash_at_expected = event.hash
    if expected is None:
        return ChainVerification(True, previous)
    if previous.count < expected.count:
        return _broken(previous, TRUNCATED, previous.count + 1,
                       expected_count=expected.count, found_count=previous.count)
    if hash_at_expected != expected.hash:
        return _broken(previous, HEAD_MISMATCH, max(expected.count, 1),
                       expected_hash=expected.hash, found_hash=hash_at_expected)
    return ChainVerification(True, previous, events_after_head=previous.count - expected.count)


def _broken(intact: ChainHead, reason: str, position: int, **detail: Any) -> ChainVerification:
    return ChainVerification(False, intact, reason, position, detail)


def _sequences(items: list[AuditEvent | Mapping[str, Any]]) -> set[object]:
    return {item.sequence if isinstance(item, AuditEvent) else item.get("sequence")
            for item in items if isinstance(item, (AuditEvent, Mapping))}


def _checked_head(head: tuple[int, str]) -> ChainHead:
    count, head_hash = head
    if type(count) is not int or count < 0 or not isinstance(head_hash, str) \
            or not _HEX_HASH.fullmatch(head_hash):
        raise ValueError("expected_head must be (count >= 0, 64 lowercase hex digits)")
    return ChainHead(count, head_hash)


def _check_wall_time(value: object) -> None:
    if not isinstance(value, str) or not _WALL_TIME.fullmatch(value):
        raise MalformedEvent("wall_time", "not_utc_millisecond_time")
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        raise MalformedEvent("wall_time", "not_utc_millisecond_time") from None


def _owned_data(data: object) -> dict[str, Any]:
    """A private copy, so a caller mutating its dict later cannot change a hashed event."""
    if not isinstance(data, Mapping):
        raise MalformedEvent("data", "not_object")
    try:
        return json.loads(canonical_json_bytes(dict(data)))
    except NotCanonicalError as error:
        raise MalformedEvent("data", str(error)) from None


def write_jsonl(events: Iterable[AuditEvent], stream: BinaryIO) -> None:
    """One event per line, canonical JSON, "\\n" after each, so equal chains are equal files."""
    for event in events:
        stream.write(canonical_json_bytes(event.to_dict()) + b"\n")


def iter_jsonl(stream: BinaryIO) -> Iterator[AuditEvent]:
    for line_number, raw in enumerate(stream, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AuditLogReadError(line_number, "not_utf8", f"byte {error.start + 1}") from None
        if not text.strip():
            continue
        try:
            record = loads_strict(text)
        except StrictJsonError as error:
            reason = "duplicate_key" if error.reason == "duplicate_key" else "not_json"
            raise AuditLogReadError(line_number, reason, error.detail) from None
        if not isinstance(record, dict):
            raise AuditLogReadError(line_number, "not_object")
        try:
            yield AuditEvent.from_dict(record)
        except MalformedEvent as error:
            raise AuditLogReadError(line_number, "malformed", str(error)) from None


def read_jsonl(stream: BinaryIO) -> list[AuditEvent]:
    """Every event of a JSONL audit log; blank lines are skipped (a trailing newline is normal)."""
    return list(iter_jsonl(stream))

