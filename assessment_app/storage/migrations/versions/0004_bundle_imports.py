# SPDX-License-Identifier: GPL-3.0-or-later
"""Bundle imports: every bundle a reviewer imported or quarantined, with its validation report.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Written by hand and self-contained. Adds one table only: no existing row or table is touched.
An imported case uses the existing statuses (the case "exported", awaiting the agency's decision).
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bundle_imports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("bundle_id", sa.String(64), nullable=True),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("quarantine_path", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("imported_by", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_bundle_imports"),
        sa.ForeignKeyConstraint(["imported_by"], ["experts.id"], name="fk_bundle_imports_imported_by_experts"),
        sa.CheckConstraint("status IN ('imported', 'quarantined')", name="ck_bundle_imports_status"),
    )
    op.create_index("ix_bundle_imports_bundle_id", "bundle_imports", ["bundle_id"])
    op.create_index("ix_bundle_imports_manifest_sha256", "bundle_imports", ["manifest_sha256"])
    op.create_index("uq_bundle_imports_imported_bundle", "bundle_imports", ["bundle_id"], unique=True,
                    sqlite_where=sa.text("status = 'imported'"))


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
