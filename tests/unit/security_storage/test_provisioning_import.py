# SPDX-License-Identifier: GPL-3.0-or-later
"""Importing an agency package (trust on first use, then pinned) and the demo agency, once and only once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import func, select

from assessment_app.messages import describe_error
from assessment_app.security.bech32 import age_recipient, parse_age_identity
from assessment_app.security.certificates import certificate_fingerprint
from assessment_app.security.provisioning import DEMO_EXPERTS, ProvisioningError
from assessment_app.services.accounts import login
from assessment_app.services.audit_log import STATION_CHAIN, chain_events, verify_stored_chain
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.demo_data import DEMO_ASSESSORS, generate_demo_cases
from assessment_app.services.provisioning_import import (
    DEMO_PASSPHRASES,
    ProvisioningImportError,
    ensure_demo_agency,
    import_provisioning,
    pinned_fingerprint,
)
from assessment_app.storage.models import Expert
from assessment_app.storage.security_models import Account, Agency, AuditRecord, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.security_storage.conftest import CHEAP, EXPERTS, NOW, SEED, administrator, make_agency

TABLES = (Agency, Account, Expert, SigningIdentity, AuditRecord)


def counts(records: CaseRecords) -> dict[str, int]:
    with unit_of_work(records.engine) as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in TABLES}


def experts(records: CaseRecords) -> dict[str, tuple]:
    with unit_of_work(records.engine) as session:
        return {e.expert_number: (e.name, e.role, e.active) for e in session.scalars(select(Expert))}


def refused(records, data, **options):
    before = counts(records)
    with pytest.raises((ProvisioningError, ProvisioningImportError)) as error:
        import_provisioning(records, data, now=NOW, **{"confirm_fingerprint": None, **options})
    assert counts(records) == before  # nothing changed
    return error.value


# --- a real agency's package ---------------------------------------------------------------------

def test_valid_package_is_imported_after_the_fingerprint_is_confirmed(records, agency):
    data = agency.package()
    result = import_provisioning(records, data, confirm_fingerprint=agency.fingerprint.upper(), now=NOW)
    assert (result.agency_code, result.demo, result.signer_ca_fingerprint) == ("PG-TEST", False, agency.fingerprint)
    assert result.experts_added == tuple(number for _, number, _ in EXPERTS) and result.certificates_stored == 2
    assert experts(records) == {number: (name, role, True) for name, number, role in EXPERTS}
    with unit_of_work(records.engine) as session:
        accounts = session.scalars(select(Account)).all()
        assert len(accounts) == 4 and all(a.passphrase_hash is None and a.must_change_passphrase for a in accounts)
        stored = session.scalars(select(SigningIdentity)).all()
        assert {s.fingerprint for s in stored} == set(map(certificate_fingerprint, agency.expert_certificates.values()))
        assert all(s.encrypted_private_key is None and not s.active for s in stored)
        pinned = session.get(Agency, 1)
        assert (pinned.name, pinned.signer_ca_fingerprint) == ("测试评估机构", agency.fingerprint)
        assert [r["purpose"] for r in json.loads(pinned.recipients_json)] == ["agency", "recovery"]
    anchored, event = chain_events(records, STATION_CHAIN)
    assert anchored.kind == "audit_anchored"
    assert event.kind == "provisioning_imported" and event.data["agency_code"] == "PG-TEST"
    assert pinned_fingerprint(records) == agency.fingerprint


def test_first_import_without_confirmation_shows_the_fingerprint_and_changes_nothing(records, agency):
    error = refused(records, agency.package())
    assert (error.reason, error.fingerprint) == ("fingerprint_not_confirmed", agency.fingerprint)
    assert agency.fingerprint[:4] in describe_error(error, "zh_CN")
    assert "nothing was changed" in describe_error(error, "en")
    assert refused(records, agency.package(), confirm_fingerprint="ab" * 32).reason == "fingerprint_mismatch"


def test_installer_pinned_fingerprint_needs_no_confirmation(records, agency):
    assert import_provisioning(records, agency.package(), trusted_fingerprints={agency.fingerprint},
                               confirm_fingerprint=None, now=NOW).agency_code == "PG-TEST"


def test_tampered_package_is_a_bad_signature_and_changes_nothing(records, agency):
    data = bytearray(agency.package())
    data[data.index(b'"PG-A-002"') + 8] ^= 0x01  # one flipped bit: expert number PG-A-002 becomes PG-A-003
    assert b'"PG-A-003"' in data
    error = refused(records, bytes(data), confirm_fingerprint=agency.fingerprint)
    assert (error.reason, error.path) == ("bad_signature", "$.signature.value")
    assert "未做任何更改" in describe_error(error, "zh_CN")


def test_malformed_package_names_the_path(records, agency):
    document = json.loads(agency.package())
    document["package"]["experts"][1]["role"] = "boss"
    error = refused(records, json.dumps(document).encode(), confirm_fingerprint=agency.fingerprint)
    assert (error.reason, error.path) == ("not_allowed", "$.package.experts[1].role")
    assert "$.package.experts[1].role" in describe_error(error, "zh_CN")
    assert refused(records, b"{not json", confirm_fingerprint=agency.fingerprint).reason == "not_json"


def test_later_packages_must_come_from_the_pinned_ca(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    impostor = make_agency(code="PG-TEST", label="impostor")
    error = refused(records, impostor.package(), confirm_fingerprint=impostor.fingerprint,
                    actor=administrator(records))
    assert error.reason == "untrusted_ca"


def test_package_of_another_agency_is_refused(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    other = make_agency("另一机构", "OTHER")
    error = refused(records, other.package(), confirm_fingerprint=other.fingerprint, actor=administrator(records))
    assert (error.reason, error.detail) == ("agency_already_provisioned", "PG-TEST")


def test_update_adds_refreshes_and_deactivates_and_the_same_file_twice_is_a_no_op(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    update = agency.package(EXPERTS[1:] + (("评估员周", "PG-A-003", "assessor"),), issued_at=NOW + timedelta(days=1))
    manager = administrator(records)
    result = import_provisioning(records, update, confirm_fingerprint=None, now=NOW + timedelta(days=1), actor=manager)
    assert (result.experts_added, result.experts_deactivated) == (("PG-A-003",), ("PG-A-001",))
    assert experts(records)["PG-A-001"][2] is False and experts(records)["PG-A-003"][2] is True
    before = counts(records)
    again = import_provisioning(records, update, confirm_fingerprint=None, now=NOW + timedelta(days=2), actor=manager)
    assert again.unchanged and counts(records) == before


# --- the demo agency ----------------------------------------------------------------------------

def test_demo_agency_is_created_once_and_only_once(records):
    first = ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    assert first.created and (first.agency_name, first.agency_code, first.demo) == ("演示机构", "DEMO", True)
    assert [(a.expert_number, a.passphrase) for a in first.accounts] == [
        ("DEMO-A-001", "demo-a-001"), ("DEMO-A-002", "demo-a-002"), ("DEMO-R-001", "demo-r-001"),
        ("DEMO-M-001", "demo-m-001")]
    after_first = counts(records)
    files = {path: path.read_bytes() for path in first.identity_files}
    second = ensure_demo_agency(records, NOW + timedelta(hours=1), bytes(reversed(SEED)), kdf_params=CHEAP)
    assert not second.created and second.accounts == first.accounts
    assert counts(records) == after_first
    assert {path: path.read_bytes() for path in second.identity_files} == files
    assert after_first == {"agencies": 1, "accounts": 4, "experts": 4, "signing_identities": 4, "audit_records": 6}


def test_demo_users_have_passphrases_and_active_signing_identities(records):
    ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    with unit_of_work(records.engine) as session:
        accounts = session.scalars(select(Account)).all()
        assert all(a.passphrase_hash and not a.must_change_passphrase for a in accounts)
        assert session.scalar(select(func.count()).select_from(SigningIdentity)
                              .where(SigningIdentity.active.is_(True))) == 4
    demo_administrator = login(records, "DEMO-M-001", "demo-m-001", NOW, kdf_params=CHEAP)
    assert verify_stored_chain(records, STATION_CHAIN, actor=demo_administrator).ok


def test_demo_agency_reuses_the_demo_assessors_of_the_demo_data(records):
    assert [number for _, number in DEMO_ASSESSORS] == [n for _, n, role in DEMO_EXPERTS if role == "assessor"]
    generate_demo_cases(records, 3, seed=1, today=NOW.date(), now=NOW, actor=sign_in(records, "DEMO-A-001"))
    made_by_demo_data = {number: identity for number, identity in experts(records).items()}
    assert set(made_by_demo_data) == {"DEMO-A-001", "DEMO-A-002"}
    ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    after = experts(records)
    assert set(after) == set(made_by_demo_data) | {"DEMO-R-001", "DEMO-M-001"}  # the two assessors are the same rows
    assert after["DEMO-A-001"] == ("演示评估员甲", "assessor", True)


def test_demo_identity_files_are_the_agency_and_recovery_keys(records):
    result = ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    with unit_of_work(records.engine) as session:
        recipients = {r["purpose"]: r["age_recipient"] for r in json.loads(session.get(Agency, 1).recipients_json)}
    for path, purpose in zip(result.identity_files, ("agency", "recovery")):
        assert path.parent == records.layout.root / "demo-agency" and (path.stat().st_mode & 0o077) == 0
        text = path.read_text(encoding="utf-8")
        assert "DEMO" in text and f"# public key: {recipients[purpose]}" in text
        secret = parse_age_identity(text.splitlines()[-1])
        public = X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
        assert age_recipient(public) == recipients[purpose]


def test_a_lost_demo_identity_file_is_written_again_from_the_stored_seed(records):
    first = ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    recovery = first.identity_files[1]
    original, before = recovery.read_bytes(), counts(records)
    recovery.unlink()
    again = ensure_demo_agency(records, NOW + timedelta(days=1), bytes(32), kdf_params=CHEAP)
    assert not again.created and recovery.read_bytes() == original and counts(records) == before


def test_no_demo_agency_on_a_workstation_that_belongs_to_a_real_agency(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    before = counts(records)
    result = ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    assert (result.created, result.demo, result.agency_code, result.accounts) == (False, False, "PG-TEST", ())
    assert counts(records) == before and not (records.layout.root / "demo-agency").exists()


def test_demo_passphrases_are_documented_ones():
    assert DEMO_PASSPHRASES == {"DEMO-A-001": "demo-a-001", "DEMO-A-002": "demo-a-002", "DEMO-R-001": "demo-r-001",
                                "DEMO-M-001": "demo-m-001"}
