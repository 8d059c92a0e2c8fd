# SPDX-License-Identifier: GPL-3.0-or-later
"""纠偏 flags for re-applications that come too soon or too often.

Changning's 2020 plan (seeds/004, 二(二)1–2) ranks insured persons who "频繁申请复评" for
spot checks and sanctions care providers who steer them into repeated re-assessments "调整
评估等级". The flags here make such a pattern visible at intake; they do not refuse the
application — a reviewer decides, and the flag's reason is shown to them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from forms.model import LocalizedText

from assessment_app.domain.case_types import ApplicationType, CaseStatus

FREQUENCY_WINDOW_DAYS = 365
# The agency settings that hold the policy (the laptop's settings table, the server's review_settings).
MIN_INTERVAL_SETTING = "reapplication.min_interval_days"
MAX_PER_YEAR_SETTING = "reapplication.max_per_12_months"


class FlagCode(StrEnum):
    TOO_SOON = "too_soon"
    TOO_FREQUENT = "too_frequent"


@dataclass(frozen=True)
class PriorApplication:
    case_id: str
    application_type: ApplicationType
    applied_on: datetime.date
    grade_code: int | None
    status: CaseStatus

    def __post_init__(self) -> None:
        # Storage hands back plain strings; compare enum members from here on.
        object.__setattr__(self, "application_type", ApplicationType(self.application_type))
        object.__setattr__(self, "status", CaseStatus(self.status))


@dataclass(frozen=True)
class ReapplicationPolicy:
    # Issue 4 sets six months as the default minimum interval (the seeds name no number;
    # agencies configure their own). It is counted in days so the rule does not depend on
    # month lengths: 183 is half a year rounded up, so a new application is flagged unless at
    # least half a year has passed, and calendar six-month spans (181–184 days) differ from
    # it by at most two days.
    min_interval_days: int = 183
    max_per_12_months: int = 2

    def __post_init__(self) -> None:
        if self.min_interval_days < 0:
            raise ValueError(f"min_interval_days must not be negative, got {self.min_interval_days}")
        if self.max_per_12_months < 1:
            raise ValueError(f"max_per_12_months must be at least 1, got {self.max_per_12_months}")


_MESSAGES = {
    FlagCode.TOO_SOON: LocalizedText(
        "距上次申请（{previous_applied_on}）仅 {days_since} 天，少于最短间隔 {min_interval_days} 天",
        "Only {days_since} days since the previous application ({previous_applied_on}); "
        "the minimum interval is {min_interval_days} days",
    ),
    FlagCode.TOO_FREQUENT: LocalizedText(
        "近 {window_days} 天内第 {count} 次申请，超过上限 {max_per_12_months} 次",
        "Application number {count} within {window_days} days; the limit is {max_per_12_months}",
    ),
}


@dataclass(frozen=True)
class Flag:
    """`detail` holds only strings, integers and lists of strings, so it can be stored and
    written as JSON as it is."""

    code: FlagCode
    detail: Mapping[str, object] = field(hash=False)

    def message(self, language: str = "zh_CN") -> str:
        return _MESSAGES[self.code].get(language).format(**self.detail)


def reapplication_flags(
    new_application_date: datetime.date,
    application_type: ApplicationType | str,
    priors: Iterable[PriorApplication],
    policy: ReapplicationPolicy = ReapplicationPolicy(),
) -> tuple[Flag, ...]:
    """Flags for a new application, too_soon before too_frequent.

    Which priors count:
    - withdrawn ones do not: they ended before any visit and often only correct a data-entry
      slip, which is not the re-application pattern the policy targets;
    - 复核 (appeals) do not: an appeal re-examines the conclusion of the application it
      contests, by definition soon after it, so it is part of that application, not a new one;
    - priors dated after the new application do not: they are not its history (this matters
      when the flags of an older case are recomputed).
    A new 复核 is never flagged, for the same reason: an appeal within the period the policy
    grants is a right, and flagging it would bias the reviewer against the appellant.
    """
    if ApplicationType(application_type) is ApplicationType.REVIEW:
        return ()
    counted = sorted(
        (
            prior
            for prior in priors
            if prior.status is not CaseStatus.WITHDRAWN
            and prior.application_type is not ApplicationType.REVIEW
            and prior.applied_on <= new_application_date
        ),
        key=lambda prior: (prior.applied_on, prior.case_id),
    )
    flags = []
    if counted:
        latest = counted[-1]
        days_since = (new_application_date - latest.applied_on).days
        if days_since < policy.min_interval_days:
            flags.append(Flag(FlagCode.TOO_SOON, {
                "previous_case_id": latest.case_id,
                "previous_applied_on": latest.applied_on.isoformat(),
                "days_since": days_since,
                "min_interval_days": policy.min_interval_days,
            }))
    # The window counts priors 0–364 days old; one made exactly 365 days earlier (the same
    # date a common year before) falls outside it.
    in_window = [prior for prior in counted if (new_application_date - prior.applied_on).days < FREQUENCY_WINDOW_DAYS]
    count = len(in_window) + 1
    if count > policy.max_per_12_months:
        flags.append(Flag(FlagCode.TOO_FREQUENT, {
            "count": count,
            "window_days": FREQUENCY_WINDOW_DAYS,
            "max_per_12_months": policy.max_per_12_months,
            "case_ids": [prior.case_id for prior in in_window],
        }))
    return tuple(flags)
