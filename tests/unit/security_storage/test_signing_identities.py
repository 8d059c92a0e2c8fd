# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing identities: PKCS#12 import and its refusals, CSR and demo issuing, unlocking for a signature."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select

from assessment_app.messages import describe_error
from assessment_app.security.certificates import (
    CertificateRejected,
    Pkcs12Error,
    certificate_pem,
    sign_csr,
    subject_identity,
)
from assessment_app.services.accounts import WrongPassphrase, find_expert_id, login, set_passphrase
from assessment_app.services.case_records import initialise_case_records
from assessment_app.services.provisioning_import import ensure_demo_agency, import_provisioning
from assessment_app.services.signing_identities import (
    SigningIdentityError,
    active_identity,
    create_csr,
    import_pkcs12,
    install_certificate,
    issue_with_demo_ca,
    unlock_signing_key,
)
from assessment_app.storage.security_models import SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.security_storage.conftest import CHEAP, NOW, SEED, administrator, make_agency, pkcs12_file

PASSPHRASE = "长护险-评估-2026"
P12_PASSWORD = "p12-密码"


@pytest.fixture
def expert_id(records, agency):
    import_provisioning(records, agency.package(with_certificates=False), confirm_fingerprint=agency.fingerprint,
                        now=NOW)
    expert_id = find_expert_id(records, "PG-A-001")
    set_passphrase(records, expert_id, PASSPHRASE, enrolment_code=agency.enrolment_code("PG-A-001"), now=NOW,
                   kdf_params=CHEAP)
    return expert_id


@pytest.fixture
def actor(records, expert_id):
    """PG-A-001, signed in: a signing identity is managed by its own expert."""
    return login(records, "PG-A-001", PASSPHRASE, NOW, kdf_params=CHEAP)


def identity_rows(records) -> list[tuple]:
    with unit_of_work(records.engine) as session:
        return [(s.fingerprint, s.active, s.encrypted_private_key is not None)
                for s in session.scalars(select(SigningIdentity).order_by(SigningIdentity.created_at))]


def importing(records, actor, data, password=P12_PASSWORD, passphrase=PASSPHRASE, now=NOW, **options):
    return import_pkcs12(records, actor, data, password, passphrase, now, kdf_params=CHEAP, **options)


def refusal(records, actor, data, **options) -> Exception:
    before = identity_rows(records)
    with pytest.raises((CertificateRejected, Pkcs12Error, SigningIdentityError, WrongPassphrase)) as error:
        importing(records, actor, data, **options)
    assert identity_rows(records) == before
    return error.value


def test_pkcs12_import_stores_the_key_encrypted_and_it_unlocks_for_signing(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001")
    info = importing(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    assert info.serial_number == format(certificate.serial_number, "x") and active_identity(records, expert_id) == info
    with unit_of_work(records.engine) as session:
        stored = json.loads(session.scalar(select(SigningIdentity.encrypted_private_key)))
    assert stored["format"] == "ltc-assess-private-key" and "BEGIN ENCRYPTED PRIVATE KEY" in stored["pkcs8"]
    unlocked_key, unlocked_certificate = unlock_signing_key(records, expert_id, PASSPHRASE, now=NOW)
    assert unlocked_certificate == certificate
    signature = unlocked_key.sign(b"chain head", ec.ECDSA(hashes.SHA256()))
    certificate.public_key().verify(signature, b"chain head", ec.ECDSA(hashes.SHA256()))


def test_pkcs12_with_the_wrong_password_is_refused(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001")
    error = refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD), password="wrong")
    assert error.reason == "wrong_password"
    assert "PKCS#12 文件的密码不正确" in describe_error(error, "zh_CN")


def test_expired_certificate_is_refused(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001", not_before=NOW - timedelta(days=400), days=365)
    error = refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    assert error.reason == "expired"
    assert "证书已过期" in describe_error(error, "zh_CN") and "valid until" in describe_error(error, "en")


def test_not_yet_valid_certificate_is_refused(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001", not_before=NOW + timedelta(days=1))
    assert refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD)).reason == "not_yet_valid"


def test_certificate_of_a_foreign_ca_is_refused(actor, records, expert_id):
    foreign = make_agency("外来机构", "PG-TEST", label="foreign")
    key, certificate = foreign.issue("评估员赵", "PG-A-001")
    assert refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD)).reason == "foreign_ca"


def test_a_certificate_the_agency_revoked_cannot_be_imported(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001", serial=4242)
    agency.revoke(certificate, NOW - timedelta(hours=1))
    import_provisioning(records, agency.package(with_certificates=False), confirm_fingerprint=None, now=NOW,
                        actor=administrator(records))
    error = refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    assert error.reason == "revoked"


def test_a_colleagues_certificate_is_refused(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员钱", "PG-A-002")
    error = refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    assert (error.reason, error.detail) == ("certificate_for_another_expert", "PG-A-002")


def test_wrong_personal_passphrase_stores_nothing(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001")
    error = refusal(records, actor, pkcs12_file(key, certificate, P12_PASSWORD), passphrase="wrong")
    assert error.attempts_left == 4


def test_certificate_delivered_in_the_package_is_completed_by_the_pkcs12(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    expert_id = find_expert_id(records, "PG-A-001")
    set_passphrase(records, expert_id, PASSPHRASE, enrolment_code=agency.enrolment_code("PG-A-001"), now=NOW,
                   kdf_params=CHEAP)
    delivered = agency.expert_certificates["PG-A-001"]
    actor = login(records, "PG-A-001", PASSPHRASE, NOW, kdf_params=CHEAP)
    importing(records, actor, pkcs12_file(agency.expert_keys["PG-A-001"], delivered, P12_PASSWORD))
    with unit_of_work(records.engine) as session:
        assert session.scalar(select(func.count()).select_from(SigningIdentity)) == 2  # no duplicate row
    assert unlock_signing_key(records, expert_id, PASSPHRASE, now=NOW)[1] == delivered


def test_a_certificate_that_expired_since_its_import_cannot_sign(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001", days=30)
    importing(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    with pytest.raises(CertificateRejected) as error:
        unlock_signing_key(records, expert_id, PASSPHRASE, now=NOW + timedelta(days=31))
    assert error.value.reason == "expired"


def test_changing_the_passphrase_re_encrypts_the_signing_key(actor, records, agency, expert_id):
    key, certificate = agency.issue("评估员赵", "PG-A-001")
    importing(records, actor, pkcs12_file(key, certificate, P12_PASSWORD))
    set_passphrase(records, expert_id, "新的口令-2026-春", PASSPHRASE, now=NOW, kdf_params=CHEAP)
    assert unlock_signing_key(records, expert_id, "新的口令-2026-春", now=NOW)[1] == certificate


def test_csr_answered_by_the_agency_ca_becomes_the_active_identity(actor, records, agency, expert_id):
    csr = x509.load_pem_x509_csr(create_csr(records, actor, PASSPHRASE, NOW, kdf_params=CHEAP).encode())
    assert csr.subject.rfc4514_string() == "O=PG-TEST,2.5.4.5=PG-A-001,CN=评估员赵"
    answer = sign_csr(csr, agency.ca_certificate, agency.ca_key, NOW, 365, 99)
    info = install_certificate(records, actor, certificate_pem(answer), PASSPHRASE, NOW)
    assert active_identity(records, expert_id) == info
    _, other = agency.issue("评估员赵", "PG-A-001", serial=100)  # a certificate for a key not here
    with pytest.raises(SigningIdentityError) as error:
        install_certificate(records, actor, certificate_pem(other), PASSPHRASE, NOW)
    assert error.value.reason == "no_pending_request"


def test_demo_ca_issues_a_new_identity_in_demo_mode_only(actor, records, expert_id):
    with pytest.raises(SigningIdentityError) as error:
        issue_with_demo_ca(records, actor, PASSPHRASE, NOW, kdf_params=CHEAP)
    assert error.value.reason == "not_demo_agency"


def test_demo_ca_replaces_the_active_identity(tmp_path, memory_keyring):
    with initialise_case_records(tmp_path / "demo", None, memory_keyring) as records:
        ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
        expert_id = find_expert_id(records, "DEMO-A-001")
        actor = login(records, "DEMO-A-001", "demo-a-001", NOW, kdf_params=CHEAP)
        before = active_identity(records, expert_id)
        info = issue_with_demo_ca(records, actor, "demo-a-001", NOW + timedelta(days=1), kdf_params=CHEAP)
        assert info != before and active_identity(records, expert_id) == info
        assert "DEMO" in info.issuer
        _, certificate = unlock_signing_key(records, expert_id, "demo-a-001", now=NOW + timedelta(days=1))
        assert subject_identity(certificate).serial_number == "DEMO-A-001"
        assert format(certificate.serial_number, "x") == info.serial_number
