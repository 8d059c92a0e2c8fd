# SPDX-License-Identifier: GPL-3.0-or-later
"""The case page: scans imported and viewed, the camera (synthetic here, and saying so), the 纠偏
banner, the ID number shown to the signed-in expert for 30 seconds if assigned (refused if not),
the self-assessment against the experts, and the versions of a corrected record side by side."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QPushButton, QRadioButton

from assessment_app.recording.still_capture import synthetic_still
from assessment_app.services.audit_log import STATION_CHAIN, export_chain
from assessment_app.services.case_files import read_attachment
from assessment_app.services.self_assessment import compare_with_experts
from assessment_app.ui.cases.record_history_view import CHANGED_ROLE, META_ROWS
from assessment_app.ui.cases.self_assessment_view import DIFFERS_ROLE
from assessment_app.ui.widgets.attachment_viewer import PhotoPreviewDialog
from assessment_app.ui.widgets.reveal_dialog import REVEAL_SECONDS
from tests.actors import add_person
from tests.gui.records_fixtures import (
    NOW, OTHER_ID, VALID_ID, clerk, give_passphrase, intake_request, register, sign_in_as, signed_visit,
    signed_visit_with_correction, write_png,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def case_id(records, assessors) -> str:
    return register(records, intake_request(VALID_ID, expert_ids=assessors))


@pytest.fixture
def detail(main_window, case_id):
    main_window.open_case(case_id)
    return main_window.case_detail


def test_an_imported_scan_marks_the_material_received_and_can_be_viewed(detail, tmp_path, monkeypatch, records):
    scan = write_png(tmp_path / "出院小结.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(scan), ""))
    assert not detail.findChild(QCheckBox, "received:discharge_summary").isChecked()
    attachment_id = detail.materials.import_scan("discharge_summary")
    assert attachment_id is not None
    assert detail.findChild(QCheckBox, "received:discharge_summary").isChecked()
    assert detail.findChild(QLabel, "scanName:discharge_summary").text() == "出院小结.png"
    view_button = detail.findChild(QPushButton, "viewScan:discharge_summary")
    assert view_button.isEnabled()
    dialog = detail.materials.view_scan("discharge_summary")
    image = dialog.findChild(QLabel, "attachmentImage")
    assert image is not None and image.pixmap().size().width() == 64
    dialog.close()
    assert read_attachment(records, attachment_id, actor=detail.context.session)[0] == scan.read_bytes()


def test_a_file_of_another_type_is_refused_with_the_reason(detail, tmp_path, monkeypatch, message_boxes):
    document = tmp_path / "notes.docx"
    document.write_bytes(b"not a scan")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(document), ""))
    assert detail.materials.import_scan("discharge_summary") is None
    assert "文件类型不支持（.docx）" in message_boxes.texts("errorDialog")[0]
    assert not detail.findChild(QCheckBox, "received:discharge_summary").isChecked()


def test_a_photo_from_the_synthetic_camera_is_announced_as_such_and_stored(detail, monkeypatch, qtbot):
    warning = PhotoPreviewDialog(synthetic_still(NOW))
    qtbot.addWidget(warning)
    assert "合成测试图像" in warning.findChild(QLabel, "syntheticWarning").text()
    detail.materials.camera_index = None
    monkeypatch.setattr(detail.materials, "confirm_photo", lambda still: still.synthetic)
    assert detail.materials.take_photo("resident_id_copy") is not None
    assert detail.findChild(QCheckBox, "received:resident_id_copy").isChecked()


def test_the_banner_shows_a_reapplication_30_days_after_the_last(main_window, records, assessors):
    register(records, intake_request(OTHER_ID, name="李桂兰"), days_ago=30)
    second = register(records, intake_request(OTHER_ID, name="李桂兰", application_type="reassessment"))
    main_window.open_case(second)
    banner = main_window.case_detail.banner
    assert banner.isVisible()
    reasons = banner.findChild(QLabel, "flagsReasons").text()
    assert "仅 30 天" in reasons and "最短间隔 183 天" in reasons
    assert main_window.case_detail.overview.priors.rowCount() == 1


def test_no_banner_for_a_first_application(detail):
    assert not detail.banner.isVisible()


def test_an_assigned_expert_sees_the_full_number_for_30_seconds(detail, qtbot):
    assert detail.overview.findChild(QLabel, "detail:resident_id").text() == "1101**********002X"
    dialog = detail.reveal_resident_id()
    assert dialog.findChild(QLabel, "revealAsking").text() == "评估员甲（PG-0001）"  # the signed-in expert
    qtbot.mouseClick(dialog.findChild(QPushButton, "revealShowButton"), Qt.MouseButton.LeftButton)
    number = dialog.findChild(QLabel, "revealedNumber")
    assert number.text() == VALID_ID
    for _ in range(REVEAL_SECONDS - 1):
        dialog.tick()
    assert number.text() == VALID_ID
    dialog.tick()
    assert number.text() == "" and not dialog.isVisible()


def test_a_signed_in_expert_not_assigned_to_the_case_is_refused(detail, qtbot, main_window, records, context):
    give_passphrase(records, add_person(records, "PG-0003", "assessor", "评估员丙"))
    sign_in_as(context, "PG-0003")
    main_window.apply_session()
    dialog = detail.reveal_resident_id()
    assert dialog.findChild(QLabel, "revealAsking").text() == "评估员丙（PG-0003）"
    qtbot.mouseClick(dialog.findChild(QPushButton, "revealShowButton"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "revealedNumber").text() == ""
    assert dialog.findChild(QLabel, "revealProblem").text() == "只有分配到本案件的评估人员才能查看完整身份证号。"


def test_self_assessment_is_entered_partly_and_compared_with_the_experts(detail, qtbot, records, form, assessors,
                                                                          monkeypatch, tmp_path):
    def fill_and_save(dialog):
        for item_id, option_id in (("adl.eating", "5"), ("adl.bathing", "0")):
            card_radio = dialog.findChild(QRadioButton, f"option:{item_id}:{option_id}")
            dialog.column.ensureWidgetVisible(card_radio)
            qtbot.mouseClick(card_radio, Qt.MouseButton.LeftButton)
        assert dialog.findChild(QLabel, "selfAssessmentProgress").text() == "已填 2/17 项"
        return dialog.save()

    monkeypatch.setattr(detail.self_assessment, "run_dialog", fill_and_save)
    assert detail.self_assessment.enter_self_assessment()
    assert "未评级（未填完）" in detail.self_assessment.grades.text()

    best = {item.id: item.options[-1].id for item in form.items}
    signed_visit(records, form, detail.detail.case_id, assessors[0], best)
    detail.reload()
    comparison = compare_with_experts(records, detail.detail.case_id, form, actor=detail.context.session)
    table = detail.self_assessment.table
    differing = [row for row in range(table.rowCount()) if table.item(row, 0).data(DIFFERS_ROLE)]
    # The experts chose the best option everywhere: eating 10 (self 5) and bathing 5 (self 0) differ;
    # the 15 items the family left blank are not differences.
    assert [comparison.items[row].item_id for row in differing] == ["adl.eating", "adl.bathing"]
    assert "评估人员等级（第 1 版）：基本正常（0）" in detail.self_assessment.grades.text()
    assert "2 项不同" in detail.self_assessment.grades.text()

    # The comparison as a PDF for the case file: shown from memory first, nothing written; then an
    # unencrypted copy only after the warning is accepted, and the station chain says who saved it.
    monkeypatch.setattr(detail.self_assessment, "show_preview", lambda dialog: None)
    before = sorted(tmp_path.rglob("*"))
    preview = detail.self_assessment.preview_comparison()
    assert preview.page_count >= 1 and sorted(tmp_path.rglob("*")) == before
    target = tmp_path / "comparison.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(preview, "confirm_unencrypted", lambda: False)
    assert preview.save_copy() is None and not target.exists()
    monkeypatch.setattr(preview, "confirm_unencrypted", lambda: True)
    assert preview.save_copy() == target
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, check=True).stdout.decode()
    assert "不一致 2 项" in text and "基本正常" in text
    saved = [event for event in export_chain(records, STATION_CHAIN, actor=clerk(records))
             if event.kind == "plaintext_copy_saved"]
    assert [(event.data["kind"], event.data["file_name"]) for event in saved] == [
        ("self_assessment_comparison", "comparison.pdf")]


def test_history_shows_two_versions_side_by_side_with_the_change_marked(main_window, records, form, assessors,
                                                                       case_id):
    signed_visit_with_correction(records, form, case_id, assessors[0], "adl.dressing", "5")
    main_window.open_case(case_id)
    history = main_window.case_detail.history
    table = history.table
    assert table.columnCount() == 2
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["第 1 版", "第 2 版"]
    assert table.item(0, 0).text() == "已签名" and table.item(0, 1).text() == "草稿（更正中）"
    assert table.item(2, 1).text() == "评估员甲" and table.item(3, 1).text() == "第3项录入错误，已与家属核实"
    marked = [(row, column) for column in range(2) for row in range(META_ROWS, table.rowCount())
              if table.item(row, column).data(CHANGED_ROLE)]
    dressing_row = META_ROWS + [item.id for item in form.items].index("adl.dressing")
    grade_row = table.rowCount() - 1
    assert set(marked) <= {(dressing_row, 1), (grade_row, 1)} and (dressing_row, 1) in marked
    assert table.item(dressing_row, 0).text() == "10 分" and table.item(dressing_row, 1).text() == "5 分"
    assert not history.correct_button.isEnabled()  # the newest version is a draft


def test_correcting_the_signed_version_makes_a_new_version_with_author_and_reason(
        main_window, records, form, assessors, case_id, monkeypatch, context):
    signed_visit(records, form, case_id, assessors[0], {item.id: item.options[-1].id for item in form.items})
    give_passphrase(records, assessors[1])
    sign_in_as(context, "PG-0002")  # the author is whoever is signed in
    main_window.apply_session()
    main_window.open_case(case_id)
    history = main_window.case_detail.history
    assert history.correct_button.isEnabled()

    def fill(dialog):
        assert dialog.author.text() == "评估员乙（PG-0002）"
        assert not dialog.ok_button.isEnabled()
        dialog.reason.setPlainText("漏记")
        assert not dialog.ok_button.isEnabled()  # fewer than four characters
        dialog.reason.setPlainText("洗澡项漏记辅助情况")
        assert dialog.ok_button.isEnabled()
        return True

    monkeypatch.setattr(history, "run_dialog", fill)
    assert history.correct_newest() is not None
    assert history.table.columnCount() == 2
    assert history.table.item(2, 1).text() == "评估员乙"
    assert main_window.case_detail.tabs.tabText(3) == "评估记录版本（2）"
