# SPDX-License-Identifier: GPL-3.0-or-later
"""A laptop enrols with a real (non-demo) agency, both sides through their real code paths: the
laptop's request, the agency's certificate and package, the laptop's `provision import`; then the
agency revokes an expert and the laptop follows the next package, and refuses the old one."""

from __future__ import annotations

import datetime
import json
import secrets

import pytest
from cryptography import x509

from assessment_app.agency import cli as agency_cli
from assessment_app.agency.database import open_engine, transaction
from assessment_app.agency.experts import revoke_expert
from assessment_app.cli import main as laptop_main
from assessment_app.security.certificates import CertificateRejected, load_pem_certificate
from assessment_app.services.accounts import AccountError, find_expert_id, login, set_passphrase
from assessment_app.services.case_records import initialise_case_records
from assessment_app.services.provisioning_import import ProvisioningImportError, import_provisioning
from assessment_app.services.signing_identities import import_pkcs12
from assessment_app.services.trust_anchors import workstation_trust_anchors
from assessment_app.services.workstation_identity import request_workstation_certificate, workstation_connection

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE
from tests.agency.harness import write_config
from tests.agency.test_authority import P12_PASSWORD, RealAgency
from tests.agency.test_cli import RECOVERY_RECIPIENT
from tests.conftest import InMemoryKeyring

LAPTOP_PASSPHRASE = "laptop-data-passphrase"


@pytest.fixture
def fresh_config(pg_cluster, tmp_path):
    from assessment_app.agency.config import AgencyConfig

    name = f"t_{secrets.token_hex(6)}"
    url = pg_cluster.create_database(name)
    yield write_config(AgencyConfig(database_url=url, store_path=tmp_path / "store"), tmp_path / "agency.toml")
    pg_cluster.drop_database(name)


def _secret(tmp_path, name, value):
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def both(capsys, monkeypatch, fresh_config, tmp_path):
    """(agency, laptop): each runs its command line in this process, returns (status, JSON or None, stderr)."""
    monkeypatch.setenv("LTC_ASSESS_PASSPHRASE", LAPTOP_PASSPHRASE)
    ca_file = _secret(tmp_path, "ca-passphrase", CA_PASSPHRASE)

    def outcome(status):
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return status, json.loads(captured.out) if captured.out.strip() else None, captured.err

    def agency(*args):
        capsys.readouterr()
        needs_passphrase = args[:2] in (("experts", "add"), ("workstations", "add"), ("provision", "build")) \
            or args[0] == "init"
        extra = ("--passphrase-file", ca_file) if needs_passphrase else ()
        return outcome(agency_cli.main(["--config", str(fresh_config), "--lang", "zh_CN", *args, *extra]))

    def laptop(*args):
        capsys.readouterr()
        return outcome(laptop_main(["--lang", "zh_CN", *args, "--data-dir", str(tmp_path / "laptop")]))
    return agency, laptop


def test_a_laptop_enrols_and_follows_the_agency_through_both_command_lines(both, tmp_path, monkeypatch):
    agency, laptop = both
    status, init, _ = agency("init", "--name", "某市医疗保障局", "--code", "SZ-LTC", "--agency-identity-out",
                             str(tmp_path / "agency-identity.txt"), "--recovery-recipient", RECOVERY_RECIPIENT)
    assert status == 0
    p12_password = _secret(tmp_path, "p12", P12_PASSWORD)
    status, administrator, stderr = agency("experts", "add", "--name", "王管理", "--number", "SZ-M-001",
                                           "--qualification", "系统管理员", "--role", "administrator",
                                           "--out", str(tmp_path / "issued"), "--p12-password-file", p12_password)
    assert status == 0 and "只在本次输出中出现" in stderr and administrator["enrolment_code"] not in stderr
    status, assessor, _ = agency("experts", "add", "--name", "李评估", "--number", "SZ-A-001", "--qualification",
                                 "评估师（二级）", "--role", "assessor", "--out", str(tmp_path / "issued"),
                                 "--p12-password-file", p12_password)
    assert status == 0 and (tmp_path / "issued" / "SZ-A-001.p12").stat().st_mode & 0o777 == 0o600

    # The laptop makes its key and request; the agency signs the request and builds its package.
    status, request, _ = laptop("workstation", "request", "--name", "评估笔记本-07", "--out", str(tmp_path / "ws.csr"))
    assert status == 0
    status, workstation, _ = agency("workstations", "add", "评估笔记本-07", "--csr", str(tmp_path / "ws.csr"))
    assert status == 0
    certificate = load_pem_certificate(workstation["certificate_pem"])
    assert certificate.public_key() == x509.load_pem_x509_csr((tmp_path / "ws.csr").read_bytes()).public_key()
    package_1 = tmp_path / "ws07-1.ltc-provisioning.json"
    status, built, _ = agency("provision", "build", "--workstation", workstation["workstation_id"], "--out",
                              str(package_1), "--server-url", "https://agency.example:8443")
    assert status == 0 and built["sequence"] == 1 and built["experts"] == 2

    status, _, stderr = laptop("provision", "import", str(package_1))
    assert status == 2 and init["ca_fingerprint"] in stderr  # shown, to be compared on paper or by phone
    status, imported, _ = laptop("provision", "import", str(package_1), "--confirm-fingerprint", init["ca_fingerprint"])
    assert status == 0 and sorted(imported["experts_added"]) == ["SZ-A-001", "SZ-M-001"]
    assert imported["enrolment_codes"] == 2
    status, shown, _ = laptop("workstation", "show")
    assert shown == {"configured": True, "workstation_id": workstation["workstation_id"], "name": "评估笔记本-07",
                     "server_url": "https://agency.example:8443"}

    # The administrator claims the account with the code the agency printed once.
    code_file = _secret(tmp_path, "code", administrator["enrolment_code"])
    new_passphrase = _secret(tmp_path, "admin-passphrase", "Agency-Admin-2026")
    status, _, _ = laptop("accounts", "set-passphrase", "--expert", "SZ-M-001", "--enrolment-code-file", code_file,
                          "--new-passphrase-file", new_passphrase)
    assert status == 0

    # The agency revokes the assessor; the next package (sequence 2) carries the revocation list.
    status, _, _ = agency("revoke", "expert", "SZ-A-001", "--reason", "离职", "--crl-reason", "affiliation_changed")
    assert status == 0
    package_2 = tmp_path / "ws07-2.ltc-provisioning.json"
    status, built_2, _ = agency("provision", "build", "--workstation", workstation["workstation_id"], "--out",
                                str(package_2), "--server-url", "https://agency.example:8443")
    assert built_2["sequence"] == 2 and built_2["revocations"] == 1 and built_2["experts"] == 1
    monkeypatch.setenv("LTC_ASSESS_EXPERT_PASSPHRASE", "Agency-Admin-2026")
    status, second, _ = laptop("provision", "import", str(package_2), "--expert", "SZ-M-001")
    assert status == 0 and second["sequence"] == 2 and second["revocations"] == 1
    assert second["experts_deactivated"] == ["SZ-A-001"]
    # The older package again: refused, with both numbers, and nothing changes.
    status, _, stderr = laptop("provision", "import", str(package_1), "--expert", "SZ-M-001")
    assert status == 2 and "本机已有第 2 号配置包" in stderr and "更早的第 1 号" in stderr
    status, shown_after, _ = laptop("workstation", "show")
    assert shown_after == shown
    status, listed, _ = agency("experts", "list")
    assert [(row["expert_number"], row["disabled_reason"], row["certificate"] is None) for row in listed] == [
        ("SZ-A-001", "离职", True), ("SZ-M-001", None, False)]  # the revoked certificate is listed no more
    status, again, _ = agency("experts", "enrolment-code", "SZ-M-001")
    assert status == 0 and again["enrolment_code"] != administrator["enrolment_code"]
    status, _, stderr = agency("experts", "disable", "SZ-X-404", "--reason", "x")
    assert status == 2 and "没有评估人员编号 SZ-X-404" in stderr
    status, audit, _ = agency("audit", "verify")
    assert audit["ok"]


def test_a_revoked_expert_cannot_sign_in_after_the_next_package_and_an_old_one_brings_nothing_back(database_url,
                                                                                                    tmp_path):
    engine = open_engine(database_url, pool_size=2, max_overflow=2)
    authority = RealAgency(engine)
    records = initialise_case_records(tmp_path / "laptop", None, InMemoryKeyring())
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    try:
        request = request_workstation_certificate(records, "评估笔记本-08", now)
        workstation = authority.workstation("评估笔记本-08", csr=x509.load_pem_x509_csr(request.csr_pem.encode()))
        administrator, assessor = authority.expert("SZ-M-001", "administrator", at=now), authority.expert("SZ-A-001", at=now)
        first = authority.package(workstation.subject_id, at=now)
        import_provisioning(records, first.data, confirm_fingerprint=authority.ca.fingerprint, now=now)
        assert workstation_connection(records).workstation_id == workstation.subject_id
        sessions = {}
        for added, passphrase in ((administrator, "Admin-Passphrase-1"), (assessor, "Assessor-Passphrase-1")):
            expert_id = find_expert_id(records, added.expert_number)
            set_passphrase(records, expert_id, passphrase, enrolment_code=added.enrolment_code, now=now,
                           kdf_params=CHEAP_KDF)
            sessions[added.expert_number] = login(records, added.expert_number, passphrase, now, kdf_params=CHEAP_KDF)
        import_pkcs12(records, sessions["SZ-A-001"], assessor.pkcs12, P12_PASSWORD, "Assessor-Passphrase-1", now,
                      kdf_params=CHEAP_KDF)

        later = now + datetime.timedelta(minutes=5)
        with transaction(engine) as session:
            revoke_expert(session, "SZ-A-001", reason="私钥泄露", now=later, crl_reason="key_compromise")
        second = authority.package(workstation.subject_id, at=later)
        result = import_provisioning(records, second.data, confirm_fingerprint=None, now=later,
                                     actor=sessions["SZ-M-001"])
        assert result.identities_revoked == ("SZ-A-001",) and result.experts_deactivated == ("SZ-A-001",)
        with pytest.raises(AccountError):
            login(records, "SZ-A-001", "Assessor-Passphrase-1", later, kdf_params=CHEAP_KDF)
        # Every certificate check on the laptop now refuses the assessor's certificate.
        with pytest.raises(CertificateRejected) as rejected:
            workstation_trust_anchors(records).validate(assessor.certificate, claimed=later, trusted=later)
        assert rejected.value.reason == "revoked"
        # The first package again (it still lists the assessor, without the revocation): refused.
        with pytest.raises(ProvisioningImportError) as refused:
            import_provisioning(records, first.data, confirm_fingerprint=None, now=later,
                                actor=sessions["SZ-M-001"])
        assert (refused.value.reason, refused.value.held, refused.value.given) == ("package_older", 2, 1)
        with pytest.raises(AccountError):
            login(records, "SZ-A-001", "Assessor-Passphrase-1", later, kdf_params=CHEAP_KDF)
    finally:
        records.close()
        engine.dispose()
