# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole product as its users go through it, on the real screens (issue #11, point 2): the
expert takes in a case, both experts carry out and sign the visit, the bundle is exported through
the export dialog; at the agency — a second workstation with its own data directory, provisioned
with the same demo agency — the reviewer imports and verifies the bundle, watches the moment an
item was assessed and approves. Screens at 1366×768 are saved as tests/artifacts/walkthrough-*.png
for people to look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit

from assessment_app.services.case_records import initialise_case_records
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.storage.models import Case, Review, Visit
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.ui.cases.bundle_export_dialog import BundleExportDialog
from assessment_app.ui.review.bundle_import_dialog import BundleImportDialog
from assessment_app.ui.review.review_decision_dialog import ReviewDecisionDialog
from assessment_app.ui.shell.main_window import REVIEW
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.visit.visit_page import ENDED, FINISH
from sqlalchemy import select

from tests.gui.dialog_driver import drive_dialog, sign_in_step
from tests.gui.records_fixtures import CHEAP_KDF, NOW, PASSPHRASE, VALID_ID, open_main_window, sign_in_as
from tests.gui.test_intake_page import IntakeDriver
from tests.gui.test_visit_page import SMALL_VIDEO, _answer_every_item_by_keys, _click, _sign

pytestmark = pytest.mark.gui
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# The same seed on both workstations: the same demo CA, expert certificates and age keys, as if
# the agency had provisioned the laptop and its own review workstation.
AGENCY_SEED = b"\x0b" * 32
PART_SIZE_MIB = 1


def _save(window, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"walkthrough-{name}.png"))


def _modal(kind):
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind), dialog
    return dialog


def _intake(qtbot, window) -> str:
    intake = IntakeDriver(window, qtbot)
    intake.type("name", "王秀英")
    intake.type("resident_id", VALID_ID)
    intake.type("phone", "138 0000 1234")
    intake.type("address", "北京市朝阳区测试路1号")
    intake.choose("field:insurance_type", "城镇职工基本医疗保险")
    intake.choose("field:application_type", "首次评估")
    intake.type("task_number", "RW-2025-0042")
    intake.choose("assessor1", "演示评估员甲（DEMO-A-001）")
    intake.choose("assessor2", "演示评估员乙（DEMO-A-002）")
    _save(window, "1-intake")
    intake.save()
    assert window.stack.currentWidget() is window.case_detail
    return window.case_detail.detail.case_id


def _visit(qtbot, window) -> None:
    page = window.visit
    _click(qtbot, window.case_detail, "visitButton")
    drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "DEMO-A-002", "demo-a-002")])
    _click(qtbot, page.start_step, "secondExpertButton")
    for name in ("firstDeclaration", "secondDeclaration"):
        page.start_step.findChild(QCheckBox, name).setChecked(True)
    _save(window, "2-visit-start")
    _click(qtbot, page.start_step, "startVisitButton")
    identity = page.identity_step
    for name in ("camera:id_card", "camera:face"):
        _click(qtbot, identity, name)
    identity.matches.setChecked(True)
    identity.informant_name.setText("测试王小明")
    identity.informant_phone.setText("13912345678")
    _click(qtbot, identity, "identityContinueButton")
    page.consent_step.pad.canvas.draw_stroke([(20, 60), (80, 20), (140, 90), (220, 30), (300, 80)])
    _click(qtbot, page.consent_step, "consentButton")
    qtbot.waitUntil(lambda: page.recording.status().segments_sealed >= 1, timeout=15000)
    _answer_every_item_by_keys(qtbot, page)
    qtbot.wait(1200)  # a second more of recording, so the last answers lie inside a sealed segment
    _save(window, "3-visit-items")
    _click(qtbot, page.items_step, "toFinishButton")
    assert page.steps.currentIndex() == FINISH
    _sign(qtbot, page)
    assert page.steps.currentIndex() == ENDED, page.finish_step.problem.text()
    assert page.export_button.isVisible()
    _save(window, "4-visit-signed")


def _export(qtbot, window, out_dir: Path) -> Path:
    _click(qtbot, window.visit, "visitExportButton")
    dialog = _modal(BundleExportDialog)
    assert [signer.expert_number for signer in dialog.signers] == ["DEMO-A-001", "DEMO-A-002"]
    assert "演示评估员甲" in dialog.passphrase_labels[0].text()
    dialog.folder.setText(str(out_dir))
    dialog.part_size.setValue(PART_SIZE_MIB)
    dialog.findChild(QLineEdit, "exportPassphrase:0").setText("demo-a-001")
    dialog.findChild(QLineEdit, "exportPassphrase:1").setText("wrong-passphrase")
    _click(qtbot, dialog, "exportStartButton")
    qtbot.waitUntil(lambda: not dialog.running and dialog.problem.isVisible(), timeout=30000)
    assert "口令" in dialog.problem.text() or "passphrase" in dialog.problem.text().lower(), dialog.problem.text()
    assert list(out_dir.iterdir()) == [], "a refused export leaves nothing behind"

    dialog.findChild(QLineEdit, "exportPassphrase:0").setText("demo-a-001")
    dialog.findChild(QLineEdit, "exportPassphrase:1").setText("demo-a-002")
    _click(qtbot, dialog, "exportStartButton")
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.problem.isVisible(), timeout=60000)
    assert dialog.result is not None, dialog.problem.text()
    result = dialog.result
    assert dialog.progress.value() == dialog.progress.maximum() and "MB" in dialog.progress_text.text()
    assert str(result.bundle_dir) in dialog.outcome.text() and str(result.parts) in dialog.outcome.text()
    index = json.loads((result.bundle_dir / "index.json").read_text(encoding="utf-8"))
    assert len(index["parts"]) == result.parts >= 1
    assert all(part["size"] <= PART_SIZE_MIB * 1024 * 1024 for part in index["parts"])
    dialog.grab().save(str(ARTIFACTS / "walkthrough-5-export-dialog.png"))
    _click(qtbot, dialog, "exportCancelButton")  # now labelled Close
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    return result.bundle_dir


def _review_workstation(qtbot, form, ui_language, tmp_path):
    records = initialise_case_records(tmp_path / "agency-data", PASSPHRASE)
    ensure_demo_agency(records, NOW, AGENCY_SEED, kdf_params=CHEAP_KDF)
    context = WorkContext(records, form, data_dir=records.layout.root, language="zh_CN", now=lambda: NOW)
    sign_in_as(context, "DEMO-R-001", "demo-r-001")
    return records, open_main_window(qtbot, context, ui_language, tmp_path / "agency-data")


def test_intake_visit_sign_export_import_watch_and_approve(qtbot, records, context, data_dir, form, ui_language,
                                                           message_boxes, monkeypatch, tmp_path):
    ensure_demo_agency(records, NOW, AGENCY_SEED, kdf_params=CHEAP_KDF)
    sign_in_as(context, "DEMO-A-001", "demo-a-001")
    laptop = open_main_window(qtbot, context, ui_language, data_dir)
    laptop.visit.recording_settings = SMALL_VIDEO
    laptop.visit.recording_choice = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=True)

    case_id = _intake(qtbot, laptop)
    _visit(qtbot, laptop)
    out_dir = tmp_path / "usb-stick"
    out_dir.mkdir()
    bundle = _export(qtbot, laptop, out_dir)
    _click(qtbot, laptop.visit, "leaveVisitButton")
    assert laptop.stack.currentWidget() is laptop.case_detail
    with unit_of_work(records.engine) as session:
        assert session.get(Case, case_id).status == "exported"
    assert laptop.case_detail.export_button.isEnabled()  # a lost stick: the bundle can be written again
    _save(laptop, "6-case-exported")
    drive_dialog(qtbot, "loginDialog", [lambda dialog: dialog.reject()])
    laptop.sign_out()  # the expert leaves; nobody signs in on the laptop, so it closes
    assert not laptop.isVisible()

    agency_records, station = _review_workstation(qtbot, form, ui_language, tmp_path)
    try:
        _review(qtbot, station, agency_records, bundle, monkeypatch)
    finally:
        station.close()
        agency_records.close()


def _review(qtbot, station, records, bundle: Path, monkeypatch) -> None:
    assert not station.navigation.isRowHidden(REVIEW)
    station.navigation.setCurrentRow(REVIEW)
    page = station.review
    assert page.rows == []
    _click(qtbot, page, "reviewImportBundle")
    dialog = _modal(BundleImportDialog)
    identity = records.layout.root / "demo-agency" / "agency-identity.txt"
    assert dialog.identity.text() == str(identity)
    dialog.bundle.setText(str(bundle))
    _click(qtbot, dialog, "importStartButton")
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.result is not None and dialog.result.status == "imported", dialog.status.text()
    assert dialog.report.rowCount() == len(dialog.result.report.checks) == 12
    assert {dialog.report.item(row, 1).text() for row in range(dialog.report.rowCount())} == {dialog.tr("passed")}
    assert dialog.open_button.isVisible()
    station.grab().save(str(ARTIFACTS / "walkthrough-7-import-window.png"))
    dialog.grab().save(str(ARTIFACTS / "walkthrough-7-import-report.png"))
    assert len(page.rows) == 1  # the queue was refreshed behind the dialog
    visit_id = dialog.result.visit_id
    _click(qtbot, dialog, "importOpenRecord")
    assert page.stack.currentWidget() is page.record_view

    with unit_of_work(records.engine) as session:
        assert session.get(Visit, visit_id).status in ("signed", "exported")
    view = page.record_view
    player = view.player
    assert player.reader is not None and player.chapter_list.count() == len(station.context.form.items)
    line = next(line for line in reversed(view.view.answers) if line.video_offset_ms)
    row = next(index for index in range(player.chapter_list.count())
               if player.chapter_list.item(index).data(Qt.ItemDataRole.UserRole) == line.video_offset_ms)
    rect = player.chapter_list.visualItemRect(player.chapter_list.item(row))
    qtbot.mouseClick(player.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert player.position_ms == line.video_offset_ms
    assert player.frame_shown and not player.current_pixmap().isNull()
    _save(station, "8-record-video")

    def approve(decision_dialog: ReviewDecisionDialog) -> int:
        decision_dialog.passphrase_edit.setText("demo-r-001")
        return 1

    monkeypatch.setattr(ReviewDecisionDialog, "exec", approve)
    assert view.take_decision("approve")
    with unit_of_work(records.engine) as session:
        assert session.scalar(select(Review.decision).where(Review.visit_id == visit_id)) == "approved"
    _click(qtbot, view, "reviewBack")
    assert page.stack.currentWidget() is page.queue_view
    assert [row.review_status for row in page.rows] == ["approved"]
    _save(station, "9-queue-approved")
