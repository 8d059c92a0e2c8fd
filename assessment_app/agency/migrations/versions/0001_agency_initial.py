# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's first schema: agency, CAs, workstations, audit trail, bundles, uploads, jobs.

Revision ID: a0001
Revises:
Create Date: 2026-12-01

Written by hand and self-contained (no model imports): the models describe the newest schema.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "a0001"
down_revision = None
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        _at("created_at"),
        sa.CheckConstraint("id = 1", name="agency_is_one"),
    )
    op.create_table(
        "certificate_authorities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("certificate_pem", sa.Text, nullable=False),
        sa.Column("encrypted_key", sa.LargeBinary, nullable=True),
        sa.Column("origin", sa.String(16), nullable=False),
        _at("created_at"),
        sa.CheckConstraint("origin IN ('created', 'imported', 'trusted')", name="ca_origin"),
    )
    op.create_table(
        "workstations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("serial_number", sa.String(64), nullable=False, unique=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("certificate_pem", sa.Text, nullable=False),
        _at("issued_at"), _at("not_after"), _at("revoked_at", True),
        sa.Column("revoked_reason", sa.Text, nullable=True),
    )
    op.create_table(
        "audit_events",
        sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
        _at("at"),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("detail", JSONB, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    # The trail is append-only for the server's own role too: no UPDATE or DELETE gets through.
    op.execute("""
        CREATE FUNCTION agency_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$""")
    op.execute("""CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                  FOR EACH ROW EXECUTE FUNCTION agency_audit_append_only()""")
    op.create_table(
        "bundles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("index_json", sa.LargeBinary, nullable=False),
        sa.Column("part_count", sa.Integer, nullable=False),
        sa.Column("total_bytes", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("workstation_id", sa.String(36), sa.ForeignKey("workstations.id"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        _at("created_at"), _at("uploaded_at", True), _at("registered_at", True),
        sa.Column("bundle_uuid", sa.String(64), nullable=True),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("visit_id", sa.String(64), nullable=True),
        sa.Column("record_version", sa.Integer, nullable=True),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("duplicate_of", sa.String(64), nullable=True),
        sa.Column("reasons", JSONB, nullable=True),
        sa.Column("report", JSONB, nullable=True),
        sa.CheckConstraint("status IN ('receiving', 'uploaded', 'verified', 'quarantined', 'duplicate')",
                           name="bundle_status"),
        sa.CheckConstraint("source IN ('upload', 'import')", name="bundle_source"),
    )
    op.create_index("bundles_one_verified_uuid", "bundles", ["bundle_uuid"], unique=True,
                    postgresql_where=sa.text("status = 'verified'"))
    op.create_index("bundles_one_verified_manifest", "bundles", ["manifest_sha256"], unique=True,
                    postgresql_where=sa.text("status = 'verified'"))
    op.create_index("bundles_by_case", "bundles", ["case_id"])
    op.create_index("bundles_by_workstation", "bundles", ["workstation_id"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("bundle_id", sa.String(64), sa.ForeignKey("bundles.id"), nullable=False),
        sa.Column("part_name", sa.String(32), nullable=False),
        sa.Column("length", sa.BigInteger, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        _at("created_at"), _at("updated_at"), _at("completed_at", True),
        sa.UniqueConstraint("bundle_id", "part_name", name="uploads_one_per_part"),
        sa.CheckConstraint('"offset" >= 0 AND "offset" <= length', name="upload_offset_in_range"),
    )
    op.create_table(
        "verification_jobs",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("bundle_id", sa.String(64), sa.ForeignKey("bundles.id"), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("worker", sa.Text, nullable=True),
        _at("lease_until", True), _at("created_at"), _at("finished_at", True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done')", name="job_state"),
    )
    op.create_index("verification_jobs_waiting", "verification_jobs", ["state", "id"])


def downgrade() -> None:
    # Downgrades are not supported: a restored database backup is the way back.
    raise NotImplementedError("downgrade is not supported")
