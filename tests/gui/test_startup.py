# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up: the records are opened before any window shows: first use sets the administrator
passphrase (twice), a missing credential-store key asks for it (wrong → again), and a damaged
database stops the start with a message and exit status 2, changing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from assessment_app.services.case_records import DataState, data_state, initialise_case_records, open_case_records
from assessment_app.ui.shell import app as gui_app
from assessment_app.ui.shell.unlock_dialogs import open_records_at_start
from tests.actors import add_person
from tests.conftest import InMemoryKeyring
from tests.gui.dialog_driver import click, drive_dialog, run_main, sign_in_step, type_into, when_main_window_shows
from tests.gui.records_fixtures import EXPERT_PASSPHRASE, PASSPHRASE, give_passphrase

pytestmark = pytest.mark.gui


def test_unlock_refuses_a_wrong_passphrase_then_opens_with_the_right_one(qtbot, ui_language, data_dir):
    initialise_case_records(data_dir, PASSPHRASE).close()
    seen = drive_dialog(qtbot, "unlockDialog", [
        lambda d: (type_into(qtbot, d, "unlockPassphrase", "not-the-passphrase"), click(qtbot, d, "passphraseOkButton")),
        lambda d: (type_into(qtbot, d, "unlockPassphrase", PASSPHRASE), click(qtbot, d, "passphraseOkButton")),
    ])
    records = open_records_at_start(data_dir, "zh_CN")
    assert records is not None
    records.close()
    assert seen[0] == "口令不正确。"


def test_quitting_the_unlock_dialog_opens_nothing(qtbot, ui_language, data_dir):
    initialise_case_records(data_dir, PASSPHRASE).close()
    drive_dialog(qtbot, "unlockDialog", [lambda d: click(qtbot, d, "passphraseCancelButton")])
    assert open_records_at_start(data_dir, "zh_CN") is None


def test_first_use_asks_twice_for_a_long_enough_passphrase(qtbot, ui_language, data_dir):
    def attempt(first, second):
        return lambda d: (type_into(qtbot, d, "newPassphrase", first), type_into(qtbot, d, "repeatedPassphrase", second),
                          click(qtbot, d, "passphraseOkButton"))

    seen = drive_dialog(qtbot, "firstUseDialog", [
        attempt("kurz1", "kurz1"), attempt("Lang-genug-1", "Lang-genug-2"), attempt("Lang-genug-1", "Lang-genug-1")])
    records = open_records_at_start(data_dir, "zh_CN")
    assert records is not None
    records.close()
    assert seen[:2] == ["口令太短：至少 8 个字符。", "两次输入的口令不一致，请重新输入。"]
    assert data_state(data_dir) is DataState.EXISTS
    open_case_records(data_dir, "Lang-genug-1").close()


def test_first_use_dialog_explains_the_passphrase_in_chinese(qtbot, ui_language, data_dir):
    texts = []
    drive_dialog(qtbot, "firstUseDialog", [
        lambda d: texts.append(d.findChild(QLabel, "passphraseExplanation").text()),
        lambda d: click(qtbot, d, "passphraseCancelButton")])
    assert open_records_at_start(data_dir, "zh_CN") is None
    assert "系统凭据存储无法提供密钥" in texts[0] and "至少 8 个字符" in texts[0]
    assert data_state(data_dir) is DataState.NEW


def test_a_damaged_database_stops_the_start_with_exit_2_and_is_left_as_it_was(
        qtbot, ui_language, data_dir, monkeypatch):
    import keyring

    keyring.set_keyring(InMemoryKeyring())  # the key comes from the store, so the database is what fails
    initialise_case_records(data_dir, PASSPHRASE).close()
    database = data_dir / "cases.db"
    damaged = b"\x00garbage" * 512
    database.write_bytes(damaged)
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert gui_app.main(["--data-dir", str(data_dir)]) == 2
    assert database.read_bytes() == damaged
    # SQLCipher cannot tell a damaged first page from a wrong key; either way the user hears
    # that the file was left alone.
    assert "未被改动" in messages[0]
    ui_language.switch("zh_CN")


@pytest.mark.parametrize(("language", "title"), [
    ("zh_CN", "长护险失能等级评估工作站"), ("en", "LTC Disability Assessment Workstation")])
def test_main_opens_the_records_and_shows_the_main_window(qtbot, ui_language, data_dir, language, title):
    import keyring

    keyring.set_keyring(InMemoryKeyring())
    with initialise_case_records(data_dir, PASSPHRASE) as records:
        give_passphrase(records, add_person(records, "PG-0001", "assessor", "评估员甲"))
    drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "PG-0001", EXPERT_PASSPHRASE)])
    seen = when_main_window_shows(lambda window: (window.windowTitle(), window.user_label.text()))
    assert run_main(["--lang", language, "--data-dir", str(data_dir)]) == 0
    ui_language.switch("zh_CN")  # main installed its own catalogue; restore the session's
    assert seen["result"][0] == title
    assert "PG-0001" in seen["result"][1]


def test_the_sign_in_window_shows_at_once_and_waits_for_the_data(qtbot, ui_language, data_dir, monkeypatch):
    """The data is opened behind the window (the demo's Argon2 unlock, SQLCipher): meanwhile the
    window says so, takes typing, and its button waits."""
    import threading

    import keyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

    from assessment_app.ui.shell import start

    keyring.set_keyring(InMemoryKeyring())
    with initialise_case_records(data_dir, PASSPHRASE) as records:
        add_person(records, "PG-0001", "assessor", "评估员甲")  # listed first, not the one who signs in
        give_passphrase(records, add_person(records, "PG-0002", "assessor", "评估员乙"))
    gate, real_open = threading.Event(), start.open_data
    monkeypatch.setattr(start, "open_data", lambda *args: (gate.wait(30), real_open(*args))[1])
    seen: dict = {}

    def while_opening():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "loginDialog":
            QTimer.singleShot(20, while_opening)
            return
        seen["ready_at_first"] = dialog.is_ready
        seen["button"] = dialog.findChild(QPushButton, "loginButton").isEnabled()
        seen["status"] = dialog.findChild(QLabel, "loginStatus").text()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "loginPassphrase"), EXPERT_PASSPHRASE)  # typing already works
        dialog.expert.setEditText("PG-0002")
        dialog.became_ready.connect(lambda: QTimer.singleShot(0, lambda: click(qtbot, dialog, "loginButton")))
        gate.set()

    QTimer.singleShot(0, while_opening)
    shown = when_main_window_shows(lambda window: window.user_label.text())
    assert run_main(["--data-dir", str(data_dir)]) == 0
    assert seen == {"ready_at_first": False, "button": False, "status": "正在打开加密数据…"}
    assert "PG-0002" in shown["result"]  # what was typed while the data opened signed in


def test_nothing_heavy_is_loaded_by_the_time_the_sign_in_window_can_be_used(data_dir, tmp_path):
    """reportlab, pyHanko, PyAV, OpenCV, the bundle, report and visit code load when first used,
    not on the way to the first window (nor behind it, while the data opens)."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from assessment_app.ui.shell import app, startup_probe\n"
        "ready = startup_probe._ready\n"
        "def report(window):\n"
        "    print('LOADED', sorted({m.split('.')[0] if not m.startswith('assessment_app') else m for m in sys.modules\n"
        "          if m.split('.')[0] in ('reportlab', 'pyhanko', 'av', 'cv2', 'numpy')\n"
        "          or m.startswith(('assessment_app.bundle', 'assessment_app.reports', 'assessment_app.ui.visit',\n"
        "                           'assessment_app.ui.shell.main_window'))}), flush=True)\n"
        "    ready(window)\n"
        "startup_probe._ready = report\n"
        "sys.exit(app.main(['--demo', '--data-dir', sys.argv[1]]))\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", LTC_ASSESS_STARTUP_PROBE="1",
                       LTC_ASSESS_LOG_DIR=str(tmp_path / "log"))
    done = subprocess.run([sys.executable, "-c", probe, str(data_dir)], env=environment, capture_output=True,
                          text=True, timeout=600)
    loaded = [line for line in done.stdout.splitlines() if line.startswith("LOADED")]
    assert done.returncode == 0, done.stderr
    assert loaded == ["LOADED []"]


def test_quitting_while_the_data_opens_lets_it_finish_and_closes_it(qtbot, ui_language, data_dir, monkeypatch):
    import threading

    import keyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assessment_app.ui.shell import start

    keyring.set_keyring(InMemoryKeyring())
    initialise_case_records(data_dir, PASSPHRASE).close()
    gate, real_open, real_close = threading.Event(), start.open_data, start.close_opened_data
    closed = []
    monkeypatch.setattr(start, "open_data", lambda *args: (gate.wait(30), real_open(*args))[1])
    monkeypatch.setattr(start, "close_opened_data", lambda opened: (closed.append(opened), real_close(opened)))

    def quit_while_opening():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "loginDialog":
            QTimer.singleShot(20, quit_while_opening)
            return
        click(qtbot, dialog, "loginQuitButton")
        QTimer.singleShot(50, gate.set)

    QTimer.singleShot(0, quit_while_opening)
    assert run_main(["--data-dir", str(data_dir)]) == 0
    assert len(closed) == 1 and closed[0].records is not None  # opened after the quit, then closed
    open_case_records(data_dir).close()  # nothing left holding the data directory
