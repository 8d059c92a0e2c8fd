# SPDX-License-Identifier: GPL-3.0-or-later
"""The 统计与稽核 page in the main window (pytest-qt, offscreen) against a real agency server with a
small demo year: a reviewer signs in with their passphrase, every table fills as a plot beside its
numbers, the flagged assessor is marked in the plot and the test table, the filters change what
the server is asked, each table exports as the server's CSV (BOM) and the page as a PDF in the
embedded font; an assessor never sees the page, an administrator does; errors come as messages."""

from __future__ import annotations

from tests.gui.conftest import compiled_translations, ui_language  # noqa: F401 - fixtures; sets offscreen first

import datetime
import re
import subprocess

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms import default_registry

from assessment_app.domain import dashboard_tables as tables
from assessment_app.services.agency_desk import CONNECTION_FILE
from assessment_app.ui.shell.main_window import CASES, SUPERVISION
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.supervision.dashboard_section import OUTLIER_BACKGROUND, VERDICT_COLUMN

from tests.agency.harness import free_port
from tests.agency.supervision_world import ADMINISTRATOR, ASSESSOR, REVIEWER, supervision_world  # noqa: F401
from tests.gui.records_fixtures import message_boxes, open_main_window  # noqa: F401

pytestmark = pytest.mark.gui
WHOLE_ID = re.compile(r"\d{17}[\dX]")
WAIT_MS = 60_000


def _window(qtbot, world, ui_language, number: str):  # noqa: F811
    context = WorkContext(world.records, default_registry().get("cn-ltc-2021"), language="zh_CN",
                          session=world.sign_in(number))
    return open_main_window(qtbot, context, ui_language, world.records.layout.root)


def _signed_in_page(qtbot, window, passphrase: str):
    window.navigation.setCurrentRow(SUPERVISION)
    page = window.supervision
    assert window.stack.currentWidget() is page
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.tables) and not page.calls.busy, timeout=WAIT_MS)
    return page


def _save_dialog(monkeypatch, path, *, confirm=QMessageBox.StandardButton.Save):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: asked.append(args[2]) or confirm)
    return asked


def test_the_page_fills_and_marks_the_flagged_assessor(qtbot, supervision_world, ui_language):  # noqa: F811
    world = supervision_world
    window = _window(qtbot, world, ui_language, REVIEWER)
    assert not window.navigation.isRowHidden(SUPERVISION)
    assert window.navigation.item(SUPERVISION).text() == "统计与稽核"
    page = _signed_in_page(qtbot, window, "demo-r-001")
    assert "DEMO-R-001" in page.connection_line.text() and "审核员" in page.connection_line.text()
    assert page.passphrase.text() == "" and page.passphrase.isHidden()
    assert [page.assessor.itemData(index) for index in range(1, page.assessor.count())] == world.summary.assessors
    for name, section in page.sections.items():
        assert section.numbers.rowCount() == len(page.tables[name]["rows"]) > 0, name
        assert section.chart_view.chart().series(), name
    skewed = world.summary.skewed_assessor
    grades = page.sections[tables.GRADE_DISTRIBUTION]
    labels = grades.chart_view.chart().axes(Qt.Orientation.Vertical)[0].categories()
    marked = [label for label in labels if label.startswith("⚠")]
    assert marked == [f"⚠ {skewed}（异常）"]
    position = labels.index(marked[0])
    bar_sets = grades.chart_view.chart().series()[0].barSets()
    assert all(bar_set.isBarSelected(position) for bar_set in bar_sets)  # drawn in the red shades
    assert not any(bar_set.isBarSelected(other) for bar_set in bar_sets for other in range(len(labels))
                   if other != position)
    test_rows = {grades.test_table.item(row, 0).text(): row for row in range(grades.test_table.rowCount())}
    row = test_rows[skewed]
    assert grades.test_table.item(row, VERDICT_COLUMN).text() == "是"
    assert grades.test_table.item(row, 0).background().color() == OUTLIER_BACKGROUND
    assert [text for text, other in test_rows.items()
            if grades.test_table.item(other, VERDICT_COLUMN).text() == "是"] == [skewed]
    assert float(grades.test_table.item(row, 3).text()) < page.tables[tables.GRADE_DISTRIBUTION]["test"]["threshold"]
    assert [grades.test_table.horizontalHeaderItem(column).text() for column in range(4)] == [
        "评估人员", "评估次数", "χ²", "P 值"]
    df = page.tables[tables.GRADE_DISTRIBUTION]["rows"][0]["degrees_of_freedom"]  # the server's, the same for all
    assert f"异常：{skewed}" in grades.note.text() and f"自由度 {df}）" in grades.note.text()
    reapplicants = page.sections[tables.FREQUENT_REAPPLICANTS].numbers
    shown = "".join(reapplicants.item(row, 1).text() for row in range(reapplicants.rowCount()))
    assert "**********" in shown and not WHOLE_ID.search(shown)
    # Switching the workstation's language relabels the page without asking the server again.
    window.set_language("en")
    assert page.sections[tables.GRADE_DISTRIBUTION].heading.text() == "Grade distribution per assessor"
    assert f"⚠ {skewed} (outlier)" in grades.chart_view.chart().axes(Qt.Orientation.Vertical)[0].categories()
    window.set_language("zh_CN")


def test_filters_change_what_the_server_is_asked(qtbot, supervision_world, ui_language):  # noqa: F811
    world = supervision_world
    window = _window(qtbot, world, ui_language, REVIEWER)
    page = _signed_in_page(qtbot, window, "demo-r-001")
    days = page.tables[tables.VISITS_PER_DAY]
    # At first the whole span the server named: from the first day with a visit to the last.
    assert (days["filters"]["since"], days["filters"]["until"]) == (days["rows"][0]["day"], days["rows"][-1]["day"])
    skewed = world.summary.skewed_assessor
    page.assessor.setCurrentIndex(page.assessor.findData(skewed))
    qtbot.waitUntil(lambda: page.shown_filters.assessor == skewed and not page.calls.busy, timeout=WAIT_MS)
    assert all(table["filters"]["assessor"] == skewed for table in page.tables.values())
    assert [row["assessor"] for row in page.tables[tables.REVIEW_OUTCOMES]["rows"]] == [None, skewed]
    assert page.sections[tables.REVIEW_OUTCOMES].numbers.rowCount() == 2
    page.since.setDate(QDate(2026, 3, 1))
    page.until.setDate(QDate(2026, 3, 31))
    qtbot.waitUntil(lambda: page.shown_filters.until == datetime.date(2026, 3, 31) and not page.calls.busy,
                    timeout=WAIT_MS)
    days = page.tables[tables.VISITS_PER_DAY]
    assert days["filters"] == {"since": "2026-03-01", "until": "2026-03-31", "district": None, "assessor": skewed}
    assert days["rows"] and all(row["day"].startswith("2026-03") for row in days["rows"])
    district = page.district.itemData(1)
    page.assessor.setCurrentIndex(0)
    page.district.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.shown_filters.district == district and page.shown_filters.assessor is None
                    and not page.calls.busy, timeout=WAIT_MS)
    assert page.tables[tables.SEVERE_SHARE_BY_MONTH]["filters"]["district"] == district


def test_each_table_exports_as_csv_and_the_page_as_pdf(qtbot, supervision_world, ui_language, monkeypatch,  # noqa: F811
                                                       tmp_path):
    world = supervision_world
    window = _window(qtbot, world, ui_language, REVIEWER)
    page = _signed_in_page(qtbot, window, "demo-r-001")
    exports = tmp_path / "exports"
    exports.mkdir()
    duration = exports / "用时.csv"
    asked = _save_dialog(monkeypatch, duration)
    qtbot.mouseClick(page.sections[tables.VISIT_DURATION].export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: duration.exists() and not page.calls.busy, timeout=WAIT_MS)
    assert asked == []  # staff figures only: no warning
    data = duration.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("评估人员,姓名,评估次数,用时中位数（分钟）")
    assert len(lines) - 2 == len(page.tables[tables.VISIT_DURATION]["rows"]) and lines[1].startswith(",全机构,")
    assert "已保存（未加密）" in page.status.text()

    people = exports / "频繁申请.csv"
    asked = _save_dialog(monkeypatch, people, confirm=QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(page.sections[tables.FREQUENT_REAPPLICANTS].export_button, Qt.MouseButton.LeftButton)
    assert asked and "未加密" in asked[0] and not people.exists()  # cancelled at the warning
    _save_dialog(monkeypatch, people)
    qtbot.mouseClick(page.sections[tables.FREQUENT_REAPPLICANTS].export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.exists() and not page.calls.busy, timeout=WAIT_MS)
    text = people.read_bytes().decode("utf-8-sig")
    assert not WHOLE_ID.search(text) and len(text.split("\r\n")) - 2 == len(
        page.tables[tables.FREQUENT_REAPPLICANTS]["rows"])

    pdf = exports / "统计与稽核.pdf"
    _save_dialog(monkeypatch, pdf)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pdf.exists() and not page.calls.busy, timeout=WAIT_MS)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    listed = fonts.strip().splitlines()[2:]
    assert listed and all("WenQuanYiMicroHei" in line and " yes " in line for line in listed), fonts
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) - 2 == len(tables.TABLES)  # one plot per table, grabbed from the page
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    assert (tmp_path / "page-01.png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert world.summary.skewed_assessor in text and not WHOLE_ID.search(text)


def test_who_sees_the_page_and_how_failures_are_said(qtbot, supervision_world, ui_language,  # noqa: F811
                                                     message_boxes):  # noqa: F811
    world = supervision_world
    assessor = _window(qtbot, world, ui_language, ASSESSOR)
    assert assessor.navigation.isRowHidden(SUPERVISION)
    assessor.show_page(SUPERVISION)
    assert assessor.stack.currentIndex() == CASES
    assessor.close()

    window = _window(qtbot, world, ui_language, ADMINISTRATOR)
    window.navigation.setCurrentRow(SUPERVISION)
    page = window.supervision
    qtbot.keyClicks(page.passphrase, "wrong-passphrase")
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(message_boxes.shown) and not page.calls.busy, timeout=WAIT_MS)
    assert page.desk is None and "口令" in message_boxes.texts("errorDialog")[-1]
    page = _signed_in_page(qtbot, window, "demo-m-001")
    assert "管理员" in page.connection_line.text()

    # The network to the server goes away: the next refresh says so, in Chinese.
    page.desk.client.close()
    page.desk.client.port = free_port()
    page.refresh()
    qtbot.waitUntil(lambda: len(message_boxes.shown) == 2 and not page.calls.busy, timeout=WAIT_MS)
    assert "无法连接机构服务器" in message_boxes.texts("errorDialog")[-1]
    page.forget()
    assert page.desk is None and page.tabs.isHidden() and not page.sign_in_button.isHidden()

    # A workstation without a server says so instead of offering a sign-in.
    (world.records.layout.root / CONNECTION_FILE).unlink()
    page.follow_session()
    assert "尚未设置机构服务器" in page.connection_line.text() and page.sign_in_button.isHidden()
