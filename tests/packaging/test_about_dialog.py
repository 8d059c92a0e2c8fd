"""关于: the same versions as `ltc-assess --version`, every shipped licence listed and readable,
reached from the main window's toolbar."""

from __future__ import annotations

import pytest
import sqlalchemy
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from assessment_app.ui.shell.about_dialog import AboutDialog
from assessment_app.version import version_text

pytestmark = pytest.mark.gui


@pytest.fixture
def about(qtbot, ui_language):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rows(dialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [tuple(table.item(row, column).text() for column in range(3)) for row in range(table.rowCount())]


def test_about_shows_the_versions_of_ltc_assess_version(about):
    assert about.versions.text() == version_text()
    assert "cn-ltc-2021" in about.versions.text() and "ltc-assess 0.1.0" in about.versions.text()


def test_about_lists_the_font_and_the_libraries_with_version_and_licence(about):
    listed = {name: (version, licence) for name, version, licence in rows(about)}
    assert listed["WenQuanYi Micro Hei (font)"][1].startswith("Apache-2.0")
    assert listed["PySide6"][1].startswith("LGPL-3.0")
    assert listed["SQLAlchemy"] == (sqlalchemy.__version__, "MIT")
    assert "FFmpeg, x264, x265 (in PyAV's wheel)" in listed


def test_selecting_a_component_shows_its_full_licence_text(about):
    font_row = next(row for row, (name, _, _) in enumerate(rows(about)) if name.startswith("WenQuanYi"))
    about.table.setCurrentCell(font_row, 0)
    text = about.licence.toPlainText()
    assert "Apache License" in text and "Version 2.0" in text


def test_about_is_in_chinese_by_default(about):
    assert about.windowTitle() == "关于"


def test_the_toolbar_opens_about(main_window, qtbot):
    action = main_window.about_action
    assert action in main_window.toolbar.actions() and action.text() == "关于"
    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    action.trigger()
    assert isinstance(seen[0], AboutDialog)
