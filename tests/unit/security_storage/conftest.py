# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the identity and evidence services: real encrypted records, a test agency with its
own (non-demo) CA, cheap Argon2 parameters and a fixed clock."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from assessment_app.security.bech32 import age_recipient
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING,
    SigningKey,
    certificate_fingerprint,
    certificate_pem,
    derive_ec_private_key,
    generate_key_and_csr,
    sign_csr,
)
from assessment_app.security.enrolment_codes import hash_enrolment_code, new_enrolment_code
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.provisioning import (
    Agency,
    Enrolment,
    ExpertEntry,
    Recipient,
    build_provisioning_package,
    format_issued_at,
    sign_provisioning,
)
from assessment_app.security.revocation_lists import RevokedCertificate, build_revocation_list
from assessment_app.services.case_records import CaseRecords, initialise_case_records

from tests.actors import sign_in

NOW = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
SEED = bytes(range(32))
# Argon2id's minimum cost: these tests check the account logic, not the hardness of the KDF.
CHEAP = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
AGENCY_CODE = "PG-TEST"
EXPERTS = (("评估员赵", "PG-A-001", "assessor"), ("评估员钱", "PG-A-002", "assessor"),
           ("审核员孙", "PG-R-001", "reviewer"), ("管理员李", "PG-M-001", "administrator"))


@pytest.fixture
def records(tmp_path: Path, memory_keyring) -> Iterator[CaseRecords]:
    opened = initialise_case_records(tmp_path / "data", None, memory_keyring)
    yield opened
    opened.close()


def create_agency_ca(name: str, now: datetime, days: int, key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """A production-like agency CA: self-signed, cA=TRUE, and no DEMO in its name."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} CA"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, name)])
    usage = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") | 1)
            .not_valid_before(now).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256()))


@dataclass
class AgencyUnderTest:
    """An agency as an administrator would run it: its CA, its provisioning signer, its experts."""

    name: str
    code: str
    ca_certificate: x509.Certificate
    ca_key: SigningKey
    signer_key: SigningKey
    signer_certificate: x509.Certificate
    expert_keys: dict[str, SigningKey] = field(default_factory=dict)
    expert_certificates: dict[str, x509.Certificate] = field(default_factory=dict)
    sequence: int = 0  # of the last package built, as the agency server counts
    revoked: list[RevokedCertificate] = field(default_factory=list)
    enrolment_codes: dict[str, str] = field(default_factory=dict)  # by expert number: what the agency hands out

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.ca_certificate)

    def revoke(self, certificate: x509.Certificate, revoked_at: datetime, reason: str = "key_compromise") -> None:
        self.revoked.append(RevokedCertificate(certificate.serial_number, revoked_at, reason))

    def enrolment_code(self, number: str) -> str:
        """The expert's one-time code: the same for the same agency and number, 80 bits."""
        if number not in self.enrolment_codes:
            digest = hashlib.sha256(f"{self.code}:{number}:enrolment".encode()).digest()
            self.enrolment_codes[number] = new_enrolment_code(lambda size: digest[:size])
        return self.enrolment_codes[number]

    def issue(self, name: str, number: str, *, not_before: datetime = NOW - timedelta(days=1), days: int = 365,
              serial: int | None = None, code: str | None = None):
        key, csr = generate_key_and_csr(name, number, code or self.code,
                                        private_key=derive_ec_private_key(SEED, f"{self.code}:{number}"))
        serial = serial or int.from_bytes(hashlib.sha256(f"{number}{not_before}{days}".encode()).digest()[:8], "big")
        return key, sign_csr(csr, self.ca_certificate, self.ca_key, not_before, days, serial)

    def package(self, experts=EXPERTS, *, issued_at: datetime = NOW, with_certificates: bool = True,
                sequence: int | None = None, enrolment_expires: datetime = NOW + timedelta(days=14),
                version: int = 2) -> bytes:
        """The agency's next package (sequence one higher than the last, unless given), with a
        one-time enrolment code for every expert and the current revocation list."""
        entries = []
        for name, number, role in experts:
            certificate = None
            if with_certificates and role == "assessor":
                key, certificate = self.issue(name, number)
                self.expert_keys[number], self.expert_certificates[number] = key, certificate
            enrolment = Enrolment(hash_enrolment_code(self.enrolment_code(number), params=CHEAP), enrolment_expires)
            entries.append(ExpertEntry(name, number, "长护险评估师（测试）", role, certificate, enrolment))
        recipients = []
        for purpose in ("agency", "recovery"):
            secret = hashlib.sha256(f"{self.code}:{purpose}".encode()).digest()
            private = X25519PrivateKey.from_private_bytes(secret)
            recipients.append(Recipient(f"{self.name} {purpose}", age_recipient(private.public_key().public_bytes_raw()),
                                        purpose))
        if version == 1:
            return self._package_v1(entries, recipients, issued_at)
        self.sequence = self.sequence + 1 if sequence is None else sequence
        crl = build_revocation_list(self.ca_certificate, self.ca_key, self.revoked, this_update=issued_at)
        return build_provisioning_package(
            agency=Agency(self.name, self.code), sequence=self.sequence, recipients=recipients,
            ca_certificates=[self.ca_certificate], experts=entries, revocation_lists=[crl], issued_at=issued_at,
            signer_key=self.signer_key, signer_certificate=self.signer_certificate)

    def _package_v1(self, entries, recipients, issued_at: datetime) -> bytes:
        """A package as laptops received them before version 2: no sequence, codes or revocations."""
        package = {"format": "ltc-assess-provisioning", "version": 1, "demo": False,
                   "agency": {"name": self.name, "code": self.code},
                   "recipients": [{"label": r.label, "age_recipient": r.age_recipient, "purpose": r.purpose}
                                  for r in recipients],
                   "ca_certificates": [certificate_pem(self.ca_certificate)],
                   "experts": [{"name": e.name, "expert_number": e.expert_number, "qualification": e.qualification,
                                "role": e.role,
                                "certificate": None if e.certificate is None else certificate_pem(e.certificate)}
                               for e in entries],
                   "issued_at": format_issued_at(issued_at)}
        return sign_provisioning(package, self.signer_key, self.signer_certificate)


def make_agency(name: str = "测试评估机构", code: str = AGENCY_CODE, label: str = "ca") -> AgencyUnderTest:
    ca_key = derive_ec_private_key(SEED, f"{code}:{label}")
    ca_certificate = create_agency_ca(name, NOW - timedelta(days=30), 3650, ca_key)
    signer_key, csr = generate_key_and_csr(f"{name} 配置签名", f"{code}-PROVISIONING", code,
                                           private_key=derive_ec_private_key(SEED, f"{code}:{label}:signer"))
    signer_certificate = sign_csr(csr, ca_certificate, ca_key, NOW - timedelta(days=30), 3650, 7,
                                  extended_key_usages=(PROVISIONING_SIGNING,))
    return AgencyUnderTest(name, code, ca_certificate, ca_key, signer_key, signer_certificate)


@pytest.fixture
def agency() -> AgencyUnderTest:
    return make_agency()


def administrator(records: CaseRecords):
    """The agency's administrator (PG-M-001 in every test package), signed in: later packages,
    the audit log and backups are theirs."""
    return sign_in(records, "PG-M-001", "administrator")


def pkcs12_file(key: SigningKey, certificate: x509.Certificate, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(b"expert", key, certificate, None,
                                                 BestAvailableEncryption(password.encode()))
