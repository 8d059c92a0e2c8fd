# SPDX-License-Identifier: GPL-3.0-or-later
"""The SQLCipher database: durable settings, refusal of wrong keys and foreign files, disk full."""

from __future__ import annotations

import os
import sqlite3
import uuid

import pytest
from sqlalchemy import event, select, text

from assessment_app.storage.database import (
    CIPHER_PAGE_SIZE,
    DatabaseExists,
    check_integrity,
    create_database,
    head_revision,
    open_database,
)
from assessment_app.storage.errors import (
    ConstraintViolation,
    DatabaseCorrupt,
    DatabaseMissing,
    SchemaTooNew,
    StorageFull,
    WrongKey,
)
from assessment_app.storage.models import Applicant, Setting
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.storage import builders
from tests.unit.storage.conftest import all_bytes_under


def _pragma(engine, name: str):
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_wal_synchronous_full_and_foreign_keys_are_in_effect(engine):
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "synchronous") == 2  # FULL
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "temp_store") == 2  # MEMORY: no temporary files
    # OFF on purpose (database.py, decision 0001): measured 3.4x slower bulk writes for no gain
    # against the threats in scope. Note SQLCipher cannot turn it off again once it is on.
    assert _pragma(engine, "cipher_memory_security") == "0"


def test_settings_hold_on_every_pooled_connection(engine):
    connections = [engine.connect() for _ in range(3)]
    try:
        assert {c.exec_driver_sql("PRAGMA synchronous").scalar() for c in connections} == {2}
        assert {c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in connections} == {1}
    finally:
        for connection in connections:
            connection.close()


def test_rows_survive_closing_and_reopening(layout, subkeys, engine):
    builders.seed_visit(engine)
    engine.dispose()
    reopened = open_database(layout.database, subkeys.database)
    try:
        with unit_of_work(reopened) as session:
            assert session.scalar(select(Applicant.name)) == "王小明"
    finally:
        reopened.dispose()


def test_a_foreign_key_violation_is_refused(engine):
    with pytest.raises(ConstraintViolation), unit_of_work(engine) as session:
        session.add(builders.case(applicant_id=str(uuid.uuid4())))


def test_wrong_key_is_refused_and_nothing_on_disk_changes(layout, subkeys, engine):
    builders.seed_visit(engine)
    engine.dispose()
    before = all_bytes_under(layout.root)
    with pytest.raises(WrongKey) as raised:
        open_database(layout.database, os.urandom(32))
    assert raised.value.reason == "wrong_key"
    assert all_bytes_under(layout.root) == before


@pytest.mark.parametrize("content, reason", [
    (b"", "empty_file"),
    ("这不是数据库 / not a database\n".encode() * 40, "not_a_database"),
    (os.urandom(CIPHER_PAGE_SIZE - 1), "not_a_database"),
], ids=["empty", "text", "odd-size"])
def test_a_file_that_is_not_our_database_is_corrupt_and_left_alone(layout, content, reason):
    layout.database.write_bytes(content)
    with pytest.raises(DatabaseCorrupt) as raised:
        open_database(layout.database, os.urandom(32), create=True)
    assert raised.value.reason == reason
    assert layout.database.read_bytes() == content
    assert sorted(p.name for p in layout.root.iterdir()) == ["attachments", "backups", "cases.db"]


def test_an_unencrypted_sqlite_file_is_never_opened(layout):
    plain = sqlite3.connect(layout.database)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    before = layout.database.read_bytes()
    with pytest.raises(DatabaseCorrupt) as raised:
        open_database(layout.database, os.urandom(32))
    assert raised.value.reason == "not_encrypted"
    assert layout.database.read_bytes() == before


def test_a_missing_database_is_not_created_unless_asked(layout, subkeys):
    with pytest.raises(DatabaseMissing):
        open_database(layout.database, subkeys.database)
    assert not layout.database.exists()


def test_create_database_never_replaces_an_existing_file(layout, subkeys, engine):
    with pytest.raises(DatabaseExists):
        create_database(layout.database, subkeys.database)


def test_a_newer_schema_is_refused_rather_than_guessed_at(layout, subkeys, engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(SchemaTooNew):
        open_database(layout.database, subkeys.database)


def test_integrity_check_finds_a_damaged_page(layout, subkeys, engine):
    builders.seed_visit(engine)
    check_integrity(engine)
    engine.dispose()
    data = bytearray(layout.database.read_bytes())
    data[CIPHER_PAGE_SIZE * 3 + 100] ^= 0xFF  # a page other than the first: the key check still passes
    layout.database.write_bytes(bytes(data))
    damaged = open_database(layout.database, subkeys.database)
    try:
        with pytest.raises(DatabaseCorrupt):
            check_integrity(damaged)
    finally:
        damaged.dispose()


def _add_settings(engine, prefix: str, count: int, size: int) -> None:
    with unit_of_work(engine) as session:
        for index in range(count):
            session.add(Setting(key=f"{prefix}{index}", value_json='"' + "x" * size + '"'))


def _setting_keys(engine) -> set[str]:
    with unit_of_work(engine) as session:
        return set(session.scalars(select(Setting.key)))


def test_disk_full_rolls_back_the_transaction_and_keeps_earlier_rows(layout, subkeys, engine):
    """SQLite's max_page_count produces the same SQLITE_FULL as a full disk."""
    _add_settings(engine, "kept-", 3, 100)
    pages = _pragma(engine, "page_count")
    engine.dispose()
    event.listen(engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 2}"))
    with pytest.raises(StorageFull) as raised:
        _add_settings(engine, "lost-", 50, 2000)
    assert raised.value.reason == "storage_full"
    assert _setting_keys(engine) == {"kept-0", "kept-1", "kept-2"}
    _add_settings(engine, "small-", 1, 10)  # still usable for what fits
    assert "small-0" in _setting_keys(engine)


def test_a_really_full_disk_loses_no_committed_row(tiny_filesystem, subkeys):
    database = tiny_filesystem / "cases.db"
    engine = open_database(database, subkeys.database, create=True)
    committed = 0
    try:
        with pytest.raises(StorageFull):
            for _ in range(200):
                _add_settings(engine, f"row-{committed}-", 1, 40_000)
                committed += 1
    finally:
        engine.dispose()
    assert committed > 0
    reopened = open_database(database, subkeys.database)
    try:
        assert len(_setting_keys(reopened)) == committed
    finally:
        reopened.dispose()


def test_answers_table_refuses_delete_and_rewrite(engine):
    ids = builders.seed_visit(engine)
    with unit_of_work(engine) as session:
        session.add(builders.answer(ids["visit"], ids["expert"], "adl.eating", "10"))
    for statement in ("DELETE FROM answers", "UPDATE answers SET option_id = '0'"):
        with pytest.raises(ConstraintViolation, match="append-only"), unit_of_work(engine) as session:
            session.execute(text(statement))


def test_migrated_database_is_at_head(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
