# SPDX-License-Identifier: GPL-3.0-or-later
"""Revocation: the agency's CRLs travel in the package, are verified against its CAs, and every
certificate check on the workstation honours them at a trusted time (never the signer's claim
alone, never a clock set back). The attacks: a revoked expert signs in or signs; a package brings
a CRL its CAs did not sign; the laptop's clock is set back to before the revocation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography import x509
from sqlalchemy import select

from assessment_app.messages import describe_error
from assessment_app.security.certificates import CertificateRejected, certificate_pem
from assessment_app.security.provisioning import ProvisioningError, sign_provisioning
from assessment_app.security.revocation_lists import (
    RevokedCertificate,
    build_revocation_list,
    revocation_list_pem,
)
from assessment_app.services.accounts import CertificateRevokedAtSignIn, find_expert_id, login, set_passphrase
from assessment_app.services.audit_log import STATION_CHAIN, export_chain
from assessment_app.services.provisioning_import import import_provisioning
from assessment_app.services.signing_identities import SigningIdentityError, import_pkcs12, unlock_signing_key
from assessment_app.services.trust_anchors import TrustUnavailable, workstation_trust_anchors
from assessment_app.storage.security_models import Agency, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.security_storage.conftest import CHEAP, NOW, administrator, make_agency, pkcs12_file

PASSPHRASE = "长护险-评估-2026"


@pytest.fixture
def signer(records, agency):
    """PG-A-001 enrolled, their agency-issued key imported: they sign in and sign."""
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    expert_id = find_expert_id(records, "PG-A-001")
    set_passphrase(records, expert_id, PASSPHRASE, enrolment_code=agency.enrolment_code("PG-A-001"), now=NOW,
                   kdf_params=CHEAP)
    actor = login(records, "PG-A-001", PASSPHRASE, NOW, kdf_params=CHEAP)
    p12 = pkcs12_file(agency.expert_keys["PG-A-001"], agency.expert_certificates["PG-A-001"], "p12")
    import_pkcs12(records, actor, p12, "p12", PASSPHRASE, NOW, kdf_params=CHEAP)
    return expert_id


def revoke_and_provision(records, agency, *, revoked_at, imported_at, reason="key_compromise", actor=None):
    """The agency revokes PG-A-001's certificate; its administrator imports the next package."""
    agency.revoke(agency.expert_certificates["PG-A-001"], revoked_at, reason)
    return import_provisioning(records, agency.package(issued_at=imported_at), confirm_fingerprint=None,
                               now=imported_at, actor=actor or administrator(records))


def test_a_revoked_expert_can_neither_sign_in_nor_sign(records, agency, signer):
    manager = administrator(records)
    result = revoke_and_provision(records, agency, revoked_at=NOW + timedelta(hours=1),
                                  imported_at=NOW + timedelta(hours=2), actor=manager)
    assert result.revocations == 1 and result.identities_revoked == ("PG-A-001",)
    with pytest.raises(CertificateRevokedAtSignIn) as error:
        login(records, "PG-A-001", PASSPHRASE, NOW + timedelta(hours=3), kdf_params=CHEAP)
    assert describe_error(error.value, "zh_CN") == "机构已吊销您的签名证书（私钥泄露），不能登录；请与机构联系。"
    with pytest.raises(SigningIdentityError) as refused:  # the revoked identity is no longer active
        unlock_signing_key(records, signer, PASSPHRASE, now=NOW + timedelta(hours=3))
    assert refused.value.reason == "no_signing_identity"
    events = [(e.kind, e.data.get("reason")) for e in export_chain(records, STATION_CHAIN, actor=manager)]
    assert ("signing_identity_revoked", "key_compromise") in events and events[-1] == ("login_failed",
                                                                                       "certificate_revoked")


def test_a_revocation_dated_after_the_import_takes_effect_when_its_date_comes(records, agency, signer):
    result = revoke_and_provision(records, agency, revoked_at=NOW + timedelta(days=5),
                                  imported_at=NOW + timedelta(days=1))
    assert result.identities_revoked == ()
    assert unlock_signing_key(records, signer, PASSPHRASE, now=NOW + timedelta(days=2))
    with pytest.raises(CertificateRejected) as error:
        unlock_signing_key(records, signer, PASSPHRASE, now=NOW + timedelta(days=6))
    assert error.value.reason == "revoked"
    assert "机构已于 2026-01-10 08:00 UTC 吊销该证书（私钥泄露）" in describe_error(error.value, "zh_CN")
    with pytest.raises(CertificateRevokedAtSignIn):
        login(records, "PG-A-001", PASSPHRASE, NOW + timedelta(days=6), kdf_params=CHEAP)


def test_setting_the_clock_back_does_not_bring_a_revoked_certificate_back(records, agency, signer):
    revoke_and_provision(records, agency, revoked_at=NOW + timedelta(hours=1), imported_at=NOW + timedelta(days=3))
    with unit_of_work(records.engine) as session:  # put the identity back, as a tool editing the database could
        for identity in session.scalars(select(SigningIdentity).where(SigningIdentity.expert_id == signer)):
            identity.active = identity.encrypted_private_key is not None
    a_month_before = NOW - timedelta(days=30)  # the laptop's clock, set back
    with pytest.raises(CertificateRevokedAtSignIn):
        login(records, "PG-A-001", PASSPHRASE, a_month_before, kdf_params=CHEAP)
    with pytest.raises(CertificateRejected) as error:
        unlock_signing_key(records, signer, PASSPHRASE, now=a_month_before)
    assert error.value.reason in ("revoked", "not_yet_valid")


def test_a_replacement_certificate_lets_the_expert_sign_in_to_install_it(records, agency, signer):
    agency.revoke(agency.expert_certificates["PG-A-001"], NOW + timedelta(hours=1), "superseded")
    # The next package lists a new certificate for PG-A-001 (issued with another serial).
    key, replacement = agency.issue("评估员赵", "PG-A-001", serial=777)
    data = json.loads(agency.package(issued_at=NOW + timedelta(hours=2)))
    data["package"]["experts"][0]["certificate"] = certificate_pem(replacement)
    import_provisioning(records, sign_provisioning(data["package"], agency.signer_key, agency.signer_certificate),
                        confirm_fingerprint=None, now=NOW + timedelta(hours=2), actor=administrator(records))
    actor = login(records, "PG-A-001", PASSPHRASE, NOW + timedelta(hours=3), kdf_params=CHEAP)
    import_pkcs12(records, actor, pkcs12_file(key, replacement, "p12"), "p12", PASSPHRASE, NOW + timedelta(hours=3),
                  kdf_params=CHEAP)
    assert unlock_signing_key(records, signer, PASSPHRASE, now=NOW + timedelta(hours=4))[1] == replacement


def test_the_workstation_trust_anchors_carry_the_revocations(records, agency, signer):
    revoke_and_provision(records, agency, revoked_at=NOW + timedelta(hours=1), imported_at=NOW + timedelta(hours=2))
    anchors = workstation_trust_anchors(records)
    assert anchors.ca_certificates == (agency.ca_certificate,)
    assert [(r.serial_number, r.reason) for r in anchors.revocations] == [
        (agency.expert_certificates["PG-A-001"].serial_number, "key_compromise")]
    with pytest.raises(CertificateRejected) as error:
        anchors.validate(agency.expert_certificates["PG-A-001"], claimed=NOW, trusted=NOW + timedelta(hours=2))
    assert error.value.reason == "revoked"


def test_a_revocation_list_edited_in_the_database_is_refused_not_believed(records, agency, signer):
    foreign = make_agency("外来机构", agency.code, label="foreign")
    forged = build_revocation_list(agency.ca_certificate, foreign.ca_key, (), this_update=NOW)  # agency's name, not key
    with unit_of_work(records.engine) as session:
        session.get(Agency, 1).revocation_lists_pem = revocation_list_pem(forged)
    with pytest.raises(TrustUnavailable) as error:
        workstation_trust_anchors(records)
    assert error.value.reason == "revocation_list_damaged"


def test_no_trust_anchors_before_provisioning(records):
    with pytest.raises(TrustUnavailable) as error:
        workstation_trust_anchors(records)
    assert error.value.reason == "not_provisioned"


# --- the lists in the package -----------------------------------------------------------------------

def _with_lists(agency, crls) -> dict:
    document = json.loads(agency.package())["package"]
    document["revocation_lists"] = [revocation_list_pem(crl) for crl in crls]
    return document


def test_a_list_not_signed_by_a_package_ca_is_refused(agency):
    foreign = make_agency("外来机构", "PG-OTHER", label="foreign")
    for crl in (build_revocation_list(foreign.ca_certificate, foreign.ca_key, (), this_update=NOW),
                build_revocation_list(agency.ca_certificate, foreign.ca_key, (), this_update=NOW)):
        with pytest.raises(ProvisioningError) as error:
            sign_provisioning(_with_lists(agency, [crl]), agency.signer_key, agency.signer_certificate)
        assert (error.value.reason, error.value.path) == ("crl_not_from_package_ca", "$.package.revocation_lists[0]")
        assert "吊销列表不是由包内的 CA 签发的" in describe_error(error.value, "zh_CN")


def test_two_lists_of_one_ca_and_an_unreadable_list_are_refused(agency):
    crl = build_revocation_list(agency.ca_certificate, agency.ca_key, (), this_update=NOW)
    with pytest.raises(ProvisioningError) as error:
        sign_provisioning(_with_lists(agency, [crl, crl]), agency.signer_key, agency.signer_certificate)
    assert error.value.reason == "duplicate_crl"
    document = _with_lists(agency, [crl])
    document["revocation_lists"][0] = document["revocation_lists"][0].replace("A", "B", 5)
    with pytest.raises(ProvisioningError) as error:
        sign_provisioning(document, agency.signer_key, agency.signer_certificate)
    assert error.value.reason in ("bad_crl", "crl_not_from_package_ca")


def test_the_revocation_list_is_a_standard_crl_with_reasons(agency):
    entry = RevokedCertificate(4242, NOW, "privilege_withdrawn")
    crl = build_revocation_list(agency.ca_certificate, agency.ca_key, [entry], this_update=NOW)
    assert crl.is_signature_valid(agency.ca_certificate.public_key())
    revoked = crl.get_revoked_certificate_by_serial_number(4242)
    assert revoked.revocation_date_utc == NOW
    assert revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.privilege_withdrawn


def test_a_package_signed_by_a_revoked_provisioning_signer_is_refused(agency):
    agency.revoked.append(RevokedCertificate(agency.signer_certificate.serial_number, NOW - timedelta(days=1)))
    with pytest.raises(ProvisioningError) as error:
        agency.package()
    assert (error.value.reason, error.value.detail) == ("signer_rejected", "revoked")
