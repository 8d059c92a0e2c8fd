# SPDX-License-Identifier: GPL-3.0-or-later
"""Stored values, labels and the case status machine."""

from __future__ import annotations

import itertools

import pytest

from assessment_app.domain.case_types import (
    ALLOWED_TRANSITIONS,
    ApplicationType,
    CaseStatus,
    CaseTransitionError,
    InsuranceType,
    can_transition,
    transition,
)

S = CaseStatus
ALLOWED = {
    (S.INTAKE, S.SCHEDULED),
    (S.SCHEDULED, S.IN_VISIT),
    (S.IN_VISIT, S.SIGNED),
    (S.SIGNED, S.EXPORTED),
    (S.EXPORTED, S.CLOSED),
    (S.INTAKE, S.WITHDRAWN),
    (S.SCHEDULED, S.WITHDRAWN),
    (S.IN_VISIT, S.INTAKE),
}


def test_stored_values_never_change():
    assert [t.value for t in ApplicationType] == ["initial", "reassessment", "review", "status_change"]
    assert [t.value for t in InsuranceType] == ["employee", "resident"]
    assert [s.value for s in CaseStatus] == [
        "intake", "scheduled", "in_visit", "signed", "exported", "closed", "withdrawn"]


def test_application_type_labels_in_both_languages():
    assert [t.label() for t in ApplicationType] == ["首次评估", "复评", "复核", "状态变化重新评估"]
    assert ApplicationType.REVIEW.label("en") == "Review (appeal)"
    assert all(t.label("en") and t.label("en") != t.label("zh_CN") for t in ApplicationType)


def test_insurance_type_labels_in_both_languages():
    assert [t.label("zh_CN") for t in InsuranceType] == ["城镇职工基本医疗保险", "城乡居民基本医疗保险"]
    assert InsuranceType.RESIDENT.label("en") == "Basic medical insurance for urban and rural residents"


def test_every_status_has_distinct_labels_and_unknown_languages_fall_back_to_chinese():
    assert len({s.label("zh_CN") for s in CaseStatus}) == len({s.label("en") for s in CaseStatus}) == len(CaseStatus)
    assert CaseStatus.IN_VISIT.label("fr") == CaseStatus.IN_VISIT.label() == "上门评估中"


def test_only_closed_and_withdrawn_cases_are_not_open():
    assert {s for s in CaseStatus if not s.is_open} == {S.CLOSED, S.WITHDRAWN}


@pytest.mark.parametrize("source, target", list(itertools.product(CaseStatus, CaseStatus)))
def test_transition_table(source, target):
    allowed = (source, target) in ALLOWED
    assert can_transition(source, target) is allowed
    if allowed:
        assert transition(source, target) is target
    else:
        with pytest.raises(CaseTransitionError) as caught:
            transition(source, target)
        assert (caught.value.from_status, caught.value.to_status) == (source, target)
        assert set(caught.value.allowed) == ALLOWED_TRANSITIONS[source]


def test_the_happy_path_runs_from_intake_to_closed():
    status = S.INTAKE
    for target in (S.SCHEDULED, S.IN_VISIT, S.SIGNED, S.EXPORTED, S.CLOSED):
        status = transition(status, target)
    assert status is S.CLOSED and not status.is_open


def test_a_signed_case_can_not_go_back():
    assert S.SIGNED.next_statuses == frozenset({S.EXPORTED})
    assert not can_transition("signed", "in_visit")


def test_stored_strings_are_accepted_and_unknown_ones_refused():
    assert transition("in_visit", "intake") is S.INTAKE
    with pytest.raises(ValueError):
        transition("intake", "archived")


def test_transition_error_says_what_is_allowed():
    with pytest.raises(CaseTransitionError) as caught:
        transition(S.CLOSED, S.INTAKE)
    assert caught.value.allowed == ()
    assert "closed" in str(caught.value) and "intake" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_transition_table_can_not_be_changed_at_run_time():
    with pytest.raises(TypeError):
        ALLOWED_TRANSITIONS[S.CLOSED] = frozenset({S.INTAKE})  # type: ignore[index]
