# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may review, and what the agency revoked, as the review desk knows it: the agency's newest
signed provisioning package (docs/formats/provisioning.md) — its experts with their roles, its
CA certificates and its revocation lists. It is the same signed statement the laptops decide by
when they import a decision, so the server refuses exactly what a laptop would refuse.

`ltc-agency review trust FILE` records a package (the authority's `provision build` output): it
must verify, chain to a CA this server holds, belong to this agency, and carry a higher sequence
than the one in force (a replayed older package cannot bring back a revoked reviewer). Recording
a package ends every reviewer session whose certificate it revokes or whose expert it no longer
lists as a reviewer or administrator.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Agency, CertificateAuthority
from assessment_app.agency.review_models import ReviewSession, TrustPackage
from assessment_app.security.certificates import CertificateRejected, load_pem_certificate, subject_identity
from assessment_app.security.provisioning import verify_provisioning
from assessment_app.security.provisioning_document import ExpertEntry, ProvisioningError, ProvisioningPackage

REVIEWER = "reviewer"
ADMINISTRATOR = "administrator"
DESK_ROLES = (REVIEWER, ADMINISTRATOR)  # may sign in; only reviewers decide (the laptops accept nothing else)
_parsed: dict[str, ProvisioningPackage] = {}  # by the file's SHA-256: a package is immutable once recorded


@dataclass(frozen=True)
class Trust:
    package: ProvisioningPackage
    recorded_at: datetime.datetime

    def trusted_time(self, now: datetime.datetime) -> datetime.datetime:
        """Revocations are judged at `now`, never before the package that announced them arrived."""
        return max(now, self.recorded_at)

    def expert(self, number: str | None) -> ExpertEntry | None:
        return self.package.expert(number) if number else None

    def name_of(self, number: str) -> str:
        entry = self.expert(number)
        return entry.name if entry is not None else number


def _verify(session: Session, data: bytes) -> ProvisioningPackage:
    fingerprints = session.scalars(select(CertificateAuthority.fingerprint)).all()
    if not fingerprints:
        raise AgencyError("authority_missing")
    try:
        return verify_provisioning(data, trusted_fingerprints=fingerprints)
    except ProvisioningError as error:
        raise AgencyError("trust_package_invalid", f"{error.reason} {getattr(error, 'path', '')}".strip()) from None


def record_trust_package(session: Session, data: bytes, *, actor: str, now: datetime.datetime) -> ProvisioningPackage:
    package = _verify(session, data)
    agency = session.get(Agency, 1)
    if agency is None:
        raise AgencyError("authority_missing")
    if package.agency.code != agency.code:
        raise AgencyError("trust_package_other_agency", f"{package.agency.code} ≠ {agency.code}")
    digest = hashlib.sha256(data).hexdigest()
    current = session.scalar(select(TrustPackage).order_by(TrustPackage.sequence.desc()).limit(1).with_for_update())
    if current is not None and current.sha256 == digest:
        return package
    if current is not None and package.sequence <= current.sequence:
        raise AgencyError("trust_package_older", f"{package.sequence} ≤ {current.sequence}")
    session.add(TrustPackage(sequence=package.sequence, package=data, sha256=digest, issued_at=package.issued_at,
                             recorded_at=now))
    ended = _end_sessions_it_revokes(session, Trust(package, now), now)
    append_event(session, actor=actor, action="review_trust_recorded", subject=str(package.sequence),
                 detail={"sha256": digest, "reviewers": sorted(e.expert_number for e in package.experts
                                                               if e.role == REVIEWER),
                         "sessions_ended": ended}, now=now)
    session.flush()
    return package


def current_trust(session: Session) -> Trust:
    row = session.scalar(select(TrustPackage).order_by(TrustPackage.sequence.desc()).limit(1))
    if row is None:
        raise AgencyError("trust_package_missing")
    package = _parsed.get(row.sha256)
    if package is None:
        # Verified again when read, as the laptops do with their held package: a row edited in
        # the database is refused, not believed.
        package = _parsed.setdefault(row.sha256, _verify(session, row.package))
    return Trust(package, row.recorded_at)


def desk_member(trust: Trust, certificate: x509.Certificate, now: datetime.datetime,
                roles: tuple[str, ...] = DESK_ROLES) -> ExpertEntry:
    """The expert a certificate belongs to, if the package lists them with one of `roles` and
    the certificate is valid now (chain to the agency CA, dates, document-signing purpose, not
    revoked). AgencyError not_a_reviewer / reviewer_certificate_rejected (detail: why)."""
    number = subject_identity(certificate).serial_number
    entry = trust.expert(number)
    if entry is None or entry.role not in roles:
        raise AgencyError("not_a_reviewer", f"{number}: {entry.role if entry else 'unknown'}")
    at = trust.trusted_time(now)
    try:
        trust.package.trust_anchors.validate(certificate, claimed=at, trusted=at)
    except CertificateRejected as error:
        raise AgencyError("reviewer_certificate_rejected", error.reason) from None
    return entry


def _end_sessions_it_revokes(session: Session, trust: Trust, now: datetime.datetime) -> list[str]:
    ended = []
    for row in session.scalars(select(ReviewSession).where(ReviewSession.ended_at.is_(None),
                                                           ReviewSession.expires_at > now).with_for_update()):
        try:
            desk_member(trust, load_pem_certificate(row.certificate_pem), now)
        except AgencyError:
            row.ended_at = now
            ended.append(row.expert_number)
    return sorted(ended)
