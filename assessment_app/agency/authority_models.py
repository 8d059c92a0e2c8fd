# SPDX-License-Identifier: GPL-3.0-or-later
"""The authority's tables (migration a0002): experts with their certificates and one-time enrolment
codes (hash only), the age recipients bundles are encrypted to, the provisioning signer, and every
provisioning package built. Apart from models.py (receiving and verifying bundles), on its Base.

An expert is a person (number, name, role); a certificate is a key the agency vouched for. Disabling
an expert leaves them out of the next packages (their signatures stand); revoking puts their
certificates on the CA's revocation list as well (their signatures from then on do not).
"""

from __future__ import annotations

import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, Sequence, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app.agency.models import Base

# Numbered by PostgreSQL so that every server process draws from one increasing counter.
PROVISIONING_SEQUENCE = Sequence("provisioning_sequence", metadata=Base.metadata)
CRL_NUMBER_SEQUENCE = Sequence("crl_number_sequence", metadata=Base.metadata)

EXPERT_ROLES = ("assessor", "reviewer", "administrator")
KEY_ISSUED, KEY_FROM_CSR, KEY_IMPORTED = "issued", "csr", "imported"
AGENCY_RECIPIENT, RECOVERY_RECIPIENT = "agency", "recovery"


def _timestamp(nullable: bool = False):
    return mapped_column(DateTime(timezone=True), nullable=nullable)


class Expert(Base):
    __tablename__ = "experts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    expert_number: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    qualification: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    # Argon2id PHC string of the one-time code (security/enrolment_codes.py), never the code.
    enrolment_code_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    enrolment_expires_at: Mapped[datetime.datetime | None] = _timestamp(True)
    created_at: Mapped[datetime.datetime] = _timestamp()
    disabled_at: Mapped[datetime.datetime | None] = _timestamp(True)
    disabled_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ExpertCertificate(Base):
    """A document-signing certificate the agency CA issued to an expert (or one it took over)."""

    __tablename__ = "expert_certificates"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    serial_number: Mapped[str] = mapped_column(String(64), nullable=False)  # decimal
    issuer_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    certificate_pem: Mapped[str] = mapped_column(Text, nullable=False)
    key_origin: Mapped[str] = mapped_column(String(16), nullable=False)  # issued | csr | imported
    issued_at: Mapped[datetime.datetime] = _timestamp()
    not_after: Mapped[datetime.datetime] = _timestamp()
    revoked_at: Mapped[datetime.datetime | None] = _timestamp(True)
    revoked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    crl_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)

    __table_args__ = (UniqueConstraint("issuer_fingerprint", "serial_number", name="expert_certificates_one_serial"),
                      Index("expert_certificates_by_expert", "expert_id"))


class AgeRecipient(Base):
    """An age X25519 recipient bundles are encrypted to: the agency's (its identity is where the
    workers run) or a recovery key (its identity kept offline by the agency)."""

    __tablename__ = "age_recipients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    age_recipient: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    created_at: Mapped[datetime.datetime] = _timestamp()
    retired_at: Mapped[datetime.datetime | None] = _timestamp(True)


class ProvisioningSigner(Base):
    """The certificate (provisioning purpose, under the agency CA) that signs packages; its key
    encrypted under the authority passphrase like the CA key."""

    __tablename__ = "provisioning_signers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    serial_number: Mapped[str] = mapped_column(String(64), nullable=False)
    issuer_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    certificate_pem: Mapped[str] = mapped_column(Text, nullable=False)
    encrypted_key: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    issued_at: Mapped[datetime.datetime] = _timestamp()
    not_after: Mapped[datetime.datetime] = _timestamp()
    revoked_at: Mapped[datetime.datetime | None] = _timestamp(True)


class ProvisioningPackageRecord(Base):
    """A package handed out: its number, for which workstation, its hash and what it carried."""

    __tablename__ = "provisioning_packages"
    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    workstation_id: Mapped[str] = mapped_column(ForeignKey("workstations.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    issued_at: Mapped[datetime.datetime] = _timestamp()
    signer_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    crl_numbers: Mapped[str] = mapped_column(Text, nullable=False)  # comma-separated, one per CA list
    experts: Mapped[int] = mapped_column(Integer, nullable=False)
    revocations: Mapped[int] = mapped_column(Integer, nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (Index("provisioning_packages_by_workstation", "workstation_id"),)
