# SPDX-License-Identifier: GPL-3.0-or-later
"""What a provisioning package says, and how its JSON document is read: the schema
(provisioning.schema.json) and every rule a schema cannot state (key checksums, certificate
chains, revocation-list signatures, uniqueness). Version 1 is read as sequence 0 with no
revocation list, so packages imported before version 2 existed still verify.
Signing and verifying the whole file: provisioning.py. Spec: docs/formats/provisioning.md.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import Any

import jsonschema
from cryptography import x509

from assessment_app.errors import AppError
from assessment_app.security.bech32 import Bech32Error, parse_age_recipient
from assessment_app.security.certificates import (
    CertificateUnreadable,
    find_issuer,
    is_demo_certificate,
    load_pem_certificate,
    subject_identity,
)
from assessment_app.security.passphrases import StoredHashInvalid, stored_hash_params
from assessment_app.security.revocation_lists import (
    RevocationListError,
    load_revocation_list,
    revocations_from_lists,
)
from assessment_app.security.trust import Revocation, TrustAnchors
from forms.canonical import StrictJsonError, loads_strict

PACKAGE_FORMAT = "ltc-assess-provisioning"
PACKAGE_VERSIONS = (1, 2)
_SCHEMA_FILE = "provisioning.schema.json"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


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
class Enrolment:
    """The one-time code an expert claims their account with: only its hash
    (security/enrolment_codes.hash_enrolment_code) is in the package."""

    code_hash: str
    expires_at: datetime


@dataclass(frozen=True)
class ExpertEntry:
    name: str
    expert_number: str
    qualification: str
    role: str  # "assessor" | "reviewer" | "administrator"
    certificate: x509.Certificate | None
    enrolment: Enrolment | None = None


@dataclass(frozen=True)
class Workstation:
    """The laptop this package is for, as the agency server knows it (issue 17): its TLS client
    certificate (issued by a package CA) and where to upload. Stored; not used yet."""

    workstation_id: str
    name: str
    tls_certificate: x509.Certificate
    server_url: str


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
    version: int = 1
    sequence: int = 0  # version 1 has none: 0, below every version 2 package
    revocation_lists: tuple[x509.CertificateRevocationList, ...] = ()
    revocations: tuple[Revocation, ...] = ()
    workstation: Workstation | None = None

    def recipients_for(self, purpose: str) -> tuple[Recipient, ...]:
        return tuple(recipient for recipient in self.recipients if recipient.purpose == purpose)

    def expert(self, expert_number: str) -> ExpertEntry | None:
        return next((entry for entry in self.experts if entry.expert_number == expert_number), None)

    @property
    def trust_anchors(self) -> TrustAnchors:
        return TrustAnchors(self.ca_certificates, self.revocations)


def format_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the time must be timezone-aware")
    return moment.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


# --- reading ------------------------------------------------------------------------------------

def load_json(data: bytes) -> Any:
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
                   "maxItems": "too_many", "minimum": "too_small", "maximum": "too_large"}


def validate(document: Any, ref: str | None) -> None:
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


def package_from_document(document: dict[str, Any], root: str) -> ProvisioningPackage:
    """Everything the schema cannot say: key checksums, certificates, uniqueness, purposes."""
    recipients = _recipients(document["recipients"], root)
    cas = []
    for index, pem in enumerate(document["ca_certificates"]):
        path = f"{root}.ca_certificates[{index}]"
        ca = _certificate(pem, path)
        if find_issuer(ca, (ca,)) is None:
            raise ProvisioningError("not_a_ca", path)  # must be a self-signed CA certificate
        if is_demo_certificate(ca) and not document["demo"]:
            raise ProvisioningError("demo_ca_in_production", path)
        cas.append(ca)
    crls = tuple(_revocation_list(pem, index, root) for index, pem in enumerate(document.get("revocation_lists", ())))
    try:
        revocations = revocations_from_lists(crls, cas)
    except RevocationListError as error:
        raise ProvisioningError(error.reason, f"{root}.revocation_lists[{error.index}]", error.detail) from None
    experts = _experts(document["experts"], cas, root)
    issued_at = _timestamp(document["issued_at"], f"{root}.issued_at")
    workstation = None
    if document.get("workstation") is not None:
        workstation = _workstation(document["workstation"], cas, f"{root}.workstation")
    agency = Agency(document["agency"]["name"], document["agency"]["code"])
    return ProvisioningPackage(agency, document["demo"], recipients, tuple(cas), experts, issued_at, document,
                               version=document["version"], sequence=document.get("sequence", 0),
                               revocation_lists=crls, revocations=revocations, workstation=workstation)


def _recipients(entries: list[dict], root: str) -> tuple[Recipient, ...]:
    recipients: list[Recipient] = []
    for index, entry in enumerate(entries):
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
    return tuple(recipients)


def _experts(entries: list[dict], cas: list[x509.Certificate], root: str) -> tuple[ExpertEntry, ...]:
    experts, numbers = [], {}
    for index, entry in enumerate(entries):
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
        enrolment = None
        if entry.get("enrolment") is not None:
            enrolment = _enrolment(entry["enrolment"], f"{path}.enrolment")
        experts.append(ExpertEntry(entry["name"], number, entry["qualification"], entry["role"], certificate,
                                   enrolment))
    return tuple(experts)


def _enrolment(entry: dict, path: str) -> Enrolment:
    try:
        # Bounded like every stored hash, so a hostile package cannot make sign-in allocate gigabytes.
        stored_hash_params(entry["code_hash"])
    except StoredHashInvalid:
        raise ProvisioningError("bad_enrolment_hash", f"{path}.code_hash") from None
    return Enrolment(entry["code_hash"], _timestamp(entry["expires_at"], f"{path}.expires_at"))


def _workstation(entry: dict, cas: list[x509.Certificate], path: str) -> Workstation:
    certificate = _certificate(entry["tls_certificate"], f"{path}.tls_certificate")
    if find_issuer(certificate, cas) is None:
        raise ProvisioningError("workstation_certificate_foreign_ca", f"{path}.tls_certificate")
    return Workstation(entry["id"], entry["name"], certificate, entry["server_url"])


def _timestamp(text: str, path: str) -> datetime:
    try:
        return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:  # the schema checked the shape; this catches 2025-02-30
        raise ProvisioningError("bad_format", path) from None


def _certificate(pem: str, path: str) -> x509.Certificate:
    try:
        return load_pem_certificate(pem)
    except CertificateUnreadable as error:
        raise ProvisioningError("bad_certificate", path, error.detail.get("problem")) from None


def _revocation_list(pem: str, index: int, root: str) -> x509.CertificateRevocationList:
    try:
        return load_revocation_list(pem, index)
    except RevocationListError as error:
        raise ProvisioningError(error.reason, f"{root}.revocation_lists[{index}]", error.detail) from None
