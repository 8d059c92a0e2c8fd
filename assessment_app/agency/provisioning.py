# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency provision build`: the signed version 2 provisioning package for one workstation —
the next number of the agency's sequence, its current experts (disabled ones left out) with their
certificates and pending enrolment codes (hashes), the recipients, the CA list, a fresh revocation
list per CA, and the `workstation` member (its id, name, TLS certificate and the server's URL).

Written with the laptop's own writer (security/provisioning.build_provisioning_package), which
refuses anything a laptop's `provision import` would refuse. The package is signed by the
provisioning signer: a certificate under the agency CA with the provisioning purpose, issued here
on first use (its key kept encrypted under the authority passphrase) and again when the CA changes
or it nears its end. Every package is a row and an audit event.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.authority import new_serial, signing_ca, trusted_cas
from assessment_app.agency.authority_models import PROVISIONING_SEQUENCE, ProvisioningPackageRecord, ProvisioningSigner
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.experts import listed_experts
from assessment_app.agency.models import Agency, Workstation
from assessment_app.agency.recipients import current_recipients
from assessment_app.agency.revocation import build_revocation_lists
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING, CertificateError, SigningKey, certificate_fingerprint, certificate_pem, decrypt_private_key,
    encrypt_private_key, generate_key_and_csr, is_demo_certificate, load_pem_certificate, sign_csr,
)
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.provisioning import (
    Agency as PackageAgency, Enrolment, ExpertEntry, ProvisioningError, Recipient, Workstation as PackageWorkstation,
    build_provisioning_package,
)

SIGNER_DAYS = 825
SIGNER_RENEW_BEFORE = datetime.timedelta(days=30)
SIGNER_NUMBER = "PROVISIONING"


@dataclass(frozen=True)
class BuiltPackage:
    data: bytes
    sequence: int
    sha256: str
    workstation_id: str
    experts: int
    revocations: int
    signer_fingerprint: str


def check_server_url(url: str | None) -> str:
    url = (url or "").strip()
    if not url.startswith("https://") or any(character.isspace() for character in url) or len(url) > 2048:
        raise AgencyError("server_url_invalid", url or "—")
    return url


def provisioning_signer(session: Session, passphrase: str, now: datetime.datetime, *,
                        kdf_params: Argon2idParams = DEFAULT_PARAMS, actor: str = "administrator"
                        ) -> tuple[x509.Certificate, SigningKey]:
    """The current signer: issued by the current CA, valid for a while yet, not revoked; else a
    new one is issued (and the old one superseded, so it is listed in the CRL)."""
    ca_certificate, ca_key, agency = signing_ca(session, passphrase)
    ca_fingerprint = certificate_fingerprint(ca_certificate)
    current = session.scalar(select(ProvisioningSigner).where(ProvisioningSigner.revoked_at.is_(None))
                             .order_by(ProvisioningSigner.id.desc()).limit(1).with_for_update())
    if current is not None and current.issuer_fingerprint == ca_fingerprint \
            and current.not_after - SIGNER_RENEW_BEFORE > now:
        try:
            return load_pem_certificate(current.certificate_pem), decrypt_private_key(current.encrypted_key, passphrase)
        except CertificateError:
            raise AgencyError("wrong_passphrase") from None
    if current is not None:
        current.revoked_at = now
    key, csr = generate_key_and_csr(f"{agency.name} 配置签名", SIGNER_NUMBER, agency.code)
    days = max(1, min(SIGNER_DAYS, (ca_certificate.not_valid_after_utc - now).days))
    certificate = sign_csr(csr, ca_certificate, ca_key, now, days, new_serial(),
                           extended_key_usages=(PROVISIONING_SIGNING,))
    fingerprint = certificate_fingerprint(certificate)
    session.add(ProvisioningSigner(fingerprint=fingerprint, serial_number=str(certificate.serial_number),
                                   issuer_fingerprint=ca_fingerprint, certificate_pem=certificate_pem(certificate),
                                   encrypted_key=encrypt_private_key(key, passphrase, params=kdf_params), issued_at=now,
                                   not_after=certificate.not_valid_after_utc))
    append_event(session, actor=actor, action="provisioning_signer_issued", subject=fingerprint,
                 detail={"serial_number": str(certificate.serial_number), "ca": ca_fingerprint,
                         "not_after": certificate.not_valid_after_utc.isoformat(),
                         "superseded": current.fingerprint if current is not None else None}, now=now)
    session.flush()
    return certificate, key


def build_workstation_package(session: Session, workstation_id: str, *, passphrase: str, now: datetime.datetime,
                              server_url: str, kdf_params: Argon2idParams = DEFAULT_PARAMS,
                              actor: str = "administrator") -> BuiltPackage:
    server_url = check_server_url(server_url)
    agency = session.get(Agency, 1)
    if agency is None:
        raise AgencyError("authority_missing")
    workstation = session.get(Workstation, workstation_id)
    if workstation is None:
        raise AgencyError("workstation_unknown", workstation_id)
    if workstation.revoked_at is not None:
        raise AgencyError("workstation_revoked", workstation_id)
    now = now.replace(microsecond=0)
    signer_certificate, signer_key = provisioning_signer(session, passphrase, now, kdf_params=kdf_params, actor=actor)
    lists = build_revocation_lists(session, passphrase, now)
    cas = trusted_cas(session)
    experts = [_entry(listing, now) for listing in listed_experts(session, include_disabled=False)]
    recipients = [Recipient(row.label, row.age_recipient, row.purpose) for row in current_recipients(session)]
    sequence = int(session.scalar(select(PROVISIONING_SEQUENCE.next_value())))
    try:
        data = build_provisioning_package(
            agency=PackageAgency(agency.name, agency.code), sequence=sequence, recipients=recipients,
            ca_certificates=list(cas), experts=experts, revocation_lists=[built.crl for built in lists], issued_at=now,
            signer_key=signer_key, signer_certificate=signer_certificate,
            workstation=PackageWorkstation(workstation.id, workstation.name,
                                           load_pem_certificate(workstation.certificate_pem), server_url),
            demo=is_demo_certificate(signer_certificate))
    except ProvisioningError as error:
        raise AgencyError("package_refused", f"{error.path}: {error.reason} {error.detail or ''}".strip()) from None
    built = BuiltPackage(data, sequence, hashlib.sha256(data).hexdigest(), workstation.id, len(experts),
                         sum(item.entries for item in lists), certificate_fingerprint(signer_certificate))
    session.add(ProvisioningPackageRecord(
        sequence=sequence, workstation_id=workstation.id, sha256=built.sha256, issued_at=now,
        signer_fingerprint=built.signer_fingerprint, crl_numbers=",".join(str(item.crl_number) for item in lists),
        experts=built.experts, revocations=built.revocations, actor=actor))
    append_event(session, actor=actor, action="provisioning_built", subject=str(sequence), detail={
        "workstation_id": workstation.id, "sha256": built.sha256, "experts": built.experts,
        "revocations": built.revocations, "crl_numbers": [item.crl_number for item in lists],
        "server_url": server_url}, now=now)
    return built


def _entry(listing, now: datetime.datetime) -> ExpertEntry:
    expert, certificate = listing.expert, listing.certificate
    enrolment = None
    if expert.enrolment_code_hash and expert.enrolment_expires_at and expert.enrolment_expires_at > now:
        enrolment = Enrolment(expert.enrolment_code_hash, expert.enrolment_expires_at)
    return ExpertEntry(expert.name, expert.expert_number, expert.qualification, expert.role,
                       None if certificate is None else load_pem_certificate(certificate.certificate_pem), enrolment)


def continue_sequence_after(session: Session, held: int) -> None:
    """Make the next package's number higher than `held` (a laptop already holds a package of
    this agency numbered `held`, e.g. the demo agency the laptop made itself)."""
    current = session.execute(text("SELECT last_value, is_called FROM provisioning_sequence")).one()
    last = current.last_value if current.is_called else current.last_value - 1
    if last < held:
        session.execute(text("SELECT setval('provisioning_sequence', :value, true)"), {"value": held})
