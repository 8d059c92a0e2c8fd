# SPDX-License-Identifier: GPL-3.0-or-later
"""SQLAlchemy 2 models of the case records.

Conventions: ids are UUID4 strings (generated here, so records can be created offline on many
laptops and merged without collisions); times are UTC ISO-8601 strings from `utc_timestamp`
(fixed width, so text order is time order) or integers; no floats anywhere. The schema itself is
created only by the Alembic migrations (migrations/versions/); a test keeps the two in step.

Rules the database enforces itself, so no code path can bypass them:
- at most one open case per applicant and application type (partial unique index);
- answers are append-only and closed once their visit is signed (triggers in 0001_initial).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The vocabularies are the domain's; the schema only enforces them.
from assessment_app.domain.case_types import CLOSED_CASE_STATUSES
from assessment_app.domain.review_decisions import REVIEW_DECISIONS
from assessment_app.domain.roles import EXPERT_ROLES
from assessment_app.domain.visit_status import VISIT_STATUSES

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ATTACHMENT_KINDS = ("scan", "photo", "signature", "other")


def new_id() -> str:
    return str(uuid.uuid4())


def utc_timestamp(moment: datetime | None = None) -> str:
    """`2025-03-01T08:15:30.123456Z`: fixed width so that string order is chronological order."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no defined UTC instant")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _in(column: str, values: tuple[str, ...], *, negate: bool = False) -> str:
    return f"{column} {'NOT IN' if negate else 'IN'} ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Expert(Base):
    __tablename__ = "experts"
    __table_args__ = (CheckConstraint(_in("role", EXPERT_ROLES), name="role"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text)
    expert_number: Mapped[str] = mapped_column(String(64), unique=True)  # 评估人员编号
    role: Mapped[str] = mapped_column(String(16))
    qualification: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[str] = mapped_column(String(32))
    # The role the held provisioning package gives this expert; None when it does not list them
    # (added on this workstation, or dropped by a later package). A decision is accepted only
    # from a reviewer the agency lists (services/review_decision.py).
    provisioned_role: Mapped[str | None] = mapped_column(String(16))


class Applicant(Base):
    __tablename__ = "applicants"
    __table_args__ = (Index("ix_applicants_name", "name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text)
    resident_id: Mapped[str] = mapped_column(String(18), unique=True)  # 居民身份证号, upper-case X
    sex: Mapped[str] = mapped_column(String(16))
    birth_date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ix_cases_created_at", "created_at"),
        Index("ix_cases_planned_visit_date", "planned_visit_date"),
        Index("ix_cases_applicant_id", "applicant_id"),
        Index("uq_cases_task_number", "task_number", unique=True,
              sqlite_where=text("task_number IS NOT NULL")),
        Index("uq_cases_one_open_per_type", "applicant_id", "application_type", unique=True,
              sqlite_where=text(_in("status", CLOSED_CASE_STATUSES, negate=True))),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicants.id"))
    task_number: Mapped[str | None] = mapped_column(String(64))  # the agency's task number
    application_type: Mapped[str] = mapped_column(String(32))
    insurance_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    planned_visit_date: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))
    updated_at: Mapped[str] = mapped_column(String(32))


class CaseExpert(Base):
    __tablename__ = "case_experts"
    __table_args__ = (
        CheckConstraint("position IN (1, 2)", name="position"),
        UniqueConstraint("case_id", "position"),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(_in("kind", ATTACHMENT_KINDS), name="kind"),
        Index("ix_attachments_case_id", "case_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(128))
    original_name: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    plaintext_sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))


class Material(Base):
    __tablename__ = "materials"
    __table_args__ = (Index("ix_materials_case_id", "case_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    code: Mapped[str] = mapped_column(String(64))
    received: Mapped[bool] = mapped_column(default=False)
    attachment_id: Mapped[str | None] = mapped_column(ForeignKey("attachments.id"))
    note: Mapped[str | None] = mapped_column(Text)


class SelfAssessment(Base):
    """The applicant's own 自评表: kept apart from the experts' visit, shown against it later."""

    __tablename__ = "self_assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), unique=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(32))
    form_sha256: Mapped[str] = mapped_column(String(64))
    answers_json: Mapped[str] = mapped_column(Text)  # canonical JSON (forms/canonical.py)
    recorded_at: Mapped[str] = mapped_column(String(32))
    recorded_by_note: Mapped[str | None] = mapped_column(Text)


class Visit(Base):
    """One version of the assessment record of a case; a correction is a new version."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint(_in("status", VISIT_STATUSES), name="status"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("(version = 1) = (supersedes_id IS NULL)", name="only_first_version_stands_alone"),
        CheckConstraint("version = 1 OR (correction_reason IS NOT NULL AND corrected_by IS NOT NULL)",
                        name="correction_has_reason_and_author"),
        UniqueConstraint("case_id", "version"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    version: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    corrected_by: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(32))
    form_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[str | None] = mapped_column(String(32))
    signed_at: Mapped[str | None] = mapped_column(String(32))
    result_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class Answer(Base):
    """One answer as given. A change is a new row; the old row only gains `superseded_by`."""

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_visit_id_item_id", "visit_id", "item_id"),
                      {"sqlite_autoincrement": True})

    # AUTOINCREMENT: ids are never reused, so "highest id" is always "given last".
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    option_id: Mapped[str] = mapped_column(String(16))
    answered_by: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    second_expert_id: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))
    wall_time: Mapped[str] = mapped_column(String(32))
    monotonic_ns: Mapped[int] = mapped_column(BigInteger)
    video_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(_in("decision", REVIEW_DECISIONS), name="decision"),
        Index("ix_reviews_visit_id", "visit_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    decision: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[str] = mapped_column(String(32))


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


# -- the guided visit (revision 0003) -------------------------------------------------------
# The workflow state of a visit lives beside `visits`, not in it: the steps of the visit
# (declarations, identity, consent, dual entry, signatures) were added after the first release,
# and new tables need no rebuild of `visits` (a rebuild would drop the answers' triggers).

VISIT_OUTCOMES = ("completed", "identity_mismatch", "refused_recording", "camera_unavailable")
IDENTITY_STATUSES = ("pending", "confirmed", "mismatch")
CONSENT_STATUSES = ("pending", "given", "refused")
RECORDING_MODES = ("recorded", "without_recording")
ENTRY_MODES = ("joint", "independent", "reconciling")
VISIT_ATTACHMENT_PURPOSES = ("id_card_photo", "face_photo", "consent_signature", "item_photo",
                             "expert_signature", "informant_signature", "signed_report")


class VisitWorkflow(Base):
    """One row per visit started through the guided workflow: where the visit stands."""

    __tablename__ = "visit_workflows"
    __table_args__ = (
        CheckConstraint(_in("identity_status", IDENTITY_STATUSES), name="identity_status"),
        CheckConstraint(_in("consent_status", CONSENT_STATUSES), name="consent_status"),
        CheckConstraint(_in("recording_mode", RECORDING_MODES), name="recording_mode"),
        CheckConstraint(_in("entry_mode", ENTRY_MODES), name="entry_mode"),
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', VISIT_OUTCOMES)}", name="outcome"),
        CheckConstraint("agreement_total IS NULL OR (agreement_equal >= 0 AND agreement_equal <= agreement_total)",
                        name="agreement_in_range"),
    )

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    first_expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    second_expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    dual_entry: Mapped[bool] = mapped_column(default=False)
    entry_mode: Mapped[str] = mapped_column(String(16))
    identity_status: Mapped[str] = mapped_column(String(16))
    identity_discrepancy: Mapped[str | None] = mapped_column(Text)
    informant_name: Mapped[str | None] = mapped_column(Text)
    informant_relation: Mapped[str | None] = mapped_column(Text)
    informant_phone: Mapped[str | None] = mapped_column(String(32))
    consent_status: Mapped[str] = mapped_column(String(16))
    consent_refusal_reason: Mapped[str | None] = mapped_column(Text)
    recording_mode: Mapped[str] = mapped_column(String(32))
    recording_waiver_code: Mapped[str | None] = mapped_column(String(32))  # consent_refused / camera_unavailable
    conclusion: Mapped[str | None] = mapped_column(Text)
    care_notes: Mapped[str | None] = mapped_column(Text)
    agreement_equal: Mapped[int | None] = mapped_column(Integer)  # dual entry: items rated alike
    agreement_total: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[str | None] = mapped_column(String(32))
    record_sha256: Mapped[str | None] = mapped_column(String(64))
    signer_fingerprints_json: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class VisitDeclaration(Base):
    """回避声明: each expert of the visit declares no tie to the applicant or care provider."""

    __tablename__ = "visit_declarations"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"), primary_key=True)
    text_version: Mapped[str] = mapped_column(String(32))
    declared_at: Mapped[str] = mapped_column(String(32))


class DualEntry(Base):
    """Dual entry: one expert's own rating of an item, append-only like `answers`; the newest
    row of (visit, expert, item) is the one in force."""

    __tablename__ = "dual_entries"
    __table_args__ = (Index("ix_dual_entries_visit_id_expert_id", "visit_id", "expert_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    option_id: Mapped[str] = mapped_column(String(16))
    wall_time: Mapped[str] = mapped_column(String(32))
    monotonic_ns: Mapped[int] = mapped_column(BigInteger)
    video_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)


class VisitAttachment(Base):
    """What an attachment is for in a visit (identity photos, signatures, item photos, the report)."""

    __tablename__ = "visit_attachments"
    __table_args__ = (
        CheckConstraint(_in("purpose", VISIT_ATTACHMENT_PURPOSES), name="purpose"),
        Index("ix_visit_attachments_visit_id", "visit_id"),
    )

    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    purpose: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[str | None] = mapped_column(String(64))
    expert_id: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))


class VisitItemNote(Base):
    __tablename__ = "visit_item_notes"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    note: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    updated_at: Mapped[str] = mapped_column(String(32))


class WarningConfirmation(Base):
    """A plausibility warning the experts confirmed, with their reason."""

    __tablename__ = "warning_confirmations"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    confirmed_by: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    confirmed_at: Mapped[str] = mapped_column(String(32))


class RecordingEvent(Base):
    """Pauses, resumes, camera loss and disk stops, as the record shows them next to the answers."""

    __tablename__ = "recording_events"
    __table_args__ = (Index("ix_recording_events_visit_id", "visit_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    kind: Mapped[str] = mapped_column(String(32))
    reason_code: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    video_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    wall_time: Mapped[str] = mapped_column(String(32))
    monotonic_ns: Mapped[int] = mapped_column(BigInteger)
    expert_id: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))


# -- bundle imports (revision 0004) ---------------------------------------------------------
# One row per bundle a reviewer imported or quarantined: the validation report is kept with
# it, so "why was this bundle refused" can be answered later, and a replay is recognised.

BUNDLE_IMPORT_STATUSES = ("imported", "quarantined")


class BundleImport(Base):
    __tablename__ = "bundle_imports"
    __table_args__ = (
        CheckConstraint(_in("status", BUNDLE_IMPORT_STATUSES), name="status"),
        Index("ix_bundle_imports_bundle_id", "bundle_id"),
        Index("ix_bundle_imports_manifest_sha256", "manifest_sha256"),
        Index("uq_bundle_imports_imported_bundle", "bundle_id", unique=True,
              sqlite_where=text("status = 'imported'")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bundle_id: Mapped[str | None] = mapped_column(String(64))  # None when not even the manifest was readable
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    visit_id: Mapped[str | None] = mapped_column(String(36))  # not a foreign key: a quarantined visit is not stored
    case_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    reasons_json: Mapped[str] = mapped_column(Text)  # ["check:reason", ...] of the failed checks
    report_json: Mapped[str] = mapped_column(Text)  # the whole validation report
    source_path: Mapped[str] = mapped_column(Text)
    quarantine_path: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[str] = mapped_column(String(32))
    imported_by: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))


# The upload to the agency (migration 0007) has its own module on this Base.
from assessment_app.storage import upload_models  # noqa: E402,F401
