# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's agency settings, kept in PostgreSQL (`review_settings`) so every server and
worker applies the same: how long a claim lasts, the review-flag and re-application policies
(the same setting names and rules as on the laptop: domain/review_flags.py, domain/reapplication.py),
the agency's time zone (days and months of the dashboard, dates of applications), and the
outlier test's level. Each value is checked by its spec (domain/setting_spec.py) before it is
stored; every change is an audit event.
"""

from __future__ import annotations

import datetime
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import RecordsKey
from assessment_app.agency.review_models import ReviewSetting
from assessment_app.domain.errors import FieldError
from assessment_app.domain.reapplication import MAX_PER_YEAR_SETTING, MIN_INTERVAL_SETTING, ReapplicationPolicy
from assessment_app.domain.review_flags import POLICY_SETTINGS, ReviewFlagPolicy
from assessment_app.domain.setting_spec import CHOICE, INTEGER, SettingSpec

CLAIM_MINUTES = "review.claim_minutes"
SESSION_HOURS = "review.session_hours"
TIME_ZONE = "agency.time_zone"
OUTLIER_ALPHA_PERMILLE = "dashboard.outlier_alpha_permille"
MIN_VISITS_FOR_TEST = "dashboard.min_visits_for_test"
_RECORDS_KEY_ID = "records.key_id"  # not a setting anyone changes: the id of the key the rows are sealed under
TIME_ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "UTC")

_FLAGS, _REAPPLICATION = ReviewFlagPolicy(), ReapplicationPolicy()
SPECS = {spec.key: spec for spec in (
    SettingSpec(CLAIM_MINUTES, INTEGER, 30, ("审核认领的有效时长（分钟），过期后他人可接手",
                                             "minutes a claim lasts; an expired claim can be taken over"), 1, 1440),
    SettingSpec(SESSION_HOURS, INTEGER, 8, ("审核员登录有效时长（小时）", "hours a reviewer's sign-in lasts"), 1, 24),
    SettingSpec(TIME_ZONE, CHOICE, "Asia/Shanghai", ("机构所在时区（统计的日、月按此计算）",
                                                    "the agency's time zone (days and months of the statistics)"),
                choices=TIME_ZONES),
    SettingSpec(OUTLIER_ALPHA_PERMILLE, INTEGER, 50, ("异常检验的显著性水平（千分之几，按评估人员人数做 Bonferroni 校正）",
                                                      "level of the outlier test in per mille (Bonferroni over the assessors)"),
                1, 200),
    SettingSpec(MIN_VISITS_FOR_TEST, INTEGER, 30, ("参与异常检验的最少评估次数", "fewest visits for an assessor to be tested"),
                5, 100000),
    SettingSpec(POLICY_SETTINGS["min_visit_minutes"], INTEGER, _FLAGS.min_visit_minutes,
                ("评估最短用时（分钟，按参考项目数）", "shortest visit in minutes (for the reference item count)"), 0, 240),
    SettingSpec(POLICY_SETTINGS["reference_item_count"], INTEGER, _FLAGS.reference_item_count,
                ("最短用时对应的参考项目数", "item count the shortest visit refers to"), 1, 200),
    SettingSpec(POLICY_SETTINGS["max_answer_changes"], INTEGER, _FLAGS.max_answer_changes,
                ("答案修改次数提示阈值", "answer changes from which a record is flagged"), 1, 100),
    SettingSpec(POLICY_SETTINGS["grade_gap"], INTEGER, _FLAGS.grade_gap,
                ("自评与评估结果相差等级提示阈值", "grades between self-assessment and result that flag a record"), 1, 5),
    SettingSpec(MIN_INTERVAL_SETTING, INTEGER, _REAPPLICATION.min_interval_days,
                ("再次申请的最短间隔（天）", "minimum days between applications of one person"), 0, 3650),
    SettingSpec(MAX_PER_YEAR_SETTING, INTEGER, _REAPPLICATION.max_per_12_months,
                ("12 个月内允许的申请次数", "applications allowed within 12 months"), 1, 100),
)}
# Settings whose change alters the records' flags (review_registration.refresh_all_flags).
FLAG_SETTINGS = (*POLICY_SETTINGS.values(), MIN_INTERVAL_SETTING, MAX_PER_YEAR_SETTING, TIME_ZONE)


def read_settings(session: Session) -> dict[str, object]:
    stored = {row.key: row.value for row in session.scalars(select(ReviewSetting))}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def change_setting(session: Session, key: str, text: str, *, actor: str, now: datetime.datetime) -> object:
    spec = SPECS.get(key)
    if spec is None:
        raise AgencyError("setting_unknown", key)
    try:
        value = spec.parse(text)
    except FieldError as error:
        raise AgencyError("setting_invalid", f"{key}: {error.reason} {error.detail or ''}".strip()) from None
    row = session.get(ReviewSetting, key, with_for_update=True)
    old = row.value if row is not None else spec.default
    if row is None:
        session.add(ReviewSetting(key=key, value=value, updated_at=now, updated_by=actor))
    else:
        row.value, row.updated_at, row.updated_by = value, now, actor
    append_event(session, actor=actor, action="review_setting_changed", subject=key,
                 detail={"old": old, "new": value}, now=now)
    session.flush()
    return value


def flag_policy(settings: dict) -> ReviewFlagPolicy:
    return ReviewFlagPolicy(**{name: settings[key] for name, key in POLICY_SETTINGS.items()})


def reapplication_policy(settings: dict) -> ReapplicationPolicy:
    return ReapplicationPolicy(min_interval_days=settings[MIN_INTERVAL_SETTING],
                               max_per_12_months=settings[MAX_PER_YEAR_SETTING])


def agency_zone(settings: dict) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings[TIME_ZONE])


def claim_duration(settings: dict) -> datetime.timedelta:
    return datetime.timedelta(minutes=settings[CLAIM_MINUTES])


def check_records_key(session: Session, key: RecordsKey, now: datetime.datetime) -> None:
    """Remember the key's id on first use; refuse another key later (its rows would not open)."""
    row = session.get(ReviewSetting, _RECORDS_KEY_ID, with_for_update=True)
    if row is None:
        session.add(ReviewSetting(key=_RECORDS_KEY_ID, value=key.key_id, updated_at=now, updated_by="server"))
        session.flush()
    elif row.value != key.key_id:
        raise AgencyError("records_key_mismatch", f"{key.key_id} ≠ {row.value}")
