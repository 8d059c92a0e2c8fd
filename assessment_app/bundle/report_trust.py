# SPDX-License-Identifier: GPL-3.0-or-later
"""The report's signers judged by the workstation's TrustAnchors (security/trust.py).

reports/verify.py checks each PAdES signature's integrity, coverage and chain to the agency CA
at the signature's own time; what an offline PDF validator cannot know is added here: whether
the agency revoked a signer's certificate before the trusted time (this verification or import),
and whether the signing time a signature claims lies after that trusted time.
"""

from __future__ import annotations

import io
from datetime import datetime

from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader

from assessment_app.bundle.errors import BundleError
from assessment_app.reports.verify import SignatureStatus
from assessment_app.security.certificates import CertificateRejected, subject_identity
from assessment_app.security.trust import TrustAnchors


def check_report_signers(pdf: bytes, statuses: list[SignatureStatus], anchors: TrustAnchors, *,
                         trusted: datetime) -> None:
    """Raise BundleError report_certificate_<reason> (revoked, claimed_after_trusted_time, …) for
    the first signer the anchors refuse. `statuses` come from verify_report on the same bytes."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    certificates = {signature.field_name: x509.load_der_x509_certificate(signature.signer_cert.dump())
                    for signature in reader.embedded_signatures}
    for status in statuses:
        certificate = certificates.get(status.field_name)
        if certificate is None or status.signing_time is None:
            raise BundleError("report_signature_invalid", f"{status.field_name}: no signer or signing time")
        try:
            anchors.validate(certificate, claimed=status.signing_time, trusted=trusted)
        except CertificateRejected as rejected:
            raise BundleError(f"report_certificate_{rejected.reason}",
                              subject_identity(certificate).serial_number) from None
