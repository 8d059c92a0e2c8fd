# SPDX-License-Identifier: GPL-3.0-or-later
"""The SQLCipher database: create, open (key check first, never touching a file it cannot read), migrate.

Every connection: `PRAGMA key` as the very first statement (a raw 256-bit key, so SQLCipher's
own PBKDF2 is skipped: the key is already uniformly random), then cipher_memory_security (set
explicitly, see below), a read of the schema to prove the key, then WAL + synchronous=FULL (an
answer is on disk when the commit returns), foreign keys, in-memory temp storage (no plaintext
temp files), a busy timeout, and the name functions the case search triggers call (name_search.py).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from assessment_app.durable_files import fsync_directory, temporary_sibling
from assessment_app.storage.errors import (
    SQLITE_NOTADB,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseMissing,
    SchemaTooNew,
    StorageError,
    StorageIOError,
    WrongKey,
    sqlite_primary_code,
    storage_error_for,
    translated_storage_errors,
)
from assessment_app.storage.name_search import register_name_functions
from assessment_app.storage.paths import DATABASE_SIDECAR_SUFFIXES

DATABASE_KEY_BYTES = 32
# SQLCipher 4's default page size; every database we create uses it, so a file whose size is not
# a multiple of it cannot be one of ours (that is how "corrupt" is told apart from "wrong key").
CIPHER_PAGE_SIZE = 4096
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
_PLAINTEXT_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseExists(StorageError):
    reason = "database_exists"


# -- connections ----------------------------------------------------------------------------

def _refuse_unreadable_file(path: Path) -> None:
    """Typed errors for files that cannot be our database, decided without opening them."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as stream:
            head = stream.read(len(_PLAINTEXT_SQLITE_HEADER))
    except FileNotFoundError:
        raise DatabaseMissing(str(path)) from None
    except OSError as error:
        raise StorageIOError(f"{path}: {error}", reason="cannot_open") from None
    if size == 0:
        # Never initialise an existing empty file: it may be what is left of real data, and
        # create_database never leaves an empty file behind (it creates under a temporary name).
        raise DatabaseCorrupt(str(path), reason="empty_file")
    if head == _PLAINTEXT_SQLITE_HEADER:
        raise DatabaseCorrupt(f"{path} is an unencrypted SQLite file", reason="not_encrypted")
    if size % CIPHER_PAGE_SIZE:
        raise DatabaseCorrupt(f"{path}: size {size} is not a whole number of pages", reason="not_a_database")


def connect_sqlcipher(path: Path, database_key: bytes, *, create: bool = False) -> sqlcipher.Connection:
    """A keyed, checked DB-API connection (the engine's creator; backups use it directly)."""
    if len(database_key) != DATABASE_KEY_BYTES:
        raise ValueError(f"the database key must be {DATABASE_KEY_BYTES} bytes")
    path = Path(path).resolve()
    if not create:
        _refuse_unreadable_file(path)
    # mode=rw: opening must never create a file where the database was expected.
    uri = f"{path.as_uri()}?mode={'rwc' if create else 'rw'}"
    try:
        connection = sqlcipher.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                       check_same_thread=False, isolation_level=None)
    except sqlcipher.Error as error:
        raise storage_error_for(error) or StorageIOError(str(error), reason="cannot_open") from error
    try:
        connection.execute(f"PRAGMA key = \"x'{database_key.hex()}'\"")
        # OFF (SQLCipher 4's default): wiping every freed buffer made bulk writes and searches
        # about four times slower, and it protects only a running, unlocked process, which
        # docs/decisions/0001 already leaves out of scope (an attacker there reads the key too).
        connection.execute("PRAGMA cipher_memory_security = OFF")
        try:
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher.DatabaseError as error:
            if sqlite_primary_code(error) == SQLITE_NOTADB:
                raise WrongKey(str(path)) from None
            raise
        _configure(connection)
        register_name_functions(connection)
    except BaseException as error:
        connection.close()
        if isinstance(error, sqlcipher.Error):
            raise storage_error_for(error) or StorageIOError(str(error)) from error
        raise
    return connection


def _configure(connection: sqlcipher.Connection) -> None:
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StorageIOError(f"journal_mode is {mode!r}", reason="wal_unavailable")
    # cache_size: 64 MiB of decrypted pages; the default 2 MiB makes large searches and bulk
    # inserts re-decrypt (and re-encrypt) the same pages over and over.
    for pragma in ("synchronous = FULL", "foreign_keys = ON", "temp_store = MEMORY", "cache_size = -65536",
                   f"busy_timeout = {BUSY_TIMEOUT_MS}"):
        connection.execute(f"PRAGMA {pragma}")


def _engine(path: Path, database_key: bytes, *, create: bool = False) -> Engine:
    path = Path(path).resolve()
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        module=sqlcipher,
        creator=lambda: connect_sqlcipher(path, database_key, create=create),
        poolclass=QueuePool,
    )

    # Python's sqlite3 only opens a transaction before DML, so the reads of one session could see
    # different snapshots and DDL would auto-commit. The connections run in autocommit mode
    # (isolation_level=None) and SQLAlchemy's "begin" issues a real BEGIN instead.
    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


# -- create / open --------------------------------------------------------------------------

def create_database(path: Path, database_key: bytes, *, revision: str = "head") -> None:
    """Create a new database at `path`, migrated to `revision`; all or nothing.

    Built under a temporary name and renamed into place, so a crash never leaves an empty or
    half-initialised cases.db that a later open could mistake for real data.
    """
    path = Path(path).resolve()
    if path.exists():
        raise DatabaseExists(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_sibling(path, "creating")
    sidecars = [Path(f"{temporary}{suffix}") for suffix in DATABASE_SIDECAR_SUFFIXES]
    try:
        engine = _engine(temporary, database_key, create=True)
        try:
            upgrade_to(engine, revision)
            checkpoint(engine)
        finally:
            engine.dispose()
        if any(sidecar.exists() and sidecar.stat().st_size for sidecar in sidecars):
            raise StorageIOError("the new database was not fully checkpointed")
        os.replace(temporary, path)
        fsync_directory(path.parent)
    finally:
        for leftover in (temporary, *sidecars):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def open_database(path: Path, database_key: bytes, *, create: bool = False, migrate: bool = True) -> Engine:
    """An engine on the database, key already verified and schema migrated to head.

    Wrong key -> WrongKey; not a database / unencrypted / empty -> DatabaseCorrupt; missing
    -> DatabaseMissing (unless create=True). In none of these cases is any file written.
    Dispose the engine when done: its pooled connections hold the key in memory.
    """
    path = Path(path).resolve()
    if create and not path.exists():
        create_database(path, database_key)
    engine = _engine(path, database_key)
    try:
        with translated_storage_errors():
            engine.connect().close()  # fail now on a wrong key, not at the first query
        if migrate:
            upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


# -- migrations -----------------------------------------------------------------------------

def _alembic_config() -> Config:
    config = Config()
    # configparser would expand "%" in a user's path; Alembic reads no alembic.ini here.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with translated_storage_errors(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the Alembic migrations up to `revision` (a no-op when already there)."""
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    target = script.get_current_head() if revision == "head" else revision
    with translated_storage_errors(), engine.connect() as connection:
        raw = connection.connection.driver_connection
        # Batch migrations copy tables; with foreign keys on, dropping the old copy would cascade
        # or fail. They are switched off for the migration and the result checked afterwards.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            current = MigrationContext.configure(connection).get_current_revision()
            connection.rollback()
            if current is not None and current not in {known.revision for known in script.walk_revisions()}:
                raise SchemaTooNew(f"database is at revision {current}, this application knows up to {target}")
            if current != target:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            violations = raw.execute("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise DatabaseCorrupt(f"{len(violations)} foreign key violation(s)", reason="foreign_key_violation")
        except BaseException:
            connection.invalidate()  # never hand a connection with foreign keys off back to the pool
            raise
        raw.execute("PRAGMA foreign_keys = ON")


def checkpoint(engine: Engine) -> None:
    """Copy the WAL into the database file and empty it (e.g. after a visit, before a backup)."""
    with translated_storage_errors(), engine.connect() as connection:
        # On the raw connection: a checkpoint inside the BEGIN that SQLAlchemy would emit is blocked
        # by that transaction's own read snapshot.
        busy, _, _ = connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise DatabaseBusy("another connection kept the checkpoint from completing")


def check_integrity(engine: Engine) -> None:
    """Full check: every page's HMAC (SQLCipher) and SQLite's structure. Reads the whole file."""
    with translated_storage_errors(), engine.connect() as connection:
        problems = connection.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
        quick = connection.exec_driver_sql("PRAGMA quick_check").fetchall()
    if problems or quick != [("ok",)]:
        detail = "; ".join(str(row[0]) for row in (problems + quick)[:5])
        raise DatabaseCorrupt(detail, reason="integrity_check_failed")
