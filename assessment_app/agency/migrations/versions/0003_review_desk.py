# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk: verified records for the reviewers and the dashboard, claims, reviewer
sessions, decisions, samples, settings and the agency's provisioning package (issue 18).

Revision ID: a0003
Revises: a0002
Create Date: 2026-12-08

Written by hand and self-contained (no model imports): the models describe the newest schema.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "a0003"
down_revision = "a0002"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "review_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", JSONB, nullable=False),
        _at("updated_at"),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_table(
        "review_trust_packages",
        sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("package", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        _at("issued_at"), _at("recorded_at"),
    )
    op.create_table(
        "review_records",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("bundle_id", sa.String(64), sa.ForeignKey("bundles.id"), nullable=True, unique=True),
        sa.Column("synthetic", sa.Boolean, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("workstation_id", sa.String(36), sa.ForeignKey("workstations.id"), nullable=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.String(64), nullable=False),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.Column("application_type", sa.String(16), nullable=False),
        sa.Column("district", sa.Text, nullable=True),
        sa.Column("applicant_key", sa.String(64), nullable=False),
        _at("case_created_at"),
        sa.Column("applied_on", sa.Date, nullable=False),
        _at("started_at", True), _at("ended_at", True), _at("signed_at", True),
        sa.Column("duration_seconds", sa.Integer, nullable=True),
        sa.Column("grade_code", sa.SmallInteger, nullable=True),
        sa.Column("first_expert", sa.String(64), nullable=False),
        sa.Column("second_expert", sa.String(64), nullable=False),
        sa.Column("answer_changes", sa.Integer, nullable=False),
        sa.Column("dual_entry", sa.Boolean, nullable=False),
        sa.Column("agreement_equal", sa.Integer, nullable=True),
        sa.Column("agreement_total", sa.Integer, nullable=True),
        sa.Column("self_grade", sa.SmallInteger, nullable=True),
        sa.Column("flag_codes", ARRAY(sa.Text), nullable=False),
        sa.Column("flags", JSONB, nullable=False),
        sa.Column("reapplication_codes", ARRAY(sa.Text), nullable=False),
        sa.Column("record", JSONB, nullable=False),
        sa.Column("comparison", JSONB, nullable=True),
        sa.Column("timeline", JSONB, nullable=True),
        sa.Column("parts", JSONB, nullable=True),
        sa.Column("identity_sealed", sa.LargeBinary, nullable=False),
        sa.Column("payload_key_sealed", sa.LargeBinary, nullable=True),
        sa.Column("payload_start", sa.BigInteger, nullable=True),
        sa.Column("is_newest", sa.Boolean, nullable=False),
        sa.Column("review_status", sa.String(16), nullable=False),
        sa.Column("review_reason", sa.Text, nullable=True),
        _at("decided_at", True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _at("claimed_at", True), _at("claim_expires_at", True), _at("registered_at"),
        sa.CheckConstraint("review_status IN ('pending', 'approved', 'returned', 'recheck_ordered')",
                           name="review_status_known"),
        sa.CheckConstraint("(claimed_by IS NULL) = (claim_expires_at IS NULL)", name="review_claim_whole"),
        sa.CheckConstraint("synthetic OR (bundle_id IS NOT NULL AND payload_key_sealed IS NOT NULL)",
                           name="review_record_has_bundle"),
    )
    # The queue's order (newest signed first) straight from an index, for each status, for all,
    # and for the flagged ones: a page is an index range, not a sort of the whole queue.
    order = [sa.text("signed_at DESC NULLS LAST"), sa.text("visit_id DESC")]
    op.create_index("review_records_queue", "review_records", ["review_status", *order],
                    postgresql_where=sa.text("is_newest"))
    op.create_index("review_records_queue_all", "review_records", order, postgresql_where=sa.text("is_newest"))
    op.create_index("review_records_queue_flagged", "review_records", order,
                    postgresql_where=sa.text("is_newest AND cardinality(flag_codes) > 0"))
    op.create_index("review_records_flags", "review_records", ["flag_codes"], postgresql_using="gin")
    op.create_index("review_records_by_case", "review_records", ["case_id", "version"])
    # One person's applications (flags, re-applicants) without reading the wide rows.
    op.create_index("review_records_by_applicant", "review_records", ["applicant_key"], postgresql_include=[
        "case_id", "version", "visit_id", "case_created_at", "applied_on", "reapplication_codes", "started_at",
        "district", "first_expert", "second_expert", "is_newest"])
    op.create_index("review_records_by_first_expert", "review_records", ["first_expert", "started_at"])
    op.create_index("review_records_by_second_expert", "review_records", ["second_expert", "started_at"])
    # The dashboard's facts in one index: its scans read this, not the wide rows (index-only).
    op.create_index("review_records_facts", "review_records", ["started_at"], postgresql_include=[
        "is_newest", "grade_code", "first_expert", "second_expert", "district", "duration_seconds", "answer_changes",
        "review_status", "dual_entry", "agreement_equal", "agreement_total", "flag_codes"])
    op.create_index("review_records_reapplicants", "review_records", ["applicant_key"],
                    postgresql_where=sa.text("cardinality(reapplication_codes) > 0"))
    op.create_index("review_records_by_workstation", "review_records", ["workstation_id"])
    op.create_table(
        "review_members",
        sa.Column("visit_id", sa.String(64), sa.ForeignKey("review_records.visit_id"), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
    )
    op.create_table(
        "review_claims",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(64), sa.ForeignKey("review_records.visit_id"), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=False),
        _at("claimed_at"), _at("expires_at"), _at("ended_at", True),
        sa.Column("ended_how", sa.String(16), nullable=True),
        sa.CheckConstraint("ended_how IS NULL OR ended_how IN ('released', 'taken_over', 'decided', 'superseded')",
                           name="review_claim_end_known"),
    )
    op.create_index("review_claims_open", "review_claims", ["visit_id", "reviewer"],
                    postgresql_where=sa.text("ended_at IS NULL"))
    op.create_table(
        "review_challenges",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("workstation_id", sa.String(36), sa.ForeignKey("workstations.id"), nullable=False),
        _at("created_at"), _at("expires_at"), _at("used_at", True),
    )
    op.create_table(
        "review_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("expert_number", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("certificate_fingerprint", sa.String(64), nullable=False),
        sa.Column("certificate_pem", sa.Text, nullable=False),
        sa.Column("workstation_id", sa.String(36), sa.ForeignKey("workstations.id"), nullable=False),
        _at("created_at"), _at("expires_at"), _at("ended_at", True),
    )
    op.create_table(
        "review_decisions",
        sa.Column("review_id", sa.String(64), primary_key=True),
        sa.Column("visit_id", sa.String(64), sa.ForeignKey("review_records.visit_id"), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("reviewer_number", sa.String(64), nullable=False),
        _at("decided_at"),
        sa.Column("new_case_id", sa.String(64), nullable=True),
        _at("received_at"),
        sa.Column("received_from", sa.String(36), sa.ForeignKey("workstations.id"), nullable=True),
        sa.Column("object_key", sa.Text, nullable=True),
        sa.Column("pdf_sha256", sa.String(64), nullable=True),
        _at("delivered_at", True),
        sa.CheckConstraint("decision IN ('approved', 'returned', 'recheck_ordered')", name="review_decision_known"),
    )
    op.create_index("review_decisions_one_closing", "review_decisions", ["visit_id"], unique=True,
                    postgresql_where=sa.text("decision IN ('approved', 'recheck_ordered')"))
    op.create_index("review_decisions_by_visit", "review_decisions", ["visit_id", "decided_at"])
    op.create_table(
        "review_samples",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("seed", sa.Text, nullable=False),
        sa.Column("percent", sa.String(16), nullable=False),
        sa.Column("filters", JSONB, nullable=False),
        sa.Column("population_count", sa.Integer, nullable=False),
        sa.Column("population_sha256", sa.String(64), nullable=False),
        sa.Column("population", JSONB, nullable=False),
        sa.Column("sample", JSONB, nullable=False),
        sa.Column("drawn_by", sa.String(64), nullable=False),
        _at("drawn_at"),
    )


def downgrade() -> None:
    # Downgrades are not supported: a restored database backup is the way back.
    raise NotImplementedError("downgrade is not supported")
