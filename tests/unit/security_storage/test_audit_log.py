# SPDX-License-Identifier: GPL-3.0-or-later
"""The stored audit log: events appended in the use case's transaction verify, and every kind of
tampering with stored rows or an exported file is found at the exact sequence number."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from assessment_app.security.audit_chain import ChainHead, build_event, write_jsonl
from assessment_app.services.audit_log import (
    STATION_CHAIN,
    append_event,
    append_station_event,
    chain_events,
    verify_jsonl,
    verify_stored_chain,
)
from assessment_app.storage.errors import StorageError
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import add_person, sign_in
from tests.unit.security_storage.conftest import NOW

VISIT = "d0000000-0000-4000-8000-000000000001"
CASE = "c0000000-0000-4000-8000-000000000001"
ACTORS = ("PG-A-001", "PG-A-002")
TRIGGERS = ("audit_records_are_never_deleted", "audit_records_are_never_updated", "audit_records_extend_their_chain")


def visit_events(count: int = 8):
    """A visit's chain as the visit services will write it: start, recording, answers, a pause."""
    kinds = ["visit_started", "recording_started", "answer_given", "answer_given", "answer_changed",
             "recording_paused", "recording_resumed", "recording_stopped"]
    for number in range(count):
        data = {"item": f"adl_{number}", "new": str(number)} if kinds[number].startswith("answer") else {}
        if kinds[number] == "answer_changed":
            data.update(old="2", reason="家属补充：需他人喂食")
        yield kinds[number], dict(monotonic_ms=1000 * number, video_offset_ms=900 * number or None, data=data)


@pytest.fixture
def visit_chain(records):
    with unit_of_work(records.engine) as session:
        for number, (kind, fields) in enumerate(visit_events()):
            append_event(session, VISIT, kind, wall_time=NOW + timedelta(seconds=number), actors=ACTORS,
                         case_id=CASE, visit_id=VISIT, **fields)
    return records


def tamper(records, *statements: str, **parameters) -> None:
    """As someone with the database key and an SQLite shell would: drop the triggers first."""
    with records.engine.begin() as connection:
        for trigger in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
        for statement in statements:
            connection.execute(text(statement), {"chain": VISIT, **parameters})


def auditor(records):
    """Whoever verifies a stored chain signs in as someone who may read the audit log."""
    return sign_in(records, "PG-M-001", "administrator")


def broken(verification) -> tuple:
    return verification.reason, verification.broken_at


def test_appended_events_verify_and_each_chain_counts_from_one(visit_chain):
    with unit_of_work(visit_chain.engine) as session:
        first = append_station_event(session, "login", now=NOW, data={"method": "passphrase"})
    assert first.sequence == 2  # after the station chain's first event: audit_anchored, at creation
    verification = verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))
    assert verification.ok and verification.head.count == 8
    events = chain_events(visit_chain, VISIT)
    assert [e.sequence for e in events] == list(range(1, 9)) and events[4].data["reason"] == "家属补充：需他人喂食"
    assert verify_stored_chain(visit_chain, VISIT, expected_head=(8, events[-1].hash), actor=auditor(visit_chain)).ok


def test_an_event_is_stored_only_if_its_use_case_commits(records):
    with pytest.raises(RuntimeError), unit_of_work(records.engine) as session:
        append_station_event(session, "case_created", now=NOW, case_id=CASE)
        raise RuntimeError("the use case failed after logging")
    assert [event.kind for event in chain_events(records, STATION_CHAIN)] == ["audit_anchored"]


def test_actors_are_expert_numbers(records):
    expert_id = add_person(records, "PG-A-001", "assessor", "评估员赵")
    with unit_of_work(records.engine) as session:
        event = append_station_event(session, "case_created", now=NOW, actor_ids=[expert_id, None, "gone"],
                                     case_id=CASE)
    assert event.actors == ("PG-A-001", "gone")


def test_the_database_refuses_to_change_delete_or_skip_audit_records(visit_chain):
    for statement in ("UPDATE audit_records SET kind = 'login' WHERE sequence = 3",
                      "DELETE FROM audit_records WHERE sequence = 8"):
        with pytest.raises(StorageError, match="append-only"), unit_of_work(visit_chain.engine) as session:
            session.execute(text(statement))
    event = build_event(ChainHead(9, "0" * 64), "login", wall_time=NOW)  # sequence 10: a gap
    with pytest.raises(StorageError, match="does not extend its chain"), unit_of_work(visit_chain.engine) as session:
        session.execute(text("INSERT INTO audit_records VALUES (:chain, :sequence, :kind, :wall_time, NULL, '[]', "
                             "NULL, NULL, NULL, '{}', :previous_hash, :hash)"),
                        {"chain": VISIT, **{k: getattr(event, k) for k in
                                            ("sequence", "kind", "wall_time", "previous_hash", "hash")}})
    assert verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain)).ok


# --- tampering with stored rows -----------------------------------------------------------------

def test_edited_row_is_found_at_its_sequence(visit_chain):
    tamper(visit_chain, "UPDATE audit_records SET data_json = '{\"item\":\"adl_4\",\"new\":\"3\"}' "
                        "WHERE chain = :chain AND sequence = 5")
    assert broken(verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))) == ("hash_mismatch", 5)


def test_damaged_row_is_malformed_at_its_sequence(visit_chain):
    tamper(visit_chain, "UPDATE audit_records SET actors_json = 'not json' WHERE chain = :chain AND sequence = 2")
    assert broken(verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))) == ("malformed", 2)


def test_deleted_row_is_found_where_it_was(visit_chain):
    tamper(visit_chain, "DELETE FROM audit_records WHERE chain = :chain AND sequence = 4")
    assert broken(verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))) == ("previous_mismatch", 4)


def test_swapped_rows_are_found_at_the_first_of_them(visit_chain):
    tamper(visit_chain, "UPDATE audit_records SET sequence = 1006 WHERE chain = :chain AND sequence = 6",
           "UPDATE audit_records SET sequence = 6 WHERE chain = :chain AND sequence = 7",
           "UPDATE audit_records SET sequence = 7 WHERE chain = :chain AND sequence = 1006")
    assert broken(verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))) == ("hash_mismatch", 6)


def test_inserted_row_is_found_at_the_next_link(visit_chain):
    third = chain_events(visit_chain, VISIT)[2]
    forged = build_event(ChainHead(3, third.hash), "answer_given", wall_time=NOW, actors=ACTORS, case_id=CASE,
                         visit_id=VISIT, data={"item": "adl_forged", "new": "0"})
    row = {"sequence": 4, "kind": forged.kind, "wall_time": forged.wall_time, "actors_json": json.dumps(ACTORS),
           "data_json": json.dumps(forged.data), "previous_hash": forged.previous_hash, "hash": forged.hash}
    tamper(visit_chain, "UPDATE audit_records SET sequence = sequence + 1000 WHERE chain = :chain AND sequence >= 4",
           "UPDATE audit_records SET sequence = sequence - 999 WHERE chain = :chain AND sequence > 1000",
           "INSERT INTO audit_records (chain, sequence, kind, wall_time, actors_json, case_id, visit_id, data_json, "
           "previous_hash, hash) VALUES (:chain, :sequence, :kind, :wall_time, :actors_json, :case_id, :chain, "
           ":data_json, :previous_hash, :hash)", case_id=CASE, **row)
    assert broken(verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain))) == ("hash_mismatch", 5)


def test_truncated_chain_is_found_against_the_signed_head(visit_chain):
    head = chain_events(visit_chain, VISIT)[-1]
    tamper(visit_chain, "DELETE FROM audit_records WHERE chain = :chain AND sequence >= 7")
    assert verify_stored_chain(visit_chain, VISIT, actor=auditor(visit_chain)).ok  # the chain alone cannot know its tail is gone
    assert broken(verify_stored_chain(visit_chain, VISIT, expected_head=(8, head.hash), actor=auditor(visit_chain))) == ("truncated", 7)


# --- tampering with an exported file ------------------------------------------------------------

@pytest.fixture
def exported_lines(visit_chain) -> list[bytes]:
    stream = io.BytesIO()
    write_jsonl(chain_events(visit_chain, VISIT), stream)
    return stream.getvalue().splitlines(keepends=True)


def verify_lines(lines, expected_head=None):
    return verify_jsonl(b"".join(lines), expected_head)


def test_exported_file_verifies(exported_lines):
    assert verify_lines(exported_lines).head.count == 8


def test_file_with_an_edited_event(exported_lines):
    edited = exported_lines[4].replace(b'"new":"4"', b'"new":"1"')
    assert edited != exported_lines[4]
    exported_lines[4] = edited
    assert broken(verify_lines(exported_lines)) == ("hash_mismatch", 5)


def test_file_with_a_deleted_event(exported_lines):
    del exported_lines[3]
    assert broken(verify_lines(exported_lines)) == ("previous_mismatch", 4)


def test_file_with_an_inserted_event(exported_lines):
    third = json.loads(exported_lines[2])
    forged = build_event(ChainHead(3, third["hash"]), "answer_given", wall_time=NOW, actors=ACTORS, case_id=CASE,
                         visit_id=VISIT, data={"item": "adl_forged", "new": "0"})
    stream = io.BytesIO()
    write_jsonl([forged], stream)
    exported_lines.insert(3, stream.getvalue())
    assert broken(verify_lines(exported_lines)) == ("previous_mismatch", 5)


def test_file_with_reordered_events(exported_lines):
    exported_lines[5], exported_lines[6] = exported_lines[6], exported_lines[5]
    assert broken(verify_lines(exported_lines)) == ("previous_mismatch", 6)


def test_truncated_file(exported_lines):
    head = (8, json.loads(exported_lines[-1])["hash"])
    assert broken(verify_lines(exported_lines[:6], head)) == ("truncated", 7)


def test_file_with_an_unreadable_line_breaks_there(exported_lines):
    exported_lines[2] = b'{"sequence": 3, "kind": \n'
    verification = verify_lines(exported_lines)
    assert broken(verification) == ("malformed", 3) and verification.detail["line"] == 3
