# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's revocation lists, built fresh for each provisioning package: one X.509 CRL per CA
whose key the agency holds, signed by it, listing every certificate it issued and the agency
revoked — experts' (revoke expert), workstations' (revoke workstation) and provisioning signers'.
Numbered from a PostgreSQL sequence, so a later list always has a higher CRL number.

A CA the agency only trusts (no key) cannot sign a list: what it issued cannot be revoked here,
which `init --trust-ca` documents.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.authority_models import CRL_NUMBER_SEQUENCE, ExpertCertificate, ProvisioningSigner
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import CertificateAuthority, Workstation
from assessment_app.security.certificates import (
    CertificateError, SigningKey, certificate_fingerprint, decrypt_private_key, find_issuer, load_pem_certificate,
)
from assessment_app.security.revocation_lists import RevokedCertificate, build_revocation_list

# A list is a snapshot carried by a package; this only tells PKI tools how old it may get.
NEXT_UPDATE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class BuiltList:
    crl: x509.CertificateRevocationList
    crl_number: int
    ca_fingerprint: str
    entries: int


def revoked_certificates(session: Session) -> list[tuple[x509.Certificate, RevokedCertificate]]:
    """Every certificate the agency revoked, with when and why (RFC 5280 reason)."""
    revoked = []
    for row in session.scalars(select(ExpertCertificate).where(ExpertCertificate.revoked_at.is_not(None))):
        revoked.append((row.certificate_pem, row.revoked_at, row.crl_reason))
    for row in session.scalars(select(Workstation).where(Workstation.revoked_at.is_not(None))):
        revoked.append((row.certificate_pem, row.revoked_at, row.crl_reason))
    for row in session.scalars(select(ProvisioningSigner).where(ProvisioningSigner.revoked_at.is_not(None))):
        revoked.append((row.certificate_pem, row.revoked_at, "superseded"))
    entries = []
    for pem, revoked_at, reason in revoked:
        certificate = load_pem_certificate(pem)
        entries.append((certificate, RevokedCertificate(certificate.serial_number, revoked_at.replace(microsecond=0),
                                                        reason or "unspecified")))
    return entries


def build_revocation_lists(session: Session, passphrase: str, now: datetime.datetime) -> list[BuiltList]:
    """One signed list per CA with a key here (an empty list says "nothing revoked", signed)."""
    authorities = list(session.scalars(select(CertificateAuthority).where(CertificateAuthority.encrypted_key.is_not(None))
                                       .order_by(CertificateAuthority.id)))
    cas = [(load_pem_certificate(row.certificate_pem), row) for row in authorities]
    revoked = revoked_certificates(session)
    lists = []
    for ca_certificate, row in cas:
        try:
            ca_key: SigningKey = decrypt_private_key(row.encrypted_key, passphrase)
        except CertificateError as error:
            raise AgencyError("wrong_passphrase" if error.reason == "wrong_passphrase" else "ca_key_unreadable") from None
        entries = [entry for certificate, entry in revoked if find_issuer(certificate, (ca_certificate,)) is not None]
        number = int(session.scalar(select(CRL_NUMBER_SEQUENCE.next_value())))
        this_update = now.replace(microsecond=0)
        crl = build_revocation_list(ca_certificate, ca_key, entries, this_update=this_update,
                                    next_update=this_update + NEXT_UPDATE, crl_number=number)
        lists.append(BuiltList(crl, number, certificate_fingerprint(ca_certificate), len(entries)))
    return lists
