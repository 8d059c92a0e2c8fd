# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit log's hash chain: every kind of tampering is named at the exact sequence number."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from datetime import datetime, timedelta

import pytest

from assessment_app.security.audit_chain import (
    GENESIS_HASH,
    AuditChain,
    AuditEvent,
    AuditLogReadError,
    ChainHead,
    MalformedEvent,
    build_event,
    event_hash,
    format_wall_time,
    read_jsonl,
    verify_chain,
    write_jsonl,
)
from tests.conftest import VECTORS
from tools.format_vectors.audit_log import ASSESSORS, START, build_vector_chain

VECTOR_FILE = VECTORS / "audit-log" / "audit_chain_v1.jsonl"


@pytest.fixture
def events() -> list[AuditEvent]:
    return build_vector_chain()


def as_dicts(events: list[AuditEvent]) -> list[dict]:
    return [event.to_dict() for event in events]


def rehash_from(records: list[dict], start: int) -> list[dict]:
    """What a careful forger does: recompute every hash from `start` (0-based) on."""
    records = [dict(record) for record in records]
    previous = GENESIS_HASH if start == 0 else records[start - 1]["hash"]
    for record in records[start:]:
        record["previous_hash"] = previous
        body = {key: value for key, value in record.items() if key != "hash"}
        record["hash"] = previous = event_hash(previous, body)
    return records


# --- the format --------------------------------------------------------------------------------

# The vector file itself: tests/unit/formats/test_audit_log_vectors.py.


def test_valid_chain_verifies_and_reports_its_head(events):
    result = verify_chain(read_jsonl(io.BytesIO(VECTOR_FILE.read_bytes())))
    assert result.ok and result.reason is None and result.broken_at is None
    assert result.head == ChainHead(9, events[-1].hash)


def test_empty_chain_is_valid_with_the_genesis_head():
    assert verify_chain([]).head == ChainHead(0, GENESIS_HASH)


def test_genesis_is_the_sha256_of_the_format_label():
    assert GENESIS_HASH == hashlib.sha256(b"ltc-assess audit v1").hexdigest()


def test_wall_time_is_utc_with_milliseconds():
    assert format_wall_time(START + timedelta(microseconds=4999)) == "2025-03-01T01:00:00.004Z"
    with pytest.raises(ValueError):
        format_wall_time(datetime(2025, 3, 1))


def test_chain_resumes_from_a_stored_head(events):
    resumed = AuditChain(ChainHead(events[2].sequence, events[2].hash))
    again = resumed.append("answer_given", wall_time=START + timedelta(seconds=150, milliseconds=250),
                           actors=ASSESSORS, case_id="case-0001", visit_id="visit-0001",
                           monotonic_ms=90_000, video_offset_ms=90_000, data={"item": "adl_eating", "new": "2"})
    assert again == events[3]


def test_unknown_kind_and_float_data_are_refused_when_writing():
    with pytest.raises(MalformedEvent) as unknown:
        build_event(ChainHead(0, GENESIS_HASH), "loginn", wall_time=START)
    assert unknown.value.reason == "unknown_kind"
    with pytest.raises(MalformedEvent) as floating:
        build_event(ChainHead(0, GENESIS_HASH), "login", wall_time=START, data={"score": 1.5})
    assert floating.value.field == "data"


def test_event_owns_a_copy_of_its_data():
    data = {"item": "adl_eating", "new": "2"}
    event = AuditChain().append("answer_given", wall_time=START, data=data)
    data["new"] = "0"
    assert verify_chain([event]).ok


# --- tampering ---------------------------------------------------------------------------------

def test_edited_field_is_a_hash_mismatch_at_that_event(events):
    records = as_dicts(events)
    records[4]["data"]["new"] = "2"
    result = verify_chain(records)
    assert (result.ok, result.reason, result.broken_at) == (False, "hash_mismatch", 5)
    assert result.head == ChainHead(4, events[3].hash)


def test_edited_and_rehashed_event_breaks_the_next_link(events):
    records = as_dicts(events)
    records[4]["data"]["reason"] = "改过的理由"
    records[4] = rehash_from(records, 4)[4]
    result = verify_chain(records)
    assert (result.reason, result.broken_at) == ("previous_mismatch", 6)


def test_deleted_event_is_named_by_its_sequence_number(events):
    records = as_dicts(events)
    del records[3]
    result = verify_chain(records)
    assert (result.reason, result.broken_at, result.detail["found_sequence"]) == ("previous_mismatch", 4, 5)


def test_inserted_copy_is_detected_where_it_was_inserted(events):
    records = as_dicts(events)
    records.insert(3, dict(records[2]))
    assert (verify_chain(records).reason, verify_chain(records).broken_at) == ("previous_mismatch", 4)


def test_well_forged_insertion_breaks_the_link_after_it(events):
    forged = build_event(ChainHead(3, events[2].hash), "answer_given", wall_time=START,
                         actors=ASSESSORS, data={"item": "adl_bathing", "new": "0"})
    records = as_dicts(events)
    records.insert(3, forged.to_dict())
    result = verify_chain(records)
    assert (result.reason, result.broken_at) == ("previous_mismatch", 5)


def test_reordered_events_are_detected_at_the_first_moved_one(events):
    records = as_dicts(events)
    records[5], records[6] = records[6], records[5]
    result = verify_chain(records)
    assert (result.reason, result.broken_at, result.detail["found_sequence"]) == ("previous_mismatch", 6, 7)


def test_rehashed_chain_with_a_gap_is_a_sequence_gap(events):
    records = as_dicts(events)
    del records[3]
    result = verify_chain(rehash_from(records, 3))
    assert (result.reason, result.broken_at, result.detail["found_sequence"]) == ("sequence_gap", 4, 5)


def test_rehashed_chain_with_swapped_events_is_a_sequence_order_error(events):
    records = as_dicts(events)
    records[5], records[6] = records[6], records[5]
    result = verify_chain(rehash_from(records, 5))
    assert (result.reason, result.broken_at) == ("sequence_order", 6)


def test_truncated_tail_is_detected_against_the_signed_head(events):
    signed = ChainHead(8, events[7].hash)
    assert verify_chain(events[:6]).ok  # on its own a shorter chain looks fine …
    result = verify_chain(events[:6], expected_head=signed)  # … the signed head says otherwise
    assert (result.ok, result.reason, result.broken_at) == (False, "truncated", 7)
    assert result.detail == {"expected_count": 8, "found_count": 6}


def test_events_after_the_signed_head_are_allowed_and_counted(events):
    result = verify_chain(events, expected_head=(8, events[7].hash))
    assert result.ok and result.events_after_head == 1


def test_rebuilt_chain_does_not_match_the_signed_head(events):
    records = as_dicts(events)
    records[1]["data"]["method"] = "card"
    rebuilt = rehash_from(records, 1)
    assert verify_chain(rebuilt).ok
    result = verify_chain(rebuilt, expected_head=(8, events[7].hash))
    assert (result.reason, result.broken_at) == ("head_mismatch", 8)


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("sequence", "3", "not_positive_integer"),
    ("wall_time", "2025-03-01 01:00:00", "not_utc_millisecond_time"),
    ("actors", "DEMO-0001", "not_list_of_ids"),
    ("previous_hash", "ABC", "not_sha256_hex"),
    ("data", {"ratio": 0.5}, "$.ratio: floating-point number 0.5 is not allowed"),
])
def test_malformed_event_is_named_with_its_field(events, field, value, problem):
    records = as_dicts(events)
    records[2][field] = value
    result = verify_chain(records)
    assert (result.reason, result.broken_at, result.detail) == ("malformed", 3, {"field": field, "problem": problem})


def test_missing_and_extra_keys_are_malformed(events):
    records = as_dicts(events)
    del records[0]["kind"]
    assert verify_chain(records).detail == {"field": "kind", "problem": "missing"}
    records = as_dicts(events)
    records[0]["note"] = "x"
    assert verify_chain(records).detail == {"field": "note", "problem": "unexpected"}


def test_tampered_dataclass_is_checked_like_a_record(events):
    tampered = dataclasses.replace(events[1], actors=("DEMO-0009",))
    assert verify_chain([events[0], tampered]).reason == "hash_mismatch"


# --- JSONL -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "reason"), [
    (b"not json\n", "not_json"),
    (b"[1, 2]\n", "not_object"),
    (b'{"sequence": 1, "sequence": 2}\n', "duplicate_key"),
    (b"\xff\xfe\n", "not_utf8"),
    (b'{"sequence": 1.0}\n', "not_json"),
    (b'{"sequence": 1}\n', "malformed"),
])
def test_unreadable_line_is_named_by_line_number(line, reason):
    data = VECTOR_FILE.read_bytes().splitlines(keepends=True)
    data.insert(2, line)
    with pytest.raises(AuditLogReadError) as error:
        read_jsonl(io.BytesIO(b"".join(data)))
    assert (error.value.line, error.value.reason) == (3, reason)


def test_read_then_write_round_trips(events):
    stream = io.BytesIO()
    write_jsonl(read_jsonl(io.BytesIO(VECTOR_FILE.read_bytes())), stream)
    assert stream.getvalue() == VECTOR_FILE.read_bytes()


def test_editing_an_exported_dict_does_not_change_the_event(events):
    exported = events[4].to_dict()
    exported["data"]["new"] = "0"
    assert events[4].data["new"] == "1" and verify_chain(events).ok
