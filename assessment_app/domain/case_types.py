# SPDX-License-Identifier: GPL-3.0-or-later
"""The vocabularies of a case: application type, insurance type, case status and its transitions.

Enum values are stored in the database and written into bundles: never rename one; add new
members instead. Labels are for people and may change freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from forms.model import LocalizedText

from assessment_app.errors import AppError


class ApplicationType(StrEnum):
    INITIAL = "initial"
    REASSESSMENT = "reassessment"
    REVIEW = "review"
    STATUS_CHANGE = "status_change"

    def label(self, language: str = "zh_CN") -> str:
        return _APPLICATION_TYPE_LABELS[self].get(language)


_APPLICATION_TYPE_LABELS = {
    ApplicationType.INITIAL: LocalizedText("首次评估", "Initial assessment"),
    ApplicationType.REASSESSMENT: LocalizedText("复评", "Reassessment"),
    ApplicationType.REVIEW: LocalizedText("复核", "Review (appeal)"),
    ApplicationType.STATUS_CHANGE: LocalizedText("状态变化重新评估", "Reassessment after a change of condition"),
}


class InsuranceType(StrEnum):
    EMPLOYEE = "employee"
    RESIDENT = "resident"

    def label(self, language: str = "zh_CN") -> str:
        return _INSURANCE_TYPE_LABELS[self].get(language)


_INSURANCE_TYPE_LABELS = {
    InsuranceType.EMPLOYEE: LocalizedText("城镇职工基本医疗保险", "Basic medical insurance for urban employees"),
    InsuranceType.RESIDENT: LocalizedText("城乡居民基本医疗保险", "Basic medical insurance for urban and rural residents"),
}


class CaseStatus(StrEnum):
    INTAKE = "intake"
    SCHEDULED = "scheduled"
    IN_VISIT = "in_visit"
    SIGNED = "signed"
    EXPORTED = "exported"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    def label(self, language: str = "zh_CN") -> str:
        return _CASE_STATUS_LABELS[self].get(language)

    @property
    def is_open(self) -> bool:
        # An exported case still awaits the agency's decision, so it still blocks a second
        # open case of the same person and type.
        return self not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)

    @property
    def next_statuses(self) -> frozenset[CaseStatus]:
        return ALLOWED_TRANSITIONS[self]


_CASE_STATUS_LABELS = {
    CaseStatus.INTAKE: LocalizedText("受理中", "Intake"),
    CaseStatus.SCHEDULED: LocalizedText("已排期", "Scheduled"),
    CaseStatus.IN_VISIT: LocalizedText("上门评估中", "Visit in progress"),
    CaseStatus.SIGNED: LocalizedText("已签名", "Signed"),
    CaseStatus.EXPORTED: LocalizedText("已导出", "Exported"),
    CaseStatus.CLOSED: LocalizedText("已办结", "Closed"),
    CaseStatus.WITHDRAWN: LocalizedText("已撤回", "Withdrawn"),
}

# A signed visit is never reopened: a correction is a new version of the record (design §2.5),
# not a step back in this machine. An aborted visit (identity mismatch, recording refused)
# returns to intake so it can be rescheduled; a case can be withdrawn only before the visit.
ALLOWED_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = MappingProxyType({
    CaseStatus.INTAKE: frozenset({CaseStatus.SCHEDULED, CaseStatus.WITHDRAWN}),
    CaseStatus.SCHEDULED: frozenset({CaseStatus.IN_VISIT, CaseStatus.WITHDRAWN}),
    CaseStatus.IN_VISIT: frozenset({CaseStatus.SIGNED, CaseStatus.INTAKE}),
    CaseStatus.SIGNED: frozenset({CaseStatus.EXPORTED}),
    CaseStatus.EXPORTED: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
})


# A case in any other status is "open": the intake refuses a second open case of the same type
# (a partial unique index in storage/models.py).
CLOSED_CASE_STATUSES = tuple(status.value for status in CaseStatus if not status.is_open)
# A visit starts from intake or a scheduled appointment; one that ended with an outcome sends
# the case back to intake (services/visit_start.end_visit).
VISITABLE_CASE_STATUSES = (CaseStatus.INTAKE, CaseStatus.SCHEDULED)


def is_visitable(status: CaseStatus | str) -> bool:
    return status in VISITABLE_CASE_STATUSES


class CaseTransitionError(AppError, ValueError):
    """A status change the case's state machine does not allow."""

    reason = "case_transition_refused"

    def __init__(self, from_status: CaseStatus, to_status: CaseStatus) -> None:
        super().__init__(from_status, to_status)
        self.from_status = from_status
        self.to_status = to_status
        self.allowed: tuple[CaseStatus, ...] = tuple(sorted(ALLOWED_TRANSITIONS[from_status]))

    def __str__(self) -> str:
        allowed = ", ".join(self.allowed) or "none"
        return f"case status cannot change from {self.from_status} to {self.to_status} (allowed: {allowed})"


def can_transition(from_status: CaseStatus | str, to_status: CaseStatus | str) -> bool:
    return CaseStatus(to_status) in ALLOWED_TRANSITIONS[CaseStatus(from_status)]


def transition(from_status: CaseStatus | str, to_status: CaseStatus | str) -> CaseStatus:
    """The new status, or CaseTransitionError. Unknown status values raise ValueError."""
    source, target = CaseStatus(from_status), CaseStatus(to_status)
    if target not in ALLOWED_TRANSITIONS[source]:
        raise CaseTransitionError(source, target)
    return target
