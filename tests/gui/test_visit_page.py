# SPDX-License-Identifier: GPL-3.0-or-later
"""A complete visit driven through the real screens: both experts, declarations, identity with
photos, informant, consent signature, every item (one answer changed with a reason), a pause of
the recording, dual-entry reconciliation, and signing — then the record is locked with a signed
report and a recording chain that verifies. Screens are saved under tests/artifacts/ for people
to look at (not compared pixel by pixel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton

from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.verify import verify_recording
from assessment_app.reports.verify import verify_report
from assessment_app.services.agency_settings import store_setting
from assessment_app.services.experts import list_experts
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.signing_identities import agency_ca_certificates
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.services.visit_report import stored_report
from assessment_app.services.visit_settings import DUAL_ENTRY
from assessment_app.storage.models import Case, Visit
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.ui.visit.visit_page import CONSENT, ENDED, FINISH, IDENTITY, ITEMS, RECONCILE
from sqlalchemy import select

from tests.gui.dialog_driver import drive_dialog, sign_in_step
from tests.gui.records_fixtures import (
    CHEAP_KDF, NOW, clerk, intake_request, open_main_window, register, sign_in_as,
)

pytestmark = pytest.mark.gui
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=1024 * 1024)


@pytest.fixture
def demo_people(records):
    ensure_demo_agency(records, NOW, b"\x09" * 32, kdf_params=CHEAP_KDF)
    return {expert.expert_number: expert.expert_id for expert in list_experts(records)}


@pytest.fixture
def visit_window(qtbot, context, data_dir, ui_language, demo_people, message_boxes):
    sign_in_as(context, "DEMO-A-001", "demo-a-001")
    window = open_main_window(qtbot, context, ui_language, data_dir)
    window.visit.recording_settings = SMALL_VIDEO
    window.visit.recording_choice = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=True)
    yield window
    window.visit._stop_recording()


def _save(widget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    widget.window().grab().save(str(ARTIFACTS / f"visit-{name}.png"))


def _click(qtbot, widget, name: str, kind=QPushButton) -> None:
    target = widget.findChild(kind, name)
    assert target is not None, name
    assert target.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def _reason_step(qtbot, text: str, choice: str | None = None):
    def step(dialog):
        if choice is not None:
            dialog.findChild(QRadioButton, f"reason:{choice}").click()
        dialog.findChild(QPlainTextEdit, "reasonText").setPlainText(text)
        dialog.findChild(QPushButton, "confirmReasonButton").click()
    return step


def _begin(qtbot, window, demo_people) -> str:
    case_id = register(window.context.records, intake_request(
        expert_ids=(demo_people["DEMO-A-001"], demo_people["DEMO-A-002"])))
    window.open_case(case_id)
    page = window.visit
    _click(qtbot, window.case_detail, "visitButton")
    assert window.stack.currentWidget() is page
    drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "DEMO-A-002", "demo-a-002")])
    _click(qtbot, page.start_step, "secondExpertButton")
    for name in ("firstDeclaration", "secondDeclaration"):
        page.start_step.findChild(QCheckBox, name).setChecked(True)
    _save(page, "1-start")
    _click(qtbot, page.start_step, "startVisitButton")
    assert page.steps.currentIndex() == IDENTITY

    identity = page.identity_step
    for name in ("camera:id_card", "camera:face"):
        _click(qtbot, identity, name)
    identity.matches.setChecked(True)
    identity.informant_name.setText("测试王小明")
    identity.informant_phone.setText("13912345678")
    _save(page, "2-identity")
    _click(qtbot, identity, "identityContinueButton")
    assert page.steps.currentIndex() == CONSENT, identity.problem.text()

    page.consent_step.pad.canvas.draw_stroke([(20, 60), (80, 20), (140, 90), (220, 30), (300, 80)])
    _save(page, "3-consent")
    _click(qtbot, page.consent_step, "consentButton")
    assert page.steps.currentIndex() == ITEMS
    assert page.recording is not None
    qtbot.waitUntil(lambda: page.recording.status().segments_sealed >= 1, timeout=15000)
    return case_id


def _answer_every_item_by_keys(qtbot, page, option_position: int = -1) -> None:
    step = page.items_step
    for item in page.context.form.items:
        step.show_item(item.id)
        key = str(len(item.options) if option_position == -1 else option_position)
        qtbot.keyClick(step, key)
        assert step.answers.get(item.id) is not None, item.id


def _sign(qtbot, page) -> None:
    finish = page.finish_step
    finish.conclusion.setPlainText("经评估，申请人各项能力完好。")
    for pad in (*finish.expert_pads, finish.informant_pad):
        pad.canvas.draw_stroke([(10, 50), (60, 15), (120, 70), (200, 20), (260, 60)])
    finish.findChild(QLineEdit, "expertSigningPassphrase:0").setText("demo-a-001")
    finish.findChild(QLineEdit, "expertSigningPassphrase:1").setText("demo-a-002")
    _save(page, "6-finish")
    _click(qtbot, finish, "signAndLockButton")


def test_a_complete_visit_ends_in_a_signed_locked_record(qtbot, visit_window, demo_people, records):
    window, page = visit_window, visit_window.visit
    case_id = _begin(qtbot, window, demo_people)

    _answer_every_item_by_keys(qtbot, page)
    _save(page, "4-items")
    # Change an earlier answer: asks for a reason, then stores old -> new.
    page.items_step.show_item("adl.eating")
    drive_dialog(qtbot, "reasonDialog", [_reason_step(qtbot, "家属补充：夹菜需要帮助")])
    qtbot.keyClick(page.items_step, "2")
    assert page.answers["adl.eating"] == "5"

    drive_dialog(qtbot, "reasonDialog", [_reason_step(qtbot, "", choice="privacy_bathing")])
    _click(qtbot, page.recording_panel, "pauseRecordingButton")
    assert page.recording.status().state == "paused"
    assert page.recording_panel.badge.isVisible()
    _save(page, "5-paused")
    _click(qtbot, page.recording_panel, "pauseRecordingButton")
    assert page.recording.status().state == "recording"

    _click(qtbot, page.items_step, "toFinishButton")
    assert page.steps.currentIndex() == FINISH
    assert "重度失能" not in page.finish_step.result_panel.grade_label.text()
    # The draft report is shown from memory: no file appears in the data directory (the running
    # recording's own folder aside).
    def files() -> list:
        return sorted(path for path in records.layout.root.rglob("*") if records.layout.recordings not in path.parents)

    files_before = files()
    page.show_preview = lambda dialog: None
    draft = page.preview_draft()
    assert draft is not None and draft.page_count >= 1 and files() == files_before
    _sign(qtbot, page)
    assert page.steps.currentIndex() == ENDED, page.finish_step.problem.text()
    _save(page, "7-ended")

    with unit_of_work(records.engine) as session:
        assert session.get(Case, case_id).status == "signed"
        visit = session.scalars(select(Visit).where(Visit.case_id == case_id, Visit.status == "signed")).one()
        trusted = agency_ca_certificates(session.get(Agency, 1))
    statuses = verify_report(stored_report(records, visit.id, actor=window.context.session), trusted)
    assert len(statuses) == 2 and all(status.intact and status.valid for status in statuses)
    video = verify_recording(records.layout.recordings / visit.id, records.data_key)
    assert video.ok and video.decoded and video.events >= 2, video
    assert page.recording is None and not page.recording_panel.badge.isVisible()


def test_dual_entry_lists_the_differences_and_needs_a_reason(qtbot, visit_window, demo_people, records):
    store_setting(records, DUAL_ENTRY, True, actor=clerk(records), now=NOW)
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)
    _answer_every_item_by_keys(qtbot, page)
    _click(qtbot, page.items_step, "toFinishButton")  # hand over: the message box is answered by the fixture
    assert page.entering_expert == 1
    assert page.answers == {}, "the second expert must not see the first expert's ratings"
    _answer_every_item_by_keys(qtbot, page)
    page.items_step.show_item("adl.eating")
    drive_dialog(qtbot, "reasonDialog", [_reason_step(qtbot, "重新观察进食")])  # own change: a reason too
    qtbot.keyClick(page.items_step, "1")  # expert 2 rates this item differently
    _click(qtbot, page.items_step, "toFinishButton")
    assert page.steps.currentIndex() == RECONCILE, page.step_label.text()
    _save(page, "dual-reconcile")
    step = page.reconcile_step
    assert "16" in step.summary.text() and "17" in step.summary.text()
    assert not step.continue_button.isEnabled()
    step.findChild(QLineEdit, "agreedReason:adl.eating").setText("再次观察：可自行进食")
    _click(qtbot, step, "resolve:adl.eating")
    assert step.continue_button.isEnabled()
    _click(qtbot, step, "reconcileContinueButton")
    assert page.steps.currentIndex() == FINISH
    _sign(qtbot, page)
    assert page.steps.currentIndex() == ENDED, page.finish_step.problem.text()


def test_the_same_expert_cannot_be_the_second(qtbot, visit_window, demo_people, message_boxes):
    window, page = visit_window, visit_window.visit
    case_id = register(window.context.records, intake_request(expert_ids=(demo_people["DEMO-A-001"],)))
    window.open_case(case_id)
    _click(qtbot, window.case_detail, "visitButton")
    drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "DEMO-A-001", "demo-a-001")])
    _click(qtbot, page.start_step, "secondExpertButton")
    assert page.second is None
    assert not page.start_step.start_button.isEnabled()
