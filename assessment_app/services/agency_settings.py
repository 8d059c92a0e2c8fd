# SPDX-License-Identifier: GPL-3.0-or-later
"""Agency settings that change rules without changing code, each checked before it is stored.

Every setting has a typed spec: a whole number within a range, yes/no, or one of a few named
values. The CLI (`ltc-assess settings`) and the administration page read and change them
through this one registry, so a value is checked the same way whoever sets it. Only a signed-in
actor who may change settings changes one, and every change is in the station's audit chain
with its old and new value. Reading them needs no sign-in: they are rules, not personal data.
"""

from __future__ import annotations

import datetime

from assessment_app.domain.errors import FieldError
from assessment_app.domain.reapplication import ReapplicationPolicy
from assessment_app.domain.roles import Permission
from assessment_app.domain.setting_spec import CHOICE, INTEGER, YES_NO, SettingSpec  # noqa: F401
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_flags import MAX_PER_YEAR_SETTING, MIN_INTERVAL_SETTING
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.recording_settings import (
    CAMERA_INDEX, FPS, MAX_CAMERA_INDEX, MICROPHONE, PLANNED_MINUTES, RESOLUTION, RESOLUTIONS, RECORDING_DEFAULTS,
)
from assessment_app.services.visit_report import ID_DISPLAY_SETTING
from assessment_app.services.visit_settings import (
    ALLOW_WITHOUT_RECORDING, DEFAULTS as VISIT_DEFAULTS, DUAL_ENTRY, RECORDING_WATERMARK,
)
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.unit_of_work import unit_of_work

ID_DISPLAY_CHOICES = ("masked", "full")


_DEFAULT_POLICY = ReapplicationPolicy()
SETTINGS = {
    spec.key: spec for spec in (
        SettingSpec(MIN_INTERVAL_SETTING, INTEGER, _DEFAULT_POLICY.min_interval_days,
                    ("再次申请的最短间隔（天）", "minimum days between applications of one person"), 0, 3650),
        SettingSpec(MAX_PER_YEAR_SETTING, INTEGER, _DEFAULT_POLICY.max_per_12_months,
                    ("12 个月内允许的申请次数", "applications allowed within 12 months"), 1, 100),
        SettingSpec(ALLOW_WITHOUT_RECORDING, YES_NO, VISIT_DEFAULTS[ALLOW_WITHOUT_RECORDING],
                    ("拒绝录像时是否可继续评估", "the assessment may continue when recording is refused or impossible")),
        SettingSpec(DUAL_ENTRY, YES_NO, VISIT_DEFAULTS[DUAL_ENTRY],
                    ("双人独立录入（背靠背评分）", "dual entry: each expert rates independently")),
        SettingSpec(RECORDING_WATERMARK, YES_NO, VISIT_DEFAULTS[RECORDING_WATERMARK],
                    ("录像水印（机构、案件号、时间）", "watermark in the video (agency, case number, date-time)")),
        SettingSpec(ID_DISPLAY_SETTING, CHOICE, "masked",
                    ("报告中身份证号显示方式（masked 部分隐藏 / full 完整）",
                     "ID number on the report: masked or full"), choices=ID_DISPLAY_CHOICES),
        SettingSpec(CAMERA_INDEX, INTEGER, RECORDING_DEFAULTS[CAMERA_INDEX],
                    ("摄像头编号（0 为第一个）", "camera device number (0 is the first)"), 0, MAX_CAMERA_INDEX),
        SettingSpec(RESOLUTION, CHOICE, RECORDING_DEFAULTS[RESOLUTION],
                    ("录像分辨率", "recording resolution"), choices=RESOLUTIONS),
        SettingSpec(FPS, INTEGER, RECORDING_DEFAULTS[FPS], ("录像帧率（帧/秒）", "recording frame rate (fps)"), 10, 30),
        SettingSpec(MICROPHONE, YES_NO, RECORDING_DEFAULTS[MICROPHONE],
                    ("录制麦克风声音", "record sound from the microphone")),
        SettingSpec(PLANNED_MINUTES, INTEGER, RECORDING_DEFAULTS[PLANNED_MINUTES],
                    ("计划评估时长（分钟，用于磁盘空间预检）", "planned visit length in minutes (disk space preflight)"),
                    10, 300),
    )
}


def setting_spec(key: str) -> SettingSpec:
    if key not in SETTINGS:
        raise FieldError("setting", "unknown_value", key)
    return SETTINGS[key]


def read_settings(records: CaseRecords) -> dict[str, int | bool | str]:
    with unit_of_work(records.engine) as session:
        stored = SettingsRepository(session)
        return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}


def change_setting(records: CaseRecords, key: str, text: str, *, actor, now: datetime.datetime) -> int | bool | str:
    """Change a setting from its text form (the command line)."""
    return _store(records, key, lambda spec: spec.parse(text), actor=actor, now=now)


def store_setting(records: CaseRecords, key: str, value: int | bool | str, *, actor,
                  now: datetime.datetime) -> int | bool | str:
    """Change a setting from a typed value (a form)."""
    return _store(records, key, lambda spec: spec.check(value), actor=actor, now=now)


def _store(records: CaseRecords, key: str, checked, *, actor, now: datetime.datetime) -> int | bool | str:
    with unit_of_work(records.engine) as session:
        administrator = authorize(session, records, actor, Permission.CHANGE_SETTINGS, now=now)
        spec = setting_spec(key)
        value = checked(spec)
        stored = SettingsRepository(session)
        old = stored.get(key, spec.default)
        stored.set(key, value)
        append_station_event(session, "setting_changed", now=now, actor_ids=[administrator.id],
                             data={"key": key, "old": old, "new": value})
    return value
