"""Agency settings that change rules without changing code, each checked before it is stored."""

from __future__ import annotations

from dataclasses import dataclass

from assessment_app.domain.errors import FieldError
from assessment_app.domain.reapplication import ReapplicationPolicy
from assessment_app.services.case_flags import MAX_PER_YEAR_SETTING, MIN_INTERVAL_SETTING
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: int
    minimum: int
    maximum: int
    description: tuple[str, str]  # zh_CN, en


_DEFAULT_POLICY = ReapplicationPolicy()
SETTINGS = {
    spec.key: spec for spec in (
        SettingSpec(MIN_INTERVAL_SETTING, _DEFAULT_POLICY.min_interval_days, 0, 3650,
                    ("再次申请的最短间隔（天）", "minimum days between applications of one person")),
        SettingSpec(MAX_PER_YEAR_SETTING, _DEFAULT_POLICY.max_per_12_months, 1, 100,
                    ("12 个月内允许的申请次数", "applications allowed within 12 months")),
    )
}


def _spec(key: str) -> SettingSpec:
    if key not in SETTINGS:
        raise FieldError("setting", "unknown_value", key)
    return SETTINGS[key]


def read_settings(records: CaseRecords) -> dict[str, int]:
    with unit_of_work(records.engine) as session:
        stored = SettingsRepository(session)
        return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}


def change_setting(records: CaseRecords, key: str, text: str) -> int:
    spec = _spec(key)
    try:
        value = int(text.strip())
    except ValueError:
        raise FieldError("setting", "format", text) from None
    if not spec.minimum <= value <= spec.maximum:
        raise FieldError("setting", "out_of_range", f"{spec.minimum}–{spec.maximum}")
    with unit_of_work(records.engine) as session:
        SettingsRepository(session).set(key, value)
    return value
