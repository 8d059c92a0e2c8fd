# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess cases|experts|backup|demo-data`: real subprocesses on a real encrypted data directory of
the demo agency, each command signed in as an expert (`--expert`, the passphrase from the
environment): the data key alone is no role."""

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


ASSESSOR, ADMINISTRATOR, REVIEWER = "DEMO-A-001", "DEMO-M-001", "DEMO-R-001"


def cli(data_dir, *args, passphrase=PASSPHRASE, stdin=None, expert=None, expert_passphrase=None):
    """`expert`: sign in as this demo expert (their public passphrase, unless `expert_passphrase`)."""
    env = {**os.environ, "LTC_ASSESS_LANG": "zh_CN"}
    env.pop("LTC_ASSESS_PASSPHRASE", None)
    env.pop("LTC_ASSESS_EXPERT_PASSPHRASE", None)
    if passphrase is not None:
        env["LTC_ASSESS_PASSPHRASE"] = passphrase
    command = [sys.executable, "-m", "assessment_app.cli", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    if expert is not None:
        command += ["--expert", expert]
        env["LTC_ASSESS_EXPERT_PASSPHRASE"] = expert_passphrase or expert.lower()
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, env=env,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    demo_workstation(data_dir)
    completed = cli(data_dir, "demo-data", "--cases", "40", expert=ADMINISTRATOR)
    assert completed.returncode == 0, completed.stderr
    return data_dir


def demo_workstation(data_dir) -> None:
    """What `ltc-assess provision demo` makes, with cheap hashing (the CLI's own test covers the command)."""
    from assessment_app.services.case_records import initialise_case_records
    from assessment_app.services.provisioning_import import ensure_demo_agency
    from tests.actors import CHEAP_KDF

    with initialise_case_records(data_dir, PASSPHRASE) as records:
        ensure_demo_agency(records, datetime.datetime.now(datetime.timezone.utc), bytes(32), kdf_params=CHEAP_KDF)


def intake_document(**changes):
    document = {"name": "测试孔德明", "resident_id": PERSON_ID, "phone": "0537-5212345", "address": "山东省邹城市测试街8号",
                "insurance_type": "resident", "application_type": "initial",
                "expert_numbers": ["DEMO-A-001", "DEMO-A-002"], "materials_received": ["integrity_pledge"]}
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


def test_add_list_show_a_case(populated):
    added = cli(populated, "cases", "add", "--json", "-", stdin=intake_document(), expert=ASSESSOR)
    assert added.returncode == 0, added.stderr
    case_id = json.loads(added.stdout)["case_id"]
    listed = json.loads(cli(populated, "cases", "list", "--json", "--search", "测试孔德明", expert=REVIEWER).stdout)
    assert listed["total"] == 1 and listed["cases"][0]["case_id"] == case_id
    assert listed["cases"][0]["resident_id_masked"] == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    shown = json.loads(cli(populated, "cases", "show", case_id, expert=ASSESSOR).stdout)
    assert shown["applicant_name"] == "测试孔德明" and PERSON_ID not in json.dumps(shown)
    assert [e["expert_number"] for e in shown["experts"]] == ["DEMO-A-001", "DEMO-A-002"]
    again = cli(populated, "cases", "add", "--json", "-", stdin=intake_document(), expert=ASSESSOR)
    assert again.returncode == 2 and case_id in again.stderr and "未结案件" in again.stderr


def test_bad_intake_names_every_field_and_exits_2(populated):
    completed = cli(populated, "cases", "add", "--json", "-",
                    stdin=intake_document(resident_id=PERSON_ID[:17] + ("1" if PERSON_ID[-1] == "0" else "0"),
                                          phone="12", planned_visit_date="2000-01-01"), expert=ASSESSOR)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert "居民身份证号：校验码不符" in completed.stderr and "联系电话" in completed.stderr and "计划评估日期" in completed.stderr


def test_wrong_or_missing_passphrase_exits_2_and_changes_nothing(populated):
    database = populated / "cases.db"
    before = database.read_bytes()
    wrong = cli(populated, "cases", "list", passphrase="not the passphrase", expert=ASSESSOR)
    assert wrong.returncode == 2 and "口令不正确" in wrong.stderr
    missing = cli(populated, "cases", "list", passphrase=None, expert=ASSESSOR)
    assert missing.returncode == 2 and "需要管理员口令" in missing.stderr
    assert database.read_bytes() == before


def test_backup_restore_and_a_truncated_backup(populated, tmp_path):
    backup = tmp_path / "all.backup"
    created = cli(populated, "backup", "create", str(backup), expert=ADMINISTRATOR)
    assert created.returncode == 0, created.stderr
    total = json.loads(cli(populated, "cases", "list", "--json", expert=ASSESSOR).stdout)["total"]
    assert cli(populated, "demo-data", "--cases", "3", "--seed", "99", expert=ASSESSOR).returncode == 0
    truncated = tmp_path / "cut.backup"
    truncated.write_bytes(backup.read_bytes()[:-100])
    failed = cli(populated, "backup", "restore", str(truncated), expert=ADMINISTRATOR)
    assert failed.returncode == 1 and "现有数据未被改动" in failed.stderr
    assert json.loads(cli(populated, "cases", "list", "--json", expert=ASSESSOR).stdout)["total"] > total
    restored = cli(populated, "backup", "restore", str(backup), expert=ADMINISTRATOR)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(cli(populated, "cases", "list", "--json", expert=ASSESSOR).stdout)["total"] == total


def test_backup_with_passphrase_restores_on_another_computer(populated, tmp_path):
    secret = tmp_path / "backup-pass"
    secret.write_text("another-laptop-secret\n", encoding="utf-8")
    backup = tmp_path / "portable.backup"
    assert cli(populated, "backup", "create", str(backup), "--backup-passphrase-file", str(secret),
               expert=ADMINISTRATOR).returncode == 0
    new_laptop = tmp_path / "new-laptop"
    # A new laptop has no agency and so nobody to sign in: the backup's passphrase is the authority.
    restored = cli(new_laptop, "backup", "restore", str(backup), "--backup-passphrase-file", str(secret),
                   passphrase="new-laptop-admin-pass")
    assert restored.returncode == 0, restored.stderr
    original = json.loads(cli(populated, "cases", "list", "--json", expert=ASSESSOR).stdout)["total"]
    # The restored directory carries the original key file: it opens with the original admin passphrase.
    assert json.loads(cli(new_laptop, "cases", "list", "--json", expert=ASSESSOR).stdout)["total"] == original


# --- who acts: the data key opens the records, only a signed-in expert acts on them -------------

@pytest.fixture
def run(capsys, monkeypatch):
    """`ltc-assess ARGS --data-dir DIR` in this process (a subprocess per call would cost seconds);
    `expert`: sign in as this demo expert with the passphrase from the environment variable."""
    from assessment_app.cli import main

    monkeypatch.setenv("LTC_ASSESS_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("LTC_ASSESS_EXPERT_PASSPHRASE", raising=False)

    def run(data_dir, *args, expert=None, expert_passphrase=None):
        if expert is not None:
            monkeypatch.setenv("LTC_ASSESS_EXPERT_PASSPHRASE", expert_passphrase or expert.lower())
            args = (*args, "--expert", expert)
        capsys.readouterr()
        status = main(["--lang", "zh_CN", *args, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        monkeypatch.delenv("LTC_ASSESS_EXPERT_PASSPHRASE", raising=False)
        return status, captured.out, captured.err
    return run


def test_reading_cases_needs_a_signed_in_expert_not_only_the_data_key(populated, run):
    status, out, err = run(populated, "cases", "list", "--json")
    assert status == 2 and out == "" and "--expert" in err and "数据密钥" in err
    status, _, err = run(populated, "cases", "list", "--json", expert=ASSESSOR, expert_passphrase="not-the-one")
    assert status == 2 and "口令不正确" in err
    status, out, _ = run(populated, "cases", "list", "--json", expert=ASSESSOR)
    assert status == 0 and json.loads(out)["total"] >= 40


def test_experts_add_makes_a_local_assessor_for_a_signed_in_administrator_only(populated, run):
    def numbers() -> set[str]:
        return {expert["expert_number"] for expert in json.loads(run(populated, "experts", "list")[1])}

    add = ("experts", "add", "--name", "本地评估员", "--number")
    status, _, err = run(populated, *add, "LOCAL-M-1", "--role", "administrator", expert=ADMINISTRATOR)
    assert status == 2 and "只能由机构的配置包设立" in err and "Traceback" not in err
    status, _, err = run(populated, *add, "LOCAL-A-1", "--role", "assessor")
    assert status == 2 and "--expert" in err
    status, _, err = run(populated, *add, "LOCAL-A-1", "--role", "assessor", expert=ASSESSOR)
    assert status == 2 and err.strip() == "评估员无权管理人员账户，未做任何更改。"
    assert not {"LOCAL-M-1", "LOCAL-A-1"} & numbers()
    status, _, err = run(populated, *add, "LOCAL-A-1", "--role", "assessor", expert=ADMINISTRATOR)
    assert status == 0, err
    assert "LOCAL-A-1" in numbers()
    from assessment_app.services.audit_log import STATION_CHAIN, chain_events
    from assessment_app.services.case_records import open_case_records

    with open_case_records(populated, PASSPHRASE) as records:
        events = chain_events(records, STATION_CHAIN)
    added = [event for event in events if event.kind == "expert_added"]
    assert [(event.actors, event.data["expert_number"]) for event in added] == [((ADMINISTRATOR,), "LOCAL-A-1")]
    denied = [event for event in events if event.kind == "permission_denied"]
    assert [(event.actors, event.data["permission"]) for event in denied][-1] == ((ASSESSOR,), "manage_experts")
