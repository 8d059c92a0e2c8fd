# SPDX-License-Identifier: GPL-3.0-or-later
"""Idle lock with a fake monotonic clock: nothing happens before the idle time, input postpones
it, then a cover hides every page (the case list's names included) and closes a shown ID number;
a wrong passphrase counts towards the lockout, the right one brings everything back, and
切换用户 lets someone else sign in. Each lock and unlock is in the audit log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QLineEdit, QPushButton

from assessment_app.security.passphrases import IdlePolicy
from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.ui.shell.main_window import MainWindow
from tests.gui.records_fixtures import (
    EXPERT_PASSPHRASE, VALID_ID, give_passphrase, intake_request, open_main_window, register, reload_case_list,
    sign_in_as,
)

pytestmark = pytest.mark.gui


class FakeMonotonic:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def window(qtbot, context, data_dir, ui_language, signed_in, records, assessors, monotonic) -> MainWindow:
    register(records, intake_request(VALID_ID, name="王秀英", expert_ids=assessors))
    window = open_main_window(qtbot, context, ui_language, data_dir, idle_policy=IdlePolicy(300), monotonic=monotonic)
    reload_case_list(window)
    return window


def overlay(window: MainWindow) -> QFrame | None:
    shown = [cover for cover in window.findChildren(QFrame, "lockOverlay") if cover.isVisible()]
    return shown[0] if shown else None


def unlock_with(qtbot, window: MainWindow, passphrase: str) -> str:
    cover = overlay(window)
    qtbot.keyClicks(cover.findChild(QLineEdit, "lockPassphrase"), passphrase)
    qtbot.mouseClick(cover.findChild(QPushButton, "unlockButton"), Qt.MouseButton.LeftButton)
    return cover.findChild(QLabel, "lockProblem").text() if window.idle_lock.locked else ""


def visible_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


def test_nothing_locks_before_the_idle_time_and_input_postpones_it(window, qtbot, monotonic):
    monotonic.advance(299)
    assert not window.idle_lock.check()
    qtbot.keyClick(window.case_list.search_box, Qt.Key.Key_A)  # activity at 1299 s
    monotonic.advance(299)
    assert not window.idle_lock.check()
    monotonic.advance(1)
    assert window.idle_lock.check()


def test_the_lock_covers_the_whole_window_and_hides_the_names(window, qtbot, monotonic, records):
    assert window.case_list.model.rows[0].applicant_name == "王秀英" and window.case_list.table.isVisible()
    monotonic.advance(300)
    assert window.idle_lock.check()
    cover = overlay(window)
    assert cover is not None and cover.isVisible()
    assert cover.geometry() == window.rect()
    assert cover.geometry().contains(window.centralWidget().geometry())
    assert not window.case_list.isVisible() and not window.case_list.table.isVisible()
    assert not any("王秀英" in text for text in visible_texts(window))
    assert cover.findChild(QLabel, "lockTitle").text() == "已锁定 — 请输入口令解锁"
    assert "评估员甲（PG-0001）" in cover.findChild(QLabel, "lockUser").text()
    window.resize(1200, 700)
    assert cover.geometry() == window.rect()  # it follows the window
    assert chain_events(records, STATION_CHAIN)[-1].kind == "lock"


def test_a_wrong_unlock_counts_towards_the_lockout_and_the_right_one_restores(window, qtbot, monotonic, records):
    monotonic.advance(301)
    window.idle_lock.check()
    assert unlock_with(qtbot, window, "not-my-passphrase") == "口令不正确，还可尝试 4 次。"
    assert window.idle_lock.locked
    assert unlock_with(qtbot, window, EXPERT_PASSPHRASE) == ""
    assert not window.idle_lock.locked and overlay(window) is None
    assert window.case_list.table.isVisible()
    kinds = [event.kind for event in chain_events(records, STATION_CHAIN)]
    assert kinds[-3:] == ["lock", "login_failed", "unlock"]
    monotonic.advance(299)  # the idle time starts again at the unlock
    assert not window.idle_lock.check()


def test_a_shown_full_id_number_is_closed_by_the_lock(window, qtbot, monotonic):
    window.open_case(window.case_list.model.rows[0].case_id)
    dialog = window.case_detail.reveal_resident_id()
    qtbot.mouseClick(dialog.findChild(QPushButton, "revealShowButton"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "revealedNumber").text() == VALID_ID
    monotonic.advance(300)
    window.idle_lock.check()
    assert not dialog.isVisible() and dialog.findChild(QLabel, "revealedNumber").text() == ""


def test_switch_user_signs_in_someone_else_and_unlocks(window, qtbot, monotonic, records, assessors, monkeypatch):
    give_passphrase(records, assessors[1])
    monkeypatch.setattr("assessment_app.ui.shell.main_window.sign_in",
                        lambda ctx, parent=None, clock=None: sign_in_as(ctx, "PG-0002"))
    monotonic.advance(300)
    window.idle_lock.check()
    qtbot.mouseClick(overlay(window).findChild(QPushButton, "switchUserButton"), Qt.MouseButton.LeftButton)
    assert not window.idle_lock.locked
    assert "PG-0002" in window.user_label.text()
    kinds = [event.kind for event in chain_events(records, STATION_CHAIN)]
    assert kinds[-3:] == ["lock", "login", "logout"]


def test_another_open_window_is_covered_too_and_stays_open(window, qtbot, monotonic):
    scan = QDialog(window)  # stands for any open dialog: a scan, the self-assessment sheet …
    scan.setObjectName("someOpenDialog")
    scan.resize(700, 500)
    scan.show()
    qtbot.waitExposed(scan)
    monotonic.advance(300)
    window.idle_lock.check()
    cover = scan.findChild(QFrame, "lockOverlay")
    assert scan.isVisible() and cover is not None and cover.isVisible() and cover.geometry() == scan.rect()
    qtbot.keyClicks(cover.findChild(QLineEdit, "lockPassphrase"), EXPERT_PASSPHRASE)
    qtbot.keyClick(cover.findChild(QLineEdit, "lockPassphrase"), Qt.Key.Key_Return)  # unlock from there
    assert not window.idle_lock.locked and scan.isVisible() and not cover.isVisible()
