# SPDX-License-Identifier: GPL-3.0-or-later
"""Check every signature of a report: integrity, signer, trust, coverage and the lock.

Trust anchors are the caller's: the agency CAs, or the workstation's `TrustAnchors` (CAs and
the agency's revocation list, services/trust_anchors.py); with none, only integrity is checked
and the result says trust was not checked, never that the signer is trusted.

Certificates are judged at the time each signature says it was made (its time-stamp, else the
signer's clock), as Acrobat does by default: a report signed while the expert's certificate
was valid stays valid after the certificate expires. Pass `at` to judge at another moment.
With `TrustAnchors`, revocation is judged at a trusted time (security/trust.py): a time-stamp
that chains to a trusted root where there is one, else `trusted_at` (the moment of import or of
this check), never the signer's own claim, so a revoked key cannot sign with last year's date.
"""

from __future__ import annotations

import io
import dataclasses
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Sequence, Union

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from assessment_app.reports.errors import ReportUnreadable
from assessment_app.security.certificates import CertificateRejected
from assessment_app.security.trust import TrustAnchors

Trust = Union[TrustAnchors, Sequence[x509.Certificate]]


@dataclass(frozen=True)
class SignatureStatus:
    field_name: str
    signer_common_name: str | None
    signer_number: str | None  # subject serialNumber: the expert number
    certificate_serial: int
    signing_time: datetime | None  # as the signer's clock reported it, unless time-stamped
    timestamped: bool
    timestamp_trusted: bool  # the time-stamp authority chains to a trusted root: its time is a trusted clock
    intact: bool  # the signed byte ranges hash to the signed digest
    valid: bool  # intact, the CMS signature verifies, and (if trust_checked) chains to a given CA
    trust_checked: bool
    trusted: bool
    covers_whole_file: bool  # no bytes after this signature's revision
    coverage: str  # entire_file | entire_revision | contiguous_block_from_start | unclear
    modifications: str  # what later revisions did: none | lta_updates | form_filling | annotations | other
    docmdp_level: str | None  # the lock this signature set: no_changes | fill_forms | annotate
    docmdp_ok: bool  # later revisions respect every earlier lock
    problem: str | None = None
    # With TrustAnchors: why the certificate was refused (revoked, expired, claimed_after_trusted_time,
    # …, as security/trust.py names it) and the facts for the message (revoked_at, reason).
    certificate_problem: str | None = None
    certificate_detail: dict | None = None

    @property
    def ok(self) -> bool:
        return self.valid and self.docmdp_ok and self.problem is None

    def to_json_dict(self) -> dict:
        record = asdict(self)
        record["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        record["certificate_detail"] = None if self.certificate_detail is None else {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in self.certificate_detail.items()}
        record["ok"] = self.ok
        return record


def verify_report(pdf: bytes, trust: Trust, *, at: datetime | None = None,
                  trusted_at: datetime | None = None) -> list[SignatureStatus]:
    """One status per signature in file order; an empty list means the file is unsigned.
    `trust`: CA certificates, or TrustAnchors (then revocation counts, at `trusted_at`, default now)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise ReportUnreadable("not_a_pdf", problem=str(error)) from None
    anchors = trust if isinstance(trust, TrustAnchors) else None
    cas = anchors.ca_certificates if anchors is not None else tuple(trust)
    roots = [asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER)) for ca in cas]
    statuses = [_status(signature, roots, at) for signature in signatures]
    if anchors is None:
        return statuses
    trusted_at = trusted_at or datetime.now(timezone.utc)
    return [_judged(status, signature, anchors, at, trusted_at) for status, signature in zip(statuses, signatures)]


def _judged(status: SignatureStatus, signature, anchors: TrustAnchors, at: datetime | None,
            trusted_at: datetime) -> SignatureStatus:
    """The status once the agency's rule is applied: validity at the claimed time, revocation at
    the trusted time. Only a signature pyHanko found intact and chained is judged further."""
    if not status.valid or not status.trusted or status.signing_time is None:
        return status
    certificate = x509.load_der_x509_certificate(signature.signer_cert.dump())
    # A time-stamp is a trusted clock only when its authority chains to a trusted root (pyHanko
    # checked it against the same roots); the signer's own clock never is.
    trusted = status.signing_time if status.timestamp_trusted else trusted_at
    try:
        anchors.validate(certificate, claimed=at or status.signing_time, trusted=trusted)
    except CertificateRejected as error:
        detail = {key: value for key, value in error.detail.items()
                  if key in ("revoked_at", "revocation_reason", "claimed", "now", "not_valid_after")}
        return dataclasses.replace(status, valid=False, certificate_problem=error.reason, certificate_detail=detail)
    return status


def _status(signature, roots, at: datetime | None) -> SignatureStatus:
    moment = at or signature.self_reported_timestamp
    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment,
                                # Offline: an agency CA publishes no CRL or OCSP we could reach.
                                revocation_mode="soft-fail")
    certificate = signature.signer_cert
    subject = certificate.subject.native
    docmdp = signature.docmdp_level
    base = dict(field_name=signature.field_name, signer_common_name=subject.get("common_name"),
                signer_number=subject.get("serial_number"), certificate_serial=certificate.serial_number,
                docmdp_level=docmdp.name.lower() if docmdp else None, trust_checked=bool(roots))
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except (SignatureValidationError, ValueError, KeyError) as error:
        return SignatureStatus(**base, signing_time=None, timestamped=False, timestamp_trusted=False, intact=False,
                               valid=False, trusted=False, covers_whole_file=False, coverage="unclear",
                               modifications="other", docmdp_ok=False, problem=str(error))
    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    timestamp = status.timestamp_validity
    return SignatureStatus(
        **base,
        signing_time=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
        timestamped=timestamp is not None,
        timestamp_trusted=bool(timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted),
        intact=bool(status.intact),
        valid=bool(status.intact and status.valid and (status.trusted or not roots)),
        trusted=bool(roots) and bool(status.trusted),
        covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        coverage=coverage.name.lower(),
        modifications=status.modification_level.name.lower() if status.modification_level is not None else "other",
        docmdp_ok=bool(status.docmdp_ok),
    )


def all_valid(statuses: Sequence[SignatureStatus]) -> bool:
    """True when there is at least one signature and every one is ok."""
    return bool(statuses) and all(status.ok for status in statuses)
