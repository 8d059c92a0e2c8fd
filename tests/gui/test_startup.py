"""Start-up: the records are opened before any window shows: first use sets the administrator
passphrase (twice), a missing credential-store key asks for it (wrong → again), and a damaged
database stops the start with a message and exit status 2, changing nothing."""

from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPushButton

from assessment_app.services.case_records import DataState, data_state, initialise_case_records, open_case_records
from assessment_app.ui import app as gui_app
from assessment_app.ui.main_window import MainWindow
from assessment_app.ui.unlock_dialogs import open_records_at_start
from tests.gui.records_fixtures import PASSPHRASE

pytestmark = pytest.mark.gui


class InMemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


def drive_dialog(qtbot, object_name: str, steps) -> list[str]:
    """Once the modal dialog `object_name` is up, run each step (dialog -> None) in turn, with
    the event loop turning in between; returns the problem texts seen after each step."""
    seen: list[str] = []

    def run(remaining):
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != object_name:
            QTimer.singleShot(20, lambda: run(remaining))
            return
        problem = dialog.findChild(QLabel, "passphraseProblem")
        if problem is not None and seen is not None and remaining is not steps:
            seen.append(problem.text() if problem.isVisible() else "")
        if remaining:
            remaining[0](dialog)
            QTimer.singleShot(20, lambda: run(remaining[1:]))

    QTimer.singleShot(0, lambda: run(steps))
    return seen


def type_into(qtbot, dialog, field_name: str, text: str) -> None:
    field = dialog.findChild(QLineEdit, field_name)
    field.clear()
    qtbot.keyClicks(field, text)


def click(qtbot, dialog, button_name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)


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
    initialise_case_records(data_dir, PASSPHRASE).close()
    seen = {}

    def inspect_and_quit():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["titles"] = [w.windowTitle() for w in windows]
        for found in windows:
            found.close()
            found.deleteLater()
        QApplication.quit()

    QTimer.singleShot(300, inspect_and_quit)
    assert gui_app.main(["--lang", language, "--data-dir", str(data_dir)]) == 0
    ui_language.switch("zh_CN")  # main installed its own catalogue; restore the session's
    assert seen["titles"] == [title]
