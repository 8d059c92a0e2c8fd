"""PAdES signatures on a rendered report, one incremental update per signer.

The certificate is checked against the agency's CAs before anything is written: a refused
certificate raises CertificateRejected (expired, foreign_ca, ...) and no bytes come back.
The lock (DocMDP "no changes" via the field's /Lock, ISO 32000-2 12.7.2.3) is laid down when
the report is rendered, on the field signed last: adding /Lock to a field later is itself a
change to a signed form field, which breaks every earlier signature's modification check.
`lock` states the caller's intent and must match the field, so a service that believes it
signs last cannot silently leave the document open, and an early signer cannot lock it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp.noop import NoOpStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from assessment_app.reports.errors import ReportSigningError
from assessment_app.reports.timestamp_client import UrllibTimeStamper
from assessment_app.security.certificates import SigningKey, validate_certificate

TIMESTAMP_NOT_REQUESTED = "not_requested"
TIMESTAMP_APPLIED = "applied"
TIMESTAMP_UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class SignedReport:
    pdf: bytes
    timestamp: str  # not_requested | applied | unavailable


def sign_report(pdf: bytes, *, field_name: str, key: SigningKey, certificate: x509.Certificate,
                ca_certificates: Sequence[x509.Certificate], signer_name: str, lock: bool,
                timestamp_url: str | None = None, when: datetime | None = None) -> bytes:
    """The signed PDF; see sign_report_with_outcome for whether a time-stamp was applied."""
    return sign_report_with_outcome(pdf, field_name=field_name, key=key, certificate=certificate,
                                    ca_certificates=ca_certificates, signer_name=signer_name, lock=lock,
                                    timestamp_url=timestamp_url, when=when).pdf


def sign_report_with_outcome(pdf: bytes, *, field_name: str, key: SigningKey, certificate: x509.Certificate,
                             ca_certificates: Sequence[x509.Certificate], signer_name: str, lock: bool,
                             timestamp_url: str | None = None, when: datetime | None = None) -> SignedReport:
    when = when or datetime.now(timezone.utc)
    validate_certificate(certificate, tuple(ca_certificates), when)
    _check_signable(pdf, field_name, lock)
    signer = pyhanko_signer(key, certificate, ca_certificates)
    if timestamp_url:
        try:
            return SignedReport(_sign(pdf, field_name, signer, signer_name, lock, when,
                                      UrllibTimeStamper(timestamp_url)), TIMESTAMP_APPLIED)
        except TimestampRequestError:
            # Optional by design (offline first): sign without it and say so.
            return SignedReport(_sign(pdf, field_name, signer, signer_name, lock, when, None), TIMESTAMP_UNAVAILABLE)
    return SignedReport(_sign(pdf, field_name, signer, signer_name, lock, when, None), TIMESTAMP_NOT_REQUESTED)


def _open(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise ReportSigningError("not_a_pdf", problem=str(error)) from None


def _check_signable(pdf: bytes, field_name: str, lock: bool) -> None:
    reader = _open(pdf).prev
    for signature in reader.embedded_signatures:
        locked_fields = signature.fieldmdp
        if signature.docmdp_level == MDPPerm.NO_CHANGES or (
                locked_fields is not None and locked_fields.is_locked(field_name)):
            raise ReportSigningError("document_locked", field=field_name, locked_by=signature.field_name)
    for name, value, field_ref in fields.enumerate_sig_fields(reader, filled_status=None):
        if name == field_name:
            if value is not None:
                raise ReportSigningError("field_already_signed", field=field_name)
            field_locks = _locks_document(field_ref.get_object())
            if lock and not field_locks:
                raise ReportSigningError("field_cannot_lock", field=field_name)
            if field_locks and not lock:
                raise ReportSigningError("field_locks_document", field=field_name)
            return
    raise ReportSigningError("no_such_field", field=field_name)


def _locks_document(field) -> bool:
    lock = field.get("/Lock")
    return lock is not None and int(lock.get_object().get("/P", 0)) == MDPPerm.NO_CHANGES.value


def pyhanko_signer(key: SigningKey, certificate: x509.Certificate,
                    ca_certificates: Sequence[x509.Certificate]) -> signers.SimpleSigner:
    """Our cryptography key and certificates as the asn1crypto objects pyHanko signs with."""
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    to_asn1 = lambda cert: asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))  # noqa: E731
    return signers.SimpleSigner(
        signing_cert=to_asn1(certificate), signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        # The CA goes into the CMS so a verifier holding only the CA's fingerprint can build the chain.
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(ca) for ca in ca_certificates]),
    )


class _PdfSignerAt(signers.PdfSigner):
    """PdfSigner with a given signing time (tests and re-runs are deterministic; the time a
    caller passes is the one it validated the certificate at)."""

    def __init__(self, *args, signing_time: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def _sign(pdf: bytes, field_name: str, signer: signers.SimpleSigner, signer_name: str, lock: bool,
          when: datetime, timestamper) -> bytes:
    writer = _open(pdf)
    metadata = signers.PdfSignatureMetadata(field_name=field_name, subfilter=SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", certify=False, name=signer_name,
                                            docmdp_permissions=MDPPerm.NO_CHANGES if lock else MDPPerm.FILL_FORMS)
    # The field already has an empty appearance and the page shows the slot; pyHanko's default
    # stamp would draw text in a non-embedded standard font.
    pdf_signer = _PdfSignerAt(metadata, signer, timestamper=timestamper, stamp_style=NoOpStampStyle(),
                              signing_time=when)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, existing_fields_only=True, output=out)
    return out.getvalue()
