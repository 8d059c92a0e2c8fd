# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess provision|accounts|identity|audit` on real encrypted data directories.

The exit codes of `audit verify` and the demo provisioning run as real subprocesses; the other
commands run through the same `main()` in this process, because each subprocess pays the
application's full start-up (about 1.5 s) and the suite must stay fast.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from assessment_app.cli import main
from assessment_app.security.audit_chain import AuditChain, write_jsonl

from tests.conftest import REPO_ROOT
from tests.unit.security_storage.conftest import NOW, make_agency, pkcs12_file

ADMIN_PASSPHRASE = "cli-admin-passphrase"
AS_ADMINISTRATOR = ("--expert", "DEMO-M-001")  # with LTC_ASSESS_EXPERT_PASSPHRASE from the `run` fixture


def cli(data_dir, *args, language="zh_CN"):
    env = {**os.environ, "LTC_ASSESS_LANG": language, "LTC_ASSESS_PASSPHRASE": ADMIN_PASSPHRASE,
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    command = [sys.executable, "-m", "assessment_app.cli", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def run(capsys, monkeypatch):
    """`ltc-assess ARGS --data-dir DIR` in this process: (exit status, stdout, stderr)."""
    monkeypatch.setenv("LTC_ASSESS_PASSPHRASE", ADMIN_PASSPHRASE)
    monkeypatch.setenv("LTC_ASSESS_EXPERT_PASSPHRASE", "demo-m-001")  # the demo administrator's, public

    def run(data_dir, *args, language="zh_CN"):
        capsys.readouterr()
        status = main(["--lang", language, *args, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return status, captured.out, captured.err
    return run


def secret_file(tmp_path, name: str, secret: str):
    path = tmp_path / name
    path.write_text(secret + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cli-demo") / "data"
    created = cli(data_dir, "provision", "demo")
    assert created.returncode == 0, created.stderr
    return data_dir, json.loads(created.stdout)


@pytest.fixture(scope="module")
def audit_file(tmp_path_factory):
    chain = AuditChain()
    events = [chain.append("answer_given", wall_time=NOW + timedelta(seconds=n), actors=["DEMO-A-001", "DEMO-A-002"],
                           visit_id="visit-1", monotonic_ms=n * 1000, data={"item": f"adl_{n}", "new": str(n)})
              for n in range(6)]
    stream = io.BytesIO()
    write_jsonl(events, stream)
    return stream.getvalue().splitlines(keepends=True), chain.head


def test_provision_demo_prints_the_marked_demo_accounts_once(demo_dir, run):
    data_dir, document = demo_dir
    assert document["created"] is True and document["agency_name"] == "演示机构" and document["demo"] is True
    assert "DEMO" in document["notice"] and "演示" in document["notice"]
    assert [(a["expert_number"], a["passphrase"]) for a in document["accounts"]] == [
        ("DEMO-A-001", "demo-a-001"), ("DEMO-A-002", "demo-a-002"), ("DEMO-R-001", "demo-r-001"),
        ("DEMO-M-001", "demo-m-001")]
    status, out, err = run(data_dir, "provision", "demo")
    assert status == 0 and json.loads(out)["created"] is False, err
    status, out, err = run(data_dir, "audit", "verify", "--chain", "station", *AS_ADMINISTRATOR)
    assert status == 0, err
    # Anchoring started, the import and four identities, not twice; then the administrator's sign-in to verify.
    assert json.loads(out)["count"] == 7


def test_audit_verify_of_an_unknown_visit_is_a_usage_error(demo_dir, run):
    status, _, err = run(demo_dir[0], "audit", "verify", "--visit", "no-such-visit", *AS_ADMINISTRATOR)
    assert status == 2 and "no-such-visit" in err


def test_audit_verify_file_exit_codes(audit_file, tmp_path):
    lines, head = audit_file
    intact = tmp_path / "intact.jsonl"
    intact.write_bytes(b"".join(lines))
    ok = cli(None, "audit", "verify", str(intact), "--head", f"{head.count}:{head.hash}")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True and json.loads(ok.stdout)["count"] == 6
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(b"".join(lines[:4] + [lines[4].replace(b'"new":"4"', b'"new":"9"')] + lines[5:]))
    failed = cli(None, "audit", "verify", str(tampered))
    assert failed.returncode == 1 and "序号 5" in failed.stderr and "Traceback" not in failed.stderr
    assert json.loads(failed.stdout) | {"detail": None} == {
        "ok": False, "chain": None, "count": 4, "head": json.loads(lines[3])["hash"], "reason": "hash_mismatch",
        "broken_at": 5, "detail": None, "events_after_head": 0}
    assert cli(None, "audit", "verify", str(tmp_path / "missing.jsonl")).returncode == 2


def test_audit_verify_file_against_a_signed_head(audit_file, run, tmp_path):
    lines, head = audit_file
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_bytes(b"".join(lines[:3]))
    status, _, err = run(tmp_path, "audit", "verify", str(truncated), "--head", f"{head.count}:{head.hash}",
                         language="en")
    assert status == 1 and "sequence 4" in err and "truncated" in err
    assert run(tmp_path, "audit", "verify", str(truncated), "--head", "six:abc")[0] == 2


def test_set_passphrase_with_files_and_a_wrong_old_one(demo_dir, run, tmp_path):
    data_dir, _ = demo_dir
    new = secret_file(tmp_path, "new", "换一个口令-2026")
    change = ("accounts", "set-passphrase", "--expert", "DEMO-A-002", "--new-passphrase-file", new)
    status, _, err = run(data_dir, *change, "--old-passphrase-file", secret_file(tmp_path, "wrong", "not-it"))
    assert status == 2 and "还可尝试 4 次" in err
    status, _, err = run(data_dir, *change, "--old-passphrase-file", secret_file(tmp_path, "old", "demo-a-002"))
    assert status == 0, err
    status, _, err = run(data_dir, *change)
    assert status == 2 and "--old-passphrase-file" in err


def test_provision_import_then_first_passphrase_then_pkcs12(run, tmp_path):
    agency = make_agency()
    package = tmp_path / "agency.ltc-provisioning.json"
    # The command runs on the real clock: the codes must still be valid then.
    in_two_weeks = datetime.now(timezone.utc) + timedelta(days=14)
    package.write_bytes(agency.package(with_certificates=False, enrolment_expires=in_two_weeks))
    data_dir = tmp_path / "data"
    status, _, err = run(data_dir, "provision", "import", str(package))
    assert status == 2 and agency.fingerprint in err
    assert " ".join(agency.fingerprint[i:i + 4] for i in range(0, 64, 4)) in err
    status, out, err = run(data_dir, "provision", "import", str(package), "--confirm-fingerprint", agency.fingerprint)
    assert status == 0, err
    assert json.loads(out)["experts_added"] == ["PG-A-001", "PG-A-002", "PG-R-001", "PG-M-001"]
    personal = secret_file(tmp_path, "personal", "长护险-评估-2026")
    status, _, err = run(data_dir, "accounts", "set-passphrase", "--expert", "PG-A-001",
                         "--new-passphrase-file", personal)
    assert status == 2 and "--enrolment-code-file" in err  # no code, no terminal: nothing set
    typed = agency.enrolment_code("PG-A-001").lower().replace("-", " ")  # as a person might type it
    status, _, err = run(data_dir, "accounts", "set-passphrase", "--expert", "PG-A-001",
                         "--new-passphrase-file", personal,
                         "--enrolment-code-file", secret_file(tmp_path, "code", typed))
    assert status == 0, err
    key, certificate = agency.issue("评估员赵", "PG-A-001")
    p12 = tmp_path / "zhao.p12"
    p12.write_bytes(pkcs12_file(key, certificate, "p12-pass"))
    status, _, err = run(data_dir, "identity", "import-p12", "--expert", "PG-A-001", str(p12),
                         "--p12-password-file", secret_file(tmp_path, "p12-wrong", "nope"),
                         "--expert-passphrase-file", personal)
    assert status == 2 and "PKCS#12 文件的密码不正确" in err
    status, out, err = run(data_dir, "identity", "import-p12", "--expert", "PG-A-001", str(p12),
                           "--p12-password-file", secret_file(tmp_path, "p12", "p12-pass"),
                           "--expert-passphrase-file", personal)
    assert status == 0, err
    assert json.loads(out)["serial_number"] == format(certificate.serial_number, "x")
    status, _, err = run(data_dir, "identity", "import-p12", "--expert", "PG-X-404", str(p12), "--p12-password-file",
                         secret_file(tmp_path, "p12", "p12-pass"), "--expert-passphrase-file", personal)
    assert status == 2 and "没有该评估人员编号" in err


def test_an_assessor_added_here_gets_a_code_printed_once_and_enrols_with_it(demo_dir, run, tmp_path):
    data_dir, _ = demo_dir
    status, out, err = run(data_dir, "experts", "add", "--name", "新评估员", "--number", "LOCAL-A-009",
                           *AS_ADMINISTRATOR)
    assert status == 0, err
    added = json.loads(out)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", added["enrolment_code"])
    personal = secret_file(tmp_path, "personal", "Local-Assessor-2026")
    change = ("accounts", "set-passphrase", "--expert", "LOCAL-A-009", "--new-passphrase-file", personal)
    status, _, err = run(data_dir, *change, "--enrolment-code-file", secret_file(tmp_path, "guess", "ABCD-EFGH-JKMN-PQRS"))
    assert status == 2 and "注册码不正确，还可尝试 4 次" in err
    status, _, err = run(data_dir, *change, "--enrolment-code-file", secret_file(tmp_path, "code", added["enrolment_code"]))
    assert status == 0, err
    status, _, err = run(data_dir, "experts", "enrolment-code", "--number", "LOCAL-A-009", *AS_ADMINISTRATOR)
    assert status == 2 and "注册码已用过" in err
    status, _, err = run(data_dir, "experts", "enrolment-code", "--number", "DEMO-R-001",  # the agency's
                         *AS_ADMINISTRATOR)
    assert status == 2 and "只能由机构签发" in err
