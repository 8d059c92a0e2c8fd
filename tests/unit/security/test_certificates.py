# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing identities: the demo CA, CSRs, PKCS#12 import, keys at rest, and the validity rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from assessment_app.security.certificates import (
    PROVISIONING_SIGNING,
    PURPOSE_PROVISIONING,
    CertificateRejected,
    CertificateUnreadable,
    Pkcs12Error,
    PrivateKeyUnreadable,
    WrongPassphrase,
    create_demo_ca,
    decrypt_private_key,
    derive_ec_private_key,
    encrypt_private_key,
    generate_key_and_csr,
    is_demo_certificate,
    load_pkcs12,
    sign_csr,
    subject_identity,
    validate_certificate,
)
from assessment_app.security.passphrase_kdf import Argon2idParams

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)
CHEAP = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
SEED = b"certificate tests seed, 32 bytes"


@pytest.fixture(scope="module")
def ca():
    return create_demo_ca("演示机构", NOW - timedelta(days=1), 3650, key=derive_ec_private_key(SEED, "ca"))


@pytest.fixture(scope="module")
def expert(ca):
    key, csr = generate_key_and_csr("演示评估员甲", "DEMO-0001", "DEMO",
                                    private_key=derive_ec_private_key(SEED, "e1"))
    return key, sign_csr(csr, *ca, NOW, 365, serial=1001)


def issue_with(ca, **extensions) -> x509.Certificate:
    """A certificate with hand-picked extensions, to test what sign_csr would never produce."""
    ca_certificate, ca_key = ca
    key = derive_ec_private_key(SEED, "odd")
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "odd")]))
               .issuer_name(ca_certificate.subject).public_key(key.public_key()).serial_number(77)
               .not_valid_before(NOW).not_valid_after(NOW + timedelta(days=30)))
    for extension in extensions.values():
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def reason_of(certificate, cas, now=NOW, **options) -> str:
    with pytest.raises(CertificateRejected) as error:
        validate_certificate(certificate, cas, now, **options)
    return error.value.reason


# --- issuing -----------------------------------------------------------------------------------

def test_demo_ca_is_clearly_marked(ca):
    common_name = subject_identity(ca[0]).common_name
    assert "演示" in common_name and "DEMO" in common_name
    assert is_demo_certificate(ca[0])
    assert ca[0].extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_expert_certificate_carries_name_number_and_agency(expert, ca):
    identity = subject_identity(expert[1])
    assert (identity.common_name, identity.serial_number, identity.organization) == \
        ("演示评估员甲", "DEMO-0001", "DEMO")
    usage = expert[1].extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert isinstance(expert[0], ec.EllipticCurvePrivateKey) and expert[0].curve.name == "secp256r1"
    assert is_demo_certificate(expert[1])  # issued by the demo CA


def test_issuing_is_deterministic_for_the_same_inputs(ca):
    key, csr = generate_key_and_csr("甲", "N1", "DEMO", private_key=derive_ec_private_key(SEED, "same"))
    assert sign_csr(csr, *ca, NOW, 30, serial=5) == sign_csr(csr, *ca, NOW, 30, serial=5)


def test_csr_with_a_broken_signature_is_refused(ca):
    _, csr = generate_key_and_csr("甲", "N1", "DEMO")
    der = bytearray(csr.public_bytes(serialization.Encoding.DER))
    der[-3] ^= 0x01
    with pytest.raises(CertificateUnreadable) as error:
        sign_csr(x509.load_der_x509_csr(bytes(der)), *ca, NOW, 30, serial=6)
    assert error.value.reason == "bad_request_signature"


# --- validity ----------------------------------------------------------------------------------

def test_valid_certificate_is_accepted_and_its_ca_returned(expert, ca):
    assert validate_certificate(expert[1], [ca[0]], NOW + timedelta(days=10)) == ca[0]


def test_expired_certificate_is_refused_with_its_dates(expert, ca):
    later = NOW + timedelta(days=365, seconds=1)
    with pytest.raises(CertificateRejected) as error:
        validate_certificate(expert[1], [ca[0]], later)
    assert error.value.reason == "expired"
    assert error.value.not_valid_after == NOW + timedelta(days=365)
    assert error.value.detail["now"] == later and error.value.serial_number == 1001
    assert validate_certificate(expert[1], [ca[0]], NOW + timedelta(days=365))  # last second still valid


def test_not_yet_valid_certificate_is_refused(expert, ca):
    assert reason_of(expert[1], [ca[0]], NOW - timedelta(seconds=1)) == "not_yet_valid"


def test_revoked_certificate_is_refused(expert, ca):
    assert reason_of(expert[1], [ca[0]], revoked_serials={1001, 1002}) == "revoked"


def test_foreign_ca_with_the_same_name_but_another_key_is_refused(expert, ca):
    look_alike, _ = create_demo_ca("演示机构", NOW - timedelta(days=1), 3650)
    assert look_alike.subject == ca[0].subject
    assert reason_of(expert[1], [look_alike]) == "foreign_ca"


def test_expired_ca_is_named(expert, ca):
    short_ca = create_demo_ca("短期机构", NOW - timedelta(days=10), 5)
    _, csr = generate_key_and_csr("乙", "N2", "DEMO")
    certificate = sign_csr(csr, *short_ca, NOW - timedelta(days=10), 365, serial=9)
    assert reason_of(certificate, [short_ca[0]]) == "ca_expired"


@pytest.mark.parametrize("extensions", [
    {},  # no key usage at all
    {"usage": x509.KeyUsage(False, False, True, False, False, False, False, False, False)},  # keyEncipherment only
    {"usage": x509.KeyUsage(True, False, False, False, False, False, False, False, False),
     "extended": x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH])},  # a TLS certificate
])
def test_certificate_not_meant_for_signing_is_refused(ca, extensions):
    assert reason_of(issue_with(ca, **extensions), [ca[0]]) == "not_for_signing"


def test_ca_certificate_itself_may_not_sign_records(ca):
    assert reason_of(ca[0], [ca[0]]) == "not_for_signing"


def test_only_a_provisioning_certificate_may_sign_a_provisioning_package(expert, ca):
    assert reason_of(expert[1], [ca[0]], purpose=PURPOSE_PROVISIONING) == "not_for_signing"
    key, csr = generate_key_and_csr("配置", "P1", "DEMO")
    signer = sign_csr(csr, *ca, NOW, 30, serial=10, extended_key_usages=(PROVISIONING_SIGNING,))
    assert validate_certificate(signer, [ca[0]], NOW, purpose=PURPOSE_PROVISIONING) == ca[0]
    assert reason_of(signer, [ca[0]]) == "not_for_signing"  # and it signs nothing else


# --- PKCS#12 -----------------------------------------------------------------------------------

def p12(key, certificate, password=b"agency-p12", chain=None) -> bytes:
    return pkcs12.serialize_key_and_certificates(b"expert", key, certificate, chain,
                                                 serialization.BestAvailableEncryption(password))


def test_pkcs12_loads_key_certificate_and_chain(expert, ca):
    key, certificate, chain = load_pkcs12(p12(*expert, chain=[ca[0]]), "agency-p12")
    assert certificate == expert[1] and chain == (ca[0],)
    assert key.private_numbers() == expert[0].private_numbers()


@pytest.mark.parametrize(("mangle", "password", "reason"), [
    (lambda data: data, "wrong", "wrong_password"),
    (lambda data: b"not a pkcs12 file", "agency-p12", "malformed"),
    (lambda data: data[: len(data) // 2], "agency-p12", "malformed"),
    (lambda data: b"", "agency-p12", "malformed"),
])
def test_pkcs12_errors_are_typed(expert, mangle, password, reason):
    with pytest.raises(Pkcs12Error) as error:
        load_pkcs12(mangle(p12(*expert)), password)
    assert error.value.reason == reason


def test_pkcs12_without_a_key_or_a_certificate_is_refused(expert, ca):
    with pytest.raises(Pkcs12Error) as missing_key:
        load_pkcs12(p12(None, expert[1]), "agency-p12")
    assert missing_key.value.reason == "missing_key"
    with pytest.raises(Pkcs12Error) as missing_certificate:
        load_pkcs12(p12(expert[0], None, chain=[ca[0]]), "agency-p12")
    assert missing_certificate.value.reason == "missing_certificate"


# --- keys at rest ------------------------------------------------------------------------------

def test_private_key_round_trips_under_the_passphrase(expert):
    stored = encrypt_private_key(expert[0], "我的口令-2025", params=CHEAP)
    assert b"ENCRYPTED PRIVATE KEY" in stored and b"argon2id" in stored
    assert decrypt_private_key(stored, "我的口令-2025").private_numbers() == expert[0].private_numbers()


def test_wrong_passphrase_is_its_own_error(expert):
    stored = encrypt_private_key(expert[0], "right passphrase", params=CHEAP)
    with pytest.raises(WrongPassphrase) as error:
        decrypt_private_key(stored, "wrong passphrase")
    assert error.value.reason == "wrong_passphrase"


@pytest.mark.parametrize("data", [b"", b"\xff", b"{}", b'{"format": "ltc-assess-private-key", "version": 1}',
                                  b"-----BEGIN PRIVATE KEY-----"])
def test_unreadable_key_file_is_not_a_wrong_passphrase(data):
    with pytest.raises(PrivateKeyUnreadable):
        decrypt_private_key(data, "whatever")


def test_hostile_kdf_parameters_are_refused_before_use(expert):
    stored = encrypt_private_key(expert[0], "p", params=CHEAP).replace(b'"memory_kib": 64', b'"memory_kib": 99999999')
    with pytest.raises(PrivateKeyUnreadable):
        decrypt_private_key(stored, "p")
