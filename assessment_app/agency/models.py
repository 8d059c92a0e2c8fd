# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's tables in PostgreSQL, the one source of truth on the server side.

A bundle is known by the SHA-256 of its index.json (which lists every part's size and hash, so
equal indexes mean equal bundles): a second upload of the same bundle finds the same row. Upload
offsets live here, the bytes in the bundle store. The migrations (agency/migrations/) create
these tables; this module describes the newest schema for the code.
"""

from __future__ import annotations

import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _timestamp() -> Mapped[datetime.datetime]:
    return mapped_column(DateTime(timezone=True), nullable=False)


def _optional_timestamp() -> Mapped[datetime.datetime | None]:
    return mapped_column(DateTime(timezone=True), nullable=True)


# Bundle statuses, in the order a bundle goes through them; the last three are final.
RECEIVING, UPLOADED, VERIFIED, QUARANTINED, DUPLICATE = "receiving", "uploaded", "verified", "quarantined", "duplicate"
BUNDLE_STATUSES = (RECEIVING, UPLOADED, VERIFIED, QUARANTINED, DUPLICATE)
FINAL_STATUSES = (VERIFIED, QUARANTINED, DUPLICATE)
# Verification job states.
QUEUED, RUNNING, DONE = "queued", "running", "done"


class Agency(Base):
    """The one agency this server serves (id 1)."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime.datetime] = _timestamp()


class CertificateAuthority(Base):
    """A CA the agency runs (key kept, encrypted under the authority passphrase) or trusts only."""

    __tablename__ = "certificate_authorities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    certificate_pem: Mapped[str] = mapped_column(Text, nullable=False)
    encrypted_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    origin: Mapped[str] = mapped_column(String(16), nullable=False)  # created | imported | trusted (no key)
    created_at: Mapped[datetime.datetime] = _timestamp()


class Workstation(Base):
    """A laptop, known by the TLS client certificate the authority issued to it."""

    __tablename__ = "workstations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    serial_number: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    certificate_pem: Mapped[str] = mapped_column(Text, nullable=False)
    issued_at: Mapped[datetime.datetime] = _timestamp()
    not_after: Mapped[datetime.datetime] = _timestamp()
    revoked_at: Mapped[datetime.datetime | None] = _optional_timestamp()
    revoked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    crl_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # RFC 5280 reason in the CRL


class AuditEvent(Base):
    """What the server issued, revoked, received and registered: a SHA-256 hash chain."""

    __tablename__ = "audit_events"
    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime.datetime] = _timestamp()
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    subject: Mapped[str] = mapped_column(Text, nullable=False)
    detail: Mapped[dict] = mapped_column(JSONB, nullable=False)
    previous_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


class Bundle(Base):
    __tablename__ = "bundles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of index.json
    index_json: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    part_count: Mapped[int] = mapped_column(Integer, nullable=False)
    total_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # upload | import
    workstation_id: Mapped[str | None] = mapped_column(ForeignKey("workstations.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime.datetime] = _timestamp()
    uploaded_at: Mapped[datetime.datetime | None] = _optional_timestamp()
    registered_at: Mapped[datetime.datetime | None] = _optional_timestamp()
    # Known after verification (from the signed manifest):
    bundle_uuid: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    visit_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    manifest_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reasons: Mapped[list | None] = mapped_column(JSONB, nullable=True)
    report: Mapped[dict | None] = mapped_column(JSONB, nullable=True)

    __table_args__ = (
        # A visit's bundle is registered once: the database refuses a second verified copy.
        Index("bundles_one_verified_uuid", "bundle_uuid", unique=True, postgresql_where=text("status = 'verified'")),
        Index("bundles_one_verified_manifest", "manifest_sha256", unique=True,
              postgresql_where=text("status = 'verified'")),
        Index("bundles_by_case", "case_id"),
        Index("bundles_by_workstation", "workstation_id"),
    )


class Upload(Base):
    """One part of a bundle being received (a tus upload); `offset` is the acknowledged length."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    bundle_id: Mapped[str] = mapped_column(ForeignKey("bundles.id"), nullable=False)
    part_name: Mapped[str] = mapped_column(String(32), nullable=False)
    length: Mapped[int] = mapped_column(BigInteger, nullable=False)
    offset: Mapped[int] = mapped_column(BigInteger, nullable=False)
    created_at: Mapped[datetime.datetime] = _timestamp()
    updated_at: Mapped[datetime.datetime] = _timestamp()
    completed_at: Mapped[datetime.datetime | None] = _optional_timestamp()

    __table_args__ = (UniqueConstraint("bundle_id", "part_name", name="uploads_one_per_part"),)


class VerificationJob(Base):
    """The work queue: claimed with SKIP LOCKED under a lease that the worker renews; `attempt`
    fences a worker whose lease ran out (docs/decisions/0003-agency-server.md)."""

    __tablename__ = "verification_jobs"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(ForeignKey("bundles.id"), nullable=False, unique=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    worker: Mapped[str | None] = mapped_column(Text, nullable=True)
    lease_until: Mapped[datetime.datetime | None] = _optional_timestamp()
    created_at: Mapped[datetime.datetime] = _timestamp()
    finished_at: Mapped[datetime.datetime | None] = _optional_timestamp()

    __table_args__ = (Index("verification_jobs_waiting", "state", "id"),)


# The review desk's tables belong to the same metadata (migrations compare against all of it).
from assessment_app.agency import review_models as _review_models  # noqa: E402,F401
# The authority's tables (experts, recipients, provisioning) live in their own module on this Base.
from assessment_app.agency import authority_models  # noqa: E402,F401
