# SPDX-License-Identifier: GPL-3.0-or-later
"""Alembic environment: runs on the connection handed over by assessment_app.storage.database.

There is no alembic.ini and no logging setup here: the application decides where logs go, and a
migration must never depend on the current working directory.

SQLite cannot ALTER most things, so migrations use batch mode (copy the table, move the rows).
Batch-recreating a table drops its triggers: a migration that batch-alters `answers` must create
the append-only triggers of 0001_initial again (test_migrations checks they exist at head).
"""

from alembic import context

from assessment_app.storage import search_models, security_models  # noqa: F401 - register their tables on Base.metadata
from assessment_app.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("migrations run only through assessment_app.storage.database.upgrade_to_head")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    # The connection runs explicit BEGIN/COMMIT (database.py), so SQLite's DDL is transactional:
    # a migration and its version stamp commit together or not at all.
    transactional_ddl=True,
)

with context.begin_transaction():
    context.run_migrations()
