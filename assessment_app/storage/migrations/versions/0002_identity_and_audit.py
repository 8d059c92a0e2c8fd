# SPDX-License-Identifier: GPL-3.0-or-later
"""Identity and evidence: agency, accounts, signing identities, audit records.

Revision ID: 0002
Revises: 0001
Create Date: 2025-12-01

Written by hand and self-contained (no import of the models, which describe the newest schema).
Adds tables only: no row of revision 0001 is touched.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# SHA-256("ltc-assess audit v1"): the previous_hash of every chain's first event
# (docs/formats/audit-log.md). Copied, not imported: a migration must not change with the code.
AUDIT_GENESIS_HASH = "378c459947eb770dce83171437dd212358531e3bfc89a8b278d7104dc80ad9f9"


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("package_sha256", sa.String(64), nullable=False),
        _time("imported_at"),
        sa.Column("signer_ca_fingerprint", sa.String(64), nullable=False),
        sa.Column("ca_certificates_pem", sa.Text(), nullable=False),
        sa.Column("recipients_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
        sa.CheckConstraint("id = 1", name="ck_agencies_single_row"),
    )
    op.create_table(
        "accounts",
        sa.Column("expert_id", sa.String(36), nullable=False),
        sa.Column("passphrase_hash", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        _time("locked_until", nullable=True),
        sa.Column("must_change_passphrase", sa.Boolean(), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("expert_id", name="pk_accounts"),
        sa.ForeignKeyConstraint(["expert_id"], ["experts.id"], name="fk_accounts_expert_id_experts"),
        sa.CheckConstraint("failures >= 0", name="ck_accounts_failures_not_negative"),
    )
    op.create_table(
        "signing_identities",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("expert_id", sa.String(36), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=True),
        sa.Column("encrypted_private_key", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=True),
        _time("created_at"),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signing_identities"),
        sa.UniqueConstraint("fingerprint", name="uq_signing_identities_fingerprint"),
        sa.ForeignKeyConstraint(["expert_id"], ["experts.id"], name="fk_signing_identities_expert_id_experts"),
        sa.CheckConstraint("certificate_pem IS NOT NULL OR encrypted_private_key IS NOT NULL",
                           name="ck_signing_identities_not_empty"),
        sa.CheckConstraint("NOT active OR (certificate_pem IS NOT NULL AND encrypted_private_key IS NOT NULL)",
                           name="ck_signing_identities_active_is_complete"),
    )
    op.create_index("ix_signing_identities_expert_id", "signing_identities", ["expert_id"])
    op.create_index("uq_signing_identities_one_active", "signing_identities", ["expert_id"], unique=True,
                    sqlite_where=sa.text("active = 1"))
    op.create_table(
        "audit_records",
        sa.Column("chain", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        _time("wall_time"),
        sa.Column("monotonic_ms", sa.BigInteger(), nullable=True),
        sa.Column("actors_json", sa.Text(), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.Column("video_offset_ms", sa.BigInteger(), nullable=True),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("chain", "sequence", name="pk_audit_records"),
        sa.CheckConstraint("sequence >= 1", name="ck_audit_records_sequence_positive"),
    )
    op.create_index("ix_audit_records_case_id", "audit_records", ["case_id"])

    # The audit log is evidence, like the answers (0001): nothing is rewritten or removed, and a
    # record may only extend its chain. The hash chain detects tampering afterwards; these
    # triggers keep every code path of this application from producing it in the first place.
    op.execute("""
        CREATE TRIGGER audit_records_are_never_deleted BEFORE DELETE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END
    """)
    op.execute("""
        CREATE TRIGGER audit_records_are_never_updated BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END
    """)
    op.execute(f"""
        CREATE TRIGGER audit_records_extend_their_chain BEFORE INSERT ON audit_records
        WHEN NEW.sequence IS NOT COALESCE(
                 (SELECT MAX(sequence) FROM audit_records WHERE chain = NEW.chain), 0) + 1
          OR NEW.previous_hash IS NOT COALESCE(
                 (SELECT hash FROM audit_records WHERE chain = NEW.chain AND sequence = NEW.sequence - 1),
                 '{AUDIT_GENESIS_HASH}')
        BEGIN SELECT RAISE(ABORT, 'audit record does not extend its chain'); END
    """)


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
