# SPDX-License-Identifier: GPL-3.0-or-later
"""kill -9 in the middle of a visit, then the next start resumes it: a child process runs the real
main window through a visit and answers items one by one, printing each once it is committed;
the parent kills it with SIGKILL, reopens the records, and resumes through the main window's
offer. Every answer printed before the kill is there, the page stands on the first unanswered
item, and the recording goes on as chain 2 linked to chain 1 with a gap entry. The video lost to
the kill (kill time against the end of the last sealed segment) is measured and printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import chain_directories, read_chain
from assessment_app.recording.verify import verify_recording
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.services.experts import list_experts
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.visit_answers import current_answers
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.visit.visit_page import ITEMS

from tests.conftest import REPO_ROOT
from tests.gui.dialog_driver import drive_dialog, sign_in_step
from tests.gui.records_fixtures import (
    CHEAP_KDF, NOW, PASSPHRASE, intake_request, open_main_window, register, sign_in_as,
)
from tests.gui.visit_crash_child import SMALL_VIDEO

pytestmark = pytest.mark.gui
ANSWERS_BEFORE_KILL = 6
CHILD = REPO_ROOT / "tests" / "gui" / "visit_crash_child.py"


def _prepare(data_dir) -> str:
    records = initialise_case_records(data_dir, PASSPHRASE)
    try:
        ensure_demo_agency(records, NOW, b"\x09" * 32, kdf_params=CHEAP_KDF)
        people = {expert.expert_number: expert.expert_id for expert in list_experts(records)}
        return register(records, intake_request(expert_ids=(people["DEMO-A-001"], people["DEMO-A-002"])))
    finally:
        records.close()


def _run_and_kill(data_dir, case_id: str) -> tuple[str, list[str], float]:
    """The visit id, the items reported answered, and the wall time of the kill (ms)."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), case_id], cwd=REPO_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    visit_id, answered = None, []
    try:
        deadline = time.monotonic() + 90
        while len(answered) < ANSWERS_BEFORE_KILL:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the child ended early:\n{child.stderr.read()}")
            assert time.monotonic() < deadline, "the child answered too slowly"
            word, _, value = line.strip().partition(" ")
            if word == "VISIT":
                visit_id = value
            elif word == "ANSWERED":
                answered.append(value)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        killed_at_ms = time.time() * 1000
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return visit_id, answered, killed_at_ms


def test_kill_9_mid_visit_resumes_at_the_first_unanswered_item_with_nothing_lost(
        qtbot, tmp_path, form, ui_language, message_boxes):
    data_dir = tmp_path / "data"
    case_id = _prepare(data_dir)
    visit_id, answered, killed_at_ms = _run_and_kill(data_dir, case_id)
    assert visit_id is not None

    records = open_case_records(data_dir, PASSPHRASE)
    try:
        visit_directory = records.layout.recordings / visit_id
        first_chain = read_chain(chain_directories(visit_directory)[0])
        sealed_before = first_chain.segments()
        assert sealed_before, "no segment sealed before the kill"
        context = WorkContext(records, form, data_dir=records.layout.root, language="zh_CN", now=lambda: NOW)
        ui_language.switch("zh_CN")
        sign_in_as(context, "DEMO-A-001", "demo-a-001")  # after the crash, everyone signs in again
        stored = current_answers(records, visit_id, actor=context.session)
        assert set(answered) <= set(stored), f"answers lost: {set(answered) - set(stored)}"
        window = open_main_window(qtbot, context, ui_language, data_dir)
        page = window.visit
        page.recording_settings = SMALL_VIDEO
        page.recording_choice = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=True)
        drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "DEMO-A-002", "demo-a-002")])
        message_boxes.answer_next("resumeVisitYesButton")
        assert window.offer_interrupted_visit()
        try:
            assert window.stack.currentWidget() is page
            assert page.steps.currentIndex() == ITEMS
            first_unanswered = next(item.id for item in form.items if item.id not in stored)
            assert page.items_step.current_item_id == first_unanswered
            assert set(answered) <= set(page.answers)
            assert page.recording is not None
            qtbot.waitUntil(lambda: page.recording.status().segments_sealed >= 1, timeout=15000)
            window.grab().save(str(REPO_ROOT / "tests" / "artifacts" / "visit-resumed.png"))
        finally:
            page._stop_recording()

        chains = chain_directories(visit_directory)
        assert [directory.name for directory in chains] == ["chain-1", "chain-2"]
        second_chain = read_chain(chains[1])
        start = second_chain.entries[0]
        assert start["type"] == entries.CHAIN_START
        assert start["previous_chain"]["chain_id"] == first_chain.chain_id
        assert start["previous_chain"]["head_hash"] == first_chain.head_hash
        gaps = [entry for entry in second_chain.entries if entry["type"] == entries.GAP]
        assert len(gaps) == 1 and gaps[0]["cause"] == "crash"
        report = verify_recording(visit_directory, records.data_key)
        assert report.ok and report.decoded and report.chains == 2, report

        salvaged = [entry for entry in second_chain.segments() if entry.get("salvaged")]
        last_sealed_ms = sealed_before[-1]["end_wall_ms"]
        lost_unsalvaged = (killed_at_ms - last_sealed_ms) / 1000
        kept_ms = max([last_sealed_ms, *(entry["end_wall_ms"] for entry in salvaged)])
        lost = (killed_at_ms - kept_ms) / 1000
        print(f"\nkill -9 mid-visit after {len(answered)} answers: {len(sealed_before)} sealed segments of 1 s "
              f"intact; video lost {lost:.2f} s ({lost_unsalvaged:.2f} s after the last sealed segment, "
              f"{len(salvaged)} salvaged part(s)); gap entry {gaps[0]['duration_ms'] / 1000:.2f} s")
        assert lost_unsalvaged < 2 * SMALL_VIDEO.segment_ms / 1000 + 1.0
    finally:
        records.close()
