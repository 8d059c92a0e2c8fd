# SPDX-License-Identifier: GPL-3.0-or-later
"""The case search index: kept in step with applicants and cases on every write path, and giving
exactly the plain query's rows, order and count on random data."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, insert, text, update

from assessment_app.storage.database import create_database, open_database
from assessment_app.storage.models import Applicant, Case
from assessment_app.storage.repositories import ApplicantRepository, CaseQuery, CaseRepository
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.storage import builders
from tests.unit.storage.case_search_data import (
    OPEN_STATUSES,
    assert_search_tables_in_step,
    insert_rows,
    plain_search,
    random_name,
    random_people,
    random_query,
)

PEOPLE = 300


def _populate(engine):
    """Rows written three ways: plain SQL, a Core bulk insert, and the ORM repositories."""
    rng = random.Random(20261205)
    applicants, cases = random_people(rng, PEOPLE)
    third = len(applicants) // 3
    plain_people = {row["id"] for row in applicants[:third]}
    bulk_people = {row["id"] for row in applicants[third:2 * third]}
    with engine.begin() as connection:
        insert_rows(connection, "applicants", applicants[:third])
        insert_rows(connection, "cases", [row for row in cases if row["applicant_id"] in plain_people])
    with unit_of_work(engine) as session:
        session.execute(insert(Applicant), applicants[third:2 * third])
        session.execute(insert(Case), [row for row in cases if row["applicant_id"] in bulk_people])
    with unit_of_work(engine) as session:
        for row in applicants[2 * third:]:
            ApplicantRepository(session).add(Applicant(**row))
        for row in cases:
            if row["applicant_id"] not in plain_people | bulk_people:
                session.add(Case(**row))
    return engine


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    """One populated database for the tests that only read (filling it is the slow part)."""
    path = tmp_path_factory.mktemp("case-search") / "cases.db"
    key = os.urandom(32)
    create_database(path, key)
    engine = open_database(path, key)
    yield _populate(engine)
    engine.dispose()


@pytest.fixture
def populated(engine):
    """A populated database of the test's own, for the tests that change it."""
    return _populate(engine)


def test_every_write_path_fills_the_search_tables(searched):
    with searched.connect() as connection:
        assert_search_tables_in_step(connection)
        assert connection.execute(text("SELECT count(*) FROM case_search")).scalar_one() > PEOPLE


def test_changes_and_deletions_reach_the_search_tables(populated):
    rng = random.Random(7)
    with unit_of_work(populated) as session:
        people = session.query(Applicant).order_by(Applicant.id).all()
        for person in rng.sample(people, 40):
            person.name = random_name(rng)  # through the ORM
        for person in rng.sample(people, 10):
            person.resident_id = person.resident_id[:-1] + ("X" if person.resident_id[-1] != "X" else "0")
        cases = session.query(Case).order_by(Case.id).all()
        for case in rng.sample(cases, 40):
            case.planned_visit_date = rng.choice((None, "2026-05-01", "2026-04-02"))
            case.created_at = "2026-06-01T00:00:00.000000Z"
    with unit_of_work(populated) as session:
        # Plain statements too, as a migration or a repair would issue them.
        session.execute(update(Case).where(Case.status == "intake").values(status="scheduled"))
        session.execute(text("UPDATE applicants SET name = name || '忌' WHERE name LIKE '%张%'"))
        deleted = session.scalars(text("SELECT id FROM cases ORDER BY id LIMIT 25")).all()
        session.execute(delete(Case).where(Case.id.in_(deleted)))
        orphans = session.scalars(text(
            "SELECT id FROM applicants WHERE id NOT IN (SELECT applicant_id FROM cases)")).all()
        session.execute(delete(Applicant).where(Applicant.id.in_(orphans)))
    assert deleted and orphans
    with populated.connect() as connection:
        assert_search_tables_in_step(connection)


@pytest.fixture(scope="module")
def searched_for(searched) -> tuple[list[str], list[str], list[str]]:
    """What the random queries look for: parts of these names, ID numbers and task numbers."""
    with searched.connect() as connection:
        names = connection.execute(text("SELECT name FROM applicants ORDER BY id")).scalars().all()
        ids = connection.execute(text("SELECT resident_id FROM applicants ORDER BY id")).scalars().all()
        tasks = connection.execute(text("SELECT task_number FROM cases WHERE task_number IS NOT NULL "
                                        "ORDER BY id")).scalars().all()
    return names, ids, tasks + ["RW-none", "3101050"]


@settings(max_examples=250, deadline=None)
@given(st.randoms(use_true_random=False))
def test_indexed_search_gives_the_plain_querys_rows_order_and_count(searched, searched_for, rng):
    query = random_query(rng, *searched_for)
    with searched.connect() as connection:
        expected_rows, expected_total = plain_search(connection, query)
    with unit_of_work(searched) as session:
        cases = CaseRepository(session)
        assert (cases.search(query), cases.count(query)) == (expected_rows, expected_total), query


def test_the_checks_see_a_search_table_out_of_step(populated):
    """The tests above would be worthless if a stale index went unnoticed."""
    with unit_of_work(populated) as session:
        session.execute(text("DROP TRIGGER case_search_after_update"))
        session.execute(update(Case).values(status="withdrawn").where(Case.id.in_(
            text("SELECT id FROM cases ORDER BY id LIMIT 5"))))
    with populated.connect() as connection:
        with pytest.raises(AssertionError, match="case_search"):
            assert_search_tables_in_step(connection)
        expected = plain_search(connection, CaseQuery(statuses=("withdrawn",), limit=1000))
    with unit_of_work(populated) as session:
        found = CaseRepository(session).search(CaseQuery(statuses=("withdrawn",), limit=1000))
    assert found != expected[0]


# -- served by an index, not by a scan -----------------------------------------------------------

def _plans(engine, query: CaseQuery) -> list[list[str]]:
    """The query plan of each SELECT that a search for `query` runs, as the search ran it."""
    ran = []

    def capture(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT"):
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with unit_of_work(engine) as session:
            CaseRepository(session).page(query)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        return [[row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                for statement, parameters in ran]


@pytest.mark.parametrize("sort", ["created_at", "planned_visit_date", "name"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("statuses", [(), ("scheduled",)])
def test_a_page_of_any_order_is_read_off_an_index(searched, sort, descending, statuses):
    # Query plans, not timings: a full sort or a table scan here is what made the list slow.
    count, page = _plans(searched, CaseQuery(statuses=statuses, sort=sort, descending=descending))
    for plan in (count, page):
        assert any("USING COVERING INDEX ix_case_search_" in step for step in plan), plan
        assert not any(step.startswith("SCAN case_search") and "INDEX" not in step for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in page, page


@pytest.mark.parametrize("query, index", [
    (CaseQuery(text="秀英"), "ix_case_search_applicant_key (applicant_key=?)"),
    (CaseQuery(name_contains="Z", sort="name"), "ix_case_search_applicant_key (applicant_key=?)"),
    (CaseQuery(text="3101"), "ix_case_search_resident_id (resident_id>? AND resident_id<?)"),
    (CaseQuery(resident_id="310105193807140371"), "ix_case_search_resident_id (resident_id=?)"),
])
def test_name_and_id_searches_start_from_their_indexes(searched, query, index):
    *_, count, page = _plans(searched, query)  # a text search first looks the text up as a task number
    for plan in (count, page):
        assert any(f"COVERING INDEX {index}" in step for step in plan), plan
        assert not any(step.startswith("SCAN case_search") for step in plan), plan
    if query.text == "秀英" or query.name_contains:
        assert any("VIRTUAL TABLE INDEX" in step for step in page), page


def test_open_statuses_are_all_searchable(searched):
    with unit_of_work(searched) as session:
        found = {row.status for row in CaseRepository(session).search(CaseQuery(statuses=OPEN_STATUSES, limit=1000))}
    assert found <= set(OPEN_STATUSES) and found


def test_an_intake_is_found_at_once_by_name_fragment_and_id_prefix(engine):
    with unit_of_work(engine) as session:
        person = ApplicantRepository(session).add(builders.applicant("11010519491231002x", "阿依古丽·买买提"))
        CaseRepository(session).add(builders.case(person.id, task_number="RW-77"))
    with unit_of_work(engine) as session:
        cases = CaseRepository(session)
        for text_ in ("古丽·买", "买买提", "丽", "110105194912", "11010519491231002x", "RW-77"):
            found = [row.applicant_name for row in cases.search(CaseQuery(text=text_))]
            assert found == ["阿依古丽·买买提"], text_
        assert cases.search(CaseQuery(text="古丽买")) == []
