# SPDX-License-Identifier: GPL-3.0-or-later
"""Case search index: applicant name sort keys and character index, one search row per case.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Written by hand and self-contained. Adds tables, an FTS5 table and triggers only: no existing row
or table is touched. The new tables are derived from `applicants` and `cases`, filled here from
the rows already there, and from then on kept in step by the triggers below on every write
(see storage/search_models.py). The triggers call the SQL functions of storage/name_search.py,
which every connection of this application registers (storage/database.py).
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# A zero-length BLOB sorts after every TEXT value: with it, ascending order by planned date
# puts cases without one last, whatever text a date column holds.
_PLANNED_ASCENDING = "coalesce({planned}, X'')"
_CASE_COLUMNS = ("case_id, applicant_key, resident_id, status, created_at, planned_visit_date, planned_ascending, "
                 "name_key")

_TRIGGERS = (
    # -- applicants: key, name sort key and the characters of the name ------------------------
    """
    CREATE TRIGGER applicant_search_after_insert AFTER INSERT ON applicants BEGIN
        INSERT INTO applicant_search (applicant_id, name_key) VALUES (NEW.id, ltc_name_sort_key(NEW.name));
        INSERT INTO applicant_name_index (rowid, tokens)
            SELECT id, ltc_name_search_tokens(NEW.name) FROM applicant_search WHERE applicant_id = NEW.id;
    END""",
    """
    CREATE TRIGGER applicant_search_after_update AFTER UPDATE OF id, resident_id, name ON applicants
    WHEN OLD.id IS NOT NEW.id OR OLD.resident_id IS NOT NEW.resident_id OR OLD.name IS NOT NEW.name BEGIN
        UPDATE applicant_search SET applicant_id = NEW.id, name_key = ltc_name_sort_key(NEW.name)
            WHERE applicant_id = OLD.id;
        UPDATE applicant_name_index SET tokens = ltc_name_search_tokens(NEW.name)
            WHERE rowid = (SELECT id FROM applicant_search WHERE applicant_id = NEW.id);
        UPDATE case_search SET resident_id = NEW.resident_id,
            name_key = (SELECT name_key FROM applicant_search WHERE applicant_id = NEW.id)
            WHERE applicant_key = (SELECT id FROM applicant_search WHERE applicant_id = NEW.id);
    END""",
    """
    CREATE TRIGGER applicant_search_after_delete AFTER DELETE ON applicants BEGIN
        DELETE FROM applicant_name_index WHERE rowid = (SELECT id FROM applicant_search WHERE applicant_id = OLD.id);
        DELETE FROM applicant_search WHERE applicant_id = OLD.id;
    END""",
    # -- cases: what the list filters and sorts by, with the applicant's keys ------------------
    f"""
    CREATE TRIGGER case_search_after_insert AFTER INSERT ON cases BEGIN
        INSERT INTO case_search ({_CASE_COLUMNS})
            SELECT NEW.id, s.id, a.resident_id, NEW.status, NEW.created_at, NEW.planned_visit_date,
                   {_PLANNED_ASCENDING.format(planned="NEW.planned_visit_date")}, s.name_key
            FROM (SELECT NULL) LEFT JOIN applicants AS a ON a.id = NEW.applicant_id
            LEFT JOIN applicant_search AS s ON s.applicant_id = NEW.applicant_id;
    END""",
    f"""
    CREATE TRIGGER case_search_after_update
    AFTER UPDATE OF id, applicant_id, status, created_at, planned_visit_date ON cases BEGIN
        UPDATE case_search SET case_id = NEW.id, status = NEW.status, created_at = NEW.created_at,
            planned_visit_date = NEW.planned_visit_date,
            planned_ascending = {_PLANNED_ASCENDING.format(planned="NEW.planned_visit_date")},
            applicant_key = (SELECT id FROM applicant_search WHERE applicant_id = NEW.applicant_id),
            resident_id = (SELECT resident_id FROM applicants WHERE id = NEW.applicant_id),
            name_key = (SELECT name_key FROM applicant_search WHERE applicant_id = NEW.applicant_id)
            WHERE case_id = OLD.id;
    END""",
    """
    CREATE TRIGGER case_search_after_delete AFTER DELETE ON cases BEGIN
        DELETE FROM case_search WHERE case_id = OLD.id;
    END""",
)

_PAGE_COLUMNS = ["status", "created_at", "name_key", "planned_ascending", "planned_visit_date"]
# Each holds a whole sort order, or a filter with every column a page sorts by; case_id, the
# primary key, ends every index of a WITHOUT ROWID table.
_INDEXES = (
    ("ix_case_search_status_name_key", ["status", "name_key", "created_at"]),
    ("ix_case_search_name_key", ["name_key", "created_at"]),
    ("ix_case_search_status_created_at", ["status", "created_at"]),
    ("ix_case_search_created_at", ["created_at"]),
    ("ix_case_search_status_planned_ascending", ["status", "planned_ascending", "created_at"]),
    ("ix_case_search_planned_ascending", ["planned_ascending", "created_at"]),
    ("ix_case_search_status_planned_visit_date", ["status", "planned_visit_date", "created_at"]),
    ("ix_case_search_planned_visit_date", ["planned_visit_date", "created_at"]),
    ("ix_case_search_applicant_key", ["applicant_key", *_PAGE_COLUMNS]),
    ("ix_case_search_resident_id", ["resident_id", *_PAGE_COLUMNS]),
)


def upgrade() -> None:
    op.create_table(
        "applicant_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.String(36), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_applicant_search"),
        sa.UniqueConstraint("applicant_id", name="uq_applicant_search_applicant_id"),
    )
    op.create_table(
        "case_search",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("applicant_key", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.String(18), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("planned_visit_date", sa.String(10), nullable=True),
        sa.Column("planned_ascending", sa.String(10), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_search"),
        sqlite_with_rowid=False,
    )
    # Contentless: the index holds the tokens only; the name stays in `applicants`.
    op.execute("CREATE VIRTUAL TABLE applicant_name_index USING fts5("
               "tokens, content='', contentless_delete=1, tokenize='ascii')")

    # The rows already there, in one pass each; the indexes are built after the fill (faster).
    op.execute("INSERT INTO applicant_search (applicant_id, name_key) "
               "SELECT id, ltc_name_sort_key(name) FROM applicants ORDER BY created_at, id")
    op.execute("INSERT INTO applicant_name_index (rowid, tokens) SELECT s.id, ltc_name_search_tokens(a.name) "
               "FROM applicant_search AS s JOIN applicants AS a ON a.id = s.applicant_id")
    # LEFT JOIN: a case whose applicant is missing stops the migration (NOT NULL applicant_key)
    # rather than silently dropping out of the list.
    op.execute(f"INSERT INTO case_search ({_CASE_COLUMNS}) "
               "SELECT c.id, s.id, a.resident_id, c.status, c.created_at, c.planned_visit_date, "
               f"{_PLANNED_ASCENDING.format(planned='c.planned_visit_date')}, s.name_key "
               "FROM cases AS c LEFT JOIN applicants AS a ON a.id = c.applicant_id "
               "LEFT JOIN applicant_search AS s ON s.applicant_id = c.applicant_id")
    for name, columns in _INDEXES:
        op.create_index(name, "case_search", columns)
    for trigger in _TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
