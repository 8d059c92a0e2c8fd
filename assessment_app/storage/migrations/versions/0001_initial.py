# SPDX-License-Identifier: GPL-3.0-or-later
"""Initial schema: experts, applicants, cases, visits, answers, attachments, reviews, settings.

Revision ID: 0001
Revises:
Create Date: 2025-11-26

Written by hand and self-contained (no import of models.py, which describes the newest schema).
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id(**kwargs) -> sa.Column:
    return sa.Column("id", sa.String(36), primary_key=True, **kwargs)


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "experts",
        _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("expert_number", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("qualification", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_experts"),
        sa.UniqueConstraint("expert_number", name="uq_experts_expert_number"),
        sa.CheckConstraint("role IN ('assessor', 'reviewer', 'administrator')", name="ck_experts_role"),
    )
    op.create_table(
        "applicants",
        _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("resident_id", sa.String(18), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("birth_date", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_applicants"),
        sa.UniqueConstraint("resident_id", name="uq_applicants_resident_id"),
    )
    op.create_index("ix_applicants_name", "applicants", ["name"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "cases",
        _id(),
        sa.Column("applicant_id", sa.String(36), nullable=False),
        sa.Column("task_number", sa.String(64), nullable=True),
        sa.Column("application_type", sa.String(32), nullable=False),
        sa.Column("insurance_type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("planned_visit_date", sa.String(10), nullable=True),
        _time("created_at"),
        sa.Column("created_by", sa.String(36), nullable=True),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name="fk_cases_applicant_id_applicants"),
        sa.ForeignKeyConstraint(["created_by"], ["experts.id"], name="fk_cases_created_by_experts"),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    op.create_index("ix_cases_planned_visit_date", "cases", ["planned_visit_date"])
    op.create_index("ix_cases_applicant_id", "cases", ["applicant_id"])
    op.create_index("uq_cases_task_number", "cases", ["task_number"], unique=True,
                    sqlite_where=sa.text("task_number IS NOT NULL"))
    op.create_index("uq_cases_one_open_per_type", "cases", ["applicant_id", "application_type"], unique=True,
                    sqlite_where=sa.text("status NOT IN ('closed', 'withdrawn')"))
    op.create_table(
        "case_experts",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("expert_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "expert_id", name="pk_case_experts"),
        sa.UniqueConstraint("case_id", "position", name="uq_case_experts_case_id_position"),
        sa.CheckConstraint("position IN (1, 2)", name="ck_case_experts_position"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_experts_case_id_cases"),
        sa.ForeignKeyConstraint(["expert_id"], ["experts.id"], name="fk_case_experts_expert_id_experts"),
    )
    op.create_table(
        "attachments",
        _id(),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("plaintext_sha256", sa.String(64), nullable=False),
        sa.Column("stored_name", sa.String(128), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
        sa.UniqueConstraint("stored_name", name="uq_attachments_stored_name"),
        sa.CheckConstraint("kind IN ('scan', 'photo', 'signature', 'other')", name="ck_attachments_kind"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_attachments_case_id_cases"),
    )
    op.create_index("ix_attachments_case_id", "attachments", ["case_id"])
    op.create_table(
        "materials",
        _id(),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.Column("attachment_id", sa.String(36), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_materials"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_materials_case_id_cases"),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"], name="fk_materials_attachment_id_attachments"),
    )
    op.create_index("ix_materials_case_id", "materials", ["case_id"])
    op.create_table(
        "self_assessments",
        _id(),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.String(32), nullable=False),
        sa.Column("form_sha256", sa.String(64), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        _time("recorded_at"),
        sa.Column("recorded_by_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_self_assessments"),
        sa.UniqueConstraint("case_id", name="uq_self_assessments_case_id"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_self_assessments_case_id_cases"),
    )
    op.create_table(
        "visits",
        _id(),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.String(36), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("corrected_by", sa.String(36), nullable=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.String(32), nullable=False),
        sa.Column("form_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _time("started_at", nullable=True),
        _time("signed_at", nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_visits"),
        sa.UniqueConstraint("case_id", "version", name="uq_visits_case_id_version"),
        sa.CheckConstraint("status IN ('draft', 'in_visit', 'signed', 'exported')", name="ck_visits_status"),
        sa.CheckConstraint("version >= 1", name="ck_visits_version_positive"),
        sa.CheckConstraint("(version = 1) = (supersedes_id IS NULL)", name="ck_visits_only_first_version_stands_alone"),
        sa.CheckConstraint("version = 1 OR (correction_reason IS NOT NULL AND corrected_by IS NOT NULL)",
                           name="ck_visits_correction_has_reason_and_author"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_visits_case_id_cases"),
        sa.ForeignKeyConstraint(["supersedes_id"], ["visits.id"], name="fk_visits_supersedes_id_visits"),
        sa.ForeignKeyConstraint(["corrected_by"], ["experts.id"], name="fk_visits_corrected_by_experts"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("option_id", sa.String(16), nullable=False),
        sa.Column("answered_by", sa.String(36), nullable=False),
        sa.Column("second_expert_id", sa.String(36), nullable=True),
        _time("wall_time"),
        sa.Column("monotonic_ns", sa.BigInteger(), nullable=False),
        sa.Column("video_offset_ms", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_answers_visit_id_visits"),
        sa.ForeignKeyConstraint(["answered_by"], ["experts.id"], name="fk_answers_answered_by_experts"),
        sa.ForeignKeyConstraint(["second_expert_id"], ["experts.id"], name="fk_answers_second_expert_id_experts"),
        sa.ForeignKeyConstraint(["superseded_by"], ["answers.id"], name="fk_answers_superseded_by_answers"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_answers_visit_id_item_id", "answers", ["visit_id", "item_id"])
    op.create_table(
        "reviews",
        _id(),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("reviewer_id", sa.String(36), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        _time("decided_at"),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.CheckConstraint("decision IN ('approved', 'returned', 'recheck_ordered')", name="ck_reviews_decision"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_reviews_visit_id_visits"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["experts.id"], name="fk_reviews_reviewer_id_experts"),
    )
    op.create_index("ix_reviews_visit_id", "reviews", ["visit_id"])

    # Answers are evidence: a change is a new row that supersedes the old one, nothing is
    # deleted or rewritten, and a signed visit takes no more answers (corrections are a new
    # visit version). Enforced here so that no code path, however buggy, can break it.
    op.execute("""
        CREATE TRIGGER answers_are_never_deleted BEFORE DELETE ON answers
        BEGIN SELECT RAISE(ABORT, 'answers are append-only'); END
    """)
    op.execute("""
        CREATE TRIGGER answers_change_only_by_superseding BEFORE UPDATE ON answers
        WHEN OLD.superseded_by IS NOT NULL
          OR NEW.id IS NOT OLD.id OR NEW.visit_id IS NOT OLD.visit_id
          OR NEW.item_id IS NOT OLD.item_id OR NEW.option_id IS NOT OLD.option_id
          OR NEW.answered_by IS NOT OLD.answered_by OR NEW.second_expert_id IS NOT OLD.second_expert_id
          OR NEW.wall_time IS NOT OLD.wall_time OR NEW.monotonic_ns IS NOT OLD.monotonic_ns
          OR NEW.video_offset_ms IS NOT OLD.video_offset_ms OR NEW.reason IS NOT OLD.reason
        BEGIN SELECT RAISE(ABORT, 'answers are append-only'); END
    """)
    op.execute("""
        CREATE TRIGGER answers_only_while_visit_open BEFORE INSERT ON answers
        WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IN ('signed', 'exported')
        BEGIN SELECT RAISE(ABORT, 'visit is signed: correct it with a new version'); END
    """)


def downgrade() -> None:
    # Downgrades are not supported: a restored backup is the way back.
    raise NotImplementedError("downgrade is not supported")
