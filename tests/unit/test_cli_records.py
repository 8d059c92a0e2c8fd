"""`ltc-assess cases|experts|backup|demo-data`: real subprocesses on a real encrypted data directory."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest

from assessment_app.domain.resident_id import Sex, make_resident_id
from tests.conftest import REPO_ROOT

PASSPHRASE = "cli-test-passphrase"
PERSON_ID = make_resident_id("370883", datetime.date(1941, 2, 3), 8, Sex.MALE)


def cli(data_dir, *args, passphrase=PASSPHRASE, stdin=None):
    env = {**os.environ, "LTC_ASSESS_LANG": "zh_CN"}
    env.pop("LTC_ASSESS_PASSPHRASE", None)
    if passphrase is not None:
        env["LTC_ASSESS_PASSPHRASE"] = passphrase
    command = [sys.executable, "-m", "assessment_app.cli", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, env=env,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    completed = cli(data_dir, "demo-data", "--cases", "40")
    assert completed.returncode == 0, completed.stderr
    return data_dir


def intake_document(**changes):
    document = {"name": "测试孔德明", "resident_id": PERSON_ID, "phone": "0537-5212345", "address": "山东省邹城市测试街8号",
                "insurance_type": "resident", "application_type": "initial",
                "expert_numbers": ["DEMO-A-001", "DEMO-A-002"], "materials_received": ["integrity_pledge"]}
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


def test_add_list_show_a_case(populated):
    added = cli(populated, "cases", "add", "--json", "-", stdin=intake_document())
    assert added.returncode == 0, added.stderr
    case_id = json.loads(added.stdout)["case_id"]
    listed = json.loads(cli(populated, "cases", "list", "--json", "--search", "测试孔德明").stdout)
    assert listed["total"] == 1 and listed["cases"][0]["case_id"] == case_id
    assert listed["cases"][0]["resident_id_masked"] == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    shown = json.loads(cli(populated, "cases", "show", case_id).stdout)
    assert shown["applicant_name"] == "测试孔德明" and PERSON_ID not in json.dumps(shown)
    assert [e["expert_number"] for e in shown["experts"]] == ["DEMO-A-001", "DEMO-A-002"]
    again = cli(populated, "cases", "add", "--json", "-", stdin=intake_document())
    assert again.returncode == 2 and case_id in again.stderr and "未结案件" in again.stderr


def test_bad_intake_names_every_field_and_exits_2(populated):
    completed = cli(populated, "cases", "add", "--json", "-",
                    stdin=intake_document(resident_id=PERSON_ID[:17] + ("1" if PERSON_ID[-1] == "0" else "0"),
                                          phone="12", planned_visit_date="2000-01-01"))
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert "居民身份证号：校验码不符" in completed.stderr and "联系电话" in completed.stderr and "计划评估日期" in completed.stderr


def test_wrong_or_missing_passphrase_exits_2_and_changes_nothing(populated):
    database = populated / "cases.db"
    before = database.read_bytes()
    wrong = cli(populated, "cases", "list", passphrase="not the passphrase")
    assert wrong.returncode == 2 and "口令不正确" in wrong.stderr
    missing = cli(populated, "cases", "list", passphrase=None)
    assert missing.returncode == 2 and "需要管理员口令" in missing.stderr
    assert database.read_bytes() == before


def test_backup_restore_and_a_truncated_backup(populated, tmp_path):
    backup = tmp_path / "all.backup"
    created = cli(populated, "backup", "create", str(backup))
    assert created.returncode == 0, created.stderr
    total = json.loads(cli(populated, "cases", "list", "--json").stdout)["total"]
    assert cli(populated, "demo-data", "--cases", "3", "--seed", "99").returncode == 0
    truncated = tmp_path / "cut.backup"
    truncated.write_bytes(backup.read_bytes()[:-100])
    failed = cli(populated, "backup", "restore", str(truncated))
    assert failed.returncode == 1 and "现有数据未被改动" in failed.stderr
    assert json.loads(cli(populated, "cases", "list", "--json").stdout)["total"] > total
    restored = cli(populated, "backup", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(cli(populated, "cases", "list", "--json").stdout)["total"] == total


def test_backup_with_passphrase_restores_on_another_computer(populated, tmp_path):
    secret = tmp_path / "backup-pass"
    secret.write_text("another-laptop-secret\n", encoding="utf-8")
    backup = tmp_path / "portable.backup"
    assert cli(populated, "backup", "create", str(backup), "--backup-passphrase-file", str(secret)).returncode == 0
    new_laptop = tmp_path / "new-laptop"
    restored = cli(new_laptop, "backup", "restore", str(backup), "--backup-passphrase-file", str(secret),
                   passphrase="new-laptop-admin-pass")
    assert restored.returncode == 0, restored.stderr
    original = json.loads(cli(populated, "cases", "list", "--json").stdout)["total"]
    # The restored directory carries the original key file: it opens with the original admin passphrase.
    assert json.loads(cli(new_laptop, "cases", "list", "--json").stdout)["total"] == original
