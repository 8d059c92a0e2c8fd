# SPDX-License-Identifier: GPL-3.0-or-later
"""What a workstation trusts: the agency's CA certificates and its revocation list, and the one
rule every certificate check applies (sign-in, report verify, bundle verify, decision import).

A signature names the time its signer claims. That claim alone cannot be trusted: whoever holds
a revoked key can sign with last year's date. So a certificate is judged twice:
- its validity period and purpose at the claimed signing time (a report signed in time stays
  valid after the certificate expires), which may not lie after the trusted time;
- revocation at the trusted time: when this workstation imported it, or an RFC 3161 time-stamp
  where one exists. A certificate revoked before that moment signs nothing any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509

from assessment_app.security.certificates import (
    PURPOSE_DOCUMENT_SIGNING,
    CertificateRejected,
    certificate_fingerprint,
    validate_certificate,
)

# Laptop clocks drift; a claim a few minutes ahead of the trusted clock is not a forgery.
CLOCK_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True)
class Revocation:
    """One entry of the agency's revocation list. Serial numbers are unique per CA only, so the
    issuing CA is part of the key."""

    issuer_fingerprint: str
    serial_number: int
    revoked_at: datetime
    reason: str = "unspecified"


@dataclass(frozen=True)
class TrustAnchors:
    ca_certificates: tuple[x509.Certificate, ...]
    revocations: tuple[Revocation, ...] = ()

    def revocation_of(self, certificate: x509.Certificate, issuer: x509.Certificate) -> Revocation | None:
        issuer_fingerprint = certificate_fingerprint(issuer)
        return next((entry for entry in self.revocations
                     if entry.serial_number == certificate.serial_number
                     and entry.issuer_fingerprint == issuer_fingerprint), None)

    def validate(self, certificate: x509.Certificate, *, claimed: datetime, trusted: datetime | None = None,
                 purpose: str = PURPOSE_DOCUMENT_SIGNING) -> x509.Certificate:
        """The issuing CA, or CertificateRejected (reason foreign_ca, ca_expired, not_yet_valid,
        expired, not_for_signing, revoked, claimed_after_trusted_time). `trusted` defaults to
        `claimed` where no better clock exists (a preview, not an acceptance)."""
        trusted = claimed if trusted is None else trusted
        issuer = validate_certificate(certificate, self.ca_certificates, claimed, purpose=purpose)
        if claimed > trusted + CLOCK_TOLERANCE:
            raise CertificateRejected("claimed_after_trusted_time", certificate, trusted, claimed=claimed)
        revocation = self.revocation_of(certificate, issuer)
        if revocation is not None and revocation.revoked_at <= trusted:
            raise CertificateRejected("revoked", certificate, trusted, revoked_at=revocation.revoked_at,
                                      revocation_reason=revocation.reason)
        return issuer
