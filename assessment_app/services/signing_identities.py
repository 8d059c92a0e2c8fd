# SPDX-License-Identifier: GPL-3.0-or-later
"""Experts' signing identities: import a PKCS#12, request a certificate (CSR), issue one with the
demo CA in demo mode, and unlock a key for the moment of signing.

A private key is stored only encrypted under its expert's passphrase (certificates.encrypt_private_key)
and comes out in clear only from `unlock_signing_key`, which the signing service calls right
before it signs and then drops. Certificates are checked against the agency's CAs when they
arrive and again at every unlock, so a certificate that has expired or been revoked since still
cannot sign. Every check applies the held package's revocation list at the trusted time
(services/trust_anchors.py).

Importing, requesting and installing are done by the signed-in expert for their own identity
only (the actor); `unlock_signing_key` serves the signing use cases, which authorise their
signers first, and checks the passphrase under the lockout itself.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError, ReasonAndDetail
from assessment_app.security.certificates import (
    SigningKey,
    certificate_fingerprint,
    certificate_pem,
    decrypt_private_key,
    derive_ec_private_key,
    encrypt_private_key,
    generate_key_and_csr,
    load_pem_certificate,
    load_pkcs12,
    sign_csr,
    subject_identity,
)
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.passphrases import DEFAULT_LOCKOUT, LockoutPolicy
from assessment_app.services.accounts import UnknownExpert, authenticate
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.trust_anchors import agency_ca_certificates, agency_trust_anchors, trusted_time
from assessment_app.storage.models import Expert, Setting, utc_timestamp
from assessment_app.storage.security_models import Agency, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

# The seed the demo agency was built from (security/provisioning.build_demo_provisioning): the
# demo CA's key is derived from it, so the demo CA can sign CSRs later. Kept in the encrypted
# database; a demo CA is trusted by this workstation only.
DEMO_SEED_SETTING = "demo_agency.seed"
DEMO_CERTIFICATE_DAYS = 1095


class SigningIdentityError(ReasonAndDetail, AppError):
    """reason: no_agency, certificate_for_another_expert, no_signing_identity, no_pending_request,
    not_demo_agency."""


@dataclass(frozen=True)
class IdentityInfo:
    identity_id: str
    expert_id: str
    fingerprint: str
    subject: str
    serial_number: str  # hex: certificate serials are up to 20 octets
    not_valid_before: datetime
    not_valid_after: datetime
    issuer: str


def import_pkcs12(records: CaseRecords, actor, data: bytes, p12_password: str, passphrase: str,
                  now: datetime, *, kdf_params: Argon2idParams = DEFAULT_PARAMS,
                  lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> IdentityInfo:
    """Import an agency-issued .p12/.pfx as the actor's own: Pkcs12Error (wrong_password, …) and
    CertificateRejected (foreign_ca, expired, not_yet_valid, revoked, …) change nothing."""
    expert_id = _own(records, actor, now)
    key, certificate, _ = load_pkcs12(data, p12_password)  # before the passphrase: a bad file costs no attempt
    authenticate(records, expert_id, passphrase, now, purpose="import_signing_key", lockout=lockout)
    with unit_of_work(records.engine) as session:
        expert, agency = _expert_and_agency(session, expert_id)
        _check_certificate(session, certificate, expert, agency, now)
        encrypted = encrypt_private_key(key, passphrase, params=kdf_params).decode("utf-8")
        identity = session.scalar(select(SigningIdentity).where(
            SigningIdentity.fingerprint == certificate_fingerprint(certificate)))
        if identity is None:
            identity = SigningIdentity(expert_id=expert.id, certificate_pem=certificate_pem(certificate),
                                       fingerprint=certificate_fingerprint(certificate),
                                       created_at=utc_timestamp(now), active=False)
            session.add(identity)
        identity.encrypted_private_key = encrypted
        return activate_identity(session, identity, certificate, now, source="pkcs12")


def create_csr(records: CaseRecords, actor, passphrase: str, now: datetime, *,
               kdf_params: Argon2idParams = DEFAULT_PARAMS, lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> str:
    """A new key of the actor's (stored encrypted, pending) and its certificate signing request as
    PEM, for the agency CA. The answer goes to `install_certificate`."""
    expert_id = _own(records, actor, now)
    authenticate(records, expert_id, passphrase, now, purpose="create_signing_request", lockout=lockout)
    with unit_of_work(records.engine) as session:
        expert, agency = _expert_and_agency(session, expert_id)
        _, csr = _new_request(session, expert, agency, passphrase, now, kdf_params)
        return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def install_certificate(records: CaseRecords, actor, certificate_text: str, passphrase: str,
                        now: datetime, *, lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> IdentityInfo:
    """The CA's answer to `create_csr`: checked, matched to the actor's pending key, made active."""
    expert_id = _own(records, actor, now)
    certificate = load_pem_certificate(certificate_text)
    authenticate(records, expert_id, passphrase, now, purpose="install_certificate", lockout=lockout)
    with unit_of_work(records.engine) as session:
        expert, agency = _expert_and_agency(session, expert_id)
        return _install(session, expert, agency, certificate, passphrase, now, source="certificate_request")


def issue_with_demo_ca(records: CaseRecords, actor, passphrase: str, now: datetime, *,
                       kdf_params: Argon2idParams = DEFAULT_PARAMS,
                       lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> IdentityInfo:
    """Demo mode only: a new key of the actor's, its CSR signed at once by the demo CA, installed."""
    expert_id = _own(records, actor, now)
    authenticate(records, expert_id, passphrase, now, purpose="create_signing_request", lockout=lockout)
    with unit_of_work(records.engine) as session:
        expert, agency = _expert_and_agency(session, expert_id)
        ca_certificate, ca_key = demo_ca(session, agency)
        pending, csr = _new_request(session, expert, agency, passphrase, now, kdf_params)
        certificate = sign_csr(csr, ca_certificate, ca_key, now, DEMO_CERTIFICATE_DAYS,
                               secrets.randbits(127) | 1)
        _check_certificate(session, certificate, expert, agency, now)
        return _complete(session, pending, certificate, now, source="demo_ca")


def unlock_signing_key(records: CaseRecords, expert_id: str, passphrase: str, *, now: datetime,
                       lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> tuple[SigningKey, x509.Certificate]:
    """The key and certificate to sign with now. Keep the key only as long as the signature takes."""
    authenticate(records, expert_id, passphrase, now, purpose="unlock_signing_key", lockout=lockout)
    with unit_of_work(records.engine) as session:
        expert, agency = _expert_and_agency(session, expert_id)
        identity = session.scalar(select(SigningIdentity).where(SigningIdentity.expert_id == expert.id,
                                                                SigningIdentity.active.is_(True)))
        if identity is None:
            raise SigningIdentityError("no_signing_identity", expert.expert_number)
        certificate = load_pem_certificate(identity.certificate_pem)
        _check_certificate(session, certificate, expert, agency, now)
        encrypted = identity.encrypted_private_key.encode("utf-8")
    return decrypt_private_key(encrypted, passphrase), certificate


def active_identity(records: CaseRecords, expert_id: str) -> IdentityInfo | None:
    with unit_of_work(records.engine) as session:
        identity = session.scalar(select(SigningIdentity).where(SigningIdentity.expert_id == expert_id,
                                                                SigningIdentity.active.is_(True)))
        return None if identity is None else _info(identity, load_pem_certificate(identity.certificate_pem))


def demo_ca(session: Session, agency: Agency) -> tuple[x509.Certificate, SigningKey]:
    """The demo agency's CA certificate and key (rebuilt from the stored seed)."""
    seed_setting = session.get(Setting, DEMO_SEED_SETTING)
    if not agency.demo or seed_setting is None:
        raise SigningIdentityError("not_demo_agency", agency.code)
    ca_key = derive_ec_private_key(bytes.fromhex(json.loads(seed_setting.value_json)), "ca")
    for certificate in agency_ca_certificates(agency):
        if certificate.public_key() == ca_key.public_key():
            return certificate, ca_key
    raise SigningIdentityError("not_demo_agency", agency.code)


# --- internals ----------------------------------------------------------------------------------

def _own(records: CaseRecords, actor, now: datetime) -> str:
    """The actor's expert id: whoever manages a signing identity manages their own."""
    with unit_of_work(records.engine) as session:
        return authorize(session, records, actor, Permission.OWN_IDENTITY, now=now).id


def _expert_and_agency(session: Session, expert_id: str) -> tuple[Expert, Agency]:
    expert = session.get(Expert, expert_id)
    if expert is None or not expert.active:
        raise UnknownExpert(expert_id)
    agency = session.get(Agency, 1)
    if agency is None:
        raise SigningIdentityError("no_agency")
    return expert, agency


def _check_certificate(session: Session, certificate: x509.Certificate, expert: Expert, agency: Agency,
                       now: datetime) -> None:
    # Signing happens now, on this workstation: the claimed and the trusted time are both its
    # clock, floored at the package import so a clock set back cannot undo a revocation.
    agency_trust_anchors(agency).validate(certificate, claimed=now, trusted=trusted_time(session, now))
    named = subject_identity(certificate).serial_number
    if named != expert.expert_number:
        # A valid certificate of a colleague must not become this expert's signature.
        raise SigningIdentityError("certificate_for_another_expert", named)


def _new_request(session: Session, expert: Expert, agency: Agency, passphrase: str, now: datetime,
                 kdf_params: Argon2idParams) -> tuple[SigningIdentity, x509.CertificateSigningRequest]:
    key, csr = generate_key_and_csr(expert.name, expert.expert_number, agency.code)
    pending = SigningIdentity(expert_id=expert.id, certificate_pem=None, fingerprint=None, active=False,
                              encrypted_private_key=encrypt_private_key(key, passphrase, params=kdf_params)
                              .decode("utf-8"), created_at=utc_timestamp(now))
    session.add(pending)
    session.flush()
    return pending, csr


def _install(session: Session, expert: Expert, agency: Agency, certificate: x509.Certificate, passphrase: str,
             now: datetime, *, source: str) -> IdentityInfo:
    _check_certificate(session, certificate, expert, agency, now)
    wanted = certificate.public_key()
    pending = session.scalars(select(SigningIdentity).where(
        SigningIdentity.expert_id == expert.id, SigningIdentity.certificate_pem.is_(None))
        .order_by(SigningIdentity.created_at.desc())).all()
    for identity in pending:
        key = decrypt_private_key(identity.encrypted_private_key.encode("utf-8"), passphrase)
        if key.public_key() == wanted:
            return _complete(session, identity, certificate, now, source=source)
    raise SigningIdentityError("no_pending_request", expert.expert_number)


def _complete(session: Session, pending: SigningIdentity, certificate: x509.Certificate, now: datetime, *,
              source: str) -> IdentityInfo:
    pending.certificate_pem = certificate_pem(certificate)
    pending.fingerprint = certificate_fingerprint(certificate)
    return activate_identity(session, pending, certificate, now, source=source)


def activate_identity(session: Session, identity: SigningIdentity, certificate: x509.Certificate, now: datetime,
                      *, source: str) -> IdentityInfo:
    """Make a complete `identity` the expert's one active identity (a partial unique index
    enforces "one"), in the caller's transaction, and log it."""
    for other in session.scalars(select(SigningIdentity).where(SigningIdentity.expert_id == identity.expert_id,
                                                               SigningIdentity.active.is_(True))):
        if other is not identity:
            other.active = False
    session.flush()
    identity.active = True
    session.flush()
    info = _info(identity, certificate)
    append_station_event(session, "signing_identity_added", now=now, actor_ids=[identity.expert_id],
                         data={"fingerprint": info.fingerprint, "serial_number": info.serial_number,
                               "not_valid_after": utc_timestamp(info.not_valid_after), "source": source})
    return info


def _info(identity: SigningIdentity, certificate: x509.Certificate) -> IdentityInfo:
    return IdentityInfo(identity.id, identity.expert_id, certificate_fingerprint(certificate),
                        certificate.subject.rfc4514_string(), format(certificate.serial_number, "x"),
                        certificate.not_valid_before_utc, certificate.not_valid_after_utc,
                        certificate.issuer.rfc4514_string())
