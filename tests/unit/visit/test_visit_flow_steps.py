# SPDX-License-Identifier: GPL-3.0-or-later
"""The visit's use cases as the screen and the demo call them (services/visit_flow.py): a begin
that leaves nothing behind when refused, an identity step that stores nothing until every field
is right, dual entry's turns (first expert, hand-over, second expert, reconciliation), and a
recorder that cannot start handled by the agency's rule."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assessment_app.domain.errors import FieldErrors
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.settings import RecordingSettings
from assessment_app.services import visit_answers, visit_start
from assessment_app.services.accounts import PairRefused
from assessment_app.services.agency_settings import store_setting
from assessment_app.services.visit_flow import (
    IdentityCheck, NextStep, begin_visit, check_identity, continue_visit, finish_entry, start_recording,
)
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.services.visit_settings import ALLOW_WITHOUT_RECORDING, DUAL_ENTRY
from assessment_app.services.visit_start import declared_experts, record_consent
from assessment_app.storage.models import Case, Visit, VisitAttachment
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.services.conftest import NOW
from tests.unit.visit.conftest import JPEG, png
from tests.unit.visit.steps import answer_all, best_answers

SYNTHETIC = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=False)
SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0)


def _count(world, model) -> int:
    with unit_of_work(world.records.engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def _case_status(world) -> str:
    with unit_of_work(world.records.engine) as session:
        return session.get(Case, world.case_id).status


def test_the_visit_begins_with_both_declarations(world):
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    assert set(declared_experts(world.records, visit.visit_id, actor=world.pair.first)) == {world.first, world.second}
    assert (visit.entry_mode, visit.actor, _case_status(world)) == ("joint", world.pair.first, "in_visit")


def test_a_refused_begin_leaves_no_visit_behind(world, monkeypatch):
    with pytest.raises(VisitError, match="second_expert_missing"):
        begin_visit(world.records, world.case_id, world.pair.first, None, **world.clock.tick())
    with pytest.raises(PairRefused):
        begin_visit(world.records, world.case_id, world.pair.first, sign_in(world.records, "R-001", "reviewer"),
                    **world.clock.tick())
    # A declaration refused after the visit row was made: the visit goes with it.
    declare = visit_start.declare_in

    def second_refused(session, records, visit_id, *, actor, **stamp):
        if actor is world.pair.second:
            raise VisitError("already_declared", actor.expert_id)
        declare(session, records, visit_id, actor=actor, **stamp)

    monkeypatch.setattr(visit_start, "declare_in", second_refused)
    with pytest.raises(VisitError, match="already_declared"):
        begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    assert _count(world, Visit) == 0 and _case_status(world) == "intake"
    monkeypatch.undo()
    # Nothing half-made blocks the next attempt.
    begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())


def test_the_identity_step_stores_nothing_until_every_field_is_right(world):
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    with pytest.raises(VisitError, match="identity_not_answered"):
        check_identity(world.records, visit, IdentityCheck(None, JPEG, JPEG), **world.clock.tick())
    with pytest.raises(VisitError, match="identity_photos_missing"):
        check_identity(world.records, visit, IdentityCheck(True, JPEG, None), **world.clock.tick())
    with pytest.raises(FieldErrors) as refused:
        check_identity(world.records, visit, IdentityCheck(True, JPEG, JPEG, informant_name="",
                                                           informant_relation="儿子", informant_phone="12"),
                       **world.clock.tick())
    assert refused.value.fields == ("informant_name", "informant_phone")
    assert _count(world, VisitAttachment) == 0
    result = check_identity(world.records, visit, IdentityCheck(True, JPEG, JPEG, informant_name="测试王小明",
                                                                informant_relation="儿子",
                                                                informant_phone="13912345678"), **world.clock.tick())
    assert result.continues


def test_a_mismatch_keeps_the_photos_and_ends_the_visit(world):
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    result = check_identity(world.records, visit, IdentityCheck(False, JPEG, JPEG, "照片与本人明显不符"),
                            **world.clock.tick())
    assert (result.continues, result.outcome) == (False, "identity_mismatch")
    assert _count(world, VisitAttachment) == 2 and _case_status(world) == "intake"


def _identified(world, visit) -> None:
    assert check_identity(world.records, visit, IdentityCheck(True, JPEG, JPEG, informant_name="测试王小明",
                                                              informant_relation="儿子",
                                                              informant_phone="13912345678"),
                          **world.clock.tick()).continues


def _consented(world, visit) -> None:
    _identified(world, visit)
    record_consent(world.records, visit.visit_id, png(1), actor=visit.actor, **world.clock.tick())


def test_dual_entry_goes_first_expert_hand_over_second_expert_reconciliation(world):
    store_setting(world.records, DUAL_ENTRY, True, actor=world.admin, now=NOW)
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    assert (visit.entry_mode, visit.actor) == ("independent", world.pair.first)
    _consented(world, visit)

    first_item = world.form.items[0].id
    visit_answers.answer_item(world.records, visit.visit_id, first_item, world.form.items[0].options[-1].id,
                              actor=visit.actor, **world.clock.tick())
    after = finish_entry(world.records, visit, **world.clock.tick())
    assert (after.step, after.item_id) == (NextStep.ITEMS, world.form.items[1].id)  # the first is not done

    answers = best_answers(world)
    for item in world.form.items[1:]:
        visit_answers.answer_item(world.records, visit.visit_id, item.id, answers[item.id], actor=visit.actor,
                                  **world.clock.tick())
    after = finish_entry(world.records, visit, **world.clock.tick())
    assert after.step is NextStep.HAND_OVER and after.visit.actor == world.pair.second
    assert after.visit.entering_index == 1 and after.item_id == first_item  # the second starts from the top
    assert visit_answers.current_answers(world.records, visit.visit_id, actor=after.visit.actor) == {}

    visit = after.visit
    differing = dict(answers, **{first_item: world.form.items[0].options[0].id})
    answer_all(world, visit.visit_id, differing, actor=visit.actor)
    after = finish_entry(world.records, visit, **world.clock.tick())
    assert after.step is NextStep.RECONCILE and [d.item_id for d in after.differences] == [first_item]
    assert (after.visit.entry_mode, after.visit.actor) == ("reconciling", world.pair.first)
    assert finish_entry(world.records, after.visit, **world.clock.tick()).step is NextStep.FINISH


def test_a_resumed_dual_entry_goes_on_with_whoever_is_not_done(world):
    store_setting(world.records, DUAL_ENTRY, True, actor=world.admin, now=NOW)
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    _consented(world, visit)
    answer_all(world, visit.visit_id, best_answers(world), actor=world.pair.first)
    # The second expert holds the laptop after the crash; the record's order of experts stays.
    resumed = continue_visit(world.records, visit.visit_id, world.case_id, world.pair.second, world.pair.first,
                             **world.clock.tick())
    assert resumed.visit.experts == world.pair_sessions and resumed.visit.actor == world.pair.second
    assert resumed.item_id == world.form.items[0].id and not resumed.reconciling


@pytest.mark.parametrize("allowed", [True, False], ids=["allowed without recording", "recording required"])
def test_a_recorder_that_cannot_start_is_the_agencys_rule(world, monkeypatch, allowed):
    def no_recorder(*_, **__):
        raise RecordingError("disk_low", "1024")

    monkeypatch.setattr("assessment_app.services.visit_flow.open_visit_recording", no_recorder)
    store_setting(world.records, ALLOW_WITHOUT_RECORDING, allowed, actor=world.admin, now=NOW)
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    _identified(world, visit)
    started = start_recording(world.records, visit, choice=SYNTHETIC, settings=SMALL_VIDEO, **world.clock.tick())
    assert started.recording is None
    if allowed:
        assert started.step.continues and started.step.without_recording
    else:
        assert (started.step.continues, started.step.outcome) == (False, "camera_unavailable")
        assert _case_status(world) == "intake"
