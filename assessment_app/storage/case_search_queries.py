# SPDX-License-Identifier: GPL-3.0-or-later
"""The case list's queries on the search index (revision 0006): a page of cases and their number.

A query's shape (which filters, which order) decides its SQL; its values are bound parameters.
The statements of each shape are built once and reused, so SQLAlchemy compiles them once: built
and compiled anew for every keystroke they cost more than running them (about 1 ms against 0.5).

Every filter is an index look-up on `case_search` and every order an index walk (search_models.py);
the page's case ids are found on `case_search` alone and only they are joined to their case and
applicant. Results are exactly the plain query's (tests/unit/storage/test_case_search_index.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Connection, Select, and_, bindparam, func, or_, select

from assessment_app.storage.models import Applicant, Case
from assessment_app.storage.name_search import name_search_phrase
from assessment_app.storage.search_models import CaseSearch, applicant_name_index

MAX_PAGE_SIZE = 1000
_ID_FRAGMENT = re.compile(r"^[0-9]+[0-9Xx]?$")

SortKey = Literal["created_at", "planned_visit_date", "name"]


@dataclass(frozen=True)
class CaseQuery:
    """Filters are combined with AND; `text` is the single search box (name, ID number or task no.)."""

    text: str | None = None
    name_contains: str | None = None
    resident_id: str | None = None  # full number, or a prefix of it
    task_number: str | None = None
    statuses: tuple[str, ...] = ()
    sort: SortKey = "created_at"
    descending: bool = True
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: enough to show and open it, without loading the aggregate."""

    case_id: str
    task_number: str | None
    status: str
    application_type: str
    insurance_type: str
    planned_visit_date: str | None
    created_at: str
    applicant_id: str
    applicant_name: str
    resident_id: str  # unmasked: masking is a display rule of the UI


# -- the filters: a name for each kind, its condition, and the values it binds ------------------

def _prefix_bounds(prefix: str) -> tuple[str, str]:
    # A range instead of LIKE 'p%', so that SQLite reads one range of the index.
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _named(phrase: str):
    """Cases of the applicants whose name contains the fragment whose FTS5 phrase is bound to `phrase`."""
    matching = select(applicant_name_index.c.rowid).where(applicant_name_index.c.tokens.match(bindparam(phrase)))
    return CaseSearch.applicant_key.in_(matching)


def _id_range(low: str, high: str):
    return and_(CaseSearch.resident_id >= bindparam(low), CaseSearch.resident_id < bindparam(high))


_CONDITIONS = {
    "text_id": lambda: _id_range("text_from", "text_to"),
    "text_name": lambda: _named("text_phrase"),
    "name": lambda: _named("name_phrase"),
    "resident_id": lambda: CaseSearch.resident_id == bindparam("resident_id"),
    "resident_id_prefix": lambda: _id_range("resident_from", "resident_to"),
    "task_number": lambda: CaseSearch.case_id.in_(select(Case.id).where(Case.task_number == bindparam("task_number"))),
    "statuses": lambda: CaseSearch.status.in_(bindparam("statuses", expanding=True)),
}
_TASK_CASE = select(Case.id).where(Case.task_number == bindparam("task_number"))


def _condition(term: str):
    if term.endswith("_or_task"):
        return or_(_CONDITIONS[term.removesuffix("_or_task")](), CaseSearch.case_id == bindparam("task_case"))
    return _CONDITIONS[term]()


def _terms(connection: Connection, query: CaseQuery) -> tuple[tuple[str, ...], dict[str, Any]]:
    terms: list[str] = []
    values: dict[str, Any] = {}
    text = (query.text or "").strip()
    if text:
        # Text that can only be an ID number is not looked for in names.
        if _ID_FRAGMENT.match(text):
            term = "text_id"
            values["text_from"], values["text_to"] = _prefix_bounds(text.upper())
        else:
            term = "text_name"
            values["text_phrase"] = name_search_phrase(text)
        # Task numbers are unique, so the one case is looked up first: text that names no task
        # (nearly always) is then one index range, where an OR would make SQLite collect and
        # de-duplicate the ids of every matching case.
        task_case = connection.execute(_TASK_CASE, {"task_number": text}).scalar()
        if task_case is not None:
            term += "_or_task"
            values["task_case"] = task_case
        terms.append(term)
    name = (query.name_contains or "").strip()
    if name:
        terms.append("name")
        values["name_phrase"] = name_search_phrase(name)
    resident_id = (query.resident_id or "").strip().upper()
    if len(resident_id) == 18:
        terms.append("resident_id")
        values["resident_id"] = resident_id
    elif resident_id:
        terms.append("resident_id_prefix")
        values["resident_from"], values["resident_to"] = _prefix_bounds(resident_id)
    task_number = (query.task_number or "").strip()
    if task_number:
        terms.append("task_number")
        values["task_number"] = task_number
    if query.statuses:
        terms.append("statuses")
        values["statuses"] = list(query.statuses)
    return tuple(terms), values


# -- the orders -----------------------------------------------------------------------------------

def _sort_columns(sort: SortKey, descending: bool) -> list:
    """The columns of case_search that an order reads (its covering index holds them)."""
    c = CaseSearch.__table__.c
    if sort == "name":
        return [c.name_key, c.created_at]
    if sort == "planned_visit_date":
        return [c.planned_visit_date if descending else c.planned_ascending, c.created_at]
    return [c.created_at]


def _ordering(sort: SortKey, descending: bool, c) -> list:
    """Sorted by the chosen column, then newest first, then by id; without a planned date last.

    `c`: the columns of case_search, or of a subquery that selected them under their names.
    """
    if sort == "planned_visit_date":
        # Descending, NULL (the smallest value) comes last by itself; ascending needs the
        # column in which a missing date sorts after every date.
        primary = c.planned_visit_date.desc() if descending else c.planned_ascending.asc()
    else:
        column = c.name_key if sort == "name" else c.created_at
        primary = column.desc() if descending else column.asc()
    newest_first = [] if sort == "created_at" else [c.created_at.desc()]
    return [primary, *newest_first, c.case_id]


@lru_cache(maxsize=512)  # shapes: filter combinations x orders, a few hundred at most
def _statements(terms: tuple[str, ...], sort: SortKey, descending: bool) -> tuple[Select, Select]:
    """The count and the page statement of one query shape."""
    filtered = select(CaseSearch.case_id).select_from(CaseSearch).where(*(_condition(term) for term in terms))
    count = filtered.with_only_columns(func.count())
    page = (filtered.add_columns(*_sort_columns(sort, descending))
            .order_by(*_ordering(sort, descending, CaseSearch.__table__.c))
            .limit(bindparam("limit")).offset(bindparam("offset")).subquery())
    rows = select(
        Case.id, Case.task_number, Case.status, Case.application_type, Case.insurance_type,
        Case.planned_visit_date, Case.created_at, Applicant.id, Applicant.name, Applicant.resident_id,
    ).select_from(page).join(Case, Case.id == page.c.case_id).join(Applicant, Applicant.id == Case.applicant_id)
    return count, rows.order_by(*_ordering(sort, descending, page.c))


def case_page(connection: Connection, query: CaseQuery, *, rows: bool = True) -> tuple[list[CaseRow], int]:
    """One page of the cases `query` finds, in its order, and how many it finds in all."""
    terms, values = _terms(connection, query)
    count, page = _statements(terms, query.sort, query.descending)
    total = connection.execute(count, values).scalar_one()
    if not rows:
        return [], total
    values.update(limit=max(1, min(query.limit, MAX_PAGE_SIZE)), offset=max(0, query.offset))
    return [CaseRow(*row) for row in connection.execute(page, values)], total
