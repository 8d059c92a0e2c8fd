# SPDX-License-Identifier: GPL-3.0-or-later
"""新建受理 driven by keyboard and mouse: live checks of the ID number, field errors from the
service shown under their fields, a refused second open case, and a saved case that appears in
the list and opens in the case page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from assessment_app.services.case_queries import search_cases
from assessment_app.storage.repositories import CaseQuery
from tests.gui.records_fixtures import (
    OTHER_ID, TODAY, VALID_ID, WRONG_CHECK_ID, clerk, intake_request, register, type_text,
)

pytestmark = pytest.mark.gui


class IntakeDriver:
    def __init__(self, window, qtbot):
        self.window = window
        self.page = window.intake
        self.qtbot = qtbot
        window.show_page(1)

    def find(self, kind, name):
        widget = self.page.findChild(kind, name)
        assert widget is not None, name
        return widget

    def type(self, field: str, text: str) -> None:
        editor = self.find(QLineEdit, f"field:{field}")
        editor.setFocus()
        editor.selectAll()
        self.qtbot.keyClick(editor, Qt.Key.Key_Delete)
        type_text(self.qtbot, editor, text)
        self.qtbot.keyClick(editor, Qt.Key.Key_Tab)

    def choose(self, combo_name: str, text: str) -> None:
        combo = self.find(QComboBox, combo_name)
        combo.setFocus()
        while combo.currentText() != text:
            before = combo.currentIndex()
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
            assert combo.currentIndex() != before, f"{text!r} is not in {combo_name}"

    def tick(self, code: str) -> None:
        box = self.find(QCheckBox, f"material:{code}")
        self.qtbot.mouseClick(box, Qt.MouseButton.LeftButton)

    def error(self, field: str) -> QLabel:
        return self.find(QLabel, f"fieldError:{field}")

    def hint(self, field: str) -> QLabel:
        return self.find(QLabel, f"fieldHint:{field}")

    def save(self) -> None:
        self.qtbot.mouseClick(self.find(QPushButton, "saveIntakeButton"), Qt.MouseButton.LeftButton)

    def fill(self, resident_id: str, name: str = "王秀英", application_type: str = "首次评估") -> None:
        self.type("name", name)
        self.type("resident_id", resident_id)
        self.type("phone", "138 0000 1234")
        self.type("address", "北京市朝阳区测试路1号")
        self.choose("field:insurance_type", "城镇职工基本医疗保险")
        self.choose("field:application_type", application_type)
        self.type("task_number", "RW-2025-0001")
        self.choose("assessor1", "评估员甲（PG-0001）")
        self.choose("assessor2", "评估员乙（PG-0002）")


def case_count(records) -> int:
    return search_cases(records, CaseQuery(), actor=clerk(records)).total


def test_wrong_check_digit_is_shown_by_the_field_and_nothing_is_saved_until_fixed(
        main_window, qtbot, records, assessors, message_boxes):
    intake = IntakeDriver(main_window, qtbot)
    intake.fill(WRONG_CHECK_ID)
    intake.tick("application_form")
    intake.tick("outpatient_records")
    assert intake.error("resident_id").isVisible()
    assert intake.error("resident_id").text() == "居民身份证号：校验码不符（最后一位应为 X），请核对号码"

    intake.save()
    assert case_count(records) == 0
    summary = intake.find(QLabel, "intakeErrorSummary")
    assert summary.isVisible() and "请更正以下 1 项" in summary.text() and "校验码不符" in summary.text()
    assert intake.error("resident_id").isVisible()
    assert not intake.error("name").isVisible()

    intake.type("resident_id", VALID_ID)
    assert not intake.error("resident_id").isVisible()
    age = TODAY.year - 1950 + (1 if (TODAY.month, TODAY.day) >= (12, 31) else 0)
    assert intake.hint("resident_id").text() == f"出生日期 1949-12-31 · 女 · {age} 周岁"
    intake.save()

    assert case_count(records) == 1
    assert "已受理。" in message_boxes.texts("intakeReport")[0]
    assert "尚缺材料" in message_boxes.texts("intakeReport")[0]
    assert main_window.stack.currentWidget() is main_window.case_detail
    detail = main_window.case_detail.detail
    assert detail.applicant_name == "王秀英" and detail.task_number == "RW-2025-0001"
    assert detail.resident_id_masked == "1101**********002X"
    assert [e.name for e in detail.experts] == ["评估员甲", "评估员乙"]
    received = {m.code for m in detail.materials if m.received}
    assert received == {"application_form", "outpatient_records"}
    main_window.case_list.searches.wait()
    assert main_window.case_list.model.total == 1
    assert main_window.case_list.model.rows[0].applicant_name == "王秀英"
    assert intake.find(QLineEdit, "field:name").text() == ""  # the form is ready for the next applicant


def test_every_wrong_field_is_marked_at_once(main_window, qtbot, records, assessors, message_boxes):
    intake = IntakeDriver(main_window, qtbot)
    intake.type("name", "王秀英")
    intake.type("phone", "12345")
    intake.save()
    assert case_count(records) == 0
    for field in ("resident_id", "phone", "address", "insurance_type", "application_type"):
        assert intake.error(field).isVisible(), field
    assert "联系电话" in intake.error("phone").text()
    assert not intake.error("name").isVisible()


def test_typing_shows_progress_then_the_precise_problem(main_window, qtbot, records):
    intake = IntakeDriver(main_window, qtbot)
    intake.type("resident_id", "110105")
    assert intake.hint("resident_id").text() == "已输入 6/18 位"
    assert not intake.error("resident_id").isVisible()
    intake.type("resident_id", "110105194902300021")
    assert intake.error("resident_id").text() == "居民身份证号：出生日期不存在（19490230）"


def test_a_second_open_case_of_the_same_person_and_type_is_refused_with_a_link(
        main_window, qtbot, records, assessors, message_boxes):
    existing = register(records, intake_request(VALID_ID))
    intake = IntakeDriver(main_window, qtbot)
    intake.fill(VALID_ID)
    message_boxes.answer_next("openExistingCaseButton")
    intake.save()
    assert case_count(records) == 1
    refusal = message_boxes.texts("openCaseExistsDialog")[0]
    assert "已有同类型未结案件" in refusal and existing in refusal
    assert main_window.stack.currentWidget() is main_window.case_detail
    assert main_window.case_detail.detail.case_id == existing


def test_a_known_id_number_offers_the_recorded_name_phone_and_address(main_window, qtbot, records):
    register(records, intake_request(OTHER_ID, name="李桂兰"))
    intake = IntakeDriver(main_window, qtbot)
    intake.type("resident_id", OTHER_ID)
    assert intake.find(QLabel, "knownApplicantLabel").text() == "此身份证号已登记，申请人：李桂兰。"
    qtbot.mouseClick(intake.find(QPushButton, "fillKnownApplicantButton"), Qt.MouseButton.LeftButton)
    assert intake.find(QLineEdit, "field:name").text() == "李桂兰"
    assert intake.find(QLineEdit, "field:phone").text() == "13800001234"
    assert intake.find(QLineEdit, "field:address").text() == "北京市朝阳区测试路1号"


def test_the_checklist_follows_the_application_type(main_window, qtbot, records):
    intake = IntakeDriver(main_window, qtbot)
    intake.choose("field:application_type", "首次评估")
    assert intake.find(QLabel, "materialGroup:medical_evidence").text() == "就医或残疾证明（至少一项）"
    assert intake.find(QCheckBox, "material:self_assessment").text() == "自评表（必需）"
    intake.tick("application_form")
    intake.choose("field:application_type", "复核")
    assert intake.page.findChild(QCheckBox, "material:application_form") is None
    assert intake.find(QCheckBox, "material:review_application").text() == "复核申请书（必需）"
    assert intake.find(QCheckBox, "material:discharge_summary").text() == "出院小结（可选）"


def test_the_same_assessor_twice_is_refused_by_the_second_choice(main_window, qtbot, records, assessors):
    intake = IntakeDriver(main_window, qtbot)
    intake.choose("assessor1", "评估员甲（PG-0001）")
    intake.choose("assessor2", "评估员甲（PG-0001）")
    assert intake.error("expert_ids").text() == "评估人员：两名评估人员必须是不同的人"
    intake.choose("assessor2", "评估员乙（PG-0002）")
    assert not intake.error("expert_ids").isVisible()


def test_a_reapplication_30_days_after_the_last_is_flagged_when_saved(
        main_window, qtbot, records, assessors, message_boxes):
    register(records, intake_request(VALID_ID), days_ago=30)
    intake = IntakeDriver(main_window, qtbot)
    intake.fill(VALID_ID, application_type="复评")
    intake.save()
    report = message_boxes.texts("intakeReport")[0]
    assert "申请人已有记录" in report
    assert "注意 — 纠偏提示" in report and "仅 30 天" in report
    assert main_window.case_detail.banner.isVisible()
