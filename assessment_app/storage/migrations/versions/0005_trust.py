# SPDX-License-Identifier: GPL-3.0-or-later
"""Trust: the provisioning package's sequence and revocation lists, enrolment codes, provisioned roles.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Written by hand and self-contained. Adds columns only; no existing value changes, except that
experts who hold an account on a provisioned workstation get `provisioned_role` = their role:
before this revision every account came from the agency's package (or from a passphrase set on
this workstation for an expert the package then listed, which gave them the package's role), so
that is the best statement of "the role the held package gives them" an old database can make.
A workstation holding a version 1 package holds sequence 0: any version 2 package is newer.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as table:
        # 0 = a version 1 package (no sequence); packages of version 2 count from 1.
        table.add_column(sa.Column("package_sequence", sa.Integer(), nullable=False, server_default="0"))
        # SHA-256 of the canonical package (the file's sha256 changes with re-indentation).
        table.add_column(sa.Column("package_content_sha256", sa.String(64), nullable=True))
        # The agency's X.509 CRLs as PEM, concatenated; verified again whenever they are read.
        table.add_column(sa.Column("revocation_lists_pem", sa.Text(), nullable=False, server_default=""))
        # {"id", "name", "tls_certificate", "server_url"} from the package, or NULL.
        table.add_column(sa.Column("workstation_json", sa.Text(), nullable=True))
        table.create_check_constraint("ck_agencies_package_sequence_not_negative", "package_sequence >= 0")
    with op.batch_alter_table("accounts") as table:
        table.add_column(sa.Column("enrolment_code_hash", sa.Text(), nullable=True))  # Argon2id PHC string
        table.add_column(sa.Column("enrolment_expires_at", sa.String(32), nullable=True))
        table.add_column(sa.Column("enrolment_origin", sa.String(16), nullable=True))
        table.add_column(sa.Column("enrolled_at", sa.String(32), nullable=True))
        table.create_check_constraint(
            "ck_accounts_enrolment_origin_known", "enrolment_origin IS NULL OR enrolment_origin IN ('agency', 'workstation')")
        table.create_check_constraint(
            "ck_accounts_enrolment_is_complete", "(enrolment_code_hash IS NULL) = (enrolment_expires_at IS NULL)")
    with op.batch_alter_table("experts") as table:
        # The role the held provisioning package gives this expert; NULL: not listed in it (added
        # on this workstation, or dropped by a later package).
        table.add_column(sa.Column("provisioned_role", sa.String(16), nullable=True))
    op.execute("""
        UPDATE experts SET provisioned_role = role
        WHERE EXISTS (SELECT 1 FROM agencies) AND id IN (SELECT expert_id FROM accounts) AND active
    """)


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
