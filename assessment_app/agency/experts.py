# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's experts on the server: add one (a document-signing certificate under the agency CA
and a one-time enrolment code), give a new code, disable, revoke, list.

The certificate's key is made in one of three ways (`key_origin`): here, handed to the expert
once as a PKCS#12 file under a password (`issued`; the server keeps no copy); from the expert's own
certificate signing request (`csr`, e.g. `ltc-assess` made the key on the laptop); or an existing
certificate from a CA the agency trusts is taken over (`imported`, e.g. the demo agency's).

The enrolment code is returned once, to be printed once; only its Argon2id hash is stored, and it
travels in every provisioning package until it expires (security/enrolment_codes.py). Disabling
leaves an expert out of the next packages (the laptop then deactivates the account; signatures
made before stand); revoking also puts their certificates on the CA's revocation list.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.authority import new_serial, request_public_key, signing_ca, trusted_cas
from assessment_app.agency.authority_models import (
    EXPERT_ROLES, KEY_FROM_CSR, KEY_IMPORTED, KEY_ISSUED, Expert, ExpertCertificate,
)
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Agency
from assessment_app.security.certificates import (
    CertificateRejected, certificate_fingerprint, certificate_pem, find_issuer, generate_key_and_csr, sign_csr,
    subject_identity, validate_certificate,
)
from assessment_app.security.enrolment_codes import ENROLMENT_PARAMS, hash_enrolment_code, new_enrolment_code
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.revocation_lists import REASONS

EXPERT_DAYS = 1095
CODE_DAYS = 30
CRL_REASONS = tuple(REASONS.values())
_TEXT_LIMIT = 200


@dataclass(frozen=True)
class AddedExpert:
    expert_id: str
    expert_number: str
    certificate: x509.Certificate
    enrolment_code: str | None  # shown once, never stored
    enrolment_expires_at: datetime.datetime | None
    pkcs12: bytes | None  # key_origin "issued": key + certificate + CA, under the given password


@dataclass(frozen=True)
class ExpertRequest:
    name: str
    number: str
    qualification: str
    role: str


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > _TEXT_LIMIT or "\n" in value:
        raise AgencyError("expert_field_invalid", field)
    return value


def _checked(request: ExpertRequest) -> ExpertRequest:
    number = _text(request.number, "number")
    if any(character.isspace() or character in "/\\" for character in number) or len(number) > 64:
        raise AgencyError("expert_field_invalid", "number")
    if request.role not in EXPERT_ROLES:
        raise AgencyError("expert_field_invalid", "role")
    return ExpertRequest(_text(request.name, "name"), number, _text(request.qualification, "qualification"),
                         request.role)


def add_expert(session: Session, request: ExpertRequest, *, passphrase: str, now: datetime.datetime,
               csr: x509.CertificateSigningRequest | None = None, certificate: x509.Certificate | None = None,
               pkcs12_password: str | None = None, code_days: int = CODE_DAYS, with_code: bool = True,
               code_params: Argon2idParams = ENROLMENT_PARAMS, actor: str = "administrator") -> AddedExpert:
    """The expert, their certificate and their one-time enrolment code. Give `csr` (their key),
    or `certificate` (taken over), or neither with a `pkcs12_password` (a key made here).
    `with_code=False` only for experts who enrolled already (the demo's public accounts)."""
    request = _checked(request)
    if session.scalar(select(Expert).where(Expert.expert_number == request.number)) is not None:
        raise AgencyError("expert_exists", request.number)
    bundle = None
    if certificate is not None:
        agency = session.get(Agency, 1)
        if agency is None:
            raise AgencyError("authority_missing")
        origin, issued = KEY_IMPORTED, _taken_over(session, certificate, request, agency.code, now)
    else:
        ca_certificate, ca_key, agency = signing_ca(session, passphrase)
        if csr is not None:
            origin, key = KEY_FROM_CSR, None
            request_public_key(csr)
            identity = subject_identity(csr)
            if identity.serial_number != request.number or identity.organization != agency.code:
                raise AgencyError("csr_subject_mismatch", f"serialNumber={identity.serial_number}, "
                                                          f"O={identity.organization}")
        else:
            if not pkcs12_password:
                raise AgencyError("pkcs12_password_missing")
            origin = KEY_ISSUED
            key, csr = generate_key_and_csr(request.name, request.number, agency.code)
        days = max(1, min(EXPERT_DAYS, (ca_certificate.not_valid_after_utc - now).days))
        issued = sign_csr(csr, ca_certificate, ca_key, now, days, new_serial())
        if key is not None:
            bundle = pkcs12.serialize_key_and_certificates(
                request.number.encode("utf-8"), key, issued, [ca_certificate],
                BestAvailableEncryption(pkcs12_password.encode("utf-8")))
    expert = Expert(id=str(uuid.uuid4()), expert_number=request.number, name=request.name,
                    qualification=request.qualification, role=request.role, created_at=now)
    session.add(expert)
    session.flush()
    row = _store_certificate(session, expert, issued, origin, now)
    code, expires_at = _new_code(expert, now, code_days, code_params) if with_code else (None, None)
    append_event(session, actor=actor, action="expert_added", subject=request.number, detail={
        "name": request.name, "role": request.role, "qualification": request.qualification,
        "certificate": row.fingerprint, "serial_number": row.serial_number, "key_origin": origin,
        "enrolment_expires_at": expires_at.isoformat() if expires_at else None}, now=now)
    return AddedExpert(expert.id, request.number, issued, code, expires_at, bundle)


def _taken_over(session: Session, certificate: x509.Certificate, request: ExpertRequest, agency_code: str,
                now: datetime.datetime) -> x509.Certificate:
    """An existing certificate: from a CA the agency trusts, valid now, for signing documents,
    naming this expert (serialNumber) and this agency (O)."""
    try:
        validate_certificate(certificate, trusted_cas(session), now)
    except CertificateRejected as error:
        raise AgencyError("certificate_rejected", error.reason) from None
    identity = subject_identity(certificate)
    if identity.serial_number != request.number or identity.organization != agency_code:
        raise AgencyError("csr_subject_mismatch", f"serialNumber={identity.serial_number}, O={identity.organization}")
    return certificate


def _store_certificate(session: Session, expert: Expert, certificate: x509.Certificate, origin: str,
                       now: datetime.datetime) -> ExpertCertificate:
    issuer = find_issuer(certificate, trusted_cas(session))
    fingerprint = certificate_fingerprint(certificate)
    if session.scalar(select(ExpertCertificate).where(ExpertCertificate.fingerprint == fingerprint)) is not None:
        raise AgencyError("certificate_in_use", fingerprint)
    row = ExpertCertificate(expert_id=expert.id, fingerprint=fingerprint, serial_number=str(certificate.serial_number),
                            issuer_fingerprint=certificate_fingerprint(issuer), certificate_pem=certificate_pem(certificate),
                            key_origin=origin, issued_at=now, not_after=certificate.not_valid_after_utc)
    session.add(row)
    session.flush()
    return row


def _new_code(expert: Expert, now: datetime.datetime, days: int, params: Argon2idParams
              ) -> tuple[str, datetime.datetime]:
    if not 1 <= days <= 365:
        raise AgencyError("expert_field_invalid", "code days (1-365)")
    code = new_enrolment_code()
    expert.enrolment_code_hash = hash_enrolment_code(code, params=params)
    expert.enrolment_expires_at = now.replace(microsecond=0) + datetime.timedelta(days=days)
    return code, expert.enrolment_expires_at


def _expert(session: Session, number: str, *, lock: bool = True) -> Expert:
    query = select(Expert).where(Expert.expert_number == number)
    expert = session.scalar(query.with_for_update() if lock else query)
    if expert is None:
        raise AgencyError("expert_unknown", number)
    return expert


def issue_new_code(session: Session, number: str, *, now: datetime.datetime, code_days: int = CODE_DAYS,
                   code_params: Argon2idParams = ENROLMENT_PARAMS, actor: str = "administrator"
                   ) -> tuple[str, datetime.datetime]:
    """A new one-time code for an expert (the old one lost or expired); it replaces the old one
    in the next package. A laptop ignores it once the expert has enrolled there."""
    expert = _expert(session, number)
    if expert.disabled_at is not None:
        raise AgencyError("expert_disabled", number)
    code, expires_at = _new_code(expert, now, code_days, code_params)
    append_event(session, actor=actor, action="enrolment_code_issued", subject=number,
                 detail={"expires_at": expires_at.isoformat()}, now=now)
    return code, expires_at


def disable_expert(session: Session, number: str, *, reason: str, now: datetime.datetime,
                   actor: str = "administrator") -> Expert:
    """Left out of every later package; the certificates stay valid (their signatures stand)."""
    if not reason.strip():
        raise AgencyError("revoke_reason_missing")
    expert = _expert(session, number)
    if expert.disabled_at is not None:
        raise AgencyError("expert_disabled", number)
    expert.disabled_at, expert.disabled_reason = now, reason.strip()
    expert.enrolment_code_hash = expert.enrolment_expires_at = None
    append_event(session, actor=actor, action="expert_disabled", subject=number, detail={"reason": reason.strip()},
                 now=now)
    return expert


def revoke_expert(session: Session, number: str, *, reason: str, now: datetime.datetime,
                  crl_reason: str = "unspecified", actor: str = "administrator") -> list[ExpertCertificate]:
    """Every certificate of the expert onto the revocation list (from `now`), and the expert
    disabled: a laptop given the next package refuses their sign-in and their signatures."""
    if not reason.strip():
        raise AgencyError("revoke_reason_missing")
    if crl_reason not in CRL_REASONS:
        raise AgencyError("expert_field_invalid", "crl reason")
    expert = _expert(session, number)
    certificates = list(session.scalars(select(ExpertCertificate).where(
        ExpertCertificate.expert_id == expert.id, ExpertCertificate.revoked_at.is_(None)).with_for_update()))
    if not certificates and expert.disabled_at is not None:
        raise AgencyError("expert_already_revoked", number)
    for certificate in certificates:
        certificate.revoked_at, certificate.revoked_reason, certificate.crl_reason = now, reason.strip(), crl_reason
    if expert.disabled_at is None:
        expert.disabled_at, expert.disabled_reason = now, reason.strip()
    expert.enrolment_code_hash = expert.enrolment_expires_at = None
    append_event(session, actor=actor, action="expert_revoked", subject=number, detail={
        "reason": reason.strip(), "crl_reason": crl_reason,
        "certificates": [{"fingerprint": row.fingerprint, "serial_number": row.serial_number}
                         for row in certificates]}, now=now)
    return certificates


@dataclass(frozen=True)
class ExpertListing:
    expert: Expert
    certificate: ExpertCertificate | None  # the newest not revoked


def listed_experts(session: Session, *, include_disabled: bool = True) -> list[ExpertListing]:
    query = select(Expert).order_by(Expert.expert_number)
    if not include_disabled:
        query = query.where(Expert.disabled_at.is_(None))
    listings = []
    for expert in session.scalars(query):
        certificate = session.scalar(select(ExpertCertificate).where(
            ExpertCertificate.expert_id == expert.id, ExpertCertificate.revoked_at.is_(None))
            .order_by(ExpertCertificate.issued_at.desc(), ExpertCertificate.id.desc()).limit(1))
        listings.append(ExpertListing(expert, certificate))
    return listings
