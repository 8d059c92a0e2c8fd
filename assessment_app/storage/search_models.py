# SPDX-License-Identifier: GPL-3.0-or-later
"""The case search index (revision 0006): tables derived from `applicants` and `cases`.

Written only by the triggers of 0006_case_search_index, on every insert, update and delete of an
applicant or a case, whatever the path (the intake, a bulk insert, a bundle import, a restore
migrated forward); never write them from code. They serve the case list at 100,000 cases without
scanning: every filter is an index look-up and every sort order an index walk.

- `applicant_search`: each applicant's pinyin name sort key (name_search.py) under a small
  integer key, which is also the rowid of the name's characters in the FTS5 table
  `applicant_name_index` (contentless: it holds tokens, not the name). The key is an INTEGER
  PRIMARY KEY because VACUUM (and so VACUUM INTO, the backup) may renumber any other rowid.
- `case_search`: one row per case with the columns the list filters and sorts by, and the
  applicant's key, name key and ID number copied in: "status = X, sorted by name" is one index,
  "name contains X" goes from the FTS5 rowids to the cases, and an ID-number prefix is one
  range of one index, without touching a table.

Like every table they live inside the SQLCipher file, so the index is encrypted as the rows are.
Import this module wherever `Base.metadata` must describe the whole schema (migrations/env.py).
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text, column, table
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app.storage.models import Base

NAME_INDEX_TABLE = "applicant_name_index"
# The FTS5 table: SQLAlchemy has no model for a virtual table; this names its two columns.
applicant_name_index = table(NAME_INDEX_TABLE, column("rowid", Integer), column("tokens", Text))


class ApplicantSearch(Base):
    __tablename__ = "applicant_search"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the rowid in applicant_name_index
    applicant_id: Mapped[str] = mapped_column(String(36), unique=True)
    name_key: Mapped[str] = mapped_column(Text)


_PAGE_COLUMNS = ("status", "created_at", "name_key", "planned_ascending", "planned_visit_date")


class CaseSearch(Base):
    __tablename__ = "case_search"
    # One index per (one status or none) x sort order, each holding the whole order (sort column,
    # newest first, case id: WITHOUT ROWID puts the primary key at the end of every index), so
    # that SQLite reads a page of the list straight off it. Without the tie-breaks in the index
    # its planner sorts the whole table instead.
    __table_args__ = (
        Index("ix_case_search_status_name_key", "status", "name_key", "created_at"),
        Index("ix_case_search_name_key", "name_key", "created_at"),
        Index("ix_case_search_status_created_at", "status", "created_at"),
        Index("ix_case_search_created_at", "created_at"),
        Index("ix_case_search_status_planned_ascending", "status", "planned_ascending", "created_at"),
        Index("ix_case_search_planned_ascending", "planned_ascending", "created_at"),
        Index("ix_case_search_status_planned_visit_date", "status", "planned_visit_date", "created_at"),
        Index("ix_case_search_planned_visit_date", "planned_visit_date", "created_at"),
        # "Cases of these applicants" and "ID numbers starting with", each with every column a
        # page of them is sorted by: no table reads.
        Index("ix_case_search_applicant_key", "applicant_key", *_PAGE_COLUMNS),
        Index("ix_case_search_resident_id", "resident_id", *_PAGE_COLUMNS),
        {"sqlite_with_rowid": False},
    )

    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applicant_key: Mapped[int] = mapped_column(Integer)  # applicant_search.id
    resident_id: Mapped[str] = mapped_column(String(18))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    # Descending by date puts cases without one last by itself (NULL is the smallest value);
    # ascending walks `planned_ascending`: the date, or an empty BLOB for none, which SQLite
    # sorts after every text value.
    planned_visit_date: Mapped[str | None] = mapped_column(String(10))
    planned_ascending: Mapped[str] = mapped_column(String(10))
    name_key: Mapped[str] = mapped_column(Text)
