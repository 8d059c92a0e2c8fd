# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess review …` as real subprocesses on a real encrypted data directory, each signed in as
the demo reviewer (or, for the decision file on the laptop, an assessor)."""

from __future__ import annotations

import json

import pytest

from assessment_app.services.case_records import initialise_case_records

from tests.unit.review.scenario import REVIEWER_NUMBER, REVIEWER_PASSPHRASE, demo_world, signed_visit
from tests.unit.test_cli_records import PASSPHRASE, cli


@pytest.fixture
def data_dir(tmp_path, memory_keyring):
    directory = tmp_path / "data"
    records = initialise_case_records(directory, PASSPHRASE, memory_keyring)
    try:
        world = demo_world(records)
        signed_visit(world, changes=5)
    finally:
        records.close()
    return directory


def test_queue_sample_decide_and_publicity(data_dir, tmp_path):
    queue = cli(data_dir, "review", "queue", "--flag", "many_changes", expert=REVIEWER_NUMBER)
    assert queue.returncode == 0, queue.stderr
    (row,) = json.loads(queue.stdout)
    assert row["review_status"] == "pending" and {flag["code"] for flag in row["flags"]} >= {"many_changes"}
    sample = cli(data_dir, "review", "sample", "--percent", "100", "--seed", "7", expert=REVIEWER_NUMBER)
    assert sample.returncode == 0 and json.loads(sample.stdout)["sample"] == [row["visit_id"]]
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-it\n")
    refused = cli(data_dir, "review", "decide", row["visit_id"], "--approve", "--expert", REVIEWER_NUMBER,
                  "--expert-passphrase-file", str(wrong))
    assert refused.returncode == 2 and "口令" in refused.stderr
    secret = tmp_path / "secret.txt"
    secret.write_text(REVIEWER_PASSPHRASE + "\n")
    # --reviewer and --reviewer-passphrase-file: the older names still work.
    decided = cli(data_dir, "review", "decide", row["visit_id"], "--return", "请补充第 3 项的录像说明",
                  "--reviewer", REVIEWER_NUMBER, "--reviewer-passphrase-file", str(secret), "--out", str(tmp_path))
    assert decided.returncode == 0, decided.stderr
    outcome = json.loads(decided.stdout)
    assert outcome["decision"] == "returned" and outcome["decision_file"].endswith(".decision.pdf")
    again = cli(data_dir, "review", "import-decision", outcome["decision_file"], expert="DEMO-A-001")
    assert again.returncode == 2 and "已导入" in again.stderr
    publicity = cli(data_dir, "review", "publicity", "--out", str(tmp_path / "list.csv"), expert=REVIEWER_NUMBER)
    assert publicity.returncode == 0 and json.loads(publicity.stdout)["entries"] == 0
    bad = cli(data_dir, "review", "publicity", "--out", str(tmp_path / "list.txt"), expert=REVIEWER_NUMBER)
    assert bad.returncode == 2 and ".csv" in bad.stderr
