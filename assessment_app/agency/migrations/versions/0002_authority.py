# SPDX-License-Identifier: GPL-3.0-or-later
"""The authority's records: experts and their certificates, the age recipients bundles are encrypted
to, the provisioning signer, every provisioning package built, and the counters that order packages
and revocation lists.

Revision ID: a0002
Revises: a0001
Create Date: 2026-12-05

Written by hand and self-contained (no model imports). Adds tables, two sequences and one column
of `workstations`; no existing row changes meaning.
"""
from alembic import op
import sqlalchemy as sa

revision = "a0002"
down_revision = "a0001"
branch_labels = None
depends_on = None

_CRL_REASONS = ("unspecified", "key_compromise", "ca_compromise", "affiliation_changed", "superseded",
                "cessation_of_operation", "certificate_hold", "privilege_withdrawn", "aa_compromise")


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _reason_condition() -> str:
    allowed = ", ".join(f"'{reason}'" for reason in _CRL_REASONS)
    return f"crl_reason IS NULL OR crl_reason IN ({allowed})"


def upgrade() -> None:
    # Packages and revocation lists are numbered by PostgreSQL: increasing across the agency, never
    # reused, whichever server process builds them (a rolled-back build leaves a gap, which is fine).
    op.execute("CREATE SEQUENCE provisioning_sequence START WITH 1 MINVALUE 1")
    op.execute("CREATE SEQUENCE crl_number_sequence START WITH 1 MINVALUE 1")
    op.add_column("workstations", sa.Column("crl_reason", sa.String(32), nullable=True))
    op.create_check_constraint("workstation_crl_reason", "workstations", _reason_condition())
    op.create_table(
        "experts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("expert_number", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("qualification", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("enrolment_code_hash", sa.Text, nullable=True),
        _at("enrolment_expires_at", True),
        _at("created_at"), _at("disabled_at", True),
        sa.Column("disabled_reason", sa.Text, nullable=True),
        sa.CheckConstraint("role IN ('assessor', 'reviewer', 'administrator')", name="expert_role"),
        sa.CheckConstraint("(enrolment_code_hash IS NULL) = (enrolment_expires_at IS NULL)",
                           name="expert_enrolment_complete"),
    )
    op.create_table(
        "expert_certificates",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("expert_id", sa.String(36), sa.ForeignKey("experts.id"), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("serial_number", sa.String(64), nullable=False),
        sa.Column("issuer_fingerprint", sa.String(64), nullable=False),
        sa.Column("certificate_pem", sa.Text, nullable=False),
        sa.Column("key_origin", sa.String(16), nullable=False),
        _at("issued_at"), _at("not_after"), _at("revoked_at", True),
        sa.Column("revoked_reason", sa.Text, nullable=True),
        sa.Column("crl_reason", sa.String(32), nullable=True),
        sa.CheckConstraint("key_origin IN ('issued', 'csr', 'imported')", name="expert_key_origin"),
        sa.CheckConstraint(_reason_condition(), name="expert_certificate_crl_reason"),
        sa.UniqueConstraint("issuer_fingerprint", "serial_number", name="expert_certificates_one_serial"),
    )
    op.create_index("expert_certificates_by_expert", "expert_certificates", ["expert_id"])
    op.create_table(
        "age_recipients",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("age_recipient", sa.String(128), nullable=False, unique=True),
        _at("created_at"), _at("retired_at", True),
        sa.CheckConstraint("purpose IN ('agency', 'recovery')", name="recipient_purpose"),
    )
    op.create_table(
        "provisioning_signers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("serial_number", sa.String(64), nullable=False),
        sa.Column("issuer_fingerprint", sa.String(64), nullable=False),
        sa.Column("certificate_pem", sa.Text, nullable=False),
        sa.Column("encrypted_key", sa.LargeBinary, nullable=False),
        _at("issued_at"), _at("not_after"), _at("revoked_at", True),
    )
    op.create_table(
        "provisioning_packages",
        sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("workstation_id", sa.String(36), sa.ForeignKey("workstations.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        _at("issued_at"),
        sa.Column("signer_fingerprint", sa.String(64), nullable=False),
        sa.Column("crl_numbers", sa.Text, nullable=False),
        sa.Column("experts", sa.Integer, nullable=False),
        sa.Column("revocations", sa.Integer, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
    )
    op.create_index("provisioning_packages_by_workstation", "provisioning_packages", ["workstation_id"])


def downgrade() -> None:
    # Downgrades are not supported: a restored database backup is the way back.
    raise NotImplementedError("downgrade is not supported")
