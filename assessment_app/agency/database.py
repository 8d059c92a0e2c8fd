# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's PostgreSQL: engines (psycopg 3) and its own Alembic migrations.

`serve`, `worker` and `import` refuse a database that is not at this code's head (`ltc-agency
migrate` brings it there), so an old server never writes into a newer schema and a new one never
runs on tables it does not know.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from assessment_app.agency.errors import AgencyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "agency_alembic_version"


def open_engine(url: str, *, pool_size: int = 10, max_overflow: int = 70) -> Engine:
    """psycopg 3; pre-ping so a PostgreSQL restart costs one failed check, not a failed request."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise AgencyError("database_url_invalid", str(error)) from None
    if parsed.get_backend_name() != "postgresql":
        raise AgencyError("database_url_invalid", "the agency server runs on PostgreSQL only")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True,
                         connect_args={"connect_timeout": 10})


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with database_errors(), engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade_to_head(engine: Engine) -> str:
    config = _alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    current = current_revision(engine)
    if current is not None and current not in known:
        raise AgencyError("schema_too_new", current)
    with database_errors(), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head_revision()


def require_head(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise AgencyError("schema_not_current", f"{current or 'empty'} ≠ {head}")


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """A database that cannot be reached is a clear `database_unavailable`, not a traceback."""
    try:
        yield
    except exc.OperationalError as error:
        raise AgencyError("database_unavailable", str(error.orig or error).strip().splitlines()[0][:300]) from None


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with database_errors(), Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
