# SPDX-License-Identifier: GPL-3.0-or-later
"""Case intake: every wrong field at once, one open case per person and type, flags, checklist."""

from __future__ import annotations

import datetime

import pytest

from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.services.case_queries import case_detail
from assessment_app.services.intake import register_case
from assessment_app.storage.models import Case
from assessment_app.storage.repositories import OpenCaseExists
from assessment_app.storage.unit_of_work import unit_of_work
from tests.actors import add_person, sign_in
from tests.unit.services.conftest import KNOWN_ID, NOW, TODAY, intake_request


def test_valid_intake_registers_applicant_case_and_checklist(actor, records, assessors):
    result = register_case(records, intake_request(task_number="SH-2026-0001", planned_visit_date="2026-12-01",
                                                   expert_ids=assessors, materials_received=("application_form",)),
                           TODAY, NOW, actor=actor)
    detail = case_detail(records, result.case_id, actor=actor)
    assert (detail.applicant_name, detail.sex, detail.birth_date) == ("测试钱玉兰", "female", "1938-07-14")
    assert detail.resident_id_masked == KNOWN_ID[:4] + "*" * 10 + KNOWN_ID[-4:]
    assert [e.expert_number for e in detail.experts] == ["A-001", "A-002"]
    assert (detail.task_number, detail.planned_visit_date, detail.status) == ("SH-2026-0001", "2026-12-01", "intake")
    assert [m.code for m in detail.materials if m.received] == ["application_form"]
    assert "application_form" not in detail.missing_material_codes and "integrity_pledge" in detail.missing_material_codes
    assert result.flags == () and not result.applicant_was_known


def test_every_wrong_field_is_reported_and_nothing_is_saved(actor, records):
    bad = intake_request(name="王1", resident_id=KNOWN_ID[:-1] + ("0" if KNOWN_ID[-1] != "0" else "1"), phone="12345",
                         address="", insurance_type="private", application_type="initial",
                         planned_visit_date="2026-11-01", task_number="bad number!")
    with pytest.raises(FieldErrors) as caught:
        register_case(records, bad, TODAY, NOW, actor=actor)
    reasons = {(e.field, e.reason) for e in caught.value.errors}
    assert reasons == {("name", "characters"), ("resident_id", "check_digit"), ("phone", "format"),
                       ("address", "empty"), ("insurance_type", "unknown_value"), ("task_number", "format"),
                       ("planned_visit_date", "in_past")}
    with unit_of_work(records.engine) as session:
        assert session.query(Case).count() == 0


def test_second_open_case_of_same_person_and_type_is_refused_with_a_link(actor, records):
    first = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    with pytest.raises(OpenCaseExists) as caught:
        register_case(records, intake_request(), TODAY, NOW, actor=actor)
    assert caught.value.open_case_id == first.case_id
    other_type = register_case(records, intake_request(application_type="status_change"), TODAY, NOW, actor=actor)
    assert other_type.applicant_was_known and other_type.applicant_id == first.applicant_id


def test_known_id_number_under_another_name_is_refused(actor, records):
    register_case(records, intake_request(), TODAY, NOW, actor=actor)
    with pytest.raises(FieldErrors) as caught:
        register_case(records, intake_request(name="测试别人", application_type="review"), TODAY, NOW, actor=actor)
    assert [(e.field, e.reason, e.detail) for e in caught.value.errors] == [("name", "differs_from_record", "测试钱玉兰")]


def test_experts_must_be_two_different_active_assessors(actor, records, assessors):
    reviewer = add_person(records, "R-1", "reviewer", "审核员")
    for expert_ids, reason in [((assessors[0], assessors[0]), "same_person"), ((assessors[0], "nobody"), "unknown_expert"),
                               ((assessors[0], reviewer), "not_an_assessor"), ((*assessors, assessors[1]), "too_many")]:
        with pytest.raises(FieldErrors) as caught:
            register_case(records, intake_request(expert_ids=expert_ids), TODAY, NOW, actor=actor)
        assert [e.reason for e in caught.value.errors] == [reason]


def test_reapplication_soon_after_a_closed_case_is_flagged(actor, records):
    earlier_day = TODAY - datetime.timedelta(days=30)
    earlier = register_case(records, intake_request(), earlier_day,
                            datetime.datetime.combine(earlier_day, datetime.time(3), datetime.timezone.utc), actor=actor)
    with unit_of_work(records.engine) as session:
        session.get(Case, earlier.case_id).status = "closed"
    result = register_case(records, intake_request(application_type="reassessment"), TODAY, NOW, actor=actor)
    assert [flag.code.value for flag in result.flags] == ["too_soon"]
    assert "30" in result.flags[0].message("zh_CN")
    detail = case_detail(records, result.case_id, actor=actor)
    assert [flag.code.value for flag in detail.flags] == ["too_soon"]
    assert [prior.case_id for prior in detail.prior_cases] == [earlier.case_id]


def test_unknown_material_code_is_refused(actor, records):
    with pytest.raises(FieldErrors) as caught:
        register_case(records, intake_request(materials_received=("passport",)), TODAY, NOW, actor=actor)
    assert [(e.field, e.reason) for e in caught.value.errors] == [("materials_received", "unknown_material")]


def test_the_agency_setting_changes_the_minimum_interval(actor, records):
    from assessment_app.services.agency_settings import change_setting, read_settings

    administrator = sign_in(records, "M-001", "administrator")
    assert read_settings(records)["reapplication.min_interval_days"] == 183
    with pytest.raises(FieldError) as caught:
        change_setting(records, "reapplication.min_interval_days", "-3", actor=administrator, now=NOW)
    assert caught.value.reason == "out_of_range"
    change_setting(records, "reapplication.min_interval_days", "20", actor=administrator, now=NOW)
    earlier_day = TODAY - datetime.timedelta(days=30)
    earlier = register_case(records, intake_request(), earlier_day,
                            datetime.datetime.combine(earlier_day, datetime.time(3), datetime.timezone.utc), actor=actor)
    with unit_of_work(records.engine) as session:
        session.get(Case, earlier.case_id).status = "closed"
    assert register_case(records, intake_request(application_type="reassessment"), TODAY, NOW, actor=actor).flags == ()


def test_intake_is_recorded_in_the_audit_chain(actor, records, assessors):
    from assessment_app.services.audit_log import STATION_CHAIN, chain_events, verify_stored_chain

    result = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    events = [event for event in chain_events(records, STATION_CHAIN) if event.kind == "case_created"]
    assert [(e.case_id, e.actors, e.data["application_type"]) for e in events] == [(result.case_id, ("A-001",), "initial")]
    assert verify_stored_chain(records, STATION_CHAIN, actor=sign_in(records, "M-001", "administrator")).ok
