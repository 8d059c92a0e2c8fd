# SPDX-License-Identifier: GPL-3.0-or-later
"""Alembic environment of the case database (run through database.upgrade_to_head, not alembic.ini)."""
