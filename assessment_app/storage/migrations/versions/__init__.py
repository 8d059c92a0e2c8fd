# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration scripts, one per revision. Alembic skips this file by name."""
