# SPDX-License-Identifier: GPL-3.0-or-later
"""纠偏 flags: a re-application too soon after the last one, or too many within a year."""

from __future__ import annotations

import datetime
import json

import pytest

from assessment_app.domain.case_types import ApplicationType, CaseStatus
from assessment_app.domain.reapplication import (
    Flag,
    FlagCode,
    PriorApplication,
    ReapplicationPolicy,
    reapplication_flags,
)

NEW = datetime.date(2025, 6, 15)
A = ApplicationType
# Interval 0 isolates the frequency rule: with the defaults, three applications within 365
# days always include two less than 183 days apart.
COUNT_ONLY = ReapplicationPolicy(min_interval_days=0)


def prior(days_before: int, case_id: str = "C1", application_type=A.INITIAL, status=CaseStatus.CLOSED, grade=2):
    return PriorApplication(case_id, application_type, NEW - datetime.timedelta(days=days_before), grade, status)


def codes(flags) -> list[str]:
    return [flag.code for flag in flags]


def test_no_priors_no_flags():
    assert reapplication_flags(NEW, A.INITIAL, []) == ()


def test_182_days_after_the_previous_application_is_too_soon():
    flags = reapplication_flags(NEW, A.REASSESSMENT, [prior(182, "C7")])
    assert flags == (Flag(FlagCode.TOO_SOON, {
        "previous_case_id": "C7",
        "previous_applied_on": "2024-12-15",
        "days_since": 182,
        "min_interval_days": 183,
    }),)


def test_183_days_after_the_previous_application_is_not_too_soon():
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(183)]) == ()


def test_an_application_on_the_same_day_is_too_soon():
    assert codes(reapplication_flags(NEW, A.STATUS_CHANGE, [prior(0)])) == ["too_soon"]


def test_too_soon_compares_with_the_latest_prior_whatever_the_input_order():
    flags = reapplication_flags(NEW, A.REASSESSMENT, [prior(30, "recent"), prior(400, "old")])
    assert flags[0].detail["previous_case_id"] == "recent"
    assert flags[0].detail["days_since"] == 30


def test_the_interval_is_configurable():
    policy = ReapplicationPolicy(min_interval_days=90)
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(89)], policy)[0].code == "too_soon"
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(90)], policy) == ()


def test_two_applications_in_twelve_months_are_not_too_frequent():
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(100)], COUNT_ONLY) == ()


def test_three_applications_in_twelve_months_are_too_frequent():
    flags = reapplication_flags(NEW, A.REASSESSMENT, [prior(100, "C2"), prior(300, "C1")], COUNT_ONLY)
    assert flags == (Flag(FlagCode.TOO_FREQUENT, {
        "count": 3, "window_days": 365, "max_per_12_months": 2, "case_ids": ["C1", "C2"]}),)


def test_a_prior_364_days_old_is_inside_the_window_and_365_days_old_outside():
    assert codes(reapplication_flags(NEW, A.REASSESSMENT, [prior(100), prior(364)], COUNT_ONLY)) == ["too_frequent"]
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(100), prior(365)], COUNT_ONLY) == ()


def test_the_yearly_limit_is_configurable():
    policy = ReapplicationPolicy(min_interval_days=0, max_per_12_months=3)
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(10), prior(20)], policy) == ()
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(10), prior(20), prior(30)], policy)[0].detail["count"] == 4


def test_with_the_defaults_both_flags_are_raised_together_too_soon_first():
    flags = reapplication_flags(NEW, A.REASSESSMENT, [prior(10, "C2"), prior(200, "C1")])
    assert codes(flags) == ["too_soon", "too_frequent"]


def test_withdrawn_priors_do_not_count():
    priors = [prior(10, status=CaseStatus.WITHDRAWN), prior(20, status="withdrawn")]
    assert reapplication_flags(NEW, A.INITIAL, priors) == ()


def test_open_priors_count():
    assert codes(reapplication_flags(NEW, A.STATUS_CHANGE, [prior(10, status=CaseStatus.SCHEDULED)])) == ["too_soon"]


def test_a_new_review_is_never_flagged():
    priors = [prior(5, "C3"), prior(60, "C2"), prior(120, "C1")]
    assert reapplication_flags(NEW, A.REVIEW, priors) == ()
    assert reapplication_flags(NEW, "review", priors) == ()


def test_prior_reviews_are_part_of_the_application_they_contest():
    priors = [prior(10, "R1", application_type=A.REVIEW), prior(200, "C1")]
    assert reapplication_flags(NEW, A.REASSESSMENT, priors) == ()
    priors = [prior(10, "R1", application_type="review"), prior(20, "R2", application_type=A.REVIEW), prior(300)]
    assert reapplication_flags(NEW, A.REASSESSMENT, priors, COUNT_ONLY) == ()


def test_priors_after_the_new_application_are_not_its_history():
    assert reapplication_flags(NEW, A.REASSESSMENT, [prior(-10), prior(-20)]) == ()


def test_messages_in_both_languages():
    too_soon, too_frequent = reapplication_flags(NEW, A.REASSESSMENT, [prior(10, "C2"), prior(200, "C1")])
    assert too_soon.message() == "距上次申请（2025-06-05）仅 10 天，少于最短间隔 183 天"
    assert too_soon.message("en") == (
        "Only 10 days since the previous application (2025-06-05); the minimum interval is 183 days")
    assert too_frequent.message("zh_CN") == "近 365 天内第 3 次申请，超过上限 2 次"
    assert too_frequent.message("en") == "Application number 3 within 365 days; the limit is 2"


def test_flag_detail_is_plain_json():
    flags = reapplication_flags(NEW, A.REASSESSMENT, [prior(10, "C2"), prior(200, "C1")])
    for flag in flags:
        assert json.loads(json.dumps(flag.detail)) == flag.detail


def test_prior_fields_from_storage_strings_become_enum_members():
    stored = PriorApplication("C1", "reassessment", NEW, None, "closed")
    assert stored.application_type is A.REASSESSMENT and stored.status is CaseStatus.CLOSED


@pytest.mark.parametrize("kwargs", [{"min_interval_days": -1}, {"max_per_12_months": 0}])
def test_nonsensical_policies_are_refused(kwargs):
    with pytest.raises(ValueError):
        ReapplicationPolicy(**kwargs)


def test_default_policy_is_six_months_and_two_a_year():
    assert ReapplicationPolicy() == ReapplicationPolicy(min_interval_days=183, max_per_12_months=2)
