# SPDX-License-Identifier: GPL-3.0-or-later
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
    writer = _open(pdf)
    _check_signable(writer, field_name, lock)
    signer = pyhanko_signer(key, certificate, ca_certificates)
    if timestamp_url:
        try:
            return SignedReport(_sign(writer, field_name, signer, signer_name, lock, when,
                                      UrllibTimeStamper(timestamp_url)), TIMESTAMP_APPLIED)
        except TimestampRequestError:
            # Optional by design (offline first): sign without it and say so, on a fresh
            # writer (the failed attempt may have begun its update).
            return SignedReport(_sign(_open(pdf), field_name, signer, signer_name, lock, when, None),
                                TIMESTAMP_UNAVAILABLE)
    return SignedReport(_sign(writer, field_name, signer, signer_name, lock, when, None), TIMESTAMP_NOT_REQUESTED)


def _open(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise ReportSigningError("not_a_pdf", problem=str(error)) from None


def _check_signable(writer: IncrementalPdfFileWriter, field_name: str, lock: bool) -> None:
    reader = writer.prev
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


def _sign(writer: IncrementalPdfFileWriter, field_name: str, signer: signers.SimpleSigner, signer_name: str,
          lock: bool, when: datetime, timestamper) -> bytes:
    metadata = signers.PdfSignatureMetadata(field_name=field_name, subfilter=SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", certify=False, name=signer_name,
                                            docmdp_permissions=MDPPerm.NO_CHANGES if lock else MDPPerm.FILL_FORMS)
    # The field already has an empty appearance and the page shows the slot; pyHanko's default
    # stamp would draw text in a non-embedded standard font.
    pdf_signer = _PdfSignerAt(metadata, signer, timestamper=timestamper, stamp_style=NoOpStampStyle(),
                              signing_time=when)
    out = io.BytesIO()
    # A time-stamp token's size is the server's to choose: pyHanko then sizes /Contents by a dry run.
    reserve = None if timestamper is not None else contents_reserve(signer)
    pdf_signer.sign_pdf(writer, existing_fields_only=True, output=out, bytes_reserved=reserve)
    return out.getvalue()


# Everything in the CMS besides the certificates, the issuer names and the signature value:
# the SignedData, SignerInfo and ContentInfo headers, the algorithm identifiers and the signed
# attributes (content type, SHA-256 message digest, signing-certificate-v2 with a SHA-256 hash,
# CMS algorithm protection) come to about 250 bytes. Twice that: a reserve too small fails
# the signature, while every spare byte costs two hex digits that each later reader parses.
_CMS_FRAME_BYTES = 512


def contents_reserve(signer: signers.SimpleSigner) -> int:
    """Hex digits to reserve for the signature's /Contents, an upper bound of the CMS worked out
    from its parts. Without it pyHanko signs a dummy digest first to measure the CMS, which
    doubles the cost of every signature (building the CMS is most of signing)."""
    signing_cert = signer.signing_cert
    certificates = {signing_cert.dump(), *(cert.dump() for cert in signer.cert_registry or ())}
    # The issuer and serial appear twice more: the SignerInfo's sid and signing-certificate-v2.
    issuer_serial = len(signing_cert.issuer.dump()) + len(signing_cert["tbs_certificate"]["serial_number"].dump())
    # A DER ECDSA signature is two integers of at most the key's size plus a byte each; an RSA
    # signature is the size of the modulus: 2 x (key bytes + 4) covers both.
    key_bytes = signing_cert.public_key.bit_size // 8 + 1
    cms_bytes = sum(map(len, certificates)) + 2 * issuer_serial + 2 * (key_bytes + 4) + _CMS_FRAME_BYTES
    return 2 * cms_bytes
