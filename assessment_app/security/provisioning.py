# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency provisioning package, signed: who the agency is, whom bundles are encrypted to,
which CAs issue expert certificates and what they revoked, the experts themselves (with their
one-time enrolment codes, hashed), and the package's sequence number. Spec:
docs/formats/provisioning.md; the package's content and its reading: provisioning_document.py.

A signed file is one JSON document: {"format": "ltc-assess-provisioning-signed", "version": 1,
"package": {…}, "signature": {"algorithm", "certificate", "value"}}. The signature covers
SIGNING_CONTEXT + canonical_json(package), so it survives re-indentation but not any change of
meaning. The signer's certificate must be issued by one of the package's own CAs, carry the
provisioning purpose and not be revoked by the package's own lists; the first trust in that CA
comes from outside the file: a fingerprint the administrator confirms on screen, or one pinned
from an earlier package.

`build_provisioning_package` writes a version 2 package from plain values: the agency server
(`ltc-agency provision build`) and the demo agency use it.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from assessment_app.security.bech32 import age_identity, age_recipient
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
    generate_key_and_csr,
    load_pem_certificate,
    sign_csr,
)
from assessment_app.security.provisioning_document import (  # noqa: F401 - the package's model, re-exported
    PACKAGE_FORMAT,
    Agency,
    Enrolment,
    ExpertEntry,
    ProvisioningError,
    ProvisioningPackage,
    Recipient,
    Workstation,
    format_timestamp,
    load_json,
    package_from_document,
    validate,
)
from assessment_app.security.revocation_lists import build_revocation_list, revocation_list_pem
from forms.canonical import canonical_json_bytes

SIGNED_FORMAT = "ltc-assess-provisioning-signed"
SIGNING_CONTEXT = b"ltc-assess provisioning v1\n"  # a signature made for another purpose never fits
CURRENT_VERSION = 2
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


# --- reading ------------------------------------------------------------------------------------

def parse_provisioning(data: bytes) -> ProvisioningPackage:
    """An unsigned package document (the "package" member), checked but not trusted: for
    previewing a package an administrator is about to sign."""
    document = load_json(data)
    validate(document, "#/$defs/package")
    return package_from_document(document, "$")


def verify_provisioning(data: bytes, trusted_fingerprints=None) -> ProvisioningPackage:
    """A signed package, checked and verified. With `trusted_fingerprints` (SHA-256 of CA
    certificates, hex, colons and case ignored) the signer's CA must be one of them; with None
    the caller must show `signer_ca_fingerprint` to the administrator and import only after they
    confirm it against the fingerprint the agency gave them on paper or by phone."""
    document = load_json(data)
    if isinstance(document, dict) and document.get("format") == PACKAGE_FORMAT:
        raise ProvisioningError("unsigned")
    validate(document, None)
    signature = document["signature"]
    signer = _signer_certificate(signature["certificate"])
    # The signature before the content rules: an altered file is reported as altered, not as
    # an agency's mistake.
    _check_signature(signer, signature["algorithm"], signature["value"], document["package"])
    package = package_from_document(document["package"], "$.package")
    try:
        # Judged at the signing time the package states, which the signature covers: a package
        # stays importable after the signer's certificate expires; a signer the package's own
        # lists revoked by then signs nothing.
        issuer = package.trust_anchors.validate(signer, claimed=package.issued_at, trusted=package.issued_at,
                                                purpose=PURPOSE_PROVISIONING)
    except CertificateRejected as error:
        reason = "signer_not_chained" if error.reason == "foreign_ca" else "signer_rejected"
        raise ProvisioningError(reason, "$.signature.certificate", error.reason) from None
    fingerprint = certificate_fingerprint(issuer)
    if trusted_fingerprints is not None and fingerprint not in {re.sub(r"[\s:]", "", f).lower()
                                                                for f in trusted_fingerprints}:
        raise ProvisioningError("untrusted_ca", "$.signature.certificate", fingerprint)
    return dataclasses.replace(package, signer_certificate=signer, signer_ca_fingerprint=fingerprint)


def _signer_certificate(pem: str) -> x509.Certificate:
    try:
        return load_pem_certificate(pem)
    except CertificateUnreadable as error:
        raise ProvisioningError("bad_certificate", "$.signature.certificate", error.detail.get("problem")) from None


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
    return format_timestamp(moment)


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


def provisioning_document(*, agency: Agency, sequence: int, recipients: Sequence[Recipient],
                          ca_certificates: Sequence[x509.Certificate], experts: Sequence[ExpertEntry],
                          revocation_lists: Sequence[x509.CertificateRevocationList], issued_at: datetime,
                          workstation: Workstation | None = None, demo: bool = False) -> dict[str, Any]:
    """The version 2 package (unsigned) for these values, as sign_provisioning takes it."""
    def expert(entry: ExpertEntry) -> dict[str, Any]:
        document = {"name": entry.name, "expert_number": entry.expert_number, "qualification": entry.qualification,
                    "role": entry.role,
                    "certificate": None if entry.certificate is None else certificate_pem(entry.certificate)}
        if entry.enrolment is not None:
            document["enrolment"] = {"code_hash": entry.enrolment.code_hash,
                                     "expires_at": format_timestamp(entry.enrolment.expires_at)}
        return document

    package = {
        "format": PACKAGE_FORMAT, "version": CURRENT_VERSION, "sequence": sequence, "demo": demo,
        "agency": {"name": agency.name, "code": agency.code},
        "recipients": [{"label": r.label, "age_recipient": r.age_recipient, "purpose": r.purpose} for r in recipients],
        "ca_certificates": [certificate_pem(ca) for ca in ca_certificates],
        "revocation_lists": [revocation_list_pem(crl) for crl in revocation_lists],
        "experts": [expert(entry) for entry in experts],
        "issued_at": format_timestamp(issued_at),
    }
    if workstation is not None:
        package["workstation"] = {"id": workstation.workstation_id, "name": workstation.name,
                                  "tls_certificate": certificate_pem(workstation.tls_certificate),
                                  "server_url": workstation.server_url}
    return package


def build_provisioning_package(*, agency: Agency, sequence: int, recipients: Sequence[Recipient],
                               ca_certificates: Sequence[x509.Certificate], experts: Sequence[ExpertEntry],
                               revocation_lists: Sequence[x509.CertificateRevocationList], issued_at: datetime,
                               signer_key: SigningKey, signer_certificate: x509.Certificate,
                               workstation: Workstation | None = None, demo: bool = False) -> bytes:
    """A signed version 2 package, ready to hand to a workstation: what `ltc-agency provision
    build` writes. `sequence` must grow with every package the agency issues (laptops refuse an
    older one); `revocation_lists`: one CRL per CA, signed by it (revocation_lists.build_revocation_list);
    an expert's `enrolment` holds the hash of their one-time code (enrolment_codes.hash_enrolment_code),
    never the code. Raises ProvisioningError for anything a laptop would refuse."""
    return sign_provisioning(provisioning_document(
        agency=agency, sequence=sequence, recipients=recipients, ca_certificates=ca_certificates, experts=experts,
        revocation_lists=revocation_lists, issued_at=issued_at, workstation=workstation, demo=demo),
        signer_key, signer_certificate)


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
        experts.append(ExpertEntry(name, number, DEMO_QUALIFICATION, role, expert_certificates[number]))
    identities, recipients = {}, {}
    for purpose in ("agency", "recovery"):
        private = X25519PrivateKey.from_private_bytes(hashlib.sha256(seed + b"age:" + purpose.encode()).digest())
        identities[purpose] = age_identity(private.private_bytes_raw())
        recipients[purpose] = age_recipient(private.public_key().public_bytes_raw())
    package_bytes = build_provisioning_package(
        agency=DEMO_AGENCY, sequence=1, demo=True, issued_at=now, experts=experts,
        recipients=[Recipient(f"演示机构 {label} DEMO", recipients[purpose], purpose)
                    for purpose, label in (("agency", "机构密钥"), ("recovery", "恢复密钥"))],
        ca_certificates=[ca_certificate],
        # The demo agency revokes nothing, but says so the way every agency does: a signed, empty list.
        revocation_lists=[build_revocation_list(ca_certificate, ca_key, (), this_update=now,
                                                next_update=now + timedelta(days=_DEMO_CA_DAYS))],
        signer_key=signer_key, signer_certificate=signer_certificate)
    return DemoProvisioning(package_bytes, ca_certificate, ca_key, signer_key, signer_certificate, expert_keys,
                            expert_certificates, identities, recipients)
