# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's revocation lists: standard X.509 CRLs (RFC 5280 §5), one per CA, signed by that CA.

A CRL is the format every PKI tool reads (`openssl crl -in F -text`), so an agency can check what
it published without our code, and the signature means the list cannot be shortened on the way:
a package whose CRL is not signed by one of the package's own CAs is refused. On the workstation
each entry becomes a `trust.Revocation` (issuing CA, serial, date, reason); `TrustAnchors`
applies them at a trusted time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from assessment_app.errors import AppError
from assessment_app.security.certificates import SigningKey, certificate_fingerprint
from assessment_app.security.trust import Revocation

# RFC 5280 §5.3.1 reason codes, spelled as the messages and the audit log name them.
REASONS = {
    x509.ReasonFlags.unspecified: "unspecified",
    x509.ReasonFlags.key_compromise: "key_compromise",
    x509.ReasonFlags.ca_compromise: "ca_compromise",
    x509.ReasonFlags.affiliation_changed: "affiliation_changed",
    x509.ReasonFlags.superseded: "superseded",
    x509.ReasonFlags.cessation_of_operation: "cessation_of_operation",
    x509.ReasonFlags.certificate_hold: "certificate_hold",
    x509.ReasonFlags.privilege_withdrawn: "privilege_withdrawn",
    x509.ReasonFlags.aa_compromise: "aa_compromise",
}
_FLAGS = {name: flag for flag, name in REASONS.items()}
DEFAULT_VALIDITY = timedelta(days=30)


class RevocationListError(AppError, ValueError):
    """reason: bad_crl (unreadable), crl_not_from_package_ca (no package CA signed it),
    duplicate_crl (two lists of one CA). `index` is the list's position in the package."""

    def __init__(self, reason: str, index: int, detail: object = None):
        super().__init__(f"revocation_lists[{index}]: {reason}" + ("" if detail is None else f" ({detail})"))
        self.reason = reason
        self.index = index
        self.detail = detail


@dataclass(frozen=True)
class RevokedCertificate:
    """What the agency revokes: a serial number its CA issued, since when, and why."""

    serial_number: int
    revoked_at: datetime
    reason: str = "unspecified"  # a value of REASONS


def build_revocation_list(ca_certificate: x509.Certificate, ca_key: SigningKey, revoked: Iterable[RevokedCertificate],
                          *, this_update: datetime, next_update: datetime | None = None,
                          crl_number: int = 1) -> x509.CertificateRevocationList:
    """A CRL signed by `ca_key` (the CA that issued the revoked certificates). `crl_number`
    should increase with every list; the package's own sequence number is what orders packages."""
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_certificate.subject)
               .last_update(this_update).next_update(next_update or this_update + DEFAULT_VALIDITY)
               .add_extension(x509.CRLNumber(crl_number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False))
    for entry in sorted(revoked, key=lambda item: item.serial_number):
        revoked_builder = (x509.RevokedCertificateBuilder().serial_number(entry.serial_number)
                           .revocation_date(entry.revoked_at))
        if entry.reason != "unspecified":
            revoked_builder = revoked_builder.add_extension(x509.CRLReason(_FLAGS[entry.reason]), critical=False)
        builder = builder.add_revoked_certificate(revoked_builder.build())
    # Deterministic ECDSA, as for certificates: same list, same bytes.
    extra = {"ecdsa_deterministic": True} if isinstance(ca_key, ec.EllipticCurvePrivateKey) else {}
    return builder.sign(ca_key, hashes.SHA256(), **extra)


def revocation_list_pem(crl: x509.CertificateRevocationList) -> str:
    return crl.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_revocation_list(pem: str, index: int = 0) -> x509.CertificateRevocationList:
    try:
        return x509.load_pem_x509_crl(pem.encode("ascii", "replace"))
    except ValueError as error:
        raise RevocationListError("bad_crl", index, str(error)) from None


def revocations_from_lists(crls: Sequence[x509.CertificateRevocationList],
                           ca_certificates: Sequence[x509.Certificate]) -> tuple[Revocation, ...]:
    """Every entry of every list, once each list's signature is verified against the package CA
    that names itself its issuer. A list no package CA signed is refused, never ignored: an
    attacker who cannot forge a list must not be able to swap in an empty one either."""
    entries: list[Revocation] = []
    seen: set[str] = set()
    for index, crl in enumerate(crls):
        issuer = _signing_ca(crl, ca_certificates)
        if issuer is None:
            raise RevocationListError("crl_not_from_package_ca", index, crl.issuer.rfc4514_string())
        fingerprint = certificate_fingerprint(issuer)
        if fingerprint in seen:
            raise RevocationListError("duplicate_crl", index, crl.issuer.rfc4514_string())
        seen.add(fingerprint)
        for revoked in crl:
            try:
                reason = REASONS[revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason]
            except x509.ExtensionNotFound:
                reason = "unspecified"
            entries.append(Revocation(fingerprint, revoked.serial_number, revoked.revocation_date_utc, reason))
    return tuple(sorted(entries, key=lambda entry: (entry.issuer_fingerprint, entry.serial_number)))


def _signing_ca(crl: x509.CertificateRevocationList,
                ca_certificates: Sequence[x509.Certificate]) -> x509.Certificate | None:
    for ca in ca_certificates:
        if ca.subject != crl.issuer:
            continue
        try:
            if crl.is_signature_valid(ca.public_key()):
                return ca
        except (TypeError, ValueError):
            continue
    return None
