# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for driving the real windows offscreen: compiled catalogues, the shipped font and
theme, a fresh calculator window per test, and a driver that clicks like a user.
(`form`, `best_answers` and `worst_answers` come from tests/conftest.py.)"""

import os

# Before anything imports Qt: no display is needed, and none is touched.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QRadioButton

from assessment_app.resources import resource_path
from assessment_app.ui.calculator.calculator_window import CalculatorWindow
from assessment_app.ui.shell.i18n import UiLanguage
from assessment_app.ui.shell.theme import apply_theme

def _lrelease() -> str:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("pyside6-lrelease")
    if found is None:
        pytest.fail("pyside6-lrelease not found: cannot compile the interface translations")
    return found


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """Compile each .ts in place when its .qm is missing or older (the Makefile normally has)."""
    directory = resource_path("translations")
    for source in sorted(directory.glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            subprocess.run([_lrelease(), "-silent", str(source), "-qm", str(compiled)], check=True)
    return directory


@pytest.fixture(scope="session")
def ui_language(qapp, compiled_translations) -> UiLanguage:
    apply_theme(qapp)
    language = UiLanguage(qapp)
    language.switch("zh_CN")
    yield language
    language.uninstall()


@pytest.fixture
def window(qtbot, form, ui_language) -> CalculatorWindow:
    ui_language.switch("zh_CN")
    calculator = CalculatorWindow(form, ui_language, "zh_CN")
    qtbot.addWidget(calculator)
    calculator.resize(1366, 768)
    calculator.show()
    qtbot.waitExposed(calculator)
    return calculator


class WindowDriver:
    """Finds widgets by object name and uses them as a user would (mouse and keyboard)."""

    def __init__(self, window: CalculatorWindow, qtbot):
        self.window = window
        self.qtbot = qtbot

    def find(self, kind, name: str):
        widget = self.window.findChild(kind, name)
        assert widget is not None, f"no {kind.__name__} named {name!r}"
        return widget

    def radio(self, item_id: str, option_id: str) -> QRadioButton:
        return self.find(QRadioButton, f"option:{item_id}:{option_id}")

    def wording(self, item_id: str, option_id: str) -> QLabel:
        return self.find(QLabel, f"optionText:{item_id}:{option_id}")

    def scroll_into_view(self, item_id: str) -> None:
        card = self.find(QFrame, f"itemCard:{item_id}")
        self.window.column.ensureWidgetVisible(card)

    def click_option(self, item_id: str, option_id: str, on: str = "radio") -> None:
        self.scroll_into_view(item_id)
        target = self.radio(item_id, option_id) if on == "radio" else self.wording(item_id, option_id)
        self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    def answer(self, answers: dict[str, str], on: str = "radio") -> None:
        for item_id, option_id in answers.items():
            self.click_option(item_id, option_id, on)

    def text(self, name: str) -> str:
        return self.find(QLabel, name).text()

    def grade_label(self) -> QLabel:
        return self.find(QLabel, "gradeLabel")

    def respond_to_modal(self, button_name: str) -> None:
        """Click a button of the next modal dialog once it is up."""
        def click_when_shown():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, click_when_shown)
                return
            button = dialog.findChild(QPushButton, button_name)
            assert button is not None, f"dialog has no button {button_name!r}"
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, click_when_shown)


@pytest.fixture
def driver(window, qtbot) -> WindowDriver:
    return WindowDriver(window, qtbot)


@pytest.fixture(autouse=True)
def no_real_keyring(monkeypatch):
    """The user's credential store is never touched: the keyring always fails, so the data key
    comes from the passphrase (or from an in-memory store a test installs itself)."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())


# The case-records fixtures live beside this file; importing them here makes them visible to every test.
from tests.gui.records_fixtures import (  # noqa: E402,F401
    assessors, context, data_dir, main_window, message_boxes, records, signed_in,
)
