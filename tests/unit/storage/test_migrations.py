# SPDX-License-Identifier: GPL-3.0-or-later
"""Migrations: the models and the migrated schema agree, and upgrades from revision 0001 lose nothing.

The rows below are written with plain SQL in the shape of revision 0001, never through the
models, so they stay a faithful "database made by the first release" when the models change.
When 0002 arrives: keep FIRST_RELEASE_ROWS as is, and extend `expected_after_upgrade` with what
the new revision adds (new columns' defaults, moved data).
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from assessment_app.storage.database import (
    _alembic_config,
    create_database,
    current_revision,
    head_revision,
    open_database,
    upgrade_to_head,
)
# Their tables belong to the metadata compared here.
from assessment_app.storage import search_models, security_models  # noqa: F401
from assessment_app.storage.models import Base
from assessment_app.storage.search_models import NAME_INDEX_TABLE

FIRST_REVISION = "0001"
T = "2025-03-01T08:00:00.000000Z"
E1, E2, R1 = ("e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002",
              "e0000000-0000-4000-8000-000000000003")
P1, C1, V1, V2 = ("a0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000001",
                  "d0000000-0000-4000-8000-000000000001", "d0000000-0000-4000-8000-000000000002")
F1 = "f0000000-0000-4000-8000-000000000001"
FORM = {"form_id": "cn-ltc-2021", "form_version": "1.0.0", "form_sha256": "ab" * 32}

FIRST_RELEASE_ROWS: dict[str, list[dict]] = {
    "experts": [
        {"id": E1, "name": "评估员甲", "expert_number": "PG-0001", "role": "assessor", "qualification": "评估师",
         "active": 1, "created_at": T},
        {"id": E2, "name": "评估员乙", "expert_number": "PG-0002", "role": "assessor", "qualification": None,
         "active": 1, "created_at": T},
        {"id": R1, "name": "审核员", "expert_number": "SH-0001", "role": "reviewer", "qualification": None,
         "active": 0, "created_at": T},
    ],
    "applicants": [{"id": P1, "name": "测试李四", "resident_id": "110105194912310021", "sex": "female",
                    "birth_date": "1949-12-31", "phone": "13800000000", "address": "北京市", "created_at": T,
                    "updated_at": T}],
    "cases": [{"id": C1, "applicant_id": P1, "task_number": "RW-0001", "application_type": "initial",
               "insurance_type": "employee", "status": "signed", "planned_visit_date": "2025-03-02",
               "created_at": T, "created_by": E1, "updated_at": T}],
    "case_experts": [{"case_id": C1, "expert_id": E1, "position": 1}, {"case_id": C1, "expert_id": E2, "position": 2}],
    "attachments": [{"id": F1, "case_id": C1, "kind": "scan", "media_type": "image/png", "original_name": "出院小结.png",
                     "size": 1234, "plaintext_sha256": "cd" * 32, "stored_name": "ef/" + "ef" * 32 + ".bin",
                     "created_at": T}],
    "materials": [{"id": "b0000000-0000-4000-8000-000000000001", "case_id": C1, "code": "discharge_summary",
                   "received": 1, "attachment_id": F1, "note": "原件已核对"}],
    "self_assessments": [{"id": "b0000000-0000-4000-8000-000000000002", "case_id": C1, **FORM,
                          "answers_json": '{"adl.eating":"5"}', "recorded_at": T, "recorded_by_note": "家属代填"}],
    "visits": [
        {"id": V1, "case_id": C1, "version": 1, "supersedes_id": None, "correction_reason": None,
         "corrected_by": None, **FORM, "status": "in_visit", "started_at": T, "signed_at": None,
         "result_json": None, "created_at": T},
        {"id": V2, "case_id": C1, "version": 2, "supersedes_id": V1, "correction_reason": "录入错误",
         "corrected_by": E1, **FORM, "status": "draft", "started_at": None, "signed_at": None,
         "result_json": None, "created_at": T},
    ],
    "answers": [
        {"id": 1, "visit_id": V1, "item_id": "adl.eating", "option_id": "10", "answered_by": E1,
         "second_expert_id": E2, "wall_time": T, "monotonic_ns": 123_456_789_012, "video_offset_ms": 123_456,
         "reason": None, "superseded_by": None},
        {"id": 2, "visit_id": V1, "item_id": "adl.eating", "option_id": "5", "answered_by": E1,
         "second_expert_id": None, "wall_time": T, "monotonic_ns": 223_456_789_012, "video_offset_ms": None,
         "reason": "家属补充", "superseded_by": None},
    ],
    "reviews": [{"id": "b0000000-0000-4000-8000-000000000003", "visit_id": V1, "reviewer_id": R1,
                 "decision": "returned", "reason": "视频缺失", "decided_at": T}],
    "settings": [{"key": "reapplication.min_interval_months", "value_json": "6"}],
}


def _insert(connection, table: str, row: dict) -> None:
    columns = ", ".join(f'"{name}"' for name in row)
    values = ", ".join(f":{name}" for name in row)
    connection.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})'), row)


def _rows(connection, table: str, columns) -> list[dict]:
    selected = ", ".join(f'"{name}"' for name in columns)
    return [dict(row._mapping) for row in connection.execute(text(f'SELECT {selected} FROM "{table}" ORDER BY 1'))]


def not_the_fts_index(obj, name, type_, reflected, compare_to) -> bool:
    # The FTS5 table and the shadow tables SQLite keeps for it have no model: SQLAlchemy has no
    # notion of a virtual table. test_case_search_index checks that it exists and answers.
    return not (type_ == "table" and name is not None and name.startswith(NAME_INDEX_TABLE))


def test_models_and_migrated_schema_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": not_the_fts_index})
        assert compare_metadata(context, Base.metadata) == []


def test_there_is_one_head_and_it_is_reached_on_open(engine):
    script = ScriptDirectory.from_config(_alembic_config())
    assert len(script.get_heads()) == 1
    assert current_revision(engine) == head_revision()


def test_upgrade_from_the_first_revision_keeps_every_row(layout, subkeys):
    create_database(layout.database, subkeys.database, revision=FIRST_REVISION)
    engine = open_database(layout.database, subkeys.database, migrate=False)
    try:
        assert current_revision(engine) == FIRST_REVISION
        with engine.begin() as connection:
            for table, rows in FIRST_RELEASE_ROWS.items():
                for row in rows:
                    _insert(connection, table, row)
            connection.execute(text("UPDATE answers SET superseded_by = 2 WHERE id = 1"))
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            for table, rows in FIRST_RELEASE_ROWS.items():
                expected = sorted(rows, key=lambda row: str(next(iter(row.values()))))
                if table == "answers":
                    expected = [{**expected[0], "superseded_by": 2}, expected[1]]
                assert _rows(connection, table, rows[0].keys()) == expected, table
    finally:
        engine.dispose()


def test_append_only_triggers_exist_at_head(engine):
    # A batch migration that rebuilds `answers` silently drops its triggers; this catches it.
    with engine.connect() as connection:
        triggers = set(connection.exec_driver_sql(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'answers'").scalars())
    assert triggers == {"answers_are_never_deleted", "answers_change_only_by_superseding",
                        "answers_only_while_visit_open"}


def test_migrations_do_not_depend_on_the_working_directory(layout, subkeys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = open_database(tmp_path / "elsewhere.db", subkeys.database, create=True)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_reopening_at_head_is_a_no_op(layout, subkeys, engine):
    engine.dispose()
    before = layout.database.read_bytes()
    reopened = open_database(layout.database, subkeys.database)
    reopened.dispose()
    assert layout.database.read_bytes() == before


@pytest.mark.parametrize("revision", [FIRST_REVISION])
def test_each_revision_can_be_created_fresh(tmp_path, subkeys, revision):
    create_database(tmp_path / f"{revision}.db", subkeys.database, revision=revision)
    engine = open_database(tmp_path / f"{revision}.db", subkeys.database, migrate=False)
    try:
        assert current_revision(engine) == revision
    finally:
        engine.dispose()
