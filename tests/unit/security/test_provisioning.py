# SPDX-License-Identifier: GPL-3.0-or-later
"""The provisioning package: the demo agency verifies; every kind of bad file is refused by name."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from assessment_app.security.bech32 import age_recipient, parse_age_identity
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING,
    certificate_fingerprint,
    certificate_pem,
    create_demo_ca,
    generate_key_and_csr,
    sign_csr,
)
from assessment_app.security.provisioning import (
    SIGNING_CONTEXT,
    ProvisioningError,
    build_demo_provisioning,
    parse_provisioning,
    sign_provisioning,
    verify_provisioning,
)
from forms.canonical import canonical_json_bytes

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)
SEED = bytes(range(32))


@pytest.fixture(scope="module")
def demo():
    return build_demo_provisioning(NOW, SEED)


@pytest.fixture
def package(demo) -> dict:
    return json.loads(demo.package_bytes)["package"]


def sign_unchecked(package: dict, key, certificate) -> bytes:
    """A signed file as a careless or hostile tool would write it: no check before signing."""
    signature = key.sign(SIGNING_CONTEXT + canonical_json_bytes(package), ec.ECDSA(hashes.SHA256()))
    return json.dumps({"format": "ltc-assess-provisioning-signed", "version": 1, "package": package,
                       "signature": {"algorithm": "ecdsa-sha256", "certificate": certificate_pem(certificate),
                                     "value": base64.b64encode(signature).decode()}}).encode()


def refusal(data: bytes, trusted=None) -> ProvisioningError:
    with pytest.raises(ProvisioningError) as error:
        verify_provisioning(data, trusted)
    return error.value


# --- the demo agency ---------------------------------------------------------------------------

def test_demo_package_verifies_and_names_its_agency_experts_and_keys(demo):
    package = verify_provisioning(demo.package_bytes)
    assert (package.agency.name, package.agency.code, package.demo) == ("演示机构", "DEMO", True)
    assert [(e.name, e.role) for e in package.experts] == [
        ("演示评估员甲", "assessor"), ("演示评估员乙", "assessor"), ("演示审核员", "reviewer"),
        ("演示管理员", "administrator")]
    assert all(e.certificate == demo.expert_certificates[e.expert_number] for e in package.experts)
    assert [r.age_recipient for r in package.recipients_for("recovery")] == [demo.age_recipients["recovery"]]
    assert package.signer_ca_fingerprint == certificate_fingerprint(demo.ca_certificate)
    assert package.issued_at == NOW


def test_demo_package_is_reproducible_from_time_and_seed(demo):
    assert build_demo_provisioning(NOW, SEED).package_bytes == demo.package_bytes
    assert build_demo_provisioning(NOW, bytes(32)).package_bytes != demo.package_bytes


def test_pinned_fingerprint_is_accepted_in_any_spelling(demo):
    fingerprint = certificate_fingerprint(demo.ca_certificate).upper()
    spelled = ":".join(fingerprint[i:i + 2] for i in range(0, 64, 2))
    assert verify_provisioning(demo.package_bytes, {spelled}).agency.code == "DEMO"


def test_package_from_another_ca_than_the_pinned_one_is_refused(demo):
    error = refusal(demo.package_bytes, {"00" * 32})
    assert (error.reason, error.detail) == ("untrusted_ca", certificate_fingerprint(demo.ca_certificate))


@pytest.mark.skipif(shutil.which("age") is None, reason="age CLI not installed")
def test_demo_age_keys_work_with_the_age_tool(demo, tmp_path):
    identity_file = tmp_path / "recovery.key"
    identity_file.write_text(demo.age_identities["recovery"] + "\n")
    derived = subprocess.run(["age-keygen", "-y", str(identity_file)], capture_output=True, text=True, check=True)
    assert derived.stdout.strip() == demo.age_recipients["recovery"]
    encrypted = subprocess.run(["age", "-r", demo.age_recipients["recovery"]], input="hello 长护险".encode(),
                               capture_output=True, check=True).stdout
    decrypted = subprocess.run(["age", "-d", "-i", str(identity_file)], input=encrypted,
                               capture_output=True, check=True).stdout
    assert decrypted == "hello 长护险".encode()


def test_age_identity_matches_its_recipient(demo):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    for purpose in ("agency", "recovery"):
        private = X25519PrivateKey.from_private_bytes(parse_age_identity(demo.age_identities[purpose]))
        assert age_recipient(private.public_key().public_bytes_raw()) == demo.age_recipients[purpose]


# --- signature and trust -----------------------------------------------------------------------

def test_tampered_value_is_a_bad_signature(demo):
    tampered = demo.package_bytes.replace("演示评估员甲".encode(), "演示评估员丙".encode(), 1)
    assert refusal(tampered).reason == "bad_signature"


def test_reformatted_file_still_verifies(demo):
    compact = json.dumps(json.loads(demo.package_bytes), separators=(",", ":"), ensure_ascii=True).encode()
    assert verify_provisioning(compact).agency.name == "演示机构"


def test_bare_package_is_refused_as_unsigned(package):
    assert refusal(json.dumps(package).encode()).reason == "unsigned"


def test_missing_signature_is_named(demo):
    document = json.loads(demo.package_bytes)
    del document["signature"]
    error = refusal(json.dumps(document).encode())
    assert (error.reason, error.path) == ("missing", "$.signature")


def test_signer_from_a_foreign_ca_is_refused(demo, package):
    foreign_ca = create_demo_ca("演示机构", NOW - timedelta(days=1), 30)
    key, csr = generate_key_and_csr("配置", "P9", "DEMO")
    signer = sign_csr(csr, *foreign_ca, NOW - timedelta(days=1), 30, serial=3,
                      extended_key_usages=(PROVISIONING_SIGNING,))
    error = refusal(sign_unchecked(package, key, signer))
    assert (error.reason, error.path) == ("signer_not_chained", "$.signature.certificate")


def test_expert_key_cannot_sign_a_provisioning_package(demo, package):
    error = refusal(sign_unchecked(package, demo.expert_keys["DEMO-A-001"], demo.expert_certificates["DEMO-A-001"]))
    assert (error.reason, error.detail) == ("signer_rejected", "not_for_signing")


def test_signing_refuses_to_write_a_file_that_would_be_refused(demo, package):
    package["experts"][1]["expert_number"] = "DEMO-A-001"
    with pytest.raises(ProvisioningError) as error:
        sign_provisioning(package, demo.signer_key, demo.signer_certificate)
    assert error.value.reason == "duplicate_expert_number"


# --- content -----------------------------------------------------------------------------------

def resigned(demo, package) -> bytes:
    return sign_unchecked(package, demo.signer_key, demo.signer_certificate)


def test_missing_recovery_recipient_is_refused(demo, package):
    package["recipients"][1]["purpose"] = "agency"
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path) == ("missing_recovery_recipient", "$.package.recipients")


def test_age_recipient_with_a_bad_checksum_is_refused(demo, package):
    recipient = package["recipients"][1]["age_recipient"]
    package["recipients"][1]["age_recipient"] = recipient[:-1] + ("q" if recipient[-1] != "q" else "p")
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path, error.detail) == (
        "bad_age_recipient", "$.package.recipients[1].age_recipient", "bad_checksum")


def test_duplicate_expert_number_names_both_entries(demo, package):
    package["experts"][2]["expert_number"] = "DEMO-A-001"
    package["experts"][2]["certificate"] = None
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path) == ("duplicate_expert_number", "$.package.experts[2].expert_number")
    assert error.detail == {"expert_number": "DEMO-A-001", "first": "$.package.experts[0]"}


def test_expert_certificate_of_someone_else_is_refused(demo, package):
    package["experts"][0]["certificate"] = package["experts"][1]["certificate"]
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path) == ("expert_certificate_mismatch", "$.package.experts[0].certificate")


def test_demo_ca_in_a_production_package_is_refused(demo, package):
    package["demo"] = False
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path) == ("demo_ca_in_production", "$.package.ca_certificates[0]")


@pytest.mark.parametrize(("mutate", "reason", "path"), [
    (lambda p: p["experts"][2].update(role="boss"), "not_allowed", "$.package.experts[2].role"),
    (lambda p: p["agency"].pop("code"), "missing", "$.package.agency.code"),
    (lambda p: p["experts"][0].update(email="a@b"), "unexpected_key", "$.package.experts[0].email"),
    (lambda p: p.update(demo="yes"), "wrong_type", "$.package.demo"),
    (lambda p: p.update(issued_at="2025-03-01 08:00"), "bad_format", "$.package.issued_at"),
    (lambda p: p.update(issued_at="2025-02-30T08:00:00Z"), "bad_format", "$.package.issued_at"),
    (lambda p: p["recipients"].pop(), "too_few", "$.package.recipients"),
    (lambda p: p["ca_certificates"].__setitem__(0, "-----BEGIN CERTIFICATE-----\nAAAA\n"),
     "bad_certificate", "$.package.ca_certificates[0]"),
])
def test_malformed_package_names_the_json_path(demo, package, mutate, reason, path):
    mutate(package)
    error = refusal(resigned(demo, package))
    assert (error.reason, error.path) == (reason, path)


def test_all_schema_problems_are_listed_in_path_order(demo, package):
    package["experts"][2]["role"] = "boss"
    package["agency"]["code"] = ""
    error = refusal(resigned(demo, package))
    assert [(path, reason) for path, reason, _ in error.problems] == [
        ("$.package.agency.code", "bad_format"), ("$.package.experts[2].role", "not_allowed")]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "not_json"),
    (b"{\"format\": 1,\n \"format\": 2}", "duplicate_key"),
    (b"\xff{}", "not_utf8"),
    (b"{\"version\": 1.0}", "not_json"),
    (b"[]", "wrong_type"),
])
def test_unreadable_file_is_named(data, reason):
    assert refusal(data).reason == reason


def test_parse_reads_an_unsigned_package_for_preview(package):
    preview = parse_provisioning(json.dumps(package, ensure_ascii=False).encode())
    assert preview.signer_certificate is None and len(preview.experts) == 4


def test_altered_content_is_reported_as_altered_not_as_a_content_error(demo):
    tampered = demo.package_bytes.replace(b'"purpose": "recovery"', b'"purpose": "agency"')
    assert tampered != demo.package_bytes
    assert refusal(tampered).reason == "bad_signature"
