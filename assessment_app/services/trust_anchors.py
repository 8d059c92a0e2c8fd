# SPDX-License-Identifier: GPL-3.0-or-later
"""What this workstation trusts, read from the held provisioning package: the agency's CA
certificates and its revocation list (security/trust.py applies them), and the trusted time.

Every certificate check goes through here: sign-in, signing, signing-identity import, report
verify, decision import, bundle verify and import. The CRLs are kept as the agency signed them
and verified again whenever they are read, so a revocation list edited in the database is
refused rather than believed.

The trusted time of something happening on this workstation is its own clock, but never earlier
than the moment the held package was imported: once the workstation has learnt of a revocation,
setting the laptop's clock back does not bring the certificate back.
"""

from __future__ import annotations

from datetime import datetime, timezone

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.errors import AppError, ReasonAndDetail
from assessment_app.security.certificates import find_issuer, load_pem_certificate
from assessment_app.security.revocation_lists import (
    RevocationListError,
    load_revocation_list,
    revocation_list_pem,
    revocations_from_lists,
)
from assessment_app.security.trust import Revocation, TrustAnchors
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.security_models import Agency, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

_CERTIFICATE_END = "-----END CERTIFICATE-----"
_CRL_END = "-----END X509 CRL-----"
_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


class TrustUnavailable(ReasonAndDetail, AppError):
    """reason not_provisioned (no agency package yet) or revocation_list_damaged (the stored lists
    no longer verify against the stored CAs: the database was altered)."""


def workstation_trust_anchors(records: CaseRecords) -> TrustAnchors:
    """The CAs and revocations of the held package: what bundle verify and bundle import pass
    to every certificate check. TrustUnavailable when the workstation is not provisioned."""
    with unit_of_work(records.engine) as session:
        return trust_anchors_in(session)


def trust_anchors_in(session: Session) -> TrustAnchors:
    """The same, inside a use case's own transaction."""
    agency = session.get(Agency, 1)
    if agency is None:
        raise TrustUnavailable("not_provisioned")
    return agency_trust_anchors(agency)


def agency_trust_anchors(agency: Agency) -> TrustAnchors:
    cas = agency_ca_certificates(agency)
    try:
        crls = tuple(load_revocation_list(pem, index) for index, pem in enumerate(_blocks(agency.revocation_lists_pem,
                                                                                       _CRL_END)))
        revocations = revocations_from_lists(crls, cas)
    except RevocationListError as error:
        raise TrustUnavailable("revocation_list_damaged", error.reason) from None
    return TrustAnchors(cas, revocations)


def agency_ca_certificates(agency: Agency) -> tuple[x509.Certificate, ...]:
    return tuple(load_pem_certificate(block) for block in _blocks(agency.ca_certificates_pem, _CERTIFICATE_END))


def revocation_lists_text(crls) -> str:
    """How the lists are stored: PEM blocks, concatenated, as the agency signed them."""
    return "".join(revocation_list_pem(crl) for crl in crls)


def trusted_time(session: Session, now: datetime) -> datetime:
    """`now`, but not earlier than the import of the held package (see the module docstring)."""
    agency = session.get(Agency, 1)
    if agency is None or not agency.imported_at:
        return now
    imported = datetime.strptime(agency.imported_at, _TIMESTAMP).replace(tzinfo=timezone.utc)
    return max(now, imported)


def revocation_of(anchors: TrustAnchors, certificate: x509.Certificate, at: datetime) -> Revocation | None:
    """The revocation in force at `at` for a certificate of one of the anchors' CAs, else None."""
    issuer = find_issuer(certificate, anchors.ca_certificates)
    if issuer is None:
        return None
    revocation = anchors.revocation_of(certificate, issuer)
    return revocation if revocation is not None and revocation.revoked_at <= at else None


def revocation_of_every_certificate(session: Session, expert_id: str, now: datetime) -> Revocation | None:
    """A revocation when the expert has certificates here and the agency revoked every one of them
    (sign-in is then refused); None otherwise: an expert with a replacement that is not revoked
    may still sign in to install its key, and signing checks the active certificate anyway."""
    pems = session.scalars(select(SigningIdentity.certificate_pem).where(
        SigningIdentity.expert_id == expert_id, SigningIdentity.certificate_pem.is_not(None))).all()
    if not pems or session.get(Agency, 1) is None:
        return None
    anchors, at = trust_anchors_in(session), trusted_time(session, now)
    revocations = [revocation_of(anchors, load_pem_certificate(pem), at) for pem in pems]
    return None if any(revocation is None for revocation in revocations) else revocations[0]


def _blocks(text: str, end: str) -> list[str]:
    return [block.strip() + "\n" + end + "\n" for block in (text or "").split(end) if block.strip()]
