# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's own migrations: they build exactly the schema the models describe, keep their
version in their own table (apart from the workstation's), and the audit trail is append-only."""

from __future__ import annotations

import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import exc, inspect, text

from assessment_app.agency.audit import append_event, verify_trail
from assessment_app.agency.database import (
    VERSION_TABLE, current_revision, head_revision, open_engine, require_head, transaction, upgrade_to_head,
)
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Base


def test_the_migrations_build_the_models_schema(database_url):
    engine = open_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert current_revision(engine) == head_revision()
    assert "alembic_version" not in inspect(engine).get_table_names()  # the workstation's name is not ours
    engine.dispose()


def test_an_empty_database_is_refused_until_migrated(pg_cluster):
    pg_cluster.create_database("t_empty")
    try:
        engine = open_engine(pg_cluster.url("t_empty"))
        with pytest.raises(AgencyError) as refused:
            require_head(engine)
        assert refused.value.reason == "schema_not_current"
        upgrade_to_head(engine)
        upgrade_to_head(engine)  # twice: nothing to do
        require_head(engine)
        engine.dispose()
    finally:
        pg_cluster.drop_database("t_empty")


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    engine = open_engine(f"postgresql+psycopg://nobody@/none?host={tmp_path}")
    with pytest.raises(AgencyError) as refused:
        require_head(engine)
    assert refused.value.reason == "database_unavailable"


def test_only_postgresql_is_accepted():
    with pytest.raises(AgencyError) as refused:
        open_engine("sqlite:///agency.db")
    assert refused.value.reason == "database_url_invalid"


def test_the_audit_trail_is_a_chain_that_cannot_be_edited(database_url):
    engine = open_engine(database_url)
    now = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
    with transaction(engine) as session:
        for number in range(3):
            append_event(session, actor="test", action="thing_done", subject=str(number), detail={"n": number}, now=now)
    with transaction(engine) as session:
        assert verify_trail(session).ok and verify_trail(session).count == 3
    with pytest.raises(exc.DBAPIError), transaction(engine) as session:
        session.execute(text("UPDATE audit_events SET subject = 'forged' WHERE sequence = 2"))
    with pytest.raises(exc.DBAPIError), transaction(engine) as session:
        session.execute(text("DELETE FROM audit_events WHERE sequence = 3"))
    # Someone with the power to drop the trigger and rewrite a row is still caught by the chain.
    with transaction(engine) as session:
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        session.execute(text("UPDATE audit_events SET detail = '{\"n\": 9}' WHERE sequence = 2"))
    with transaction(engine) as session:
        check = verify_trail(session)
    assert (check.ok, check.broken_at) == (False, 2)
    engine.dispose()
