# SPDX-License-Identifier: GPL-3.0-or-later
"""Whom a bundle verification trusts: the agency's revocation list at the trusted time (the
verification or import), a signing time claimed after it, and where `bundle verify` takes its
CA from — the provisioned data directory or an explicit file, never a file it merely finds
beside the identity."""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backends import null

from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.manifest_signature import verify_manifest_signature
from assessment_app.bundle.report_trust import check_report_signers
from assessment_app.bundle.verification import verify_bundle
from assessment_app.cli import main
from assessment_app.reports.verify import verify_report
from assessment_app.security.certificates import certificate_fingerprint, certificate_pem
from assessment_app.security.trust import Revocation, TrustAnchors
from assessment_app.services import bundle_import
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.case_records import initialise_case_records
from assessment_app.services.provisioning_import import AGENCY_CA_FILE, DEMO_AGENCY_DIR, ensure_demo_agency

from tests.conftest import InMemoryKeyring
from tests.gui.records_fixtures import CHEAP_KDF
from tests.unit.bundle.conftest import DEMO_SEED, EXPORTED_AT, NOW, VERIFIED_AT, demo_records, demo_sign_in, demo_world, signed_visit
from tests.unit.bundle.tampering import members_of, repack

FORGED_SEED = b"\x09" * 32
REVIEWER_PASSPHRASE = "reviewer-administrator-passphrase"


@dataclass
class Forged:
    bundle: Path
    ca_pem: bytes


@pytest.fixture(scope="module")
def forged(exported, tmp_path_factory) -> Forged:
    """A complete, self-consistent bundle of another "agency" (its own CA, experts numbered as the
    real ones), re-encrypted to the real agency's public keys: what a forger can make."""
    directory = tmp_path_factory.mktemp("forger")
    records = initialise_case_records(directory / "data", None, InMemoryKeyring())
    try:
        ensure_demo_agency(records, NOW, FORGED_SEED, kdf_params=CHEAP_KDF)
        world = demo_world(records)
        visit_id = signed_visit(world)
        result = export_visit(records, visit_id, directory / "out", now=EXPORTED_AT,
                              signers=[(world.pair.first, "demo-a-001"), (world.pair.second, "demo-a-002")])
        agency_files = records.layout.root / DEMO_AGENCY_DIR
        members = members_of(result.bundle_dir, agency_files / "agency-identity.txt")
        bundle = repack(members, directory / "bundle-forged", exported.recipients)
        return Forged(bundle, (agency_files / AGENCY_CA_FILE).read_bytes())
    finally:
        records.close()


@pytest.fixture(scope="module")
def reviewer_dir(tmp_path_factory) -> Path:
    """A provisioned reviewer's data directory the CLI can open (data key under a passphrase)."""
    data = tmp_path_factory.mktemp("reviewer") / "data"
    records = initialise_case_records(data, REVIEWER_PASSPHRASE, null.Keyring())
    ensure_demo_agency(records, NOW, DEMO_SEED, kdf_params=CHEAP_KDF)
    records.close()
    return data


def _identity_beside(tmp_path: Path, exported, ca_pem: bytes) -> Path:
    folder = tmp_path / "keys"
    folder.mkdir()
    identity = folder / "agency-identity.txt"
    shutil.copyfile(exported.laptop.identity_file, identity)
    (folder / AGENCY_CA_FILE).write_bytes(ca_pem)
    return identity


def _genuine_ca_pem(exported) -> bytes:
    return "".join(certificate_pem(ca) for ca in exported.laptop.trusted_cas()).encode("ascii")


def _verify_cli(*arguments: str) -> int:
    return main(["--lang", "en", "bundle", "verify", *arguments])


# --- where the CA comes from ---------------------------------------------------------------------

def test_a_forged_ca_planted_beside_the_identity_is_not_trusted_by_default(forged, exported, tmp_path,
                                                                             monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))  # the default data directory: none yet
    identity = _identity_beside(tmp_path, exported, forged.ca_pem)
    code = _verify_cli(str(forged.bundle), "--identity", str(identity), "--json")
    captured = capsys.readouterr()
    assert code == 2 and "No trusted CA" in captured.err and captured.out == ""
    assert not (tmp_path / "home-data").exists()  # verifying creates no data directory


def test_the_provisioned_data_directory_refuses_the_forged_bundle(forged, exported, reviewer_dir, tmp_path,
                                                                   monkeypatch, capsys):
    monkeypatch.setenv("LTC_ASSESS_PASSPHRASE", REVIEWER_PASSPHRASE)
    identity = _identity_beside(tmp_path, exported, forged.ca_pem)
    code = _verify_cli(str(forged.bundle), "--identity", str(identity), "--data-dir", str(reviewer_dir), "--json")
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 1 and not report["ok"]
    signatures = next(check for check in report["checks"] if check["code"] == "signatures")
    assert signatures["reason"] == "cms_certificate_foreign_ca"
    assert AGENCY_CA_FILE not in captured.err


def test_the_provisioned_data_directory_accepts_the_genuine_bundle(exported, reviewer_dir, monkeypatch, capsys):
    monkeypatch.setenv("LTC_ASSESS_PASSPHRASE", REVIEWER_PASSPHRASE)
    code = _verify_cli(str(exported.bundle), "--identity", str(exported.laptop.identity_file),
                       "--data-dir", str(reviewer_dir), "--json")
    assert code == 0 and json.loads(capsys.readouterr().out)["ok"]


def test_the_ca_beside_the_identity_is_used_only_when_asked_and_its_fingerprint_is_printed(exported, tmp_path,
                                                                                          capsys):
    identity = _identity_beside(tmp_path, exported, _genuine_ca_pem(exported))
    code = _verify_cli(str(exported.bundle), "--identity", str(identity), "--ca-beside-identity")
    captured = capsys.readouterr()
    assert code == 0, captured.out
    fingerprint = certificate_fingerprint(exported.laptop.trusted_cas()[0])
    assert f"SHA-256 {fingerprint}" in captured.err and str(identity.parent / AGENCY_CA_FILE) in captured.err


def test_ca_and_ca_beside_identity_exclude_each_other(exported, tmp_path, capsys):
    identity = _identity_beside(tmp_path, exported, _genuine_ca_pem(exported))
    code = _verify_cli(str(exported.bundle), "--identity", str(identity), "--ca-beside-identity",
                       "--ca", str(identity.parent / AGENCY_CA_FILE))
    assert code == 2 and "exclude" in capsys.readouterr().err


# --- revocation and the trusted time -------------------------------------------------------------

def _signer_certificate(exported):
    members = members_of(exported.bundle, exported.laptop.identity_file)
    signers = verify_manifest_signature(members["manifest.json"], members["manifest.cms"], exported.laptop.anchors(),
                                        claimed=EXPORTED_AT, trusted=VERIFIED_AT)
    return signers[0]


def _revoking(exported, revoked_at: datetime.datetime) -> TrustAnchors:
    ca = exported.laptop.trusted_cas()[0]
    signer = _signer_certificate(exported)
    return TrustAnchors((ca,), (Revocation(certificate_fingerprint(ca), signer.certificate.serial_number, revoked_at,
                                           "key_compromise"),))


def test_a_signer_revoked_before_the_verification_is_refused_whatever_the_signing_time(exported):
    # Revoked after the bundle says it was signed, before it is verified: a stolen key signs with an old date.
    anchors = _revoking(exported, EXPORTED_AT + datetime.timedelta(minutes=10))
    report = verify_bundle(exported.bundle, exported.laptop.identity_file, anchors, now=VERIFIED_AT)
    assert (report.first_failure.code, report.first_failure.reason) == ("signatures", "cms_certificate_revoked")


def test_a_revocation_after_the_trusted_time_does_not_void_the_bundle(exported):
    anchors = _revoking(exported, VERIFIED_AT + datetime.timedelta(days=1))
    report = verify_bundle(exported.bundle, exported.laptop.identity_file, anchors, now=VERIFIED_AT)
    assert report.ok, report.first_failure


def test_a_signing_time_after_the_trusted_time_is_refused(exported):
    report = verify_bundle(exported.bundle, exported.laptop.identity_file, exported.laptop.anchors(),
                           now=EXPORTED_AT - datetime.timedelta(minutes=30))
    assert (report.first_failure.code, report.first_failure.reason) == (
        "signatures", "cms_certificate_claimed_after_trusted_time")


def test_the_report_signers_are_judged_by_the_same_anchors(exported):
    pdf = members_of(exported.bundle, exported.laptop.identity_file)["report.pdf"]
    statuses = verify_report(pdf, exported.laptop.trusted_cas())
    check_report_signers(pdf, statuses, exported.laptop.anchors(), trusted=VERIFIED_AT)  # accepted
    with pytest.raises(BundleError) as refused:
        check_report_signers(pdf, statuses, _revoking(exported, EXPORTED_AT), trusted=VERIFIED_AT)
    assert refused.value.reason == "report_certificate_revoked"


def test_an_import_judges_revocation_at_the_import_time(exported, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_import, "workstation_trust_anchors",
                        lambda records: _revoking(exported, EXPORTED_AT + datetime.timedelta(minutes=10)))
    reviewer = demo_records(tmp_path / "reviewer")
    try:
        result = bundle_import.import_bundle(reviewer, exported.bundle, exported.laptop.identity_file,
                                             now=VERIFIED_AT, actor=demo_sign_in(reviewer, "DEMO-R-001"))
        assert result.status == "quarantined"
        assert result.report.first_failure.reason == "cms_certificate_revoked"
        assert list(reviewer.layout.recordings.iterdir()) == []
    finally:
        reviewer.close()
