# SPDX-License-Identifier: GPL-3.0-or-later
"""The guided visit: workflow state, declarations, dual entry, visit attachments, notes,
confirmed plausibility warnings and recording events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Written by hand and self-contained (no import of the models, which describe the newest schema).
Adds tables only: no row of revision 0002 is touched, and `visits` / `answers` are not rebuilt
(a rebuild would drop the answers' append-only triggers).
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(32), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "visit_workflows",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("first_expert_id", sa.String(36), nullable=False),
        sa.Column("second_expert_id", sa.String(36), nullable=False),
        sa.Column("dual_entry", sa.Boolean(), nullable=False),
        sa.Column("entry_mode", sa.String(16), nullable=False),
        sa.Column("identity_status", sa.String(16), nullable=False),
        sa.Column("identity_discrepancy", sa.Text(), nullable=True),
        sa.Column("informant_name", sa.Text(), nullable=True),
        sa.Column("informant_relation", sa.Text(), nullable=True),
        sa.Column("informant_phone", sa.String(32), nullable=True),
        sa.Column("consent_status", sa.String(16), nullable=False),
        sa.Column("consent_refusal_reason", sa.Text(), nullable=True),
        sa.Column("recording_mode", sa.String(32), nullable=False),
        sa.Column("recording_waiver_code", sa.String(32), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("care_notes", sa.Text(), nullable=True),
        sa.Column("agreement_equal", sa.Integer(), nullable=True),
        sa.Column("agreement_total", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("outcome_detail", sa.Text(), nullable=True),
        _time("ended_at", nullable=True),
        sa.Column("record_sha256", sa.String(64), nullable=True),
        sa.Column("signer_fingerprints_json", sa.Text(), nullable=True),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("visit_id", name="pk_visit_workflows"),
        _fk("visit_workflows", "visit_id", "visits"),
        _fk("visit_workflows", "first_expert_id", "experts"),
        _fk("visit_workflows", "second_expert_id", "experts"),
        sa.CheckConstraint("identity_status IN ('pending', 'confirmed', 'mismatch')",
                           name="ck_visit_workflows_identity_status"),
        sa.CheckConstraint("consent_status IN ('pending', 'given', 'refused')", name="ck_visit_workflows_consent_status"),
        sa.CheckConstraint("recording_mode IN ('recorded', 'without_recording')",
                           name="ck_visit_workflows_recording_mode"),
        sa.CheckConstraint("entry_mode IN ('joint', 'independent', 'reconciling')", name="ck_visit_workflows_entry_mode"),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('completed', 'identity_mismatch', 'refused_recording', "
                           "'camera_unavailable')", name="ck_visit_workflows_outcome"),
        sa.CheckConstraint("agreement_total IS NULL OR (agreement_equal >= 0 AND agreement_equal <= agreement_total)",
                           name="ck_visit_workflows_agreement_in_range"),
    )
    op.create_table(
        "visit_declarations",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("expert_id", sa.String(36), nullable=False),
        sa.Column("text_version", sa.String(32), nullable=False),
        _time("declared_at"),
        sa.PrimaryKeyConstraint("visit_id", "expert_id", name="pk_visit_declarations"),
        _fk("visit_declarations", "visit_id", "visits"),
        _fk("visit_declarations", "expert_id", "experts"),
    )
    op.create_table(
        "dual_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("expert_id", sa.String(36), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("option_id", sa.String(16), nullable=False),
        _time("wall_time"),
        sa.Column("monotonic_ns", sa.BigInteger(), nullable=False),
        sa.Column("video_offset_ms", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_dual_entries"),
        _fk("dual_entries", "visit_id", "visits"),
        _fk("dual_entries", "expert_id", "experts"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_dual_entries_visit_id_expert_id", "dual_entries", ["visit_id", "expert_id"])
    op.create_table(
        "visit_attachments",
        sa.Column("attachment_id", sa.String(36), nullable=False),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=True),
        sa.Column("expert_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("attachment_id", name="pk_visit_attachments"),
        _fk("visit_attachments", "attachment_id", "attachments"),
        _fk("visit_attachments", "visit_id", "visits"),
        _fk("visit_attachments", "expert_id", "experts"),
        sa.CheckConstraint("purpose IN ('id_card_photo', 'face_photo', 'consent_signature', 'item_photo', "
                           "'expert_signature', 'informant_signature', 'signed_report')",
                           name="ck_visit_attachments_purpose"),
    )
    op.create_index("ix_visit_attachments_visit_id", "visit_attachments", ["visit_id"])
    op.create_table(
        "visit_item_notes",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(36), nullable=False),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("visit_id", "item_id", name="pk_visit_item_notes"),
        _fk("visit_item_notes", "visit_id", "visits"),
        _fk("visit_item_notes", "written_by", "experts"),
    )
    op.create_table(
        "warning_confirmations",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("confirmed_by", sa.String(36), nullable=False),
        _time("confirmed_at"),
        sa.PrimaryKeyConstraint("visit_id", "code", name="pk_warning_confirmations"),
        _fk("warning_confirmations", "visit_id", "visits"),
        _fk("warning_confirmations", "confirmed_by", "experts"),
    )
    op.create_table(
        "recording_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reason_code", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("video_offset_ms", sa.BigInteger(), nullable=True),
        _time("wall_time"),
        sa.Column("monotonic_ns", sa.BigInteger(), nullable=False),
        sa.Column("expert_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_recording_events"),
        _fk("recording_events", "visit_id", "visits"),
        _fk("recording_events", "expert_id", "experts"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_recording_events_visit_id", "recording_events", ["visit_id"])

    # Each expert's own ratings and the recording events are evidence, like the answers (0001).
    for table, message in (("dual_entries", "dual entries are append-only"),
                           ("recording_events", "recording events are append-only")):
        op.execute(f"""
            CREATE TRIGGER {table}_are_never_deleted BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_are_never_updated BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END
        """)
    op.execute("""
        CREATE TRIGGER dual_entries_only_while_visit_open BEFORE INSERT ON dual_entries
        WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IN ('signed', 'exported')
        BEGIN SELECT RAISE(ABORT, 'visit is signed: correct it with a new version'); END
    """)


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
