# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency` as an administrator runs it: JSON on stdout, exit 0 / 1 (verification failed) /
2 (bad input), messages in zh_CN or en, and a start-up that imports nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.agency.bundles import tampered
from tests.agency.harness import agency_command, write_config
from tests.conftest import REPO_ROOT

# A recovery key made offline with age-keygen: only its recipient reaches the server.
RECOVERY_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"


def _run(config, *arguments, lang="zh_CN"):
    result = subprocess.run(agency_command(config, "--lang", lang, *arguments), cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    document = json.loads(result.stdout) if result.stdout.strip() else None
    return result.returncode, document, result.stderr


def test_start_up_imports_no_server_modules():
    code = ("import sys; from assessment_app.agency import cli; cli.build_parser();"
            "heavy = {'sqlalchemy', 'starlette', 'uvicorn', 'psycopg', 'cryptography', 'alembic'};"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_no_command_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "assessment_app.agency.cli"], cwd=REPO_ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 2 and "usage" in result.stderr


@pytest.fixture
def fresh(pg_cluster, tmp_path):
    """A config naming an empty database (init migrates it)."""
    import secrets

    from assessment_app.agency.config import AgencyConfig

    name = f"t_{secrets.token_hex(6)}"
    url = pg_cluster.create_database(name)
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a long enough CA passphrase\n")
    config = write_config(AgencyConfig(database_url=url, store_path=tmp_path / "store"), tmp_path / "agency.toml")
    yield config, passphrase
    pg_cluster.drop_database(name)


def test_the_authority_from_the_command_line(fresh, tmp_path):
    from assessment_app.security.certificates import certificate_pem
    from assessment_app.security.provisioning import build_demo_provisioning
    from tests.unit.bundle.conftest import DEMO_SEED, NOW

    config, passphrase = fresh
    experts_ca = tmp_path / "experts-ca.pem"
    experts_ca.write_text(certificate_pem(build_demo_provisioning(NOW, DEMO_SEED).ca_certificate))
    code, _, error = _run(config, "init", "--name", "某市医疗保障局", "--code", "SZ", "--passphrase-file", str(passphrase))
    assert code == 2 and "加密接收方" in error  # no recipients: refused before anything is written
    identity = tmp_path / "agency-identity.txt"
    code, created, _ = _run(config, "init", "--name", "某市医疗保障局", "--code", "SZ", "--passphrase-file", str(passphrase),
                            "--trust-ca", str(experts_ca), "--agency-identity-out", str(identity),
                            "--recovery-recipient", RECOVERY_RECIPIENT)
    assert code == 0 and created["origin"] == "created" and len(created["ca_fingerprint"]) == 64
    assert identity.stat().st_mode & 0o777 == 0o600 and created["recipients"]["recovery"] == RECOVERY_RECIPIENT
    assert f"# public key: {created['recipients']['agency']}" in identity.read_text()
    code, _, error = _run(config, "init", "--name", "x", "--code", "y", "--passphrase-file", str(passphrase),
                          "--agency-identity", str(identity), "--recovery-recipient", RECOVERY_RECIPIENT)
    assert code == 2 and "已初始化" in error

    code, issued, _ = _run(config, "workstations", "add", "评估笔记本-07", "--out", str(tmp_path / "ws"),
                           "--passphrase-file", str(passphrase))
    assert code == 0 and (tmp_path / "ws" / "workstation-key.pem").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "ws" / "agency-ca.pem").read_text().count("BEGIN CERTIFICATE") == 2  # ours and the trusted one
    code, _, error = _run(config, "workstations", "add", "again", "--out", str(tmp_path / "ws"),
                          "--passphrase-file", str(passphrase), lang="en")
    assert code == 2 and "nothing was overwritten or issued" in error
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    code, _, error = _run(config, "server-certificate", "--host", "127.0.0.1", "--out", str(tmp_path / "srv"),
                          "--passphrase-file", str(wrong))
    assert code == 2 and "口令不正确" in error

    code, revoked, _ = _run(config, "revoke", "workstation", issued["workstation_id"], "--reason", "丢失")
    assert code == 0 and revoked["reason"] == "丢失"
    code, listed, _ = _run(config, "workstations", "list")
    assert [(row["name"], row["revoked_reason"]) for row in listed] == [("评估笔记本-07", "丢失")]
    code, audit, _ = _run(config, "audit", "verify")
    # initialised, a CA trusted, two recipients, one workstation issued and revoked; the refused
    # attempts left no trace
    assert code == 0 and audit == {"ok": True, "events": 6, "broken_at": None}


def test_import_worker_and_status_from_the_command_line(agency, demo_bundle, tmp_path):
    config = write_config(agency.config, tmp_path / "agency.toml")
    code, status, error = _run(config, "import", str(demo_bundle.directory))
    assert code == 0, error
    assert status["status"] == "uploaded" and status["source"] == "import"
    code, bad, _ = _run(config, "import", str(tampered(demo_bundle.directory, tmp_path / "t")))
    assert code == 0 and bad["status"] == "uploaded"
    code, worked, _ = _run(config, "worker", "--until-idle", "--name", "cli")
    assert code == 0 and worked == {"worker": "cli", "registered": 2}
    code, verified, _ = _run(config, "status", status["bundle"])
    assert code == 0 and verified["status"] == "verified" and verified["visit_id"] == demo_bundle.visit_id
    code, quarantined, _ = _run(config, "status", bad["bundle"])
    assert code == 1 and quarantined["reasons"][0]["reason"] == "age_payload_tampered"


def test_bad_input_is_explained_in_the_users_language(agency, tmp_path):
    config = write_config(agency.config, tmp_path / "agency.toml")
    code, _, error = _run(config, "import", str(tmp_path / "nothing-here"))
    assert code == 2 and "不是数据包目录" in error
    code, _, error = _run(config, "status", "0" * 64, lang="en")
    assert code == 2 and "no such bundle" in error
    code, _, error = _run(tmp_path / "missing.toml", "migrate", lang="en")
    assert code == 2 and "does not exist" in error
