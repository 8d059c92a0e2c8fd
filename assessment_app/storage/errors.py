# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed storage errors with stable `.reason` codes, and the translation from SQLite's errors.

The UI and CLI map `.reason` to zh_CN/en text; `.detail` is for logs and support, not users.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator

import sqlalchemy.exc

from assessment_app.errors import AppError

# SQLite primary result codes (https://sqlite.org/rescode.html); sqlcipher3 reports the extended
# code in `sqlite_errorcode`, whose low byte is the primary code.
SQLITE_BUSY = 5
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26


class StorageError(AppError):
    reason = "storage_error"

    def __init__(self, detail: str = "", *, reason: str | None = None):
        super().__init__(detail or self.reason)
        if reason is not None:
            self.reason = reason
        self.detail = detail


class DatabaseMissing(StorageError):
    reason = "database_missing"


class WrongKey(StorageError):
    """The key does not decrypt the database's first page.

    SQLCipher cannot tell a wrong key from a destroyed first page of a correctly sized file;
    both land here. Files that cannot be a SQLCipher database at all are DatabaseCorrupt.
    """

    reason = "wrong_key"


class DatabaseCorrupt(StorageError):
    """reason: "corrupt", "empty_file", "not_a_database", "not_encrypted", "integrity_check_failed",
    "foreign_key_violation"."""

    reason = "corrupt"


class StorageFull(StorageError):
    reason = "storage_full"


class DatabaseBusy(StorageError):
    reason = "database_busy"


class StorageIOError(StorageError):
    """reason: "io_error", "read_only", "cannot_open", "wal_unavailable"."""

    reason = "io_error"


class SchemaTooNew(StorageError):
    """The database was migrated by a newer version of the application."""

    reason = "schema_too_new"


class ConstraintViolation(StorageError):
    reason = "constraint_violation"


def sqlite_primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_error_for(dbapi_error: BaseException) -> StorageError | None:
    """The typed error for a DB-API error from sqlcipher3, or None if it is not a storage fault."""
    code = sqlite_primary_code(dbapi_error)
    detail = str(dbapi_error)
    if code == SQLITE_FULL:
        return StorageFull(detail)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        # After a successful open, NOTADB means a later page failed SQLCipher's HMAC check.
        return DatabaseCorrupt(detail)
    if code == SQLITE_BUSY:
        return DatabaseBusy(detail)
    if code == SQLITE_READONLY:
        return StorageIOError(detail, reason="read_only")
    if code == SQLITE_IOERR:
        return StorageIOError(detail)
    if code == SQLITE_CANTOPEN:
        return StorageIOError(detail, reason="cannot_open")
    if code == SQLITE_CONSTRAINT:
        return ConstraintViolation(detail)
    return None


@contextlib.contextmanager
def translated_storage_errors() -> Iterator[None]:
    """Re-raise SQLite faults (SQLAlchemy-wrapped or raw) and a full disk as StorageError subclasses."""
    try:
        yield
    except OSError as error:
        if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise StorageFull(str(error)) from error
        raise
    except sqlalchemy.exc.DBAPIError as error:
        typed = storage_error_for(error.orig) if error.orig is not None else None
        if typed is None:
            raise
        raise typed from error
    except StorageError:
        raise
    except Exception as error:
        if sqlite_primary_code(error) is None:
            raise
        typed = storage_error_for(error)
        if typed is None:
            raise
        raise typed from error
