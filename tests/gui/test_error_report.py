# SPDX-License-Identifier: GPL-3.0-or-later
"""One exception hook (ui/shell/error_report.py): a slot that meets a bug shows the internal-error
message in the user's language and the log gets the traceback, without the error's text (which
may quote personal data); a slot that meets an AppError shows that error's message and nothing is
logged as internal; a bug on another thread is logged and told on the GUI thread too."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from assessment_app.storage.repositories import RecordNotFound
from assessment_app.ui.shell.error_report import LOG_FILE, ErrorReport
from tests.gui.records_fixtures import VALID_ID, intake_request, register, reload_case_list

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

PERSONAL = f"王秀英 {VALID_ID}"


@pytest.fixture
def case_list(main_window, records, assessors):
    register(records, intake_request(VALID_ID, name="王秀英", expert_ids=assessors))
    reload_case_list(main_window)
    return main_window.case_list


def open_first_case(qtbot, case_list) -> None:
    case_list.table.setFocus()
    case_list.table.selectRow(0)
    qtbot.keyClick(case_list.table, Qt.Key.Key_Return)  # activated -> case_requested -> MainWindow.open_case


def test_a_slot_that_meets_a_bug_shows_the_internal_error_and_logs_the_traceback(
        case_list, qtbot, monkeypatch, message_boxes, tmp_path, context):
    def broken(*args, **kwargs):
        raise KeyError(PERSONAL)  # a bug whose text happens to quote an applicant

    monkeypatch.setattr("assessment_app.ui.cases.case_detail_page.case_detail", broken)
    with ErrorReport(lambda: context.language, log_directory=tmp_path / "log") as report:
        open_first_case(qtbot, case_list)
    shown = message_boxes.texts("internalErrorDialog")
    assert len(shown) == 1 and shown[0].startswith("内部错误：KeyError（")
    assert str(report.log_path) in shown[0] and "已保存的数据未受影响" in shown[0]
    assert message_boxes.texts("errorDialog") == []
    log = (tmp_path / "log" / LOG_FILE).read_text(encoding="utf-8")
    assert "builtins.KeyError" in log
    assert "at assessment_app.ui.cases.case_detail_page:show_case:" in log
    assert "test_error_report:broken:" in log
    assert "王秀英" not in log and VALID_ID not in log and "王秀英" not in shown[0]


def test_the_internal_error_is_said_in_english_to_an_english_user(case_list, qtbot, monkeypatch, message_boxes,
                                                                  tmp_path, context):
    monkeypatch.setattr("assessment_app.ui.cases.case_detail_page.case_detail",
                        lambda *args, **kwargs: [][1])
    context.language = "en"
    with ErrorReport(lambda: context.language, log_directory=tmp_path):
        open_first_case(qtbot, case_list)
    assert message_boxes.texts("internalErrorDialog")[0].startswith("Internal error: IndexError (")


def test_a_slot_that_meets_an_app_error_shows_its_message_and_logs_nothing(
        case_list, qtbot, monkeypatch, message_boxes, tmp_path, context):
    def missing(*args, **kwargs):
        raise RecordNotFound("case 42")

    monkeypatch.setattr("assessment_app.ui.cases.case_detail_page.case_detail", missing)
    with ErrorReport(lambda: context.language, log_directory=tmp_path / "log"):
        open_first_case(qtbot, case_list)
    assert message_boxes.texts("errorDialog") == ["找不到记录（case 42）。"]
    assert message_boxes.texts("internalErrorDialog") == []
    assert not (tmp_path / "log" / LOG_FILE).exists()


def test_a_bug_on_another_thread_is_logged_and_told_on_the_gui_thread(qapp, qtbot, message_boxes, tmp_path,
                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown_on: list[bool] = []

    def exec_on(box):
        shown_on.append(threading.current_thread() is threading.main_thread())
        return message_boxes.exec(box)

    monkeypatch.setattr(QMessageBox, "exec", exec_on)
    with ErrorReport(lambda: "zh_CN", log_directory=tmp_path):
        worker = threading.Thread(target=lambda: {}["missing"], name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(message_boxes.texts("internalErrorDialog")), timeout=5000)
    assert shown_on == [True]
    assert "builtins.KeyError" in (tmp_path / LOG_FILE).read_text(encoding="utf-8")


def test_the_hooks_are_put_back_when_the_report_ends(tmp_path):
    import sys

    before = (sys.excepthook, threading.excepthook)
    with ErrorReport(lambda: "zh_CN", log_directory=tmp_path):
        assert sys.excepthook is not before[0] and threading.excepthook is not before[1]
    assert (sys.excepthook, threading.excepthook) == before


def test_an_app_error_no_slot_caught_still_gets_its_own_message_and_no_log(qapp, qtbot, message_boxes, tmp_path):
    from PySide6.QtWidgets import QPushButton

    button = QPushButton()
    qtbot.addWidget(button)

    def forgetful_slot():
        raise RecordNotFound("case 7")

    button.clicked.connect(forgetful_slot)
    with ErrorReport(lambda: "en", log_directory=tmp_path):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts("errorDialog") == ["No such record (case 7)."]
    assert not (tmp_path / LOG_FILE).exists()
