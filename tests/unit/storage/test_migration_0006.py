# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0006: a database at the previous revision, with cases in it, upgrades without losing a
row, and its cases are found by the new index exactly as the plain query finds them."""

from __future__ import annotations

import random

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from assessment_app.storage.database import _alembic_config, current_revision, upgrade_to
from assessment_app.storage.repositories import ApplicantRepository, CaseQuery, CaseRepository
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.bundle.test_migration_0004 import REVISION_0003_ROWS
from tests.unit.storage import builders
from tests.unit.storage.case_search_data import (
    assert_search_tables_in_step,
    insert_rows,
    plain_search,
    random_people,
    random_query,
)
from tests.unit.storage.database_at import engine_at
from tests.unit.storage.test_migrations import FIRST_RELEASE_ROWS, _rows
from tests.unit.visit.test_migration_0003 import REVISION_0002_ROWS, T

# Read from the migration itself, so that this test follows when 0006 is chained anew.
PREVIOUS = ScriptDirectory.from_config(_alembic_config()).get_revision("0006").down_revision
NEW_TABLES = {"applicant_search", "case_search", "applicant_name_index"}


@pytest.fixture
def engine_before(tmp_path):
    yield from engine_at(tmp_path / "data", PREVIOUS)


def _tables(connection) -> set[str]:
    return set(connection.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())


def test_upgrade_keeps_every_row_and_indexes_the_cases_already_there(engine_before):
    engine = engine_before
    applicants, cases = random_people(random.Random(6), 300)
    rows = FIRST_RELEASE_ROWS | REVISION_0002_ROWS | REVISION_0003_ROWS | {
        "bundle_imports": [{"id": "f0000000-0000-4000-8000-000000000009", "bundle_id": "b1",
                            "manifest_sha256": "0" * 64, "visit_id": None, "case_id": None, "status": "quarantined",
                            "reasons_json": "[]", "report_json": "{}", "source_path": "/x", "quarantine_path": None,
                            "imported_at": T, "imported_by": None}]}
    with engine.begin() as connection:
        before = _tables(connection)
        for table, table_rows in rows.items():
            insert_rows(connection, table, table_rows)
        insert_rows(connection, "applicants", applicants)
        insert_rows(connection, "cases", cases)
        everything = {**rows, "applicants": rows["applicants"] + applicants, "cases": rows["cases"] + cases}
        expected = {table: _rows(connection, table, table_rows[0].keys()) for table, table_rows in everything.items()}

    upgrade_to(engine, "0006")
    assert current_revision(engine) == "0006"
    with engine.connect() as connection:
        assert NEW_TABLES <= _tables(connection) - before
        for table, table_rows in everything.items():
            assert _rows(connection, table, table_rows[0].keys()) == expected[table], table
        assert_search_tables_in_step(connection)

    rng = random.Random(60)
    names = [row["name"] for row in everything["applicants"]]
    resident_ids = [row["resident_id"] for row in everything["applicants"]]
    tasks = [row["task_number"] for row in everything["cases"] if row["task_number"]]
    for _ in range(60):
        query = random_query(rng, names, resident_ids, tasks)
        with engine.connect() as connection:
            expected_page = plain_search(connection, query)
        with unit_of_work(engine) as session:
            cases_ = CaseRepository(session)
            assert (cases_.search(query), cases_.count(query)) == expected_page, query
    with unit_of_work(engine) as session:
        (first_release_case,) = CaseRepository(session).search(CaseQuery(text="李四"))
    assert first_release_case.case_id == FIRST_RELEASE_ROWS["cases"][0]["id"]


def test_after_the_upgrade_new_and_changed_rows_are_indexed(engine_before):
    engine = engine_before
    with engine.begin() as connection:
        insert_rows(connection, "experts", FIRST_RELEASE_ROWS["experts"])
        insert_rows(connection, "applicants", FIRST_RELEASE_ROWS["applicants"])
        insert_rows(connection, "cases", FIRST_RELEASE_ROWS["cases"])
    upgrade_to(engine, "0006")
    with unit_of_work(engine) as session:
        person = ApplicantRepository(session).add(builders.applicant("310105193807140371", "曾秀英"))
        CaseRepository(session).add(builders.case(person.id, status="scheduled"))
        session.execute(text("UPDATE applicants SET name = '测试李四海' WHERE name = '测试李四'"))
    with engine.connect() as connection:
        assert_search_tables_in_step(connection)
    with unit_of_work(engine) as session:
        cases = CaseRepository(session)
        assert [row.applicant_name for row in cases.search(CaseQuery(text="秀英"))] == ["曾秀英"]
        assert [row.applicant_name for row in cases.search(CaseQuery(text="李四海"))] == ["测试李四海"]
        assert [row.applicant_name for row in cases.search(CaseQuery(sort="name", descending=False))] == [
            "测试李四海", "曾秀英"]  # ce4 shi4 … before zeng1
