# SPDX-License-Identifier: GPL-3.0-or-later
"""A signed provisioning package, from docs/formats/provisioning.md: the file, the package's
shape, the signature over the canonical package, the CAs, the revocation lists, the experts'
certificates and enrolment hashes, the workstation member and the signer, in the order the spec
gives ("Checking order"); and the enrolment code as a person types it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography import x509
from cryptography.exceptions import InvalidKey, InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID, ObjectIdentifier

CONTEXT = b"ltc-assess provisioning v1\n"
PROVISIONING_SIGNING = ObjectIdentifier("2.25.332417642042484350306560440339953302214")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PHC = re.compile(r"\$argon2id\$v=19\$m=([0-9]+),t=([0-9]+),p=([0-9]+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")
_TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_V1_KEYS = {"format", "version", "agency", "demo", "recipients", "ca_certificates", "experts", "issued_at"}
_V2_KEYS = _V1_KEYS | {"sequence", "revocation_lists"}
_EXPERT_KEYS = {"name", "expert_number", "qualification", "role", "certificate"}


class Refused(Exception):
    def __init__(self, reason: str, path: str = "$", detail: object = None):
        super().__init__(f"{path}: {reason} ({detail})")
        self.reason, self.path, self.detail = reason, path, detail


@dataclass
class Package:
    document: dict
    canonical: bytes  # the canonical package: what the signature covers, after the context
    signer: x509.Certificate
    signer_ca: x509.Certificate
    revocations: list[tuple[str, int, datetime, str]]  # (issuing CA's fingerprint, serial, date, reason)

    @property
    def sequence(self) -> int:
        return self.document.get("sequence", 0)  # version 1 counts as 0


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()


def load(data: bytes):
    """The JSON document: UTF-8 (a leading BOM tolerated), no duplicate keys, no floats, NaN or Infinity."""
    def pairs(items):
        keys = [key for key, _ in items]
        duplicate = next((key for key in keys if keys.count(key) > 1), None)
        if duplicate is not None:
            raise Refused("duplicate_key", "$", duplicate)
        return dict(items)

    def no_float(text):
        raise Refused("not_json", "$", text)

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise Refused("not_utf8") from None
    try:
        return json.loads(text, object_pairs_hook=pairs, parse_float=no_float, parse_constant=no_float)
    except json.JSONDecodeError:
        raise Refused("not_json") from None


def read_signed(data: bytes, trusted_fingerprints: list[str] | None = None) -> Package:
    document = load(data)
    if isinstance(document, dict) and document.get("format") == "ltc-assess-provisioning":
        raise Refused("unsigned")
    _shape(document)
    signature, package = document["signature"], document["package"]
    signer = _certificate(signature["certificate"], "$.signature.certificate")
    message = CONTEXT + canonical(package)
    try:
        value = base64.b64decode(signature["value"], validate=True)
        key = signer.public_key()
        if signature["algorithm"] == "ecdsa-sha256" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(value, message, ec.ECDSA(hashes.SHA256()))
        elif signature["algorithm"] == "rsa-pss-sha256" and isinstance(key, rsa.RSAPublicKey):
            key.verify(value, message, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
        else:
            raise Refused("bad_signature", "$.signature.algorithm")
    except (InvalidSignature, ValueError):
        raise Refused("bad_signature", "$.signature.value") from None
    cas, revocations = _content(package, "$.package")
    issued_at = _time(package["issued_at"])
    signer_ca = next((ca for ca in cas if _issued_by(signer, ca)), None)
    if signer_ca is None:
        raise Refused("signer_not_chained", "$.signature.certificate", "foreign_ca")
    if not signer_ca.not_valid_before_utc <= issued_at <= signer_ca.not_valid_after_utc:
        raise Refused("signer_rejected", "$.signature.certificate", "ca_expired")
    if not signer.not_valid_before_utc <= issued_at <= signer.not_valid_after_utc:
        raise Refused("signer_rejected", "$.signature.certificate", "expired")
    if not _may_provision(signer):
        raise Refused("signer_rejected", "$.signature.certificate", "not_for_signing")
    if any(issuer == fingerprint(signer_ca) and serial == signer.serial_number and revoked_at <= issued_at
           for issuer, serial, revoked_at, _ in revocations):
        raise Refused("signer_rejected", "$.signature.certificate", "revoked")
    if trusted_fingerprints is not None and fingerprint(signer_ca) not in trusted_fingerprints:
        raise Refused("untrusted_ca", "$.signature.certificate", fingerprint(signer_ca))
    return Package(package, canonical(package), signer, signer_ca, revocations)


def _shape(document) -> None:
    """The part of "File" and "Package" the vectors exercise: keys, constants, versions, the PHC shape."""
    if set(document) != {"format", "version", "package", "signature"} or \
            (document["format"], document["version"]) != ("ltc-assess-provisioning-signed", 1):
        raise Refused("unexpected_key")
    package = document["package"]
    keys = _V1_KEYS if package.get("version") == 1 else _V2_KEYS
    if not keys <= set(package) <= keys | ({"workstation"} if package.get("version") == 2 else set()):
        raise Refused("unexpected_key", "$.package")
    if package["version"] == 2 and not 1 <= package["sequence"] <= 2 ** 53 - 1:
        raise Refused("too_small", "$.package.sequence")
    for index, expert in enumerate(package["experts"]):
        extra = {"enrolment"} if package["version"] == 2 else set()
        if not _EXPERT_KEYS <= set(expert) <= _EXPERT_KEYS | extra:
            raise Refused("unexpected_key", f"$.package.experts[{index}]")
        if expert.get("enrolment") is not None and not PHC.fullmatch(expert["enrolment"]["code_hash"]):
            raise Refused("bad_format", f"$.package.experts[{index}].enrolment.code_hash")


def _content(package: dict, root: str) -> tuple[list[x509.Certificate], list]:
    for index, recipient in enumerate(package["recipients"]):
        problem = age_recipient_problem(recipient["age_recipient"])
        if problem is not None:
            raise Refused("bad_age_recipient", f"{root}.recipients[{index}].age_recipient", problem)
    cas = []
    for index, pem in enumerate(package["ca_certificates"]):
        ca = _certificate(pem, f"{root}.ca_certificates[{index}]")
        if not _is_ca(ca) or not _issued_by(ca, ca):
            raise Refused("not_a_ca", f"{root}.ca_certificates[{index}]")
        if not package["demo"] and "DEMO" in _common_name(ca):
            raise Refused("demo_ca_in_production", f"{root}.ca_certificates[{index}]")
        cas.append(ca)
    revocations, seen = [], set()
    for index, pem in enumerate(package.get("revocation_lists", [])):
        crl = x509.load_pem_x509_crl(pem.encode("ascii"))
        issuer = next((ca for ca in cas if ca.subject == crl.issuer and crl.is_signature_valid(ca.public_key())), None)
        if issuer is None:
            raise Refused("crl_not_from_package_ca", f"{root}.revocation_lists[{index}]", crl.issuer.rfc4514_string())
        if fingerprint(issuer) in seen:
            raise Refused("duplicate_crl", f"{root}.revocation_lists[{index}]", crl.issuer.rfc4514_string())
        seen.add(fingerprint(issuer))
        for entry in crl:
            try:
                reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name
            except x509.ExtensionNotFound:
                reason = "unspecified"
            revocations.append((fingerprint(issuer), entry.serial_number, entry.revocation_date_utc, reason))
    for index, expert in enumerate(package["experts"]):
        path = f"{root}.experts[{index}]"
        if expert["certificate"] is not None:
            certificate = _certificate(expert["certificate"], f"{path}.certificate")
            if not any(_issued_by(certificate, ca) for ca in cas):
                raise Refused("expert_certificate_foreign_ca", f"{path}.certificate")
            number = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value
            if number != expert["expert_number"]:
                raise Refused("expert_certificate_mismatch", f"{path}.certificate",
                              {"certificate_serial_number": number})
        if expert.get("enrolment") is not None and not enrolment_hash_within_bounds(expert["enrolment"]["code_hash"]):
            raise Refused("bad_enrolment_hash", f"{path}.enrolment.code_hash")
    if package.get("workstation") is not None:
        certificate = _certificate(package["workstation"]["tls_certificate"], f"{root}.workstation.tls_certificate")
        if not any(_issued_by(certificate, ca) for ca in cas):
            raise Refused("workstation_certificate_foreign_ca", f"{root}.workstation.tls_certificate")
    return cas, sorted(revocations, key=lambda entry: (entry[0], entry[1]))


def _certificate(pem: str, path: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except ValueError:
        raise Refused("bad_certificate", path) from None


def _issued_by(certificate: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(ca)
        return _is_ca(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _may_provision(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        extended = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature and PROVISIONING_SIGNING in extended


def _common_name(certificate: x509.Certificate) -> str:
    return " ".join(str(name.value) for name in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME))


def _time(text: str) -> datetime:
    return datetime.strptime(text, _TIMESTAMP).replace(tzinfo=timezone.utc)


# --- age recipients: Bech32 (BIP-173), human-readable part "age", 32-byte key ----------------------

def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            checksum ^= generator if top >> bit & 1 else 0
    return checksum


def age_recipient_problem(text: str) -> str | None:
    if text != text.lower():
        return "not_canonical_case"
    hrp, _, data = text.rpartition("1")
    if hrp != "age":
        return "wrong_hrp"
    if any(character not in _BECH32 for character in data):
        return "bad_character"
    values = [_BECH32.index(character) for character in data]
    if _polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values) != 1:
        return "bad_checksum"
    bits = "".join(f"{value:05b}" for value in values[:-6])
    return None if len(bits) // 8 == 32 and not bits[256:].strip("0") else "wrong_length"


# --- enrolment codes ------------------------------------------------------------------------------

def enrolment_hash_within_bounds(code_hash: str) -> bool:
    match = PHC.fullmatch(code_hash)
    if match is None:
        return False
    memory, iterations, lanes = map(int, match.groups()[:3])
    salt = _unpadded_base64(match.group(4))
    return 1 <= lanes <= 16 and 1 <= iterations <= 64 and 8 * lanes <= memory <= 1024 * 1024 and len(salt) >= 16


def normalise_code(typed: str) -> str:
    """The 16 characters of a typed code, or Refused("bad_character" | "wrong_length")."""
    ascii_text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in typed)
    plain = re.sub(r"[\s\-_\u2010-\u2015]", "", ascii_text).upper().translate(str.maketrans("OIL", "011"))
    if any(character not in ALPHABET for character in plain):
        raise Refused("bad_character")
    if len(plain) != 16:
        raise Refused("wrong_length")
    return plain


def code_matches(typed: str, code_hash: str) -> bool:
    memory, iterations, lanes, salt, digest = PHC.fullmatch(code_hash).groups()
    expected = _unpadded_base64(digest)
    kdf = Argon2id(salt=_unpadded_base64(salt), length=len(expected), iterations=int(iterations), lanes=int(lanes),
                   memory_cost=int(memory))
    try:
        kdf.verify(normalise_code(typed).encode("ascii"), expected)
    except InvalidKey:
        return False
    return True


def _unpadded_base64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))
