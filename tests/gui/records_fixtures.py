# SPDX-License-Identifier: GPL-3.0-or-later
"""Case records for the screen tests: a temporary data directory unlocked with a passphrase
(never the real keyring), two assessors, the first of them signed in, a fixed clock, and helpers
that fill the database through the services the way other parts of the program will."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox

from assessment_app.services.accounts import SessionInfo, has_passphrase, login, set_passphrase
from assessment_app.services.case_records import CaseRecords, initialise_case_records, open_case_records
from assessment_app.services.intake import IntakeRequest, register_case
from assessment_app.services.record_versions import correct_record
from assessment_app.storage.models import Answer, Visit, utc_timestamp
from assessment_app.storage.repositories import VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.ui.shell.work_context import WorkContext

from tests.actors import CHEAP_KDF, add_person, enrol, sign_in

PASSPHRASE = "gui-Test-pass-4"
EXPERT_PASSPHRASE = "Bedside-Visit-27"  # every test expert's personal passphrase
# A fixed moment, so ages, "not before today" and the 30-day flag are the same on every run.
NOW = datetime.datetime(2025, 6, 2, 10, 30).astimezone()
TODAY = NOW.date()
# 110105 + 1949-12-31 + order 002 (female): weighted sum 167, 167 mod 11 = 2 -> check character X
# (GB 11643-1999). Typed with a 1 instead below.
VALID_ID = "11010519491231002X"
WRONG_CHECK_ID = "110105194912310021"
OTHER_ID = "310105193805120012"


class MessageBoxes:
    """Stands in for the user in front of QMessageBox: records what was said and clicks a button
    (the one named with `answer_next`, else the escape or first button)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answers: list[str] = []

    def answer_next(self, button_name: str) -> None:
        self.answers.append(button_name)

    def exec(self, box: QMessageBox) -> int:
        self.shown.append((box.objectName(), box.text()))
        name = self.answers.pop(0) if self.answers else None
        button = box.findChild(QAbstractButton, name) if name else (
            box.escapeButton() or box.defaultButton() or (box.buttons() or [None])[0])
        assert name is None or button is not None, f"no button {name!r} in {box.objectName()}"
        if button is not None:
            button.click()
        return 0

    def texts(self, object_name: str | None = None) -> list[str]:
        return [text for name, text in self.shown if object_name is None or name == object_name]


@pytest.fixture
def message_boxes(monkeypatch) -> MessageBoxes:
    boxes = MessageBoxes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.exec(box))
    return boxes


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def records(data_dir) -> CaseRecords:
    opened = initialise_case_records(data_dir, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def assessors(records) -> tuple[str, str]:
    return tuple(add_person(records, number, "assessor", name, "评估师")
                 for name, number in (("评估员甲", "PG-0001"), ("评估员乙", "PG-0002")))


def give_passphrase(records, expert_id: str, passphrase: str = EXPERT_PASSPHRASE) -> None:
    """The expert enrols with a one-time code and their first passphrase (tests/actors.enrol)."""
    enrol(records, expert_id, passphrase, NOW)


def sign_in_as(context: WorkContext, expert_number: str, passphrase: str = EXPERT_PASSPHRASE) -> SessionInfo:
    """Sign in through the account service (the login dialog has tests of its own)."""
    context.session = login(context.records, expert_number, passphrase, NOW, kdf_params=CHEAP_KDF)
    return context.session


@pytest.fixture
def signed_in(records, assessors, context) -> SessionInfo:
    """评估员甲 (PG-0001), assigned to the cases the tests register with `assessors`."""
    give_passphrase(records, assessors[0])
    return sign_in_as(context, "PG-0001")


@pytest.fixture
def context(records, form, ui_language) -> WorkContext:
    ui_language.switch("zh_CN")
    return WorkContext(records, form, data_dir=records.layout.root, language="zh_CN", now=lambda: NOW)


def reopen(data_dir: Path):
    return lambda: open_case_records(data_dir, PASSPHRASE)


def intake_request(resident_id: str = VALID_ID, name: str = "王秀英", application_type: str = "initial",
                   expert_ids: tuple[str, ...] = ()) -> IntakeRequest:
    return IntakeRequest(name=name, resident_id=resident_id, phone="13800001234", address="北京市朝阳区测试路1号",
                         insurance_type="employee", application_type=application_type, expert_ids=expert_ids)


def register(records, request: IntakeRequest, days_ago: int = 0) -> str:
    """A case taken in by the agency's clerk (an administrator signed in for it)."""
    moment = NOW - datetime.timedelta(days=days_ago)
    return register_case(records, request, moment.date(), moment, actor=clerk(records)).case_id


def clerk(records) -> SessionInfo:
    return sign_in(records, "PG-M-001", "administrator", name="管理员丁")


def signed_visit_with_correction(records, form, case_id: str, expert_id: str, changed_item: str,
                                 changed_option: str) -> tuple[str, str]:
    """Version 1 signed with every item answered; version 2 a correction with one answer changed."""
    answers = {item.id: item.options[-1].id for item in form.items}
    with unit_of_work(records.engine) as session:
        visits = VisitRepository(session)
        visit = visits.add(Visit(case_id=case_id, version=1, status="in_visit", form_id=form.id,
                                 form_version=form.version, form_sha256=form.sha256, created_at=utc_timestamp(NOW),
                                 started_at=utc_timestamp(NOW)))
        for number, (item_id, option_id) in enumerate(answers.items()):
            visits.append_answer(_answer(visit.id, expert_id, item_id, option_id, number))
        visit.status, visit.signed_at = "signed", utc_timestamp(NOW)
        first_id = visit.id
    author = sign_in(records, _number_of(records, expert_id))
    second_id = correct_record(records, first_id, actor=author, reason="第3项录入错误，已与家属核实",
                               now=NOW + datetime.timedelta(hours=1))
    with unit_of_work(records.engine) as session:
        VisitRepository(session).append_answer(_answer(second_id, expert_id, changed_item, changed_option, 99))
    return first_id, second_id


def _number_of(records, expert_id: str) -> str:
    from assessment_app.storage.models import Expert

    with unit_of_work(records.engine) as session:
        return session.get(Expert, expert_id).expert_number


def signed_visit(records, form, case_id: str, expert_id: str, answers: dict[str, str]) -> str:
    with unit_of_work(records.engine) as session:
        visits = VisitRepository(session)
        visit = visits.add(Visit(case_id=case_id, version=1, status="in_visit", form_id=form.id,
                                 form_version=form.version, form_sha256=form.sha256, created_at=utc_timestamp(NOW)))
        for number, (item_id, option_id) in enumerate(answers.items()):
            visits.append_answer(_answer(visit.id, expert_id, item_id, option_id, number))
        visit.status = "signed"
        return visit.id


def _answer(visit_id: str, expert_id: str, item_id: str, option_id: str, number: int) -> Answer:
    return Answer(visit_id=visit_id, item_id=item_id, option_id=option_id, answered_by=expert_id,
                  wall_time=utc_timestamp(NOW), monotonic_ns=number * 1_000_000_000, video_offset_ms=number * 1000)


def write_png(path: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6db3"))
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def main_window(qtbot, context, data_dir, ui_language, signed_in):
    return open_main_window(qtbot, context, ui_language, data_dir)


def open_main_window(qtbot, context: WorkContext, ui_language, data_dir: Path, **options):
    """The main window at 1366×768, shown; `options` go to MainWindow (idle policy, clock)."""
    from assessment_app.ui.shell.main_window import MainWindow

    window = MainWindow(context, ui_language, reopen(data_dir), **options)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.case_list.searches.wait()  # the first page of cases, searched in the background
    return window


def reload_case_list(window) -> None:
    """Search the case list again and wait for the page (it is searched in the background)."""
    window.case_list.reload()
    window.case_list.searches.wait()


def type_text(qtbot, editor: QLineEdit, text: str) -> None:
    """ASCII as key presses; Chinese as an input method delivers it (a committed string), since
    QTest can only press keys that exist on a keyboard."""
    for character in text:
        if character.isascii():
            qtbot.keyClicks(editor, character)
        else:
            event = QInputMethodEvent()
            event.setCommitString(character)
            QApplication.sendEvent(editor, event)
