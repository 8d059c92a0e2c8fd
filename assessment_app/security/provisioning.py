"""The agency provisioning package: who the agency is, whom bundles are encrypted to, which CAs
issue expert certificates, and the experts themselves. Spec: docs/formats/provisioning.md.

A signed file is one JSON document: {"format": "ltc-assess-provisioning-signed", "version": 1,
"package": {…}, "signature": {"algorithm", "certificate", "value"}}. The signature covers
SIGNING_CONTEXT + canonical_json(package), so it survives re-indentation but not any change of
meaning. The signer's certificate must be issued by one of the package's own CAs and carry the
provisioning purpose; the first trust in that CA comes from outside the file: a fingerprint the
administrator confirms on screen, or one pinned from an earlier package.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import Any

import jsonschema
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from assessment_app.errors import AppError
from assessment_app.security.bech32 import Bech32Error, age_identity, age_recipient, parse_age_recipient
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING,
    PURPOSE_PROVISIONING,
    CertificateRejected,
    CertificateUnreadable,
    SigningKey,
    certificate_fingerprint,
    certificate_pem,
    create_demo_ca,
    derive_ec_private_key,
    find_issuer,
    generate_key_and_csr,
    is_demo_certificate,
    load_pem_certificate,
    sign_csr,
    subject_identity,
    validate_certificate,
)
from forms.canonical import StrictJsonError, canonical_json_bytes, loads_strict

PACKAGE_FORMAT = "ltc-assess-provisioning"
SIGNED_FORMAT = "ltc-assess-provisioning-signed"
SIGNING_CONTEXT = b"ltc-assess provisioning v1\n"  # a signature made for another purpose never fits
_SCHEMA_FILE = "provisioning.schema.json"
_ISSUED_AT = "%Y-%m-%dT%H:%M:%SZ"
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


class ProvisioningError(AppError, ValueError):
    """A package that is refused. `.reason` is a stable code, `.path` the JSON path it concerns
    ("$.experts[1].expert_number"), `.detail` the facts; `.problems` lists every schema problem
    as (path, reason, detail) so an administrator can fix a file in one go."""

    def __init__(self, reason: str, path: str = "$", detail: object = None,
                 problems: tuple[tuple[str, str, object], ...] = ()):
        super().__init__(f"{path}: {reason}" + ("" if detail is None else f" ({detail})"))
        self.reason = reason
        self.path = path
        self.detail = detail
        self.problems = problems or ((path, reason, detail),)


@dataclass(frozen=True)
class Agency:
    name: str
    code: str


@dataclass(frozen=True)
class Recipient:
    label: str
    age_recipient: str
    purpose: str  # "agency" | "recovery"


@dataclass(frozen=True)
class ExpertEntry:
    name: str
    expert_number: str
    qualification: str
    role: str  # "assessor" | "reviewer" | "administrator"
    certificate: x509.Certificate | None


@dataclass(frozen=True)
class ProvisioningPackage:
    agency: Agency
    demo: bool
    recipients: tuple[Recipient, ...]
    ca_certificates: tuple[x509.Certificate, ...]
    experts: tuple[ExpertEntry, ...]
    issued_at: datetime
    document: dict[str, Any] = field(hash=False, compare=False)
    # Set by verify_provisioning only; the fingerprint is what an administrator confirms.
    signer_certificate: x509.Certificate | None = None
    signer_ca_fingerprint: str | None = None

    def recipients_for(self, purpose: str) -> tuple[Recipient, ...]:
        return tuple(recipient for recipient in self.recipients if recipient.purpose == purpose)


# --- reading ------------------------------------------------------------------------------------

def parse_provisioning(data: bytes) -> ProvisioningPackage:
    """An unsigned package document (the "package" member), checked but not trusted: for
    previewing a package an administrator is about to sign."""
    document = _load_json(data)
    _validate(document, "#/$defs/package")
    return _package_from_document(document, "$")


def verify_provisioning(data: bytes, trusted_fingerprints=None) -> ProvisioningPackage:
    """A signed package, checked and verified. With `trusted_fingerprints` (SHA-256 of CA
    certificates, hex, colons and case ignored) the signer's CA must be one of them; with None
    the caller must show `signer_ca_fingerprint` to the administrator and import only after they
    confirm it against the fingerprint the agency gave them on paper or by phone."""
    document = _load_json(data)
    if isinstance(document, dict) and document.get("format") == PACKAGE_FORMAT:
        raise ProvisioningError("unsigned")
    _validate(document, None)
    signature = document["signature"]
    signer = _certificate(signature["certificate"], "$.signature.certificate")
    # The signature before the content rules: an altered file is reported as altered, not as
    # an agency's mistake.
    _check_signature(signer, signature["algorithm"], signature["value"], document["package"])
    package = _package_from_document(document["package"], "$.package")
    try:
        # Judged at the signing time the package states, which the signature covers: a package
        # stays importable after the signer's certificate expires.
        issuer = validate_certificate(signer, package.ca_certificates, package.issued_at,
                                      purpose=PURPOSE_PROVISIONING)
    except CertificateRejected as error:
        reason = "signer_not_chained" if error.reason == "foreign_ca" else "signer_rejected"
        raise ProvisioningError(reason, "$.signature.certificate", error.reason) from None
    fingerprint = certificate_fingerprint(issuer)
    if trusted_fingerprints is not None and fingerprint not in {re.sub(r"[\s:]", "", f).lower()
                                                                for f in trusted_fingerprints}:
        raise ProvisioningError("untrusted_ca", "$.signature.certificate", fingerprint)
    return dataclasses.replace(package, signer_certificate=signer, signer_ca_fingerprint=fingerprint)


def _load_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProvisioningError("not_utf8", "$", {"byte": error.start + 1}) from None
    try:
        return loads_strict(text.removeprefix("\ufeff"))
    except StrictJsonError as error:
        if error.reason == "duplicate_key":
            raise ProvisioningError("duplicate_key", "$", error.detail) from None
        if error.reason == "not_integer":
            raise ProvisioningError("not_json", "$", {"problem": f"number {error.detail} is not an integer"}) from None
        raise ProvisioningError("not_json", "$", {"line": error.line, "column": error.column,
                                                  "problem": error.detail}) from None


@functools.lru_cache(maxsize=None)
def _validator(ref: str | None) -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files(__package__).joinpath(_SCHEMA_FILE).read_text(encoding="utf-8"))
    if ref is not None:
        schema = {"$defs": schema["$defs"], "$ref": ref}
    return jsonschema.Draft202012Validator(schema)


_SCHEMA_REASONS = {"required": "missing", "additionalProperties": "unexpected_key", "type": "wrong_type",
                   "const": "not_allowed", "enum": "not_allowed", "pattern": "bad_format",
                   "minLength": "bad_format", "maxLength": "too_long", "minItems": "too_few",
                   "maxItems": "too_many"}


def _validate(document: Any, ref: str | None) -> None:
    problems = []
    for error in _validator(ref).iter_errors(document):
        path = list(error.absolute_path)
        detail: object = error.validator_value if error.validator in ("const", "enum") else None
        if error.validator == "required":
            path += [name for name in error.validator_value if name not in error.instance][:1]
        elif error.validator == "additionalProperties":
            path += sorted(set(error.instance) - set(error.schema.get("properties", {})))[:1]
        problems.append((path, _SCHEMA_REASONS.get(error.validator, "invalid"), detail))
    if problems:
        problems.sort(key=lambda problem: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in problem[0]])
        named = tuple({(_json_path(path), reason): detail for path, reason, detail in problems}.items())
        listed = tuple((path, reason, detail) for (path, reason), detail in named)
        raise ProvisioningError(listed[0][1], listed[0][0], listed[0][2], problems=listed)


def _json_path(parts: list, root: str = "$") -> str:
    text = root
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            text += f".{part}"
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def _package_from_document(document: dict[str, Any], root: str) -> ProvisioningPackage:
    """Everything the schema cannot say: key checksums, certificates, uniqueness, purposes."""
    recipients = []
    for index, entry in enumerate(document["recipients"]):
        try:
            parse_age_recipient(entry["age_recipient"])
        except Bech32Error as error:
            raise ProvisioningError("bad_age_recipient", f"{root}.recipients[{index}].age_recipient",
                                    error.reason) from None
        if any(entry["age_recipient"] == earlier.age_recipient for earlier in recipients):
            raise ProvisioningError("duplicate_recipient", f"{root}.recipients[{index}].age_recipient")
        recipients.append(Recipient(entry["label"], entry["age_recipient"], entry["purpose"]))
    for purpose in ("agency", "recovery"):
        # Two kinds of key, so losing the agency's working key does not lose every bundle.
        if not any(recipient.purpose == purpose for recipient in recipients):
            raise ProvisioningError(f"missing_{purpose}_recipient", f"{root}.recipients")
    cas = []
    for index, pem in enumerate(document["ca_certificates"]):
        path = f"{root}.ca_certificates[{index}]"
        ca = _certificate(pem, path)
        if find_issuer(ca, (ca,)) is None:
            raise ProvisioningError("not_a_ca", path)  # must be a self-signed CA certificate
        if is_demo_certificate(ca) and not document["demo"]:
            raise ProvisioningError("demo_ca_in_production", path)
        cas.append(ca)
    experts, numbers = [], {}
    for index, entry in enumerate(document["experts"]):
        path = f"{root}.experts[{index}]"
        number = entry["expert_number"]
        if number in numbers:
            raise ProvisioningError("duplicate_expert_number", f"{path}.expert_number",
                                    {"expert_number": number, "first": f"{root}.experts[{numbers[number]}]"})
        numbers[number] = index
        pem = entry["certificate"]
        certificate = None if pem is None else _certificate(pem, f"{path}.certificate")
        if certificate is not None and find_issuer(certificate, cas) is None:
            raise ProvisioningError("expert_certificate_foreign_ca", f"{path}.certificate")
        if certificate is not None and subject_identity(certificate).serial_number != number:
            raise ProvisioningError("expert_certificate_mismatch", f"{path}.certificate",
                                    {"certificate_serial_number": subject_identity(certificate).serial_number})
        experts.append(ExpertEntry(entry["name"], number, entry["qualification"], entry["role"], certificate))
    try:
        issued_at = datetime.strptime(document["issued_at"], _ISSUED_AT).replace(tzinfo=timezone.utc)
    except ValueError:  # the schema checked the shape; this catches 2025-02-30
        raise ProvisioningError("bad_format", f"{root}.issued_at") from None
    agency = Agency(document["agency"]["name"], document["agency"]["code"])
    return ProvisioningPackage(agency, document["demo"], tuple(recipients), tuple(cas), tuple(experts),
                               issued_at, document)


def _certificate(pem: str, path: str) -> x509.Certificate:
    try:
        return load_pem_certificate(pem)
    except CertificateUnreadable as error:
        raise ProvisioningError("bad_certificate", path, error.detail.get("problem")) from None


def _check_signature(signer: x509.Certificate, algorithm: str, value: str, package: dict) -> None:
    public_key = signer.public_key()
    message = SIGNING_CONTEXT + canonical_json_bytes(package)
    try:
        signature = base64.b64decode(value, validate=True)
        if algorithm == "ecdsa-sha256" and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif algorithm == "rsa-pss-sha256" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, message, _PSS, hashes.SHA256())
        else:
            raise ProvisioningError("bad_signature", "$.signature.algorithm", "does not fit the signer's key")
    except (InvalidSignature, binascii.Error):
        raise ProvisioningError("bad_signature", "$.signature.value") from None


# --- writing ------------------------------------------------------------------------------------

def format_issued_at(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    return moment.astimezone(timezone.utc).strftime(_ISSUED_AT)


def sign_provisioning(package: dict[str, Any], signer_key: SigningKey, signer_certificate: x509.Certificate) -> bytes:
    """The signed file for `package`, refused (ProvisioningError) if verify_provisioning would
    refuse it, so an administrator never hands out a file no laptop accepts."""
    message = SIGNING_CONTEXT + canonical_json_bytes(package)
    if isinstance(signer_key, ec.EllipticCurvePrivateKey):
        algorithm = "ecdsa-sha256"
        signature = signer_key.sign(message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    elif isinstance(signer_key, rsa.RSAPrivateKey):
        algorithm, signature = "rsa-pss-sha256", signer_key.sign(message, _PSS, hashes.SHA256())
    else:
        raise TypeError("the provisioning key must be an EC or RSA key")
    document = {"format": SIGNED_FORMAT, "version": 1, "package": package,
                "signature": {"algorithm": algorithm, "certificate": certificate_pem(signer_certificate),
                              "value": base64.b64encode(signature).decode("ascii")}}
    data = (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
    verify_provisioning(data)
    return data


# --- the demo agency ----------------------------------------------------------------------------

DEMO_AGENCY = Agency("演示机构", "DEMO")
# The assessors' numbers are those services/demo_data.py has always given 演示评估员甲/乙, so a
# workstation that made demo cases before the demo agency existed keeps one row per person.
# One of each role the agency provisions, so every screen can be tried in demo mode; the
# administrator (管理) imports packages, changes settings, adds assessors, backs up and restores.
DEMO_EXPERTS = (("演示评估员甲", "DEMO-A-001", "assessor"), ("演示评估员乙", "DEMO-A-002", "assessor"),
                ("演示审核员", "DEMO-R-001", "reviewer"), ("演示管理员", "DEMO-M-001", "administrator"))
DEMO_QUALIFICATION = "演示资格（非真实评估人员）DEMO"
_DEMO_CA_DAYS, _DEMO_CERTIFICATE_DAYS = 3650, 1095


@dataclass(frozen=True)
class DemoProvisioning:
    """Everything `make run` needs for a fresh install; secrets go to the keystore, not to disk."""

    package_bytes: bytes
    ca_certificate: x509.Certificate
    ca_key: SigningKey
    signer_key: SigningKey
    signer_certificate: x509.Certificate
    expert_keys: dict[str, SigningKey]  # by expert number
    expert_certificates: dict[str, x509.Certificate]
    age_identities: dict[str, str]  # by purpose ("agency", "recovery"): "AGE-SECRET-KEY-1…"
    age_recipients: dict[str, str]  # by purpose: "age1…"


def build_demo_provisioning(now: datetime, seed: bytes) -> DemoProvisioning:
    """The demo agency 演示机构, determined entirely by (now, seed): the caller passes 32 random
    bytes on a real first run, tests pass a constant and get the same bytes every time."""
    if len(seed) < 32:
        raise ValueError("seed must be at least 32 bytes")

    def serial(label: str) -> int:
        return int.from_bytes(hashlib.sha256(seed + b"serial:" + label.encode()).digest()[:16], "big") | 1

    ca_certificate, ca_key = create_demo_ca(DEMO_AGENCY.name, now, _DEMO_CA_DAYS,
                                            key=derive_ec_private_key(seed, "ca"))

    def issue(name: str, number: str, label: str, usages=None):
        key, csr = generate_key_and_csr(name, number, DEMO_AGENCY.code,
                                        private_key=derive_ec_private_key(seed, label))
        extra = {} if usages is None else {"extended_key_usages": usages}
        return key, sign_csr(csr, ca_certificate, ca_key, now, _DEMO_CERTIFICATE_DAYS, serial(label), **extra)

    signer_key, signer_certificate = issue("演示机构 配置签名 DEMO", "DEMO-PROVISIONING", "provisioning",
                                           (PROVISIONING_SIGNING,))
    expert_keys, expert_certificates, experts = {}, {}, []
    for name, number, role in DEMO_EXPERTS:
        expert_keys[number], expert_certificates[number] = issue(name, number, f"expert:{number}")
        experts.append({"name": name, "expert_number": number, "qualification": DEMO_QUALIFICATION,
                        "role": role, "certificate": certificate_pem(expert_certificates[number])})
    identities, recipients = {}, {}
    for purpose in ("agency", "recovery"):
        private = X25519PrivateKey.from_private_bytes(hashlib.sha256(seed + b"age:" + purpose.encode()).digest())
        identities[purpose] = age_identity(private.private_bytes_raw())
        recipients[purpose] = age_recipient(private.public_key().public_bytes_raw())
    package = {
        "format": PACKAGE_FORMAT, "version": 1, "demo": True,
        "agency": {"name": DEMO_AGENCY.name, "code": DEMO_AGENCY.code},
        "recipients": [{"label": f"演示机构 {label} DEMO", "age_recipient": recipients[purpose], "purpose": purpose}
                       for purpose, label in (("agency", "机构密钥"), ("recovery", "恢复密钥"))],
        "ca_certificates": [certificate_pem(ca_certificate)],
        "experts": experts,
        "issued_at": format_issued_at(now),
    }
    return DemoProvisioning(sign_provisioning(package, signer_key, signer_certificate), ca_certificate, ca_key,
                            signer_key, signer_certificate, expert_keys, expert_certificates, identities, recipients)
