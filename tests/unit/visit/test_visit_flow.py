# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole visit through the services, and the refusals on the way."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from forms.canonical import canonical_sha256

from assessment_app.domain.visit_workflow import SigningIncomplete, VisitError
from assessment_app.services import visit_answers, visit_finish, visit_record, visit_session, visit_start
from assessment_app.services.accounts import PairRefused, VisitPair, start_pair
from assessment_app.services.audit_log import chain_events, verify_stored_chain
from assessment_app.services.case_files import read_attachment
from assessment_app.services.agency_settings import store_setting
from assessment_app.services.visit_settings import ALLOW_WITHOUT_RECORDING
from assessment_app.services.visit_state import AnsweringBlocked
from assessment_app.storage.models import Answer, Case, Visit
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.services.conftest import NOW
from tests.unit.visit.conftest import JPEG, png
from tests.unit.visit.steps import answer_all, best_answers, declared, identified, ready_visit, started

PDF = b"%PDF-1.7\n% test report\n%%EOF\n"


def _case_status(world) -> str:
    with unit_of_work(world.records.engine) as session:
        return session.get(Case, world.case_id).status


def _sign_everything(world, visit_id: str) -> None:
    for expert in (world.pair.first, world.pair.second):
        visit_finish.record_signature(world.records, visit_id, png(2), actor=expert, now=world.clock.tick()["now"])
    visit_finish.record_signature(world.records, visit_id, png(3), actor=world.pair.first,
                                  now=world.clock.tick()["now"], informant=True)


def test_full_visit_from_start_to_locked_record(world):
    records = world.records
    visit_id = ready_visit(world)
    assert _case_status(world) == "in_visit"
    answers = best_answers(world) | {"adl.walking": "0", "adl.stairs": "10", "cognition.place": "3"}
    answer_all(world, visit_id, answers)
    visit_answers.change_answer(records, visit_id, "adl.eating", "5", "家属补充：夹菜需帮助", actor=world.pair.second,
                                video_offset_ms=77_000, **world.clock.tick())
    visit_answers.set_item_note(records, visit_id, "adl.eating", "使用防滑碗", actor=world.pair.first,
                                now=world.clock.tick()["now"])
    photo_id = visit_answers.add_item_photo(records, visit_id, "adl.walking", JPEG, actor=world.pair.first,
                                            now=world.clock.tick()["now"])
    assert read_attachment(records, photo_id, actor=world.pair.first)[0] == JPEG

    check = visit_finish.finish_check(records, visit_id, actor=world.pair.first)
    assert check.unanswered == () and check.unconfirmed_warnings == ("walking_unable_stairs_independent",)
    with pytest.raises(SigningIncomplete):
        visit_finish.lock_visit(records, visit_id, PDF, ["f1", "f2"], signers=world.pair_sessions, now=world.clock.tick()["now"])
    visit_finish.confirm_warning(records, visit_id, "walking_unable_stairs_independent", "家中有电梯，楼梯由电梯完成",
                                 actor=world.pair.first, now=world.clock.tick()["now"])
    visit_finish.conclude(records, visit_id, "经评估，申请人为中度失能。", "建议助行器", now=world.clock.tick()["now"], actor=world.pair.first)
    _sign_everything(world, visit_id)
    assert visit_finish.signing_requirements(records, visit_id, actor=world.pair.first) == []

    result = visit_finish.visit_result(records, visit_id, actor=world.pair.first)
    assert result.result["trace"]["items"][0] == {"item": "adl.eating", "dimension": "adl", "option": "5", "score": 5}
    inputs = visit_record.report_inputs(records, visit_id, actor=world.pair.first)
    assert inputs.task_number == "RW-2026-0001" and inputs.answers["adl.eating"] == "5"
    assert [expert.signature_png for expert in inputs.experts] == [png(2), png(2)]
    assert inputs.informant_signature_png == png(3) and inputs.informant["relation"] == "儿子"

    record_sha256 = visit_finish.lock_visit(records, visit_id, PDF, ["f1", "f2"], signers=world.pair_sessions, now=world.clock.tick()["now"],
                                            expected_record_sha256=inputs.record_sha256)
    assert record_sha256 == inputs.record_sha256 == canonical_sha256(visit_record.record_document(records, visit_id, actor=world.pair.first))
    assert _case_status(world) == "signed"
    with unit_of_work(records.engine) as session:
        visit = session.get(Visit, visit_id)
        assert visit.status == "signed" and json.loads(visit.result_json)["grade"] == result.result["grade"]
        changed = session.scalars(select(Answer).where(Answer.visit_id == visit_id, Answer.reason.is_not(None))).one()
        assert (changed.answered_by, changed.second_expert_id, changed.video_offset_ms) == (world.second, world.first,
                                                                                              77_000)
    events = chain_events(records, visit_id)
    change = next(event for event in events if event.kind == "answer_changed")
    assert change.data == {"item": "adl.eating", "mode": "joint", "old": "10", "new": "5",
                           "reason": "家属补充：夹菜需帮助"}
    assert {"visit_started", "conflict_declared", "identity_checked", "consent_recorded", "visit_locked"} <= {
        event.kind for event in events}
    assert verify_stored_chain(records, visit_id, actor=world.admin).ok
    with pytest.raises(VisitError, match="visit_locked"):
        visit_answers.change_answer(records, visit_id, "adl.eating", "10", "再改", actor=world.pair.first,
                                    **world.clock.tick())


def test_same_expert_twice_is_refused(world):
    with pytest.raises(PairRefused, match="A-001"):
        start_pair(world.pair.first, sign_in(world.records, "A-001"))  # a second sign-in of the same person
    forged = VisitPair(world.pair.first, world.pair.first)  # bypassing start_pair is refused too
    with pytest.raises(PairRefused):
        visit_start.start_visit(world.records, world.case_id, forged, **world.clock.tick())
    assert _case_status(world) == "intake"


def test_a_case_in_visit_or_signed_cannot_be_started_again(world):
    visit_id = started(world)
    with pytest.raises(VisitError) as refused:
        visit_start.start_visit(world.records, world.case_id, world.pair, **world.clock.tick())
    assert (refused.value.reason, refused.value.detail) == ("visit_in_progress", visit_id)


def test_answering_before_both_declarations_is_refused(world):
    visit_id = started(world)
    visit_start.declare_no_conflict(world.records, visit_id, actor=world.pair.first, now=world.clock.tick()["now"])
    with pytest.raises(AnsweringBlocked) as refused:
        visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=world.pair.first,
                                  **world.clock.tick())
    codes = {requirement.code: requirement.subjects for requirement in refused.value.missing}
    assert codes["declaration_missing"] == (world.second,)
    assert {"identity_unconfirmed", "consent_unresolved"} <= codes.keys()
    assert visit_answers.current_answers(world.records, visit_id, actor=world.pair.first) == {}


def test_unknown_item_or_option_is_refused(world):
    visit_id = ready_visit(world)
    for item, option, reason in (("adl.flying", "0", "unknown_item"), ("adl.eating", "7", "unknown_option")):
        with pytest.raises(VisitError) as refused:
            visit_answers.answer_item(world.records, visit_id, item, option, actor=world.pair.first, **world.clock.tick())
        assert refused.value.reason == reason


def test_changing_an_answer_needs_a_reason(world):
    visit_id = ready_visit(world)
    visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=world.pair.first, **world.clock.tick())
    with pytest.raises(Exception) as refused:
        visit_answers.change_answer(world.records, visit_id, "adl.eating", "5", "  ", actor=world.pair.first,
                                    **world.clock.tick())
    assert refused.value.field == "reason"
    assert visit_answers.current_answers(world.records, visit_id, actor=world.pair.first) == {"adl.eating": "10"}


def test_refused_consent_with_default_setting_ends_the_visit(world):
    visit_id = started(world)
    declared(world, visit_id)
    identified(world, visit_id)
    result = visit_start.record_consent_refusal(world.records, visit_id, "家属不愿录像", **world.clock.tick(), actor=world.pair.first)
    assert (result.continues, result.outcome) == (False, "refused_recording")
    assert _case_status(world) == "intake"
    assert visit_session.interrupted_visits(world.records, actor=world.pair.first) == []
    with pytest.raises(AnsweringBlocked):
        visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=world.pair.first,
                                  **world.clock.tick())
    # The case can be visited again: the new visit supersedes the ended one, which stays as evidence.
    again = visit_start.start_visit(world.records, world.case_id, world.pair, **world.clock.tick())
    assert again.version == 2 and again.visit_id != visit_id


def test_refused_consent_continues_without_recording_when_the_agency_allows(world):
    store_setting(world.records, ALLOW_WITHOUT_RECORDING, True, actor=world.admin, now=NOW)
    visit_id = started(world)
    declared(world, visit_id)
    identified(world, visit_id)
    result = visit_start.record_consent_refusal(world.records, visit_id, "家属不愿录像", **world.clock.tick(), actor=world.pair.first)
    assert (result.continues, result.without_recording) == (True, True)
    visit_answers.answer_item(world.records, visit_id, "adl.eating", "10", actor=world.pair.first, **world.clock.tick())
    assert visit_record.record_document(world.records, visit_id, actor=world.pair.first)["recording"]["waiver"] == "consent_refused"


def test_missing_camera_follows_the_agency_rule(world):
    visit_id = started(world)
    result = visit_start.report_camera_unavailable(world.records, visit_id, "no device", **world.clock.tick(), actor=world.pair.first)
    assert (result.continues, result.outcome) == (False, "camera_unavailable")


def test_identity_mismatch_ends_the_visit(world):
    visit_id = started(world)
    declared(world, visit_id)
    visit_start.record_identity_photos(world.records, visit_id, JPEG, JPEG, now=world.clock.tick()["now"], actor=world.pair.first)
    with pytest.raises(Exception) as refused:
        visit_start.confirm_identity(world.records, visit_id, False, "", **world.clock.tick(), actor=world.pair.first)
    assert refused.value.field == "discrepancy"
    result = visit_start.confirm_identity(world.records, visit_id, False, "照片与本人明显不符", **world.clock.tick(), actor=world.pair.first)
    assert (result.continues, result.outcome) == (False, "identity_mismatch")
    assert _case_status(world) == "intake"
    assert chain_events(world.records, visit_id)[-1].data == {"outcome": "identity_mismatch",
                                                              "detail": "照片与本人明显不符"}


def test_identity_needs_both_photos(world):
    visit_id = started(world)
    with pytest.raises(VisitError, match="identity_photos_missing"):
        visit_start.confirm_identity(world.records, visit_id, True, **world.clock.tick(), actor=world.pair.first)
    with pytest.raises(Exception) as refused:
        visit_start.record_identity_photos(world.records, visit_id, b"GIF89a", JPEG, now=world.clock.tick()["now"], actor=world.pair.first)
    assert (refused.value.field, refused.value.reason) == ("id_card_photo", "unsupported_type")


def test_informant_fields_are_validated_together(world):
    visit_id = started(world)
    with pytest.raises(Exception) as refused:
        visit_start.record_informant(world.records, visit_id, "", "儿子", "12345", now=world.clock.tick()["now"], actor=world.pair.first)
    assert refused.value.fields == ("informant_name", "informant_phone")
    informant = visit_start.record_informant(world.records, visit_id, "测试王小明", "女儿", "021-6234 5678",
                                             now=world.clock.tick()["now"], actor=world.pair.first)
    assert informant.phone == "021-62345678"


def test_signing_requirements_name_each_missing_thing(world):
    visit_id = started(world)
    visit_start.declare_no_conflict(world.records, visit_id, actor=world.pair.first, now=world.clock.tick()["now"])
    missing = {r.code: r.subjects for r in visit_finish.signing_requirements(world.records, visit_id, actor=world.pair.first)}
    assert missing.keys() == {"declaration_missing", "identity_unconfirmed", "consent_unresolved",
                              "informant_missing", "unanswered_items", "conclusion_missing",
                              "expert_signature_missing", "informant_signature_missing"}
    assert missing["declaration_missing"] == (world.second,)
    assert missing["unanswered_items"] == tuple(item.id for item in world.form.items)
    assert missing["expert_signature_missing"] == (world.first, world.second)
    with pytest.raises(SigningIncomplete) as refused:
        visit_finish.lock_visit(world.records, visit_id, PDF, ["f1", "f2"], signers=world.pair_sessions, now=world.clock.tick()["now"])
    assert [r.code for r in refused.value.missing] == [r.code for r in
                                                       visit_finish.signing_requirements(world.records, visit_id, actor=world.pair.first)]


def test_signing_requirements_list_unconfirmed_warnings_and_partial_answers(world):
    visit_id = ready_visit(world)
    answers = best_answers(world) | {"perception.communication": "0", "cognition.memory": "4"}
    answer_all(world, visit_id, {**answers})
    visit_finish.conclude(world.records, visit_id, "结论", None, now=world.clock.tick()["now"], actor=world.pair.first)
    _sign_everything(world, visit_id)
    missing = visit_finish.signing_requirements(world.records, visit_id, actor=world.pair.first)
    assert [(r.code, r.subjects) for r in missing] == [("unconfirmed_warnings", (
        "no_communication_full_memory", "no_communication_full_person_orientation",
        "no_communication_full_time_orientation"))]
