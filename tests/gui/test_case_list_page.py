# SPDX-License-Identifier: GPL-3.0-or-later
"""案件列表 over 300 synthetic cases: search by name fragment, by the beginning of an ID number,
filter by status, sort by name, masked ID numbers, page-by-page loading, open with Enter."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from assessment_app.services.case_queries import search_cases
from assessment_app.services.demo_data import generate_demo_cases
from assessment_app.storage.name_search import name_sort_key
from assessment_app.storage.repositories import CaseQuery
from assessment_app.ui.cases.case_list_model import NAME, PAGE_SIZE
from tests.gui.records_fixtures import NOW, TODAY, clerk, reload_case_list, type_text

pytestmark = pytest.mark.gui

MASKED = re.compile(r"^\d{4}\*{10}[\dX]{4}$")


@pytest.fixture
def demo_cases(records):
    return generate_demo_cases(records, 300, seed=4, today=TODAY, now=NOW, actor=clerk(records))


@pytest.fixture
def case_list(demo_cases, main_window):
    page = main_window.case_list
    reload_case_list(main_window)
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
    case_list.searches.wait()
    expected = search_cases(records, CaseQuery(statuses=("closed",)), actor=clerk(records)).total
    assert 0 < case_list.model.total == expected
    assert {row.status for row in case_list.model.rows} == {"closed"}


def test_sort_by_name_from_the_column_header(case_list, qtbot):
    header = case_list.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(NAME) + 20, 10))
    case_list.searches.wait()
    assert case_list.model.query.sort == "name" and not case_list.model.query.descending
    assert names(case_list) == sorted(names(case_list), key=name_sort_key)  # pinyin order
    assert header.sortIndicatorSection() == NAME
    case_list.sort_by_column(NAME)
    case_list.searches.wait()
    assert names(case_list) == sorted(names(case_list), key=name_sort_key, reverse=True)


def test_enter_opens_the_case(case_list, qtbot, main_window):
    table = case_list.table
    table.setFocus()
    table.selectRow(3)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert main_window.stack.currentWidget() is main_window.case_detail
    assert main_window.case_detail.detail.case_id == case_list.model.rows[3].case_id


class GatedSearch:
    """search_cases held at a gate per search text, so a test decides when each answer arrives
    (as a slow query at 100,000 cases would)."""

    def __init__(self, monkeypatch):
        self.gates: dict[str | None, threading.Event] = {}
        self.started: list[str | None] = []
        monkeypatch.setattr("assessment_app.ui.cases.case_list_page.search_cases", self)

    def gate(self, text: str | None) -> threading.Event:
        return self.gates.setdefault(text, threading.Event())

    def __call__(self, records, query, *, actor):
        self.started.append(query.text)
        assert threading.current_thread() is not threading.main_thread()  # never on the GUI thread
        assert self.gate(query.text).wait(30)
        return search_cases(records, query, actor=actor)


def test_the_rows_stay_until_the_new_page_arrives(case_list, qtbot, monkeypatch):
    before = names(case_list)
    searches = GatedSearch(monkeypatch)
    fragment = before[0][2:4]
    box = case_list.findChild(QLineEdit, "caseSearch")
    box.setFocus()
    type_text(qtbot, box, fragment)
    qtbot.waitUntil(lambda: searches.started == [fragment], timeout=2000)
    assert names(case_list) == before  # the old page, still usable, while the search runs
    assert case_list.findChild(QLabel, "caseTotal").text() == "正在搜索…"
    searches.gate(fragment).set()
    qtbot.waitUntil(lambda: case_list.model.query.text == fragment, timeout=5000)
    assert names(case_list) != before and all(fragment in name for name in names(case_list))
    assert case_list.findChild(QLabel, "caseTotal").text().startswith("共找到")


def test_the_latest_search_wins_and_older_answers_are_dropped(case_list, qtbot, monkeypatch):
    searches = GatedSearch(monkeypatch)
    shown: list[str | None] = []
    case_list.model.modelReset.connect(lambda: shown.append(case_list.model.query.text))
    for text in ("1101", "3101", "3201"):  # three searches while the first is still running
        case_list.search_box.setText(text)
        case_list.search()
    qtbot.waitUntil(lambda: searches.started == ["1101"], timeout=2000)
    searches.gate("3201").set()
    searches.gate("1101").set()  # the first answers now, too late: nobody asks it any more
    case_list.searches.wait()
    assert searches.started == ["1101", "3201"]  # 3101 was replaced before it ran
    assert shown == ["3201"]
    assert all(row.resident_id_masked.startswith("3201") for row in case_list.model.rows)
