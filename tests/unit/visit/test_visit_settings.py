# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's visit and recording settings: typed specs checked the same way from the command
line and from a form, read back as the RecordingChoice and RecordingSettings a visit records
with, the disk preflight from the planned length, and `ltc-assess settings list|set`."""

from __future__ import annotations

import json

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.recording import disk
from assessment_app.services.agency_settings import SETTINGS, change_setting, read_settings, store_setting
from assessment_app.services.recording_settings import (
    CAMERA_INDEX, FPS, MICROPHONE, PLANNED_MINUTES, RESOLUTION, disk_preflight, read_recording_setup,
)
from assessment_app.services.visit_report import ID_DISPLAY_SETTING
from assessment_app.services.visit_settings import DUAL_ENTRY, RECORDING_WATERMARK, read_visit_settings

from tests.unit.services.conftest import NOW
from tests.unit.test_cli_records import cli, demo_workstation


def test_yes_no_settings_accept_words_and_refuse_anything_else(admin, records):
    assert read_settings(records)[DUAL_ENTRY] is False
    assert change_setting(records, DUAL_ENTRY, "yes", actor=admin, now=NOW) is True
    assert change_setting(records, RECORDING_WATERMARK, "0", actor=admin, now=NOW) is False
    assert read_visit_settings(records).dual_entry is True
    assert read_visit_settings(records).recording_watermark is False
    with pytest.raises(FieldError) as caught:
        change_setting(records, DUAL_ENTRY, "maybe", actor=admin, now=NOW)
    assert caught.value.reason == "format"


def test_integer_and_choice_settings_are_checked_against_their_spec(admin, records):
    with pytest.raises(FieldError) as caught:
        change_setting(records, FPS, "60", actor=admin, now=NOW)
    assert caught.value.reason == "out_of_range"
    with pytest.raises(FieldError) as caught:
        change_setting(records, RESOLUTION, "1000x700", actor=admin, now=NOW)
    assert caught.value.reason == "unknown_value"
    with pytest.raises(FieldError):
        store_setting(records, CAMERA_INDEX, True, actor=admin, now=NOW)  # a yes/no is not a camera number
    with pytest.raises(FieldError):
        store_setting(records, "recording.colour", 1, actor=admin, now=NOW)
    assert change_setting(records, ID_DISPLAY_SETTING, "full", actor=admin, now=NOW) == "full"
    assert read_settings(records)[ID_DISPLAY_SETTING] == "full"


def test_the_visit_records_with_the_agency_camera_size_rate_and_microphone(admin, records):
    default = read_recording_setup(records)
    assert (default.choice.camera_index, default.settings.width, default.settings.height, default.settings.fps,
            default.choice.microphone, default.planned_minutes) == (0, 1280, 720, 25, True, 90)
    for key, value in ((CAMERA_INDEX, 2), (RESOLUTION, "640x360"), (FPS, 15), (MICROPHONE, False),
                       (PLANNED_MINUTES, 45)):
        store_setting(records, key, value, actor=admin, now=NOW)
    setup = read_recording_setup(records)
    assert (setup.choice.camera_index, setup.settings.width, setup.settings.height, setup.settings.fps,
            setup.choice.microphone, setup.planned_minutes) == (2, 640, 360, 15, False, 45)
    demo = read_recording_setup(records, demo=True)
    assert demo.choice.camera_index is None and demo.choice.synthetic_sound and not demo.choice.microphone


def test_the_preflight_warns_when_the_planned_visit_does_not_fit(records, monkeypatch):
    setup = read_recording_setup(records)
    needed = disk.estimated_bytes_per_second(setup.settings) * 90 * 60
    monkeypatch.setattr(disk, "free_bytes", lambda directory: needed + setup.settings.disk_margin_bytes + 1)
    assert disk_preflight(records, setup.settings, 90).ok
    assert not disk_preflight(records, setup.settings, 120).ok
    monkeypatch.setattr(disk, "free_bytes", lambda directory: 100 * 1024 ** 2)
    short = disk_preflight(records, setup.settings, 90)
    assert not short.ok and short.shortfall_bytes == needed + setup.settings.disk_margin_bytes - 100 * 1024 ** 2


def test_every_setting_has_a_default_that_its_own_spec_accepts():
    for spec in SETTINGS.values():
        assert spec.check(spec.default) == spec.default


def test_the_command_line_lists_and_sets_typed_settings(tmp_path):
    data_dir = tmp_path / "data"
    demo_workstation(data_dir)
    changed = cli(data_dir, "settings", "set", DUAL_ENTRY, "yes", expert="DEMO-M-001")
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout) == {DUAL_ENTRY: True}
    refused = cli(data_dir, "settings", "set", RESOLUTION, "800x600", expert="DEMO-M-001")
    assert refused.returncode == 2 and "800x600" in refused.stderr
    listed = json.loads(cli(data_dir, "settings", "list").stdout)
    assert listed[DUAL_ENTRY]["value"] is True and listed[DUAL_ENTRY]["type"] == "yes_no"
    assert listed[RESOLUTION]["choices"] == ["640x360", "960x540", "1280x720", "1920x1080"]
    assert listed[FPS]["range"] == [10, 30] and listed["reapplication.min_interval_days"]["value"] == 183
