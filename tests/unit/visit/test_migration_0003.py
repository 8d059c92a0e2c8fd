# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0003: a database made at revision 0002 with real rows upgrades without losing any,
and the new visit tables keep their append-only rules."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from assessment_app.storage.database import current_revision, upgrade_to

from tests.unit.storage.database_at import engine_at
from tests.unit.storage.test_migrations import FIRST_RELEASE_ROWS, _insert, _rows

T = "2025-03-01T08:00:00.000000Z"
E1 = FIRST_RELEASE_ROWS["experts"][0]["id"]
V1 = FIRST_RELEASE_ROWS["visits"][0]["id"]
REVISION_0002_ROWS = {
    "accounts": [{"expert_id": E1, "passphrase_hash": None, "failures": 0, "locked_until": None,
                  "must_change_passphrase": 1, "created_at": T, "updated_at": T}],
}
NEW_TABLES = {"visit_workflows", "visit_declarations", "dual_entries", "visit_attachments", "visit_item_notes",
              "warning_confirmations", "recording_events"}


@pytest.fixture
def engine_at_0002(tmp_path):
    yield from engine_at(tmp_path / "data", "0002")


def test_upgrade_from_0002_keeps_every_row_and_adds_the_visit_tables(engine_at_0002):
    engine = engine_at_0002
    rows = FIRST_RELEASE_ROWS | REVISION_0002_ROWS
    with engine.begin() as connection:
        before = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(connection, table, row)
        connection.execute(text("UPDATE answers SET superseded_by = 2 WHERE id = 1"))
    upgrade_to(engine, "0003")  # later revisions have their own tests (tests/unit/bundle/test_migration_0004.py)
    assert current_revision(engine) == "0003"
    with engine.connect() as connection:
        after = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())
        assert after - before == NEW_TABLES
        for table, table_rows in rows.items():
            expected = sorted(table_rows, key=lambda row: str(next(iter(row.values()))))
            if table == "answers":
                expected = [{**expected[0], "superseded_by": 2}, expected[1]]
            assert _rows(connection, table, table_rows[0].keys()) == expected, table
        triggers = set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'trigger'").scalars())
    assert {"answers_are_never_deleted", "answers_change_only_by_superseding", "answers_only_while_visit_open",
            "dual_entries_are_never_deleted", "recording_events_are_never_updated"} <= triggers

    with engine.begin() as connection:
        _insert(connection, "dual_entries", {"visit_id": V1, "expert_id": E1, "item_id": "adl.eating", "option_id": "10",
                                             "wall_time": T, "monotonic_ns": 1, "video_offset_ms": None, "reason": None})
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE dual_entries SET option_id = '5'"))
