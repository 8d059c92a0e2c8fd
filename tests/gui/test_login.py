# SPDX-License-Identifier: GPL-3.0-or-later
"""登录: the right passphrase signs in, a wrong one says how many attempts are left, the fifth
locks the account and says for how long (a fake clock moves time on), a first sign-in chooses a
passphrase whose weaknesses are named, and 退出登录 leads back to the login."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.ui.shell.login_dialog import FirstPassphraseDialog, LoginDialog
from assessment_app.services.enrolment import issue_enrolment_code
from tests.actors import add_person, sign_in
from tests.gui.records_fixtures import (
    CHEAP_KDF, EXPERT_PASSPHRASE, NOW, VALID_ID, give_passphrase, intake_request, register, sign_in_as,
)

pytestmark = pytest.mark.gui


class FakeClock:
    """The wall clock the dialog passes to the account service."""

    def __init__(self, start: datetime.datetime):
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def login_dialog(qtbot, context, records, assessors, clock) -> LoginDialog:
    give_passphrase(records, assessors[0])
    dialog = LoginDialog(context, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def try_passphrase(qtbot, dialog: LoginDialog, expert: str, passphrase: str) -> str:
    dialog.expert.setEditText(expert)
    field = dialog.findChild(QLineEdit, "loginPassphrase")
    field.clear()
    qtbot.keyClicks(field, passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    problem = dialog.findChild(QLabel, "passphraseProblem")
    return problem.text() if problem.isVisible() else ""


def test_the_right_passphrase_signs_in_and_is_logged(qtbot, login_dialog, records):
    login_dialog.expert.setCurrentIndex(0)  # 评估员甲（PG-0001）· 评估员, picked from the list
    qtbot.keyClicks(login_dialog.passphrase, EXPERT_PASSPHRASE)
    qtbot.mouseClick(login_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert login_dialog.result() == LoginDialog.DialogCode.Accepted
    assert (login_dialog.session.expert_number, login_dialog.session.role) == ("PG-0001", "assessor")
    assert chain_events(records, STATION_CHAIN)[-1].kind == "login"


def test_a_wrong_passphrase_says_how_many_attempts_are_left(qtbot, login_dialog):
    assert try_passphrase(qtbot, login_dialog, "PG-0001", "not-my-passphrase") == "口令不正确，还可尝试 4 次。"
    assert try_passphrase(qtbot, login_dialog, "PG-0001", "still-wrong-1") == "口令不正确，还可尝试 3 次。"
    assert login_dialog.passphrase.text() == "" and login_dialog.session is None


def test_five_failures_lock_the_account_and_say_for_how_long(qtbot, login_dialog, clock):
    for attempt in range(4):
        try_passphrase(qtbot, login_dialog, "PG-0001", f"wrong-guess-{attempt}")
    assert try_passphrase(qtbot, login_dialog, "PG-0001", "wrong-guess-5") == \
        "多次输入错误，账户已锁定，请 5 分 0 秒后再试。"
    clock.advance(61)
    # Locked: even the right passphrase is not looked at, and the time left is counted down.
    assert try_passphrase(qtbot, login_dialog, "PG-0001", EXPERT_PASSPHRASE) == \
        "多次输入错误，账户已锁定，请 3 分 59 秒后再试。"
    clock.advance(240)
    assert try_passphrase(qtbot, login_dialog, "PG-0001", EXPERT_PASSPHRASE) == ""
    assert login_dialog.session is not None


def test_an_unknown_expert_number_is_named_as_such(qtbot, login_dialog):
    assert try_passphrase(qtbot, login_dialog, "PG-9999", "whatever-1") == "没有该评估人员编号的有效账户。"


def test_the_first_sign_in_needs_the_enrolment_code_and_names_the_passphrases_weaknesses(
        qtbot, login_dialog, records, monkeypatch):
    expert_id = add_person(records, "PG-0100", "assessor", "新评估员")
    administrator = sign_in(records, "PG-M-900", "administrator")
    code = issue_enrolment_code(records, expert_id, NOW, actor=administrator, params=CHEAP_KDF).code
    problems = []

    def choose(dialog: FirstPassphraseDialog) -> bool:
        for typed, text in (("", "Fresh-Start-2025"), ("ABCD-EFGH-JKMN-PQRS", "Fresh-Start-2025"),
                            (code, "12345678"), (code.lower().replace("-", " "), "Fresh-Start-2025")):
            dialog.code.setText(typed)
            dialog.passphrase.setText(text)
            dialog.repeated.setText(text)
            dialog.attempt()
            problems.append("" if dialog.problem.isHidden() else dialog.problem.text())
        return dialog.result() == FirstPassphraseDialog.DialogCode.Accepted

    monkeypatch.setattr(login_dialog, "run_dialog", choose)
    try_passphrase(qtbot, login_dialog, "PG-0100", "")
    assert problems[0].startswith("首次设置口令须输入一次性注册码")
    assert problems[1] == "注册码不正确，还可尝试 4 次；口令未设置。"
    assert problems[2].startswith("口令不够安全：") and "不能是连续序列" in problems[2] and "是常见口令" in problems[2]
    assert problems[3] == ""  # typed in lower case with spaces: the same code
    assert login_dialog.session is not None and login_dialog.session.expert_number == "PG-0100"


def test_the_signed_in_person_is_shown_and_sign_out_leads_to_the_next_login(main_window, records, context,
                                                                             assessors, monkeypatch):
    assert main_window.user_label.text() == "已登录：评估员甲（PG-0001） · 评估员"
    give_passphrase(records, assessors[1])
    seen_while_signing_in = []

    def next_person(ctx, parent=None, clock=None):
        seen_while_signing_in.append((ctx.session, main_window.centralWidget().isVisible()))
        return sign_in_as(ctx, "PG-0002")

    monkeypatch.setattr("assessment_app.ui.shell.main_window.sign_in", next_person)
    main_window.logout_action.trigger()
    assert seen_while_signing_in == [(None, False)]  # signed out, and no case on screen meanwhile
    assert main_window.user_label.text() == "已登录：评估员乙（PG-0002） · 评估员"
    assert main_window.centralWidget().isVisible()
    kinds = [event.kind for event in chain_events(records, STATION_CHAIN)]
    assert kinds[-2:] == ["logout", "login"]


def test_quitting_the_login_after_sign_out_closes_the_window(main_window, monkeypatch):
    monkeypatch.setattr("assessment_app.ui.shell.main_window.sign_in", lambda ctx, parent=None, clock=None: None)
    main_window.logout_action.trigger()
    assert not main_window.isVisible()


def test_a_reviewer_reads_cases_but_takes_in_none(main_window, records, context, assessors):
    case_id = register(records, intake_request(VALID_ID, expert_ids=assessors))
    give_passphrase(records, add_person(records, "RV-0001", "reviewer", "审核员丙"))
    sign_in_as(context, "RV-0001")
    main_window.apply_session()
    assert main_window.user_label.text() == "已登录：审核员丙（RV-0001） · 审核员"
    main_window.navigation.setCurrentRow(1)
    assert main_window.stack.currentWidget() is main_window.intake and not main_window.intake.isEnabled()
    assert main_window.page_notice.isVisible() and "只读" in main_window.page_notice.text()
    # administration: the audit log and their own certificate, nothing of the administrator's
    assert not main_window.navigation.isRowHidden(3)
    assert not main_window.navigation.isRowHidden(4)  # review: theirs
    main_window.open_case(case_id)
    detail = main_window.case_detail
    assert detail.overview.values["name"].text() == "王秀英"  # read, yes
    assert not detail.findChild(QCheckBox, "received:discharge_summary").isEnabled()  # change, no
    assert not detail.findChild(QPushButton, "importScan:discharge_summary").isEnabled()
    assert not detail.self_assessment.enter_button.isEnabled()
    assert not detail.visit_button.isEnabled() and not detail.history.correct_button.isEnabled()
    assert main_window.page_notice.text() == "只读：审核人员可查看本案件，但不能更改。"

