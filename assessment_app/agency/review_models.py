# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's tables (agency migration 0003): the verified records as the reviewers and the
dashboard read them, claims, reviewer sessions, decisions, samples, settings, and the agency's
newest provisioning package (who is a reviewer, what is revoked).

A record row holds no name, ID number, address or phone in plaintext: those are sealed under the
records key (`identity_sealed`); the applicant is grouped by a keyed pseudonym. The bundle
itself stays in the store as it arrived; `review_members` says where each member lies in it.
"""

from __future__ import annotations

import datetime

from sqlalchemy import (
    BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text, text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app.agency.models import Base


def _at(nullable: bool = False) -> Mapped:
    return mapped_column(DateTime(timezone=True), nullable=nullable)


class ReviewSetting(Base):
    __tablename__ = "review_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSONB, nullable=False)
    updated_at: Mapped[datetime.datetime] = _at()
    updated_by: Mapped[str] = mapped_column(Text, nullable=False)


class TrustPackage(Base):
    """A signed provisioning package of this agency; the highest sequence is in force."""

    __tablename__ = "review_trust_packages"
    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    package: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    issued_at: Mapped[datetime.datetime] = _at()
    recorded_at: Mapped[datetime.datetime] = _at()


class ReviewRecord(Base):
    __tablename__ = "review_records"
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bundle_id: Mapped[str | None] = mapped_column(ForeignKey("bundles.id"), nullable=True, unique=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False)  # demo data: no bundle, no video
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    workstation_id: Mapped[str | None] = mapped_column(ForeignKey("workstations.id"), nullable=True)
    form_id: Mapped[str] = mapped_column(String(64), nullable=False)
    form_version: Mapped[str] = mapped_column(String(64), nullable=False)
    engine_version: Mapped[str] = mapped_column(String(64), nullable=False)
    record_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    application_type: Mapped[str] = mapped_column(String(16), nullable=False)
    district: Mapped[str | None] = mapped_column(Text, nullable=True)
    applicant_key: Mapped[str] = mapped_column(String(64), nullable=False)
    case_created_at: Mapped[datetime.datetime] = _at()
    applied_on: Mapped[datetime.date] = mapped_column(Date, nullable=False)
    started_at: Mapped[datetime.datetime | None] = _at(True)
    ended_at: Mapped[datetime.datetime | None] = _at(True)
    signed_at: Mapped[datetime.datetime | None] = _at(True)
    duration_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade_code: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    first_expert: Mapped[str] = mapped_column(String(64), nullable=False)
    second_expert: Mapped[str] = mapped_column(String(64), nullable=False)
    answer_changes: Mapped[int] = mapped_column(Integer, nullable=False)
    dual_entry: Mapped[bool] = mapped_column(Boolean, nullable=False)
    agreement_equal: Mapped[int | None] = mapped_column(Integer, nullable=True)
    agreement_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    self_grade: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    flag_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    flags: Mapped[list] = mapped_column(JSONB, nullable=False)
    reapplication_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    record: Mapped[dict] = mapped_column(JSONB, nullable=False)  # record.json without the informant
    comparison: Mapped[dict | None] = mapped_column(JSONB, nullable=True)
    timeline: Mapped[dict | None] = mapped_column(JSONB, nullable=True)
    parts: Mapped[list | None] = mapped_column(JSONB, nullable=True)  # [[name, size], …] of the stored bundle
    identity_sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    payload_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    payload_start: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    is_newest: Mapped[bool] = mapped_column(Boolean, nullable=False)
    review_status: Mapped[str] = mapped_column(String(16), nullable=False)
    review_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[datetime.datetime | None] = _at(True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime.datetime | None] = _at(True)
    claim_expires_at: Mapped[datetime.datetime | None] = _at(True)
    registered_at: Mapped[datetime.datetime] = _at()

    __table_args__ = (
        # The queue: the newest version of each case, newest signed first, by status.
        Index("review_records_queue", "review_status", text("signed_at DESC NULLS LAST"), text("visit_id DESC"),
              postgresql_where=text("is_newest")),
        Index("review_records_queue_all", text("signed_at DESC NULLS LAST"), text("visit_id DESC"),
              postgresql_where=text("is_newest")),
        Index("review_records_queue_flagged", text("signed_at DESC NULLS LAST"), text("visit_id DESC"),
              postgresql_where=text("is_newest AND cardinality(flag_codes) > 0")),
        Index("review_records_flags", "flag_codes", postgresql_using="gin"),
        Index("review_records_by_case", "case_id", "version"),
        # One person's applications (flags, re-applicants) without reading the wide rows.
        Index("review_records_by_applicant", "applicant_key", postgresql_include=[
            "case_id", "version", "visit_id", "case_created_at", "applied_on", "reapplication_codes", "started_at",
            "district", "first_expert", "second_expert", "is_newest"]),
        Index("review_records_by_first_expert", "first_expert", "started_at"),
        Index("review_records_by_second_expert", "second_expert", "started_at"),
        # The dashboard's facts in one index: its scans read this, not the wide rows (index-only).
        Index("review_records_facts", "started_at", postgresql_include=[
            "is_newest", "grade_code", "first_expert", "second_expert", "district", "duration_seconds",
            "answer_changes", "review_status", "dual_entry", "agreement_equal", "agreement_total", "flag_codes"]),
        Index("review_records_reapplicants", "applicant_key",
              postgresql_where=text("cardinality(reapplication_codes) > 0")),
        Index("review_records_by_workstation", "workstation_id"),
    )


class ReviewMember(Base):
    """Where a member of a record's bundle lies in the bundle's plaintext (the tar stream)."""

    __tablename__ = "review_members"
    visit_id: Mapped[str] = mapped_column(ForeignKey("review_records.visit_id"), primary_key=True)
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ReviewClaim(Base):
    """Every claim ever held, for the audit; the current one is also on the record row."""

    __tablename__ = "review_claims"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("review_records.visit_id"), nullable=False)
    reviewer: Mapped[str] = mapped_column(String(64), nullable=False)
    claimed_at: Mapped[datetime.datetime] = _at()
    expires_at: Mapped[datetime.datetime] = _at()
    ended_at: Mapped[datetime.datetime | None] = _at(True)
    ended_how: Mapped[str | None] = mapped_column(String(16), nullable=True)  # released | taken_over | decided | superseded

    __table_args__ = (
        Index("review_claims_open", "visit_id", "reviewer", postgresql_where=text("ended_at IS NULL")),
    )


class ReviewChallenge(Base):
    __tablename__ = "review_challenges"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(ForeignKey("workstations.id"), nullable=False)
    created_at: Mapped[datetime.datetime] = _at()
    expires_at: Mapped[datetime.datetime] = _at()
    used_at: Mapped[datetime.datetime | None] = _at(True)


class ReviewSession(Base):
    """A reviewer signed in on a workstation (by signing a challenge with their key)."""

    __tablename__ = "review_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    expert_number: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    certificate_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    certificate_pem: Mapped[str] = mapped_column(Text, nullable=False)
    workstation_id: Mapped[str] = mapped_column(ForeignKey("workstations.id"), nullable=False)
    created_at: Mapped[datetime.datetime] = _at()
    expires_at: Mapped[datetime.datetime] = _at()
    ended_at: Mapped[datetime.datetime | None] = _at(True)


class ReviewDecisionRow(Base):
    __tablename__ = "review_decisions"
    review_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("review_records.visit_id"), nullable=False)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    record_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    decision: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    reviewer_number: Mapped[str] = mapped_column(String(64), nullable=False)
    decided_at: Mapped[datetime.datetime] = _at()
    new_case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    received_at: Mapped[datetime.datetime] = _at()
    received_from: Mapped[str | None] = mapped_column(ForeignKey("workstations.id"), nullable=True)
    object_key: Mapped[str | None] = mapped_column(Text, nullable=True)  # None: a synthetic demo decision, no file
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    delivered_at: Mapped[datetime.datetime | None] = _at(True)

    __table_args__ = (
        # A record is closed (approved, or 复核 ordered) once; the database refuses a second.
        Index("review_decisions_one_closing", "visit_id", unique=True,
              postgresql_where=text("decision IN ('approved', 'recheck_ordered')")),
        Index("review_decisions_by_visit", "visit_id", "decided_at"),
    )


class ReviewSample(Base):
    __tablename__ = "review_samples"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    seed: Mapped[str] = mapped_column(Text, nullable=False)
    percent: Mapped[str] = mapped_column(String(16), nullable=False)
    filters: Mapped[dict] = mapped_column(JSONB, nullable=False)
    population_count: Mapped[int] = mapped_column(Integer, nullable=False)
    population_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    population: Mapped[list] = mapped_column(JSONB, nullable=False)
    sample: Mapped[list] = mapped_column(JSONB, nullable=False)
    drawn_by: Mapped[str] = mapped_column(String(64), nullable=False)
    drawn_at: Mapped[datetime.datetime] = _at()
