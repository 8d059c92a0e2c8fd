# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0007: a database at the previous revision, with rows of every earlier revision,
upgrades without losing a row; the new tables of the upload queue exist, start empty and enforce
their rules."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from assessment_app.storage.database import _alembic_config, current_revision, upgrade_to

from tests.unit.bundle.test_migration_0004 import REVISION_0003_ROWS
from tests.unit.security_storage.test_migration_0005 import REVISION_0004_ROWS
from tests.unit.storage.test_migrations import C1, E1, FIRST_RELEASE_ROWS, T, V1, _insert, _rows
from tests.unit.storage.database_at import engine_at
from tests.unit.visit.test_migration_0003 import REVISION_0002_ROWS

PREVIOUS = ScriptDirectory.from_config(_alembic_config()).get_revision("0007").down_revision
NEW_TABLES = {"workstation_keys", "bundle_exports", "agency_uploads", "agency_bundle_statuses"}


@pytest.fixture
def engine_before(tmp_path):
    yield from engine_at(tmp_path / "data", PREVIOUS)


def _tables(connection) -> set[str]:
    return set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())


def test_upgrade_keeps_every_row_and_adds_the_empty_queue_tables(engine_before):
    engine = engine_before
    rows = FIRST_RELEASE_ROWS | REVISION_0002_ROWS | REVISION_0003_ROWS | REVISION_0004_ROWS
    with engine.begin() as connection:
        before = _tables(connection)
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(connection, table, row)
        expected = {table: _rows(connection, table, table_rows[0].keys()) for table, table_rows in rows.items()}

    upgrade_to(engine, "0007")
    assert current_revision(engine) == "0007"
    with engine.connect() as connection:
        assert _tables(connection) - before == NEW_TABLES
        for table, table_rows in rows.items():
            assert _rows(connection, table, table_rows[0].keys()) == expected[table], table
        for table in NEW_TABLES:
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0

    export = {"bundle_id": "b0000000-0000-4000-8000-000000000001", "visit_id": V1, "case_id": C1,
              "directory": "/media/usb/bundle-b0000000", "parts": 2, "bytes": 1000, "manifest_sha256": "ab" * 32,
              "exported_at": T}
    upload = {"id": "u1", "bundle_id": export["bundle_id"], "case_id": C1, "directory": export["directory"],
              "server_bundle": "cd" * 32, "total_bytes": 1000, "done_bytes": 0, "state": "queued", "attempts": 0,
              "created_at": T, "updated_at": T, "enqueued_by": E1}
    second = {**export, "bundle_id": "b0000000-0000-4000-8000-000000000002"}
    with engine.begin() as connection:
        _insert(connection, "bundle_exports", export)
        _insert(connection, "bundle_exports", second)
        _insert(connection, "agency_uploads", upload)
    for broken in ({"state": "lost"}, {"done_bytes": 1001}, {"bundle_id": "not-exported"}):
        with pytest.raises(IntegrityError), engine.begin() as connection:
            _insert(connection, "agency_uploads", {**upload, "id": "u2", "bundle_id": second["bundle_id"], **broken})
    with engine.begin() as connection:  # the same row without the fault goes in
        _insert(connection, "agency_uploads", {**upload, "id": "u2", "bundle_id": second["bundle_id"]})
    with pytest.raises(IntegrityError), engine.begin() as connection:  # one queue row per bundle
        _insert(connection, "agency_uploads", {**upload, "id": "u3"})
