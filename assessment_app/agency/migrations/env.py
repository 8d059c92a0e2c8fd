# SPDX-License-Identifier: GPL-3.0-or-later
"""Alembic environment of the agency server's PostgreSQL schema (separate from the workstation's
assessment_app/storage/migrations): runs on the connection handed over by agency.database.

No alembic.ini and no logging set-up: the server decides where logs go, and a migration never
depends on the working directory. PostgreSQL's DDL is transactional: a migration and its version
stamp commit together or not at all.
"""

from alembic import context

from assessment_app.agency.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("migrations run only through assessment_app.agency.database.upgrade_to_head")

context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True, transactional_ddl=True,
                  version_table="agency_alembic_version")

with context.begin_transaction():
    context.run_migrations()
