"""Check every signature of a report: integrity, signer, trust, coverage and the lock.

Trust anchors are the caller's (the agency CAs); with none, only integrity is checked and
the result says trust was not checked, never that the signer is trusted.

Certificates are judged at the time each signature says it was made (its time-stamp, else the
signer's clock), as Acrobat does by default: a report signed while the expert's certificate
was valid stays valid after the certificate expires. Pass `at` to judge at another moment.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Sequence

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


@dataclass(frozen=True)
class SignatureStatus:
    field_name: str
    signer_common_name: str | None
    signer_number: str | None  # subject serialNumber: the expert number
    certificate_serial: int
    signing_time: datetime | None  # as the signer's clock reported it, unless time-stamped
    timestamped: bool
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

    @property
    def ok(self) -> bool:
        return self.valid and self.docmdp_ok and self.problem is None

    def to_json_dict(self) -> dict:
        record = asdict(self)
        record["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        record["ok"] = self.ok
        return record


def verify_report(pdf: bytes, ca_certificates: Sequence[x509.Certificate], *,
                  at: datetime | None = None) -> list[SignatureStatus]:
    """One status per signature in file order; an empty list means the file is unsigned."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise ReportUnreadable("not_a_pdf", problem=str(error)) from None
    roots = [asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER)) for ca in ca_certificates]
    return [_status(signature, roots, at) for signature in signatures]


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
        return SignatureStatus(**base, signing_time=None, timestamped=False, intact=False, valid=False,
                               trusted=False, covers_whole_file=False, coverage="unclear",
                               modifications="other", docmdp_ok=False, problem=str(error))
    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    timestamp = status.timestamp_validity
    return SignatureStatus(
        **base,
        signing_time=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
        timestamped=timestamp is not None,
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
