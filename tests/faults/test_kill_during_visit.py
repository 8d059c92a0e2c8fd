# SPDX-License-Identifier: GPL-3.0-or-later
"""kill -9 at a random moment of a recorded visit, then resume: no answer lost, the recording
continues as a linked chain, and the video lost is measured from the segment timestamps."""

from __future__ import annotations

import datetime
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessment_app.recording.chain import chain_directories, last_wall_ms, read_chain
from assessment_app.recording.verify import verify_recording
from assessment_app.services import visit_answers
from assessment_app.services.accounts import login, start_pair
from assessment_app.services.case_records import open_case_records
from assessment_app.services.demo_visit import _synthetic_person, open_demo_workstation
from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE, DEMO_ASSESSORS
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES
from assessment_app.services.visit_recording import RecordingChoice, open_visit_recording, stop_visit_recording
from assessment_app.services.visit_session import interrupted_visits, resume_visit
from keyring.backends import null

from forms import default_registry

from tests.faults.conftest import trials
from tests.faults.visit_child import SMALL

REPO = Path(__file__).resolve().parents[2]
INTERVAL_S = 0.25


def _now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """One demo workstation, copied per trial (setting it up costs Argon2 hashing)."""
    directory = tmp_path_factory.mktemp("template") / "workstation"
    open_demo_workstation(directory, _now()).close()
    return directory


def _run_child(data_dir: Path, case_id: str, rng: random.Random) -> tuple[list[tuple[str, int]], str, int]:
    child = subprocess.Popen([sys.executable, "-m", "tests.faults.visit_child", str(data_dir), case_id, str(INTERVAL_S)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "PYTHONHASHSEED": "0"})
    answered: list[tuple[str, int]] = []
    visit_id = ""
    kill_after = rng.uniform(0.3, 4.0)  # seconds after recording began
    began = None
    try:
        while True:
            line = child.stdout.readline()
            if not line:
                raise AssertionError("the visit child ended before it was killed")
            word, *rest = line.split()
            if word == "VISIT":
                visit_id, began = rest[0], time.monotonic()
                break
        os.set_blocking(child.stdout.fileno(), False)
        while time.monotonic() - began < kill_after:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        killed_wall_ms = int(time.time() * 1000)
        child.wait()
        os.set_blocking(child.stdout.fileno(), True)
        for line in child.stdout.read().splitlines():
            word, *rest = line.split()
            if word == "ANSWERED":
                answered.append((rest[0], int(rest[1])))
    finally:
        if child.poll() is None:
            child.kill()
    return answered, visit_id, killed_wall_ms


def test_kill_minus_9_during_a_recorded_visit_then_resume(prepared, tmp_path, record_outcome):
    rng = random.Random(20261126)
    for trial in range(trials(2, 25)):
        data_dir = tmp_path / f"trial-{trial}"
        subprocess.run(["cp", "-a", str(prepared), str(data_dir)], check=True)
        records = open_case_records(data_dir, DEMO_ADMIN_PASSPHRASE, null.Keyring())
        clerk = login(records, "DEMO-M-001", DEMO_PASSPHRASES["DEMO-M-001"], _now())
        case_id = register_case(records, _synthetic_person(_now()), _now().date(), _now(), actor=clerk).case_id
        records.close()

        answered, visit_id, killed_wall_ms = _run_child(data_dir, case_id, rng)

        records = open_case_records(data_dir, DEMO_ADMIN_PASSPHRASE, null.Keyring())
        try:
            # After the crash both experts sign in again: no sign-in outlives its process.
            pair = start_pair(*(login(records, number, DEMO_PASSPHRASES[number], _now()) for number in DEMO_ASSESSORS))
            stored = visit_answers.current_answers(records, visit_id, actor=pair.first)
            lost_answers = [item for item, _ in answered if item not in stored]
            assert lost_answers == [], f"trial {trial}: answers lost after kill -9: {lost_answers}"
            visit_directory = records.layout.recordings / visit_id
            first_chain = read_chain(chain_directories(visit_directory)[-1])
            sealed_until = last_wall_ms(first_chain.entries)
            lost_video_s = max(0, killed_wall_ms - sealed_until) / 1000
            assert verify_recording(visit_directory, records.data_key).ok

            assert [visit.visit_id for visit in interrupted_visits(records, actor=pair.first)] == [visit_id]
            resumed = resume_visit(records, visit_id, pair, now=_now(), monotonic_ns=time.monotonic_ns())
            assert resumed.answers == stored
            form_order = [item.id for item in default_registry().get("cn-ltc-2021").items]
            assert resumed.progress.current_item_id == next((item for item in form_order if item not in stored), None)
            session = open_visit_recording(records, visit_id, choice=RecordingChoice(None, False, False),
                                           actor=pair.first, now=_now(), settings=SMALL)
            time.sleep(1.5)
            stop_visit_recording(records, visit_id, session, actor=pair.first, now=_now())
            report = verify_recording(visit_directory, records.data_key)
            assert report.ok and report.chains == 2, report
            record_outcome("kill -9 during a recorded visit, then resume", trial, answers_confirmed=len(answered),
                           answers_lost=len(lost_answers), lost_video_s=round(lost_video_s, 3),
                           resumed_chain_linked=report.chains == 2, segment_s=SMALL.segment_ms / 1000)
        finally:
            records.close()
