# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0004: a database at revision 0003 with real rows (a guided visit included) upgrades
without losing any, and gains the bundle_imports table."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from assessment_app.storage.database import current_revision, upgrade_to

from tests.unit.storage.database_at import engine_at
from tests.unit.storage.test_migrations import FIRST_RELEASE_ROWS, _insert, _rows
from tests.unit.visit.test_migration_0003 import E1, REVISION_0002_ROWS, T, V1

REVISION_0003_ROWS = {
    "visit_workflows": [{"visit_id": V1, "first_expert_id": E1, "second_expert_id": E1, "dual_entry": 0,
                         "entry_mode": "joint", "identity_status": "confirmed", "identity_discrepancy": None,
                         "informant_name": "测试王小明", "informant_relation": "child", "informant_phone": None,
                         "consent_status": "given", "consent_refusal_reason": None, "recording_mode": "recorded",
                         "recording_waiver_code": None, "conclusion": None, "care_notes": None,
                         "agreement_equal": None, "agreement_total": None, "outcome": None, "outcome_detail": None,
                         "ended_at": None, "record_sha256": None, "signer_fingerprints_json": None,
                         "updated_at": T}],
    "visit_declarations": [{"visit_id": V1, "expert_id": E1, "text_version": "v1", "declared_at": T}],
}


@pytest.fixture
def engine_at_0003(tmp_path):
    yield from engine_at(tmp_path / "data", "0003")


def test_upgrade_from_0003_keeps_every_row_and_adds_bundle_imports(engine_at_0003):
    engine = engine_at_0003
    rows = FIRST_RELEASE_ROWS | REVISION_0002_ROWS | REVISION_0003_ROWS
    with engine.begin() as connection:
        before = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(connection, table, row)
    with engine.connect() as connection:
        expected = {table: _rows(connection, table, table_rows[0].keys()) for table, table_rows in rows.items()}
    upgrade_to(engine, "0004")  # later revisions have their own tests (test_migration_0005.py, _0006.py)
    assert current_revision(engine) == "0004"
    with engine.connect() as connection:
        after = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        assert after - before == {"bundle_imports"}
        for table, table_rows in rows.items():
            assert _rows(connection, table, table_rows[0].keys()) == expected[table], table
    row = {"id": "f0000000-0000-4000-8000-000000000001", "bundle_id": "b1", "manifest_sha256": "0" * 64,
           "visit_id": V1, "case_id": None, "status": "imported", "reasons_json": "[]", "report_json": "{}",
           "source_path": "/x", "quarantine_path": None, "imported_at": T, "imported_by": E1}
    with engine.begin() as connection:
        _insert(connection, "bundle_imports", row)
    # One import per bundle; a bundle id may be quarantined any number of times.
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _insert(connection, "bundle_imports", {**row, "id": "f0000000-0000-4000-8000-000000000002"})
    with engine.begin() as connection:
        _insert(connection, "bundle_imports", {**row, "id": "f0000000-0000-4000-8000-000000000003",
                                               "status": "quarantined"})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE bundle_imports SET status = 'lost'"))
