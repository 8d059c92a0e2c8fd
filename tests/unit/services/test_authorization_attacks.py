# SPDX-License-Identifier: GPL-3.0-or-later
"""Attacks on the role rules, each through the services as a script would call them: a session made
up by hand, borrowed from other records or kept after its sign-out; an assessor changing the
agency's rules or adding a colleague; a reviewer editing a case or visiting; an administrator
deciding; an expert deactivated or given another role by the agency while signed in; a third
assessor stepping into someone else's visit."""

from __future__ import annotations

import dataclasses

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission, PermissionDenied
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.services import visit_answers, visit_start
from assessment_app.services.accounts import SessionInfo, VisitPair, logout
from assessment_app.services.agency_settings import read_settings, store_setting
from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.services.authorization import NotSignedIn, granted
from assessment_app.services.case_files import attach_scan
from assessment_app.services.case_queries import case_detail, search_cases
from assessment_app.services.case_records import open_case_records
from assessment_app.services.experts import add_expert, list_experts
from assessment_app.services.intake import register_case
from assessment_app.services.review_decision import decide
from assessment_app.services.review_queue import review_queue
from assessment_app.services.visit_settings import ALLOW_WITHOUT_RECORDING
from assessment_app.storage.repositories import CaseQuery

from tests.actors import set_role, sign_in
from tests.unit.services.conftest import NOW, TODAY, intake_request
from tests.unit.visit.conftest import world  # noqa: F401 - the fixture, on these tests' records
from tests.unit.visit.steps import ready_visit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _refusals(records) -> list:
    return [event for event in chain_events(records, STATION_CHAIN) if event.kind == "permission_denied"]


# --- sessions nobody issued -----------------------------------------------------------------------

def test_a_session_made_up_by_hand_is_refused_and_the_attempt_audited(records, assessors):
    forged = SessionInfo(assessors[0], "A-001", "评估员甲", "administrator", NOW, False)  # no token at all
    with pytest.raises(NotSignedIn):
        register_case(records, intake_request(), TODAY, NOW, actor=forged)
    guessed = dataclasses.replace(forged, token="guessed-token")
    with pytest.raises(NotSignedIn):
        search_cases(records, CaseQuery(), actor=guessed)
    [refusal] = _refusals(records)  # the change is audited, the read is not
    assert refusal.actors == () and refusal.data == {"permission": "edit_cases", "cause": "not_signed_in",
                                                     "claimed_expert": "A-001"}


def test_a_session_of_other_records_is_refused(records, memory_keyring, assessors):
    elsewhere = open_case_records(records.layout.root, None, memory_keyring)  # the same data, another opening
    try:
        session = sign_in(elsewhere, "A-001")
        assert search_cases(elsewhere, CaseQuery(), actor=session).total == 0
        with pytest.raises(NotSignedIn):
            search_cases(records, CaseQuery(), actor=session)
    finally:
        elsewhere.close()


def test_a_session_after_its_sign_out_is_refused(records, actor):
    assert search_cases(records, CaseQuery(), actor=actor).total == 0
    logout(records, actor, NOW)
    with pytest.raises(NotSignedIn):
        search_cases(records, CaseQuery(), actor=actor)
    assert granted(records, actor) == frozenset()


def test_a_claimed_role_grants_nothing_the_stored_one_does_not(records, actor):
    boasting = dataclasses.replace(actor, role="administrator")  # the token is real, the claim is not
    with pytest.raises(PermissionDenied) as refused:
        store_setting(records, ALLOW_WITHOUT_RECORDING, True, actor=boasting, now=NOW)
    assert refused.value.role == "assessor"


# --- each role kept to its work -------------------------------------------------------------------

def test_an_assessor_cannot_let_visits_go_on_without_recording(records, actor):
    with pytest.raises(PermissionDenied) as refused:
        store_setting(records, ALLOW_WITHOUT_RECORDING, True, actor=actor, now=NOW)
    assert refused.value.permission == Permission.CHANGE_SETTINGS
    assert read_settings(records)[ALLOW_WITHOUT_RECORDING] is False
    [refusal] = _refusals(records)
    assert refusal.actors == ("A-001",) and refusal.data["permission"] == "change_settings"


def test_an_administrator_changes_the_setting_and_the_audit_chain_says_from_what_to_what(records):
    administrator = sign_in(records, "M-001", "administrator")
    store_setting(records, ALLOW_WITHOUT_RECORDING, True, actor=administrator, now=NOW)
    [event] = [e for e in chain_events(records, STATION_CHAIN) if e.kind == "setting_changed"]
    assert event.actors == ("M-001",) and event.data == {"key": ALLOW_WITHOUT_RECORDING, "old": False, "new": True}


def test_an_assessor_cannot_add_an_expert(records, actor):
    with pytest.raises(PermissionDenied):
        add_expert(records, name="同伙", expert_number="A-666", role="assessor", qualification=None, now=NOW,
                   actor=actor)
    assert "A-666" not in {expert.expert_number for expert in list_experts(records)}


@pytest.mark.parametrize("role", ["administrator", "reviewer"])
def test_no_administrator_or_reviewer_is_created_locally_even_by_an_administrator(records, role):
    administrator = sign_in(records, "M-001", "administrator")
    with pytest.raises(FieldError) as refused:
        add_expert(records, name="第二管理员", expert_number="M-002", role=role, qualification=None, now=NOW,
                   actor=administrator)
    assert (refused.value.field, refused.value.reason) == ("role", "provisioned_only")
    assert "M-002" not in {expert.expert_number for expert in list_experts(records)}


def test_an_administrator_adds_a_local_assessor_and_it_is_audited(records):
    administrator = sign_in(records, "M-001", "administrator")
    add_expert(records, name="本地评估员", expert_number="A-100", role="assessor", qualification=None, now=NOW,
               actor=administrator)
    [event] = [e for e in chain_events(records, STATION_CHAIN) if e.kind == "expert_added"]
    assert event.actors == ("M-001",) and event.data["expert_number"] == "A-100" and event.data["role"] == "assessor"


def test_a_reviewer_reads_a_case_but_cannot_edit_it(records, actor):
    case = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    reviewer = sign_in(records, "R-001", "reviewer")
    assert case_detail(records, case.case_id, actor=reviewer).case_id == case.case_id
    with pytest.raises(PermissionDenied):
        register_case(records, intake_request(application_type="status_change"), TODAY, NOW, actor=reviewer)
    with pytest.raises(PermissionDenied):
        attach_scan(records, case.case_id, "application_form", PNG, original_name="a.png", now=NOW, actor=reviewer)


def test_a_reviewer_cannot_conduct_a_visit(world):
    reviewer = sign_in(world.records, "R-001", "reviewer")
    with pytest.raises(PermissionDenied):
        visit_start.start_visit(world.records, world.case_id, VisitPair(world.pair.first, reviewer),
                                **world.clock.tick())
    visit_id = ready_visit(world)
    with pytest.raises(PermissionDenied):
        visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=reviewer, **world.clock.tick())


def test_an_administrator_cannot_review_or_decide(world):
    with pytest.raises(PermissionDenied):
        review_queue(world.records, actor=world.admin)
    with pytest.raises(PermissionDenied) as refused:
        decide(world.records, "any-visit", "approve", "", actor=world.admin, passphrase="whatever", now=NOW)
    assert refused.value.permission == Permission.REVIEW


def test_a_third_assessor_cannot_step_into_someone_elses_visit(world):
    visit_id = ready_visit(world)
    outsider = sign_in(world.records, "A-003")
    with pytest.raises(VisitError, match="not_visit_expert"):
        visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=outsider, **world.clock.tick())
    with pytest.raises(VisitError, match="not_visit_expert"):
        visit_answers.current_answers(world.records, visit_id, actor=outsider)
    refusal = _refusals(world.records)[-1]
    assert refusal.actors == ("A-003",) and refusal.data["cause"] == "not_visit_expert"


# --- the agency changes an account while its expert is signed in -------------------------------

def test_an_expert_deactivated_after_signing_in_loses_access_at_the_next_call(records, actor, assessors):
    assert search_cases(records, CaseQuery(), actor=actor).total == 0
    set_role(records, assessors[0], active=False)  # the agency's next package no longer lists them
    with pytest.raises(NotSignedIn):
        search_cases(records, CaseQuery(), actor=actor)


def test_a_role_change_in_the_database_takes_effect_without_signing_in_again(records, actor, assessors):
    register_case(records, intake_request(), TODAY, NOW, actor=actor)
    set_role(records, assessors[0], "reviewer")
    assert Permission.EDIT_CASES not in granted(records, actor) and Permission.REVIEW in granted(records, actor)
    with pytest.raises(PermissionDenied) as refused:
        register_case(records, intake_request(application_type="status_change"), TODAY, NOW, actor=actor)
    assert refused.value.role == "reviewer"
    assert review_queue(records, actor=actor) == []  # and what the new role grants works at once
