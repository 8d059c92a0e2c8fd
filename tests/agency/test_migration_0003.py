# SPDX-License-Identifier: GPL-3.0-or-later
"""Agency migration 0003 (the review desk) on a database made by the revision before it: the
data already there stays, the new tables and indexes are there, and the models match."""

from __future__ import annotations

import datetime

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from assessment_app.agency.database import _alembic_config, current_revision, head_revision, open_engine, upgrade_to_head


def test_0003_upgrades_a_database_of_the_revision_before_without_losing_data(pg_cluster):
    config = _alembic_config()
    previous = ScriptDirectory.from_config(config).get_revision("a0003").down_revision
    pg_cluster.create_database("t_before_0003")
    try:
        engine = open_engine(pg_cluster.url("t_before_0003"), pool_size=1, max_overflow=0)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, previous)
        now = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
        with engine.begin() as connection:
            connection.execute(text("""INSERT INTO bundles (id, index_json, part_count, total_bytes, source, status,
                                       created_at) VALUES ('b' || repeat('0', 63), '\\x7b7d', 1, 10, 'import',
                                       'uploaded', :now)"""), {"now": now})
        assert current_revision(engine) == previous
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM bundles")).scalar_one() == 1
        tables = set(inspect(engine).get_table_names())
        assert {"review_records", "review_members", "review_claims", "review_sessions", "review_challenges",
                "review_decisions", "review_samples", "review_settings", "review_trust_packages"} <= tables
        indexes = {index["name"] for index in inspect(engine).get_indexes("review_records")}
        assert {"review_records_queue", "review_records_facts", "review_records_flags"} <= indexes
        engine.dispose()
    finally:
        pg_cluster.drop_database("t_before_0003")
