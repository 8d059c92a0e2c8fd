# SPDX-License-Identifier: GPL-3.0-or-later
"""SQLAlchemy models of the identity and evidence layer: agency, accounts, signing identities, audit log.

Kept apart from models.py (the case records) but on the same `Base`, so one database, one unit of
work and one migration chain hold both. The schema is created by migration 0002; import this
module wherever `Base.metadata` must describe the whole schema (migrations/env.py does).

Rules the database enforces itself (triggers and constraints in 0002_identity_and_audit and 0005_trust):
- one agency per workstation (a single row, id = 1);
- at most one active signing identity per expert, and only one with both certificate and key;
- audit records are append-only, and each one must extend its chain (next sequence number,
  previous hash = the hash of the chain's current head).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app.storage.models import Base, new_id

STATION_CHAIN = "station"  # the workstation's own chain; a visit's chain is named by its visit id


class Agency(Base):
    """The agency this workstation was provisioned for (docs/formats/provisioning.md)."""

    __tablename__ = "agencies"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint("package_sequence >= 0", name="package_sequence_not_negative"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(64))
    demo: Mapped[bool] = mapped_column()
    package_sha256: Mapped[str] = mapped_column(String(64))  # of the last imported file
    imported_at: Mapped[str] = mapped_column(String(32))
    # The pinned trust anchor: later packages must be signed under this CA.
    signer_ca_fingerprint: Mapped[str] = mapped_column(String(64))
    ca_certificates_pem: Mapped[str] = mapped_column(Text)  # PEM blocks, concatenated
    recipients_json: Mapped[str] = mapped_column(Text)  # [{"label", "age_recipient", "purpose"}]
    # The held package's sequence (0: a version 1 package) and content hash: an older package,
    # or another one with the same sequence, is refused (services/provisioning_import.py).
    package_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    package_content_sha256: Mapped[str | None] = mapped_column(String(64))
    # The agency's X.509 CRLs (PEM, concatenated), verified against the CAs whenever read.
    revocation_lists_pem: Mapped[str] = mapped_column(Text, default="", server_default="")
    workstation_json: Mapped[str | None] = mapped_column(Text)  # {"id", "name", "tls_certificate", "server_url"}


class Account(Base):
    """Login state of one expert. No passphrase until the expert sets one at first login."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("failures >= 0", name="failures_not_negative"),
        CheckConstraint("enrolment_origin IS NULL OR enrolment_origin IN ('agency', 'workstation')",
                        name="enrolment_origin_known"),
        CheckConstraint("(enrolment_code_hash IS NULL) = (enrolment_expires_at IS NULL)", name="enrolment_is_complete"),
    )

    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"), primary_key=True)
    passphrase_hash: Mapped[str | None] = mapped_column(Text)  # Argon2id PHC string
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32))  # utc_timestamp
    must_change_passphrase: Mapped[bool] = mapped_column()
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    # The pending one-time enrolment code (services/enrolment.py): its Argon2id hash, until when it
    # works, and who issued it ("agency": in the package; "workstation": an administrator here).
    # Cleared when used; enrolled_at says when the first passphrase was set with it.
    enrolment_code_hash: Mapped[str | None] = mapped_column(Text)
    enrolment_expires_at: Mapped[str | None] = mapped_column(String(32))
    enrolment_origin: Mapped[str | None] = mapped_column(String(16))
    enrolled_at: Mapped[str | None] = mapped_column(String(32))


class SigningIdentity(Base):
    """An expert's X.509 certificate and/or private key.

    Three shapes: certificate only (delivered in a provisioning package, key still with the
    expert), key only (a CSR is out with the agency CA), both (usable; only these may be active).
    """

    __tablename__ = "signing_identities"
    __table_args__ = (
        CheckConstraint("certificate_pem IS NOT NULL OR encrypted_private_key IS NOT NULL", name="not_empty"),
        CheckConstraint("NOT active OR (certificate_pem IS NOT NULL AND encrypted_private_key IS NOT NULL)",
                        name="active_is_complete"),
        Index("ix_signing_identities_expert_id", "expert_id"),
        Index("uq_signing_identities_one_active", "expert_id", unique=True, sqlite_where=text("active = 1")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"))
    certificate_pem: Mapped[str | None] = mapped_column(Text)
    # certificates.encrypt_private_key's JSON wrapper: Argon2id-stretched passphrase, PKCS#8.
    encrypted_private_key: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 of the DER certificate
    created_at: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=False)


class AuditRecord(Base):
    """One event of a hash chain (security/audit_chain.py), column for column.

    case_id and visit_id are deliberately not foreign keys: the log is evidence and must outlive
    and describe anything, including records imported from another workstation.
    """

    __tablename__ = "audit_records"
    __table_args__ = (
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        Index("ix_audit_records_case_id", "case_id"),
    )

    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(64))
    wall_time: Mapped[str] = mapped_column(String(32))
    monotonic_ms: Mapped[int | None] = mapped_column(BigInteger)
    actors_json: Mapped[str] = mapped_column(Text)
    case_id: Mapped[str | None] = mapped_column(String(36))
    visit_id: Mapped[str | None] = mapped_column(String(36))
    video_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    data_json: Mapped[str] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
