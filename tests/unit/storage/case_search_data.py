# SPDX-License-Identifier: GPL-3.0-or-later
"""Random applicants and cases for the case search tests, the plain query the index must agree
with, and the derived rows the search tables must hold.

The plain query is written here in SQL on `cases` and `applicants` only: LIKE for names, a
prefix compare for ID numbers, the sort key computed per row; nothing of the search tables.
"""

from __future__ import annotations

import random
import re
from typing import Any

from sqlalchemy import Connection, text

from assessment_app.domain.case_types import CLOSED_CASE_STATUSES
from assessment_app.storage.repositories import MAX_PAGE_SIZE, CaseQuery, CaseRow

STATUSES = ("intake", "scheduled", "in_visit", "signed", "exported", "closed", "withdrawn")
OPEN_STATUSES = tuple(status for status in STATUSES if status not in CLOSED_CASE_STATUSES)
APPLICATION_TYPES = ("initial", "reassessment", "review", "status_change")
# Few characters, so that fragments match many names; polyphonic surnames, Latin letters in both
# cases, LIKE's wildcards and the separators of minority and foreign names among them.
NAME_CHARACTERS = "张王李曾单解朴仇区秀英兰明国华无忌三丰阿依古丽买提AaBbZz%_·  "


def random_name(rng: random.Random) -> str:
    name = "".join(rng.choice(NAME_CHARACTERS) for _ in range(rng.randint(1, 6))).strip()
    return name or rng.choice("张王李")


def random_resident_id(rng: random.Random) -> str:
    region = rng.choice(("110105", "310105", "370883", "500103"))
    birth = f"19{rng.randint(30, 60)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return region + birth + f"{rng.randint(0, 999):03d}" + rng.choice("0123456789X")


def random_timestamp(rng: random.Random) -> str:
    # Few distinct values: ties in created_at exercise the last tie-break (the case id).
    return f"2026-{rng.randint(1, 3):02d}-{rng.randint(1, 3):02d}T08:00:00.000000Z"


def random_people(rng: random.Random, count: int) -> tuple[list[dict], list[dict]]:
    """Rows for `applicants` and `cases` (one or two cases each), valid for every constraint."""
    applicants, cases, taken = [], [], set()
    for number in range(count):
        resident_id = random_resident_id(rng)
        while resident_id in taken:
            resident_id = random_resident_id(rng)
        taken.add(resident_id)
        applicant_id = f"a{number:07d}-0000-4000-8000-{rng.getrandbits(48):012x}"
        applicants.append({"id": applicant_id, "name": random_name(rng), "resident_id": resident_id, "sex": "female",
                           "birth_date": "1940-01-01", "phone": None, "address": None,
                           "created_at": random_timestamp(rng), "updated_at": random_timestamp(rng)})
        # At most one open case per application type (the database refuses a second one).
        for application_type in rng.sample(APPLICATION_TYPES, rng.choice((1, 1, 2))):
            planned = None if rng.random() < 0.3 else f"2026-04-{rng.randint(1, 9):02d}"
            task = rng.choice((None, None, f"RW-{rng.randint(0, 40)}", resident_id[:6] + str(rng.randint(0, 9))))
            created = random_timestamp(rng)
            cases.append({"id": f"c{len(cases):07d}-0000-4000-8000-{rng.getrandbits(48):012x}",
                          "applicant_id": applicant_id, "task_number": task, "application_type": application_type,
                          "insurance_type": "employee", "status": rng.choice(STATUSES), "planned_visit_date": planned,
                          "created_at": created, "created_by": None, "updated_at": created})
    # Task numbers are unique.
    seen: set[str] = set()
    for row in cases:
        if row["task_number"] in seen:
            row["task_number"] = None
        elif row["task_number"]:
            seen.add(row["task_number"])
    return applicants, cases


def insert_rows(connection: Connection, table: str, rows: list[dict]) -> None:
    """Plain INSERTs, as a database of an earlier revision (or any other writer) would get them."""
    if rows:
        columns = list(rows[0])
        connection.execute(text(f'INSERT INTO "{table}" ({", ".join(columns)}) '
                                f'VALUES ({", ".join(":" + c for c in columns)})'), rows)


def random_query(rng: random.Random, names: list[str], resident_ids: list[str], task_numbers: list[str]) -> CaseQuery:
    def fragment() -> str:
        name = rng.choice(names)
        start = rng.randrange(len(name))
        piece = name[start:start + rng.randint(1, 3)]
        return rng.choice((piece, piece.swapcase(), piece + "忌", "不在名中"))

    def id_prefix() -> str:
        number = rng.choice(resident_ids)
        return number[:rng.choice((1, 4, 6, 10, 17, 18))].lower()

    fields: dict[str, Any] = {"sort": rng.choice(("created_at", "planned_visit_date", "name")),
                              "descending": rng.random() < 0.5, "limit": rng.choice((1, 7, 50, MAX_PAGE_SIZE)),
                              "offset": rng.choice((0, 0, 3, 40))}
    kind = rng.choice(("none", "text-name", "text-id", "text-task", "name", "resident_id", "task_number"))
    if kind == "text-name":
        fields["text"] = " " + fragment()
    elif kind == "text-id":
        fields["text"] = id_prefix()
    elif kind == "text-task":
        fields["text"] = rng.choice(task_numbers)
    elif kind == "name":
        fields["name_contains"] = fragment()
    elif kind == "resident_id":
        fields["resident_id"] = id_prefix()
    elif kind == "task_number":
        fields["task_number"] = rng.choice(task_numbers)
    if rng.random() < 0.6:
        fields["statuses"] = tuple(rng.sample(STATUSES, rng.choice((1, 1, 2))))
    return CaseQuery(**fields)


# -- the plain query ----------------------------------------------------------------------------

def _like_escaped(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _plain_where(query: CaseQuery) -> tuple[str, dict[str, Any]]:
    conditions, parameters = ["1"], {}

    def id_condition(prefix: str, name: str) -> str:
        parameters[name] = prefix
        return f"substr(a.resident_id, 1, length(:{name})) = :{name}"

    free = (query.text or "").strip()
    if free:
        parameters["task_text"] = free
        if re.fullmatch(r"[0-9]+[0-9Xx]?", free):  # text that can only be an ID number
            matched = id_condition(free.upper(), "text_id")
        else:
            parameters["text_like"] = _like_escaped(free)
            matched = "a.name LIKE :text_like ESCAPE '\\'"
        conditions.append(f"({matched} OR c.task_number = :task_text)")
    if (query.name_contains or "").strip():
        parameters["name_like"] = _like_escaped(query.name_contains.strip())
        conditions.append("a.name LIKE :name_like ESCAPE '\\'")
    resident_id = (query.resident_id or "").strip().upper()
    if resident_id:
        conditions.append(id_condition(resident_id, "resident_id"))
    if (query.task_number or "").strip():
        parameters["task_number"] = query.task_number.strip()
        conditions.append("c.task_number = :task_number")
    if query.statuses:
        names = [f"status_{index}" for index in range(len(query.statuses))]
        parameters.update(zip(names, query.statuses))
        conditions.append(f"c.status IN ({', '.join(':' + name for name in names)})")
    return " AND ".join(conditions), parameters


def _plain_order(query: CaseQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    if query.sort == "created_at":
        return f"c.created_at {direction}, c.id"
    if query.sort == "name":
        return f"ltc_name_sort_key(a.name) {direction}, c.created_at DESC, c.id"
    return f"c.planned_visit_date IS NULL, c.planned_visit_date {direction}, c.created_at DESC, c.id"


def plain_search(connection: Connection, query: CaseQuery) -> tuple[list[CaseRow], int]:
    where, parameters = _plain_where(query)
    joined = "FROM cases AS c JOIN applicants AS a ON a.id = c.applicant_id"
    limit = max(1, min(query.limit, MAX_PAGE_SIZE))
    rows = connection.execute(text(
        "SELECT c.id, c.task_number, c.status, c.application_type, c.insurance_type, c.planned_visit_date, "
        f"c.created_at, a.id, a.name, a.resident_id {joined} WHERE {where} ORDER BY {_plain_order(query)} "
        f"LIMIT {limit} OFFSET {max(0, query.offset)}"), parameters)
    total = connection.execute(text(f"SELECT count(*) {joined} WHERE {where}"), parameters).scalar_one()
    return [CaseRow(*row) for row in rows], total


# -- what the search tables must hold ----------------------------------------------------------

def derived_rows(connection: Connection) -> dict[str, list[tuple]]:
    """The search tables as they are, next to what they must be given `applicants` and `cases`."""
    def rows(sql: str) -> list[tuple]:
        return sorted(tuple(row) for row in connection.execute(text(sql)))

    return {
        "applicant_search": rows("SELECT applicant_id, name_key FROM applicant_search"),
        "applicant_search expected": rows("SELECT id, ltc_name_sort_key(name) FROM applicants"),
        "case_search": rows(
            "SELECT cs.case_id, s.applicant_id, cs.resident_id, cs.status, cs.created_at, cs.planned_visit_date, "
            "cs.planned_ascending, cs.name_key FROM case_search AS cs "
            "LEFT JOIN applicant_search AS s ON s.id = cs.applicant_key"),
        "case_search expected": rows(
            "SELECT c.id, c.applicant_id, a.resident_id, c.status, c.created_at, c.planned_visit_date, "
            "coalesce(c.planned_visit_date, X''), ltc_name_sort_key(a.name) "
            "FROM cases AS c JOIN applicants AS a ON a.id = c.applicant_id"),
        # Each applicant's whole name, looked up in the character index, finds its own key.
        "name index": rows("SELECT s.id FROM applicant_search AS s JOIN applicants AS a ON a.id = s.applicant_id "
                           "WHERE s.id IN (SELECT rowid FROM applicant_name_index "
                           "WHERE applicant_name_index MATCH '\"' || ltc_name_search_tokens(a.name) || '\"')"),
        "name index expected": rows("SELECT id FROM applicant_search"),
        "name index size": rows("SELECT count(*) FROM applicant_name_index"),
        "name index size expected": rows("SELECT count(*) FROM applicants"),
    }


def assert_search_tables_in_step(connection: Connection) -> None:
    found = derived_rows(connection)
    for name in ("applicant_search", "case_search", "name index", "name index size"):
        assert found[name] == found[f"{name} expected"], name
