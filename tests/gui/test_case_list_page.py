"""案件列表 over 300 synthetic cases: search by name fragment, by the beginning of an ID number,
filter by status, sort by name, masked ID numbers, page-by-page loading, open with Enter."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from assessment_app.services.case_queries import search_cases
from assessment_app.services.demo_data import generate_demo_cases
from assessment_app.storage.name_search import name_sort_key
from assessment_app.storage.repositories import CaseQuery
from assessment_app.ui.cases.case_list_model import NAME, PAGE_SIZE
from tests.gui.records_fixtures import NOW, TODAY, clerk, type_text

pytestmark = pytest.mark.gui

MASKED = re.compile(r"^\d{4}\*{10}[\dX]{4}$")


@pytest.fixture
def demo_cases(records):
    return generate_demo_cases(records, 300, seed=4, today=TODAY, now=NOW, actor=clerk(records))


@pytest.fixture
def case_list(demo_cases, main_window):
    page = main_window.case_list
    page.reload()
    return page


def search_for(qtbot, page, text: str) -> None:
    box = page.findChild(QLineEdit, "caseSearch")
    box.setFocus()
    box.clear()
    type_text(qtbot, box, text)
    qtbot.waitUntil(lambda: page.model.query.text == text, timeout=2000)


def names(page) -> list[str]:
    return [row.applicant_name for row in page.model.rows]


def test_first_page_only_is_loaded_with_the_total_shown(case_list, demo_cases):
    assert case_list.model.total == demo_cases.cases
    assert len(case_list.model.rows) == PAGE_SIZE
    assert case_list.findChild(QLabel, "caseTotal").text() == f"共找到 {demo_cases.cases} 个案件，已显示 {PAGE_SIZE} 个"
    case_list.table.scrollToBottom()
    assert len(case_list.model.rows) == 2 * PAGE_SIZE


def test_id_numbers_are_shown_masked(case_list):
    shown = [case_list.model.index(row, 1).data() for row in range(case_list.model.rowCount())]
    assert shown and all(MASKED.match(text) for text in shown)


def test_search_by_a_name_fragment(case_list, qtbot, records):
    fragment = case_list.model.rows[0].applicant_name[2:4]  # after the 测试 prefix
    search_for(qtbot, case_list, fragment)
    expected = search_cases(records, CaseQuery(name_contains=fragment), actor=clerk(records)).total
    assert 0 < case_list.model.total == expected < 345
    assert all(fragment in name for name in names(case_list))


def test_search_by_the_beginning_of_an_id_number(case_list, qtbot, records):
    search_for(qtbot, case_list, "3101")
    expected = search_cases(records, CaseQuery(resident_id="3101"), actor=clerk(records)).total
    assert 0 < case_list.model.total == expected
    assert all(row.resident_id_masked.startswith("3101") for row in case_list.model.rows)


def test_filter_by_status(case_list, qtbot, records):
    combo = case_list.findChild(QComboBox, "statusFilter")
    combo.setFocus()
    while combo.currentText() != "已办结":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    expected = search_cases(records, CaseQuery(statuses=("closed",)), actor=clerk(records)).total
    assert 0 < case_list.model.total == expected
    assert {row.status for row in case_list.model.rows} == {"closed"}


def test_sort_by_name_from_the_column_header(case_list, qtbot):
    header = case_list.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(NAME) + 20, 10))
    assert case_list.model.query.sort == "name" and not case_list.model.query.descending
    assert names(case_list) == sorted(names(case_list), key=name_sort_key)  # pinyin order
    assert header.sortIndicatorSection() == NAME
    case_list.sort_by_column(NAME)
    assert names(case_list) == sorted(names(case_list), key=name_sort_key, reverse=True)


def test_enter_opens_the_case(case_list, qtbot, main_window):
    table = case_list.table
    table.setFocus()
    table.selectRow(3)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert main_window.stack.currentWidget() is main_window.case_detail
    assert main_window.case_detail.detail.case_id == case_list.model.rows[3].case_id
