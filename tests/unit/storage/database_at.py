# SPDX-License-Identifier: GPL-3.0-or-later
"""An encrypted database created at an older schema revision, not migrated: the starting point
of every migration test (fill it with that revision's rows, then upgrade)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine

from assessment_app.security.subkeys import derive_subkeys
from assessment_app.storage.database import create_database, open_database
from assessment_app.storage.paths import DataLayout


def engine_at(directory: Path, revision: str) -> Iterator[Engine]:
    layout = DataLayout(directory)
    layout.ensure_directories()
    keys = derive_subkeys(bytes(range(32)))
    create_database(layout.database, keys.database, revision=revision)
    engine = open_database(layout.database, keys.database, migrate=False)
    yield engine
    engine.dispose()
