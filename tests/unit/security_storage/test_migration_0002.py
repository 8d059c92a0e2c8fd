# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0002: a database made by revision 0001, with real cases, visits and answers in it,
upgrades to head without losing a row, and the new identity and audit tables work there."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from assessment_app.security import audit_chain
from assessment_app.security.audit_chain import AuditChain
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage import security_models  # noqa: F401 - its tables belong to Base.metadata
from assessment_app.storage.database import (
    MIGRATIONS_DIR,
    current_revision,
    upgrade_to,
    upgrade_to_head,
)
from assessment_app.storage.models import Base

from tests.unit.storage.database_at import engine_at
from tests.unit.storage.test_migrations import not_the_fts_index
from tests.unit.security_storage.conftest import NOW

MIGRATIONS = MIGRATIONS_DIR / "versions"

T = "2025-03-01T08:00:00.000000Z"
E1, E2 = "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002"
P1, C1, V1 = ("a0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000001",
              "d0000000-0000-4000-8000-000000000001")
FORM = {"form_id": "cn-ltc-2021", "form_version": "1.0.0", "form_sha256": "ab" * 32}

# Written with plain SQL in the shape of revision 0001, never through the models.
REVISION_0001_ROWS: dict[str, list[dict]] = {
    "experts": [
        {"id": E1, "name": "评估员甲", "expert_number": "PG-A-001", "role": "assessor", "qualification": "评估师",
         "active": 1, "created_at": T},
        {"id": E2, "name": "评估员乙", "expert_number": "PG-A-002", "role": "assessor", "qualification": None,
         "active": 1, "created_at": T},
    ],
    "applicants": [{"id": P1, "name": "测试李四", "resident_id": "110105194912310021", "sex": "female",
                    "birth_date": "1949-12-31", "phone": "13800000000", "address": "北京市（测试数据）",
                    "created_at": T, "updated_at": T}],
    "cases": [{"id": C1, "applicant_id": P1, "task_number": "RW-0001", "application_type": "initial",
               "insurance_type": "employee", "status": "in_visit", "planned_visit_date": "2025-03-02",
               "created_at": T, "created_by": E1, "updated_at": T}],
    "case_experts": [{"case_id": C1, "expert_id": E1, "position": 1}, {"case_id": C1, "expert_id": E2, "position": 2}],
    "visits": [{"id": V1, "case_id": C1, "version": 1, "supersedes_id": None, "correction_reason": None,
                "corrected_by": None, **FORM, "status": "in_visit", "started_at": T, "signed_at": None,
                "result_json": None, "created_at": T}],
    "answers": [
        {"id": 1, "visit_id": V1, "item_id": "adl.eating", "option_id": "10", "answered_by": E1,
         "second_expert_id": E2, "wall_time": T, "monotonic_ns": 123_456_789_012, "video_offset_ms": 123_456,
         "reason": None, "superseded_by": None},
        {"id": 2, "visit_id": V1, "item_id": "adl.bathing", "option_id": "0", "answered_by": E2,
         "second_expert_id": E1, "wall_time": T, "monotonic_ns": 223_456_789_012, "video_offset_ms": 223_456,
         "reason": None, "superseded_by": None},
    ],
    "settings": [{"key": "reapplication.min_interval_months", "value_json": "6"}],
}
NEW_TABLES = {"agencies", "accounts", "signing_identities", "audit_records"}


def _insert(connection, table: str, row: dict) -> None:
    columns = ", ".join(f'"{name}"' for name in row)
    connection.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join(f":{n}" for n in row)})'), row)


def _rows(connection, table: str, columns) -> list[dict]:
    selected = ", ".join(f'"{name}"' for name in columns)
    return [dict(row._mapping) for row in connection.execute(text(f'SELECT {selected} FROM "{table}" ORDER BY 1'))]


@pytest.fixture
def engine_at_0001(tmp_path):
    yield from engine_at(tmp_path / "data", "0001")


def test_upgrade_from_0001_keeps_every_row_and_adds_exactly_the_new_tables(engine_at_0001):
    engine = engine_at_0001
    with engine.begin() as connection:
        before = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        for table, rows in REVISION_0001_ROWS.items():
            for row in rows:
                _insert(connection, table, row)
        connection.execute(text("UPDATE answers SET superseded_by = 2 WHERE id = 1"))
    upgrade_to(engine, "0002")  # later revisions add their own tables (tests/unit/visit/test_migration_0003.py)
    assert current_revision(engine) == "0002"
    with engine.connect() as connection:
        after = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        assert after - before == NEW_TABLES
        for table, rows in REVISION_0001_ROWS.items():
            expected = rows if table != "answers" else [{**rows[0], "superseded_by": 2}, rows[1]]
            assert _rows(connection, table, rows[0].keys()) == sorted(
                expected, key=lambda row: str(next(iter(row.values())))), table
        answer_triggers = set(connection.exec_driver_sql(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'answers'").scalars())
    assert answer_triggers == {"answers_are_never_deleted", "answers_change_only_by_superseding",
                               "answers_only_while_visit_open"}


def test_new_tables_work_on_an_upgraded_database(engine_at_0001):
    engine = engine_at_0001
    with engine.begin() as connection:
        for table in ("experts", "applicants", "cases", "visits"):
            for row in REVISION_0001_ROWS[table]:
                _insert(connection, table, row)
    upgrade_to_head(engine)
    chain = AuditChain()
    first = chain.append("visit_started", wall_time=NOW, actors=["PG-A-001", "PG-A-002"], case_id=C1,
                         visit_id=V1, monotonic_ms=0)
    with engine.begin() as connection:
        _insert(connection, "accounts", {"expert_id": E1, "passphrase_hash": None, "failures": 0,
                                         "locked_until": None, "must_change_passphrase": 1,
                                         "created_at": T, "updated_at": T})
        _insert(connection, "signing_identities", {"id": "s1", "expert_id": E1, "certificate_pem": "PEM",
                                                   "encrypted_private_key": None, "fingerprint": "f" * 64,
                                                   "created_at": T, "active": 0})
        _insert(connection, "audit_records", _audit_row(V1, first))
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_records"))
    with pytest.raises(DatabaseError, match="does not extend its chain"), engine.begin() as connection:
        _insert(connection, "audit_records", {**_audit_row(V1, first), "sequence": 3})
    with pytest.raises(DatabaseError, match="CHECK constraint"), engine.begin() as connection:
        connection.execute(text("UPDATE signing_identities SET active = 1"))  # no key: cannot be active
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_records")).scalar() == 1


def test_models_including_security_models_match_the_migrated_schema(records: CaseRecords):
    with records.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": not_the_fts_index})
        assert compare_metadata(context, Base.metadata) == []
    assert NEW_TABLES <= set(Base.metadata.tables)


def test_migration_copies_the_genesis_hash_of_the_audit_format():
    # The insert trigger needs the genesis hash; the migration holds a copy, which must not drift.
    source = (MIGRATIONS / "0002_identity_and_audit.py").read_text(encoding="utf-8")
    assert f'AUDIT_GENESIS_HASH = "{audit_chain.GENESIS_HASH}"' in source


def _audit_row(chain: str, event) -> dict:
    return {"chain": chain, "sequence": event.sequence, "kind": event.kind, "wall_time": event.wall_time,
            "monotonic_ms": event.monotonic_ms, "actors_json": json.dumps(list(event.actors)),
            "case_id": event.case_id, "visit_id": event.visit_id, "video_offset_ms": event.video_offset_ms,
            "data_json": json.dumps(event.data), "previous_hash": event.previous_hash, "hash": event.hash}
