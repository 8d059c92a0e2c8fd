# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: pages on the left, live language switch, and nothing cut off at 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from tests.gui.records_fixtures import OTHER_ID, VALID_ID, intake_request, register

pytestmark = pytest.mark.gui


def clipped_labels(window) -> list[str]:
    return [label.objectName() or label.text()[:20] for label in window.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.height() < label.heightForWidth(label.width())]


def test_pages_are_reached_from_the_left(main_window):
    assert [main_window.navigation.item(row).text() for row in range(3)] == ["案件列表", "新建受理", "评分计算器"]
    main_window.navigation.setCurrentRow(2)
    assert main_window.stack.currentWidget() is main_window.calculator
    main_window.navigation.setCurrentRow(1)
    assert main_window.stack.currentWidget() is main_window.intake


def test_switching_language_relabels_the_open_case_live(main_window, qtbot, records, assessors, ui_language):
    case_id = register(records, intake_request(VALID_ID, expert_ids=assessors))
    main_window.open_case(case_id)
    combo = main_window.findChild(QComboBox, "languageCombo")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    try:
        assert main_window.windowTitle() == "LTC Disability Assessment Workstation"
        assert main_window.navigation.item(1).text() == "New intake"
        assert main_window.case_detail.heading.text() == "王秀英 · Initial assessment"
        assert main_window.case_detail.tabs.tabText(0) == "Overview"
        assert main_window.stack.currentWidget() is main_window.case_detail
        assert main_window.case_list.model.headerData(0, Qt.Orientation.Horizontal) == "Applicant"
    finally:
        ui_language.switch("zh_CN")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_nothing_is_cut_off_at_1366_by_768(main_window, qtbot, records, assessors, ui_language, message_boxes,
                                          language):
    register(records, intake_request(OTHER_ID, name="李桂兰"), days_ago=30)
    case_id = register(records, intake_request(OTHER_ID, name="李桂兰", application_type="reassessment",
                                               expert_ids=assessors))
    main_window.set_language(language)
    try:
        main_window.show_page(1)
        main_window.intake.save()  # every field wrong: errors under fields and in the summary
        main_window.open_case(case_id)
        for page in (main_window.case_list, main_window.intake, main_window.case_detail):
            main_window.stack.setCurrentWidget(page)
            qtbot.waitUntil(lambda: clipped_labels(main_window) == [], timeout=2000)
        assert main_window.minimumSizeHint().width() <= 1366 and main_window.minimumSizeHint().height() <= 768
    finally:
        ui_language.switch("zh_CN")
