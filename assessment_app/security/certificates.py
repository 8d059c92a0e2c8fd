# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing identities: X.509 certificates and keys for experts, the demo CA, and their checks.

Experts get EC P-256 keys: PAdES (ETSI TS 119 312) and every PDF reader we target verify
ECDSA P-256, keys and signatures are small, and generating one takes microseconds where an
RSA-3072 key takes about a second on a laptop (and would slow every test). Certificates an
agency issues from its own CA may be RSA or EC; both are accepted when loaded.

A private key at rest is PKCS#8 encrypted with BestAvailableEncryption, whose KDF is PBKDF2
with only 2048 rounds. Since an expert's key is protected by the same passphrase as the account,
the passphrase is first stretched with Argon2id (passphrase_kdf.py) and the result is the
PKCS#8 password, so the key file is no easier to attack than the account hash.

Errors carry a stable `.reason` and the facts a message needs (dates, serial); wording lives
at the edge.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Union

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from assessment_app.errors import AppError
from assessment_app.security.passphrase_kdf import (
    DEFAULT_PARAMS,
    SALT_BYTES,
    Argon2idParams,
    KdfRecordInvalid,
    derive_key_from_passphrase,
)

SigningKey = Union[ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey]

DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336 id-kp-documentSigning
# Adobe Acrobat accepts only a short list of EKUs on signing certificates; RFC 9336 is too new
# to be on it, Microsoft Document Signing is.
MICROSOFT_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
# Our own purpose, as a UUID OID (ITU-T X.667, no registration needed): only a certificate with
# it may sign a provisioning package, so an expert's document-signing key cannot provision.
PROVISIONING_SIGNING = ObjectIdentifier("2.25.332417642042484350306560440339953302214")

DOCUMENT_SIGNING_USAGES = (DOCUMENT_SIGNING, MICROSOFT_DOCUMENT_SIGNING)
_ACCEPTED_FOR_DOCUMENTS = {DOCUMENT_SIGNING, MICROSOFT_DOCUMENT_SIGNING,
                           ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE}
PURPOSE_DOCUMENT_SIGNING = "document_signing"
PURPOSE_PROVISIONING = "provisioning"

DEMO_MARK = "演示 DEMO"
PRIVATE_KEY_FORMAT = "ltc-assess-private-key"


class CertificateError(AppError):
    """Base of the typed errors here: `.reason` is a stable code, `.detail` a dict of facts."""

    def __init__(self, reason: str, **detail: object):
        super().__init__(reason + (f" {detail}" if detail else ""))
        self.reason = reason
        self.detail = detail


class CertificateRejected(CertificateError):
    """reason: foreign_ca, ca_expired, revoked, not_yet_valid, expired, not_for_signing."""

    def __init__(self, reason: str, certificate: x509.Certificate, now: datetime, **detail: object):
        super().__init__(reason, subject=certificate.subject.rfc4514_string(),
                         serial_number=certificate.serial_number,
                         not_valid_before=certificate.not_valid_before_utc,
                         not_valid_after=certificate.not_valid_after_utc, now=now, **detail)
        self.serial_number = certificate.serial_number
        self.not_valid_before = certificate.not_valid_before_utc
        self.not_valid_after = certificate.not_valid_after_utc


class CertificateUnreadable(CertificateError):
    """reason: malformed (not a PEM certificate), bad_request_signature (a CSR not signed by
    its own key), unsupported_key_type."""


class Pkcs12Error(CertificateError):
    """reason: wrong_password (or the file is damaged: PKCS#12 cannot tell the two apart),
    malformed, missing_key, missing_certificate, key_mismatch, unsupported_key_type."""


class WrongPassphrase(CertificateError):
    def __init__(self) -> None:
        super().__init__("wrong_passphrase")


class PrivateKeyUnreadable(CertificateError):
    """reason: malformed (not a key file this application wrote)."""


@dataclass(frozen=True)
class SubjectIdentity:
    common_name: str | None
    serial_number: str | None  # the expert number (评估人员编号)
    organization: str | None  # the agency code


def subject_identity(certificate: x509.Certificate | x509.CertificateSigningRequest) -> SubjectIdentity:
    def first(oid: ObjectIdentifier) -> str | None:
        values = certificate.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else None
    return SubjectIdentity(first(NameOID.COMMON_NAME), first(NameOID.SERIAL_NUMBER),
                           first(NameOID.ORGANIZATION_NAME))


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER encoding, 64 lowercase hex digits: what an administrator compares."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_pem_certificate(text: str | bytes) -> x509.Certificate:
    data = text.encode("ascii", "replace") if isinstance(text, str) else text
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as error:
        raise CertificateUnreadable("malformed", problem=str(error)) from None


def is_demo_certificate(certificate: x509.Certificate) -> bool:
    """Demo CAs and everything they issue carry "DEMO" in a subject or issuer common name."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME) + \
        certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return any("DEMO" in str(attribute.value) for attribute in names)


def derive_ec_private_key(seed: bytes, label: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 key determined by (seed, label), so the demo set-up is reproducible in tests.
    48 bytes reduced mod n-1 keep the bias below 2^-128 (FIPS 186-5 A.2.1)."""
    digest = hashlib.sha512(seed + b"\x00ltc-assess demo key\x00" + label.encode("utf-8")).digest()[:48]
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    return ec.derive_private_key(int.from_bytes(digest, "big") % (order - 1) + 1, ec.SECP256R1())


def _validity(builder: x509.CertificateBuilder, now: datetime, valid_days: int) -> x509.CertificateBuilder:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if valid_days < 1:
        raise ValueError("valid_days must be at least 1")
    start = now.replace(microsecond=0)
    return builder.not_valid_before(start).not_valid_after(start + timedelta(days=valid_days))


def _sign(builder, key: SigningKey):
    # Deterministic ECDSA (RFC 6979): same inputs, same certificate; no reliance on a good RNG.
    extra = {"ecdsa_deterministic": True} if isinstance(key, ec.EllipticCurvePrivateKey) else {}
    return builder.sign(key, hashes.SHA256(), **extra)


def create_demo_ca(name: str, now: datetime, valid_days: int, *,
                   key: ec.EllipticCurvePrivateKey | None = None) -> tuple[x509.Certificate, SigningKey]:
    """A self-signed CA whose common name says DEMO, for the demo agency only."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} {DEMO_MARK} CA"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
    ])
    public_key = key.public_key()
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
               .public_key(public_key)
               .serial_number(int.from_bytes(hashlib.sha256(subject.public_bytes()).digest()[:8], "big") | 1)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    return _sign(_validity(builder, now, valid_days), key), key


def generate_key_and_csr(expert_name: str, expert_number: str, agency_code: str, *,
                         private_key: ec.EllipticCurvePrivateKey | None = None,
                         ) -> tuple[ec.EllipticCurvePrivateKey, x509.CertificateSigningRequest]:
    """Subject CN=name, serialNumber=expert number, O=agency code (the code, not the name,
    because it is the stable identifier an agency's records use)."""
    key = private_key or ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, expert_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, expert_number),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency_code),
    ])
    return key, _sign(x509.CertificateSigningRequestBuilder().subject_name(subject), key)


def sign_csr(csr: x509.CertificateSigningRequest, ca_certificate: x509.Certificate, ca_key: SigningKey,
             now: datetime, valid_days: int, serial: int, *,
             extended_key_usages: tuple[ObjectIdentifier, ...] = DOCUMENT_SIGNING_USAGES) -> x509.Certificate:
    """Issue a signing certificate: digitalSignature + nonRepudiation (content commitment), for
    document signing unless another purpose (PROVISIONING_SIGNING) is asked for."""
    if not csr.is_signature_valid:
        raise CertificateUnreadable("bad_request_signature", subject=csr.subject.rfc4514_string())
    if not 0 < serial < 2 ** 159:
        raise ValueError("serial must be a positive integer of at most 20 octets (RFC 5280 4.1.2.2)")
    public_key = csr.public_key()
    builder = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(ca_certificate.subject)
               .public_key(public_key).serial_number(serial)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
               .add_extension(x509.ExtendedKeyUsage(list(extended_key_usages)), critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False))
    return _sign(_validity(builder, now, valid_days), ca_key)


def _key_usage(**enabled: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{name: enabled.get(name, False) for name in names})


def find_issuer(certificate: x509.Certificate, cas: list[x509.Certificate] | tuple[x509.Certificate, ...]
                ) -> x509.Certificate | None:
    """The CA among `cas` whose key signed `certificate`. The signature is verified, not just the
    issuer name compared: a look-alike CA with the same name and another key is not the issuer."""
    for ca in cas:
        if not _is_ca(ca):
            continue
        try:
            certificate.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return ca
    return None


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def validate_certificate(certificate: x509.Certificate, trusted_cas, now: datetime,
                         revoked_serials=(), *, purpose: str = PURPOSE_DOCUMENT_SIGNING) -> x509.Certificate:
    """Raise CertificateRejected unless `certificate` may sign now; return its issuing CA.

    Checked in the order that gives the most useful message: who issued it, whether the agency
    revoked it, its dates, then what it may be used for. `revoked_serials` is the agency's list
    for its own CAs (serial numbers are only unique per CA, and the agency runs its CAs).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    issuer = find_issuer(certificate, tuple(trusted_cas))
    if issuer is None:
        raise CertificateRejected("foreign_ca", certificate, now, issuer=certificate.issuer.rfc4514_string())
    if not issuer.not_valid_before_utc <= now <= issuer.not_valid_after_utc:
        raise CertificateRejected("ca_expired", certificate, now, ca_not_valid_after=issuer.not_valid_after_utc)
    if certificate.serial_number in set(revoked_serials):
        raise CertificateRejected("revoked", certificate, now)
    if now < certificate.not_valid_before_utc:
        raise CertificateRejected("not_yet_valid", certificate, now)
    if now > certificate.not_valid_after_utc:
        raise CertificateRejected("expired", certificate, now)
    missing = _missing_usage(certificate, purpose)
    if missing:
        raise CertificateRejected("not_for_signing", certificate, now, missing=missing)
    return issuer


def _missing_usage(certificate: x509.Certificate, purpose: str) -> str | None:
    if _is_ca(certificate):
        return "end_entity"  # a CA's key issues certificates; it does not sign records
    try:
        key_usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return "digital_signature"
    if not key_usage.digital_signature:
        return "digital_signature"
    try:
        extended = set(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        extended = None  # RFC 5280: no EKU means no restriction, except for our own purpose
    if purpose == PURPOSE_PROVISIONING:
        return None if extended and PROVISIONING_SIGNING in extended else "provisioning_signing"
    if extended is not None and not extended & _ACCEPTED_FOR_DOCUMENTS:
        return "document_signing"
    return None


# --- keys at rest -------------------------------------------------------------------------------

def load_pkcs12(data: bytes, password: str) -> tuple[SigningKey, x509.Certificate, tuple[x509.Certificate, ...]]:
    """Key, certificate and the rest of the chain from an agency-issued .p12/.pfx file."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        raise Pkcs12Error("wrong_password" if _looks_like_pfx(data) else "malformed") from None
    if key is None:
        raise Pkcs12Error("missing_key")
    if certificate is None:
        raise Pkcs12Error("missing_certificate")
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise Pkcs12Error("unsupported_key_type", key_type=type(key).__name__)
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise Pkcs12Error("key_mismatch", serial_number=certificate.serial_number)
    return key, certificate, tuple(chain)


def _looks_like_pfx(data: bytes) -> bool:
    """A DER SEQUENCE spanning the whole input that starts with INTEGER 3 (PFX version, RFC 7292):
    then a failed load means the password (or the content under its MAC) is wrong."""
    if len(data) < 5 or data[0] != 0x30:
        return False
    length, offset = data[1], 2
    if length & 0x80:
        size = length & 0x7F
        if not 1 <= size <= 4 or len(data) < 2 + size:
            return False
        length, offset = int.from_bytes(data[2:2 + size], "big"), 2 + size
    return offset + length == len(data) and data[offset:offset + 3] == b"\x02\x01\x03"


def _public_der(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def encrypt_private_key(key: SigningKey, passphrase: str, *, salt: bytes | None = None,
                        params: Argon2idParams = DEFAULT_PARAMS) -> bytes:
    """UTF-8 JSON: {"format", "version", "kdf": Argon2id record, "pkcs8": encrypted PKCS#8 PEM}."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    stretched = derive_key_from_passphrase(passphrase, salt, params)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(stretched))
    record = {"format": PRIVATE_KEY_FORMAT, "version": 1, "kdf": params.to_record(salt),
              "pkcs8": pem.decode("ascii")}
    return json.dumps(record, sort_keys=True, indent=1).encode("utf-8")


def decrypt_private_key(data: bytes, passphrase: str) -> SigningKey:
    try:
        record = json.loads(data.decode("utf-8"))
        if not isinstance(record, dict) or record.get("format") != PRIVATE_KEY_FORMAT or record.get("version") != 1:
            raise ValueError("not a private key file of this application")
        params, salt = Argon2idParams.from_record(record.get("kdf"))
        pem = record["pkcs8"].encode("ascii")
    except (UnicodeError, ValueError, KeyError, AttributeError, TypeError, KdfRecordInvalid) as error:
        raise PrivateKeyUnreadable("malformed", problem=str(error)) from None
    try:
        key = serialization.load_pem_private_key(pem, derive_key_from_passphrase(passphrase, salt, params))
    except (ValueError, TypeError):
        raise WrongPassphrase() from None
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise PrivateKeyUnreadable("malformed", problem="unsupported key type")
    return key

