# SPDX-License-Identifier: GPL-3.0-or-later
"""One use case, one transaction: commit when the block ends normally, roll back on any exception.

SQLite faults come out as typed StorageError subclasses (StorageFull, DatabaseCorrupt, ...), so a
service can tell the user "the disk is full, nothing was saved" rather than show a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assessment_app.storage.errors import translated_storage_errors


@contextlib.contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    # expire_on_commit=False: objects returned by a use case stay readable after the commit,
    # without a lazy reload against a session that no longer exists.
    session = Session(engine, expire_on_commit=False)
    try:
        with translated_storage_errors():
            yield session
            session.commit()
    except BaseException:
        with contextlib.suppress(Exception):  # the original error is the one worth reporting
            session.rollback()
        raise
    finally:
        session.close()
