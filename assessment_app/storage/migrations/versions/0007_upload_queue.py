# SPDX-License-Identifier: GPL-3.0-or-later
"""Upload to the agency server: the workstation's TLS key, where each exported bundle was written,
the persisted upload queue, and the server's verdicts kept for offline viewing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

Written by hand and self-contained. Adds tables only: no existing row or table is touched.
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UPLOAD_STATES = ("queued", "uploading", "waiting", "failed", "cancelled", "sent")
_SERVER_STATUSES = ("receiving", "uploaded", "verified", "quarantined", "duplicate")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    op.create_table(
        "workstation_keys",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("private_key_pem", sa.Text(), nullable=False),
        sa.Column("public_key_sha256", sa.String(64), nullable=False),
        sa.Column("csr_pem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_workstation_keys"),
        sa.UniqueConstraint("public_key_sha256", name="uq_workstation_keys_public_key_sha256"),
        sa.ForeignKeyConstraint(["created_by"], ["experts.id"], name="fk_workstation_keys_created_by_experts"),
    )
    op.create_table(
        "bundle_exports",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("directory", sa.Text(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("exported_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_bundle_exports"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_bundle_exports_visit_id_visits"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_bundle_exports_case_id_cases"),
    )
    op.create_index("ix_bundle_exports_case_id", "bundle_exports", ["case_id"])
    op.create_table(
        "agency_uploads",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("directory", sa.Text(), nullable=False),
        sa.Column("server_bundle", sa.String(64), nullable=False),
        sa.Column("total_bytes", sa.BigInteger(), nullable=False),
        sa.Column("done_bytes", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(32), nullable=True),
        sa.Column("last_error", sa.String(64), nullable=True),
        sa.Column("last_error_detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("sent_at", sa.String(32), nullable=True),
        sa.Column("enqueued_by", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_agency_uploads"),
        sa.UniqueConstraint("bundle_id", name="uq_agency_uploads_bundle_id"),
        sa.ForeignKeyConstraint(["bundle_id"], ["bundle_exports.bundle_id"],
                                name="fk_agency_uploads_bundle_id_bundle_exports"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_agency_uploads_case_id_cases"),
        sa.ForeignKeyConstraint(["enqueued_by"], ["experts.id"], name="fk_agency_uploads_enqueued_by_experts"),
        sa.CheckConstraint(_in("state", _UPLOAD_STATES), name="ck_agency_uploads_state"),
        sa.CheckConstraint("done_bytes >= 0 AND done_bytes <= total_bytes", name="ck_agency_uploads_progress"),
    )
    op.create_index("ix_agency_uploads_case_id", "agency_uploads", ["case_id"])
    op.create_index("ix_agency_uploads_state", "agency_uploads", ["state"])
    op.create_table(
        "agency_bundle_statuses",
        sa.Column("server_bundle", sa.String(64), nullable=False),
        sa.Column("bundle_id", sa.String(64), nullable=True),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("duplicate_of", sa.String(64), nullable=True),
        sa.Column("registered_at", sa.String(40), nullable=True),
        sa.Column("checked_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("server_bundle", name="pk_agency_bundle_statuses"),
        sa.CheckConstraint(_in("status", _SERVER_STATUSES), name="ck_agency_bundle_statuses_status"),
    )
    op.create_index("ix_agency_bundle_statuses_case_id", "agency_bundle_statuses", ["case_id"])


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
