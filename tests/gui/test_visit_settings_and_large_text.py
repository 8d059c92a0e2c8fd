# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's visit settings on the administration page reach the visit screen (camera,
resolution, frame rate, microphone, planned length; dual entry, watermark, ID display, continuing
without recording), and the large-text toggle scales all type and is remembered per person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QPushButton, QSpinBox

from assessment_app.services.agency_settings import read_settings
from assessment_app.services.recording_settings import CAMERA_INDEX, FPS, MICROPHONE, PLANNED_MINUTES, RESOLUTION
from assessment_app.services.visit_report import ID_DISPLAY_SETTING
from assessment_app.services.visit_settings import ALLOW_WITHOUT_RECORDING, DUAL_ENTRY, read_visit_settings
from assessment_app.ui.shell.theme import BASE_POINT_SIZE, LARGE_TEXT_SCALE, set_text_scale

from tests.gui.records_fixtures import give_passphrase, sign_in_as
from tests.gui.test_admin_page import admin_page  # noqa: F401 - fixture used by name
from tests.gui.test_visit_page import ARTIFACTS

pytestmark = pytest.mark.gui


def test_the_administrator_sets_how_visits_record_and_the_visit_uses_it(qtbot, admin_page, main_window, records):
    panel = admin_page.visit_settings
    assert panel.findChild(QSpinBox, f"setting:{FPS}").value() == 25
    panel.findChild(QCheckBox, f"setting:{DUAL_ENTRY}").setChecked(True)
    panel.findChild(QCheckBox, f"setting:{ALLOW_WITHOUT_RECORDING}").setChecked(True)
    panel.findChild(QCheckBox, f"setting:{MICROPHONE}").setChecked(False)
    panel.findChild(QSpinBox, f"setting:{CAMERA_INDEX}").setValue(1)
    panel.findChild(QSpinBox, f"setting:{FPS}").setValue(15)
    panel.findChild(QSpinBox, f"setting:{PLANNED_MINUTES}").setValue(45)
    resolution = panel.findChild(QComboBox, f"setting:{RESOLUTION}")
    resolution.setCurrentIndex(resolution.findData("640x360"))
    id_display = panel.findChild(QComboBox, f"setting:{ID_DISPLAY_SETTING}")
    id_display.setCurrentIndex(id_display.findData("full"))
    qtbot.mouseClick(panel.findChild(QPushButton, "saveVisitSettingsButton"), Qt.MouseButton.LeftButton)
    assert panel.result.text() and panel.result.property("look") != "fieldError"

    stored = read_settings(records)
    assert (stored[DUAL_ENTRY], stored[ALLOW_WITHOUT_RECORDING], stored[ID_DISPLAY_SETTING]) == (True, True, "full")
    assert read_visit_settings(records).dual_entry
    setup = main_window.visit.recording_setup()  # what the next visit records with
    assert (setup.choice.camera_index, setup.choice.microphone) == (1, False)
    assert (setup.settings.width, setup.settings.height, setup.settings.fps) == (640, 360, 15)
    assert setup.planned_minutes == 45
    admin_page.reload()
    assert panel.findChild(QSpinBox, f"setting:{FPS}").value() == 15
    ARTIFACTS.mkdir(exist_ok=True)
    main_window.grab().save(str(ARTIFACTS / "visit-admin-settings.png"))


@pytest.fixture
def normal_text(qapp):
    yield
    set_text_scale(qapp, 1.0)


def test_large_text_scales_the_type_and_is_remembered_per_person(qtbot, main_window, context, records, assessors,
                                                                 normal_text):
    app = QApplication.instance()
    assert app.font().pointSize() == BASE_POINT_SIZE
    main_window.large_text.trigger()
    assert app.font().pointSize() == round(BASE_POINT_SIZE * LARGE_TEXT_SCALE)
    assert "font-size: 16pt" in app.styleSheet()  # item titles: 13 pt × 1.25
    give_passphrase(records, assessors[1])
    sign_in_as(context, "PG-0002")
    main_window.apply_session()
    assert not main_window.large_text.isChecked() and app.font().pointSize() == BASE_POINT_SIZE
    sign_in_as(context, "PG-0001")
    main_window.apply_session()
    assert main_window.large_text.isChecked() and app.font().pointSize() == round(BASE_POINT_SIZE * LARGE_TEXT_SCALE)
