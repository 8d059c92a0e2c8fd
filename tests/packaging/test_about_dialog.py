# SPDX-License-Identifier: GPL-3.0-or-later
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


def test_about_names_the_programs_licence_and_where_its_text_and_source_are_in_chinese(about):
    assert about.licence_name.text() == "许可证：GNU 通用公共许可证第 3 版或更高版本（GPL-3.0-or-later）"
    assert "自由软件" in about.licence_notice.text() and "不提供任何担保" in about.licence_notice.text()
    source = about.source_notice.text()
    assert "LICENSE" in source and "ltc-assess-0.1.0-source.tar.gz" in source and "SOURCES.md" in source


def test_about_in_english_gives_the_same_notice(qtbot, ui_language):
    ui_language.switch("en")
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.licence_name.text().endswith("(GPL-3.0-or-later)")
    assert "WITHOUT ANY WARRANTY" in dialog.licence_notice.text()
    assert "ltc-assess-0.1.0-source.tar.gz" in dialog.source_notice.text()


def test_the_programs_own_licence_is_the_first_row_and_shown_on_opening(about):
    assert rows(about)[0] == ("ltc-assess", "0.1.0", "GPL-3.0-or-later")
    text = about.licence.toPlainText()
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert "source.tar.gz" in text and "对应源代码" in text  # SOURCES.md


def test_the_gpl_text_the_dialog_shows_is_the_repositorys_licence_byte_for_byte():
    from assessment_app.resources import resource_path
    from tests.conftest import REPO_ROOT

    assert resource_path("licenses", "standard", "GPL-3.0.txt").read_bytes() == (REPO_ROOT / "LICENSE").read_bytes()
