# SPDX-License-Identifier: GPL-3.0-or-later
"""The manifest's detached CMS (PKCS#7) SignedData, one SignerInfo per expert (RFC 5652).

Signed with `cryptography`'s PKCS7SignatureBuilder; verified with asn1crypto (parsing) and
`cryptography` (each SignerInfo's signature over its DER-encoded signed attributes), because
`cryptography` has no CMS verification. Certificates are judged by the workstation's
TrustAnchors (security/trust.py): valid at the manifest's own `created_at` (a bundle signed while
both certificates were valid stays verifiable after they expire), and not revoked at the trusted
time (when this workstation verifies or imports it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from assessment_app.bundle.errors import BundleError
from assessment_app.security.certificates import (
    CertificateRejected,
    SigningKey,
    certificate_fingerprint,
    subject_identity,
)
from assessment_app.security.trust import TrustAnchors


@dataclass(frozen=True)
class ManifestSigner:
    expert_number: str | None
    fingerprint: str
    certificate: x509.Certificate


def sign_manifest(manifest_bytes: bytes, signers: list[tuple[SigningKey, x509.Certificate]]) -> bytes:
    """DER SignedData over `manifest_bytes`, detached, with every signer's certificate included."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(manifest_bytes)
    for key, certificate in signers:
        builder = builder.add_signer(certificate, key, hashes.SHA256())
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature,
                                                     pkcs7.PKCS7Options.Binary])


def verify_manifest_signature(manifest_bytes: bytes, signature_der: bytes, anchors: TrustAnchors, *,
                              claimed: datetime, trusted: datetime) -> list[ManifestSigner]:
    """Every SignerInfo verified and its certificate accepted by `anchors` (valid at `claimed`, the
    manifest's created_at; not revoked at `trusted`); raises BundleError(reason) with cms_malformed,
    cms_not_detached, cms_signer_certificate_missing, cms_digest_mismatch, cms_bad_signature,
    cms_unsupported_algorithm or cms_certificate_<reason> (foreign_ca, expired, revoked, …)."""
    signed_data = _signed_data(signature_der)
    if signed_data["encap_content_info"]["content"].native is not None:
        raise BundleError("cms_not_detached")
    certificates = [x509.load_der_x509_certificate(choice.chosen.dump())
                    for choice in signed_data["certificates"] or [] if choice.name == "certificate"]
    signers = []
    for signer_info in signed_data["signer_infos"]:
        certificate = _signer_certificate(signer_info, certificates)
        _check_signed_attributes(signer_info, manifest_bytes)
        _check_signature(signer_info, certificate)
        try:
            anchors.validate(certificate, claimed=claimed, trusted=trusted)
        except CertificateRejected as rejected:
            raise BundleError(f"cms_certificate_{rejected.reason}",
                              subject_identity(certificate).serial_number) from None
        signers.append(ManifestSigner(subject_identity(certificate).serial_number,
                                      certificate_fingerprint(certificate), certificate))
    return signers


def _signed_data(signature_der: bytes) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(signature_der, strict=True)
        if info["content_type"].native != "signed_data":
            raise BundleError("cms_malformed", "not SignedData")
        signed_data = info["content"]
        signed_data["signer_infos"].native  # noqa: B018 - parse the whole structure now, not lazily later
        return signed_data
    except BundleError:
        raise
    except (ValueError, TypeError, KeyError) as error:
        raise BundleError("cms_malformed", str(error)[:200]) from None


def _signer_certificate(signer_info: cms.SignerInfo, certificates: list[x509.Certificate]) -> x509.Certificate:
    sid = signer_info["sid"]
    if sid.name != "issuer_and_serial_number":
        raise BundleError("cms_unsupported_algorithm", "signer identified by key id")
    issuer_der, serial = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
    for certificate in certificates:
        if certificate.serial_number == serial and certificate.issuer.public_bytes() == issuer_der:
            return certificate
    raise BundleError("cms_signer_certificate_missing", serial)


def _check_signed_attributes(signer_info: cms.SignerInfo, manifest_bytes: bytes) -> None:
    if signer_info["digest_algorithm"]["algorithm"].native != "sha256":
        raise BundleError("cms_unsupported_algorithm", signer_info["digest_algorithm"]["algorithm"].native)
    attributes = signer_info["signed_attrs"]
    if not attributes:
        raise BundleError("cms_malformed", "no signed attributes")
    found = {attribute["type"].native: attribute["values"] for attribute in attributes}
    if found.get("content_type") is None or found["content_type"][0].native != "data":
        raise BundleError("cms_malformed", "content type")
    digest = found.get("message_digest")
    if digest is None or digest[0].native != hashlib.sha256(manifest_bytes).digest():
        raise BundleError("cms_digest_mismatch")


def _check_signature(signer_info: cms.SignerInfo, certificate: x509.Certificate) -> None:
    # RFC 5652 §5.4: the signature covers the attributes DER-encoded as a SET OF, not as [0].
    covered = b"\x31" + signer_info["signed_attrs"].dump()[1:]
    signature = signer_info["signature"].native
    algorithm = signer_info["signature_algorithm"].signature_algo
    public_key = certificate.public_key()
    try:
        if algorithm == "ecdsa" and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, covered, ec.ECDSA(hashes.SHA256()))
        elif algorithm == "rsassa_pkcs1v15" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, covered, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise BundleError("cms_unsupported_algorithm", algorithm)
    except InvalidSignature:
        raise BundleError("cms_bad_signature", subject_identity(certificate).serial_number) from None
