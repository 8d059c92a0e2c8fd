# SPDX-License-Identifier: GPL-3.0-or-later
"""Dual entry, plausibility, and resuming after a crash."""

from __future__ import annotations

import pytest

from assessment_app.domain.visit_plausibility import plausibility_warnings
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.services import visit_answers, visit_finish, visit_session
from assessment_app.services.accounts import start_pair
from assessment_app.services.agency_settings import store_setting
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.visit_settings import DUAL_ENTRY

from tests.actors import sign_in
from tests.unit.services.conftest import NOW
from tests.unit.visit.steps import answer_all, best_answers, ready_visit


def test_dual_entry_hides_the_other_expert_and_lists_differences(world):
    store_setting(world.records, DUAL_ENTRY, True, actor=world.admin, now=NOW)
    visit_id = ready_visit(world)
    mine = best_answers(world)
    theirs = mine | {"adl.bathing": "0", "cognition.memory": "3"}
    answer_all(world, visit_id, mine, actor=world.pair.first)
    visit_answers.answer_item(world.records, visit_id, "adl.eating", "5", actor=world.pair.second, **world.clock.tick())
    assert visit_answers.current_answers(world.records, visit_id, actor=world.pair.second) == {"adl.eating": "5"}
    assert visit_answers.current_answers(world.records, visit_id, actor=world.pair.first) == mine
    with pytest.raises(VisitError, match="not_visit_expert"):  # a third assessor sees neither
        visit_answers.current_answers(world.records, visit_id, actor=sign_in(world.records, "A-003"))
    with pytest.raises(VisitError, match="entry_incomplete"):
        visit_answers.start_reconciliation(world.records, visit_id, **world.clock.tick(), actor=world.pair.first)
    visit_answers.change_answer(world.records, visit_id, "adl.eating", "10", "看错了", actor=world.pair.second,
                                **world.clock.tick())
    for item in world.form.items[1:]:
        visit_answers.answer_item(world.records, visit_id, item.id, theirs[item.id], actor=world.pair.second,
                                  **world.clock.tick())

    differences = visit_answers.start_reconciliation(world.records, visit_id, **world.clock.tick(), actor=world.pair.first)
    assert [(d.item_id, d.first_option, d.second_option) for d in differences] == [
        ("adl.bathing", "5", "0"), ("cognition.memory", "4", "3")]
    agreement = visit_answers.agreement(world.records, visit_id, actor=world.pair.first)
    assert (agreement.equal, agreement.total, agreement.percent_text) == (15, 17, "88.2")
    assert visit_finish.finish_check(world.records, visit_id, actor=world.pair.first).unresolved_differences == ("adl.bathing",
                                                                                         "cognition.memory")
    with pytest.raises(Exception) as refused:
        visit_answers.resolve_difference(world.records, visit_id, "adl.bathing", "0", "", actor=world.pair.first,
                                         **world.clock.tick())
    assert refused.value.field == "reason"
    with pytest.raises(VisitError, match="not_a_difference"):
        visit_answers.resolve_difference(world.records, visit_id, "adl.eating", "5", "协商", actor=world.pair.first,
                                         **world.clock.tick())
    for item_id, option in (("adl.bathing", "0"), ("cognition.memory", "4")):
        visit_answers.resolve_difference(world.records, visit_id, item_id, option, "复核录像后一致", actor=world.pair.first,
                                         **world.clock.tick())
    assert all(d.resolved for d in visit_answers.reconciliation(world.records, visit_id, actor=world.pair.first))
    assert visit_answers.current_answers(world.records, visit_id, actor=world.pair.first) == mine | {"adl.bathing": "0"}
    assert visit_finish.finish_check(world.records, visit_id, actor=world.pair.first).ready


def test_plausibility_fires_on_the_issue_examples_and_not_on_a_consistent_record(world):
    consistent = best_answers(world)
    assert plausibility_warnings("cn-ltc-2021", consistent) == []
    frail = {item.id: item.options[0].id for item in world.form.items}
    assert plausibility_warnings("cn-ltc-2021", frail) == []
    # Eating alone while dressing and bathing need help is common, not implausible.
    assert plausibility_warnings("cn-ltc-2021", frail | {"adl.eating": "10"}) == []
    walking = plausibility_warnings("cn-ltc-2021", consistent | {"adl.walking": "0", "cognition.place": "3"})
    assert [(w.code, w.items, w.options) for w in walking] == [
        ("walking_unable_stairs_independent", ("adl.walking", "adl.stairs"), ("0", "10"))]
    talking = plausibility_warnings("cn-ltc-2021", frail | {"cognition.memory": "4"})
    assert [w.code for w in talking] == ["no_communication_full_memory"]


def test_resume_after_a_crash_returns_the_current_item_with_answers_intact(world, reopen):
    visit_id = ready_visit(world)
    given = {item.id: item.options[1].id for item in world.form.items[:7]}
    for item_id, option in given.items():
        visit_answers.answer_item(world.records, visit_id, item_id, option, actor=world.pair.first, **world.clock.tick())
    world.records.close()  # the process dies here; everything committed must survive

    records = reopen()
    with pytest.raises(NotSignedIn):  # a sign-in does not outlive its process
        visit_session.interrupted_visits(records, actor=world.pair.first)
    pair = start_pair(sign_in(records, "A-001"), sign_in(records, "A-002"))  # both sign in again
    interrupted = visit_session.interrupted_visits(records, actor=pair.first)
    assert [(v.visit_id, v.case_id) for v in interrupted] == [(visit_id, world.case_id)]
    resumed = visit_session.resume_visit(records, visit_id, pair, **world.clock.tick())
    assert resumed.answers == given
    assert resumed.progress.current_item_id == world.form.items[7].id
    assert resumed.progress.last_answered_item_id == world.form.items[6].id
    assert resumed.progress.dimensions[0].answered == 7
    visit_session.record_recording_event(records, visit_id, "resumed", reason_code="crash_recovery",
                                         video_offset_ms=0, actor=pair.first, **world.clock.tick())
    with pytest.raises(VisitError, match="reason_required"):
        visit_session.record_recording_event(records, visit_id, "paused", actor=pair.first, **world.clock.tick())


def test_resume_keeps_the_visits_own_entry_mode_and_whose_turn_it_is(world):
    store_setting(world.records, DUAL_ENTRY, True, actor=world.admin, now=NOW)
    visit_id = ready_visit(world)
    answer_all(world, visit_id, best_answers(world), actor=world.pair.first)
    visit_answers.answer_item(world.records, visit_id, "adl.eating", "5", actor=world.pair.second, **world.clock.tick())
    store_setting(world.records, DUAL_ENTRY, False, actor=world.admin, now=NOW)  # the agency changes its rule meanwhile

    resumed = visit_session.resume_visit(world.records, visit_id, world.pair, **world.clock.tick())
    assert (resumed.dual_entry, resumed.entry_mode) == (True, "independent")
    assert resumed.entering_expert_id == world.second
    assert resumed.answers == {"adl.eating": "5"}  # only the second expert's own ratings
    assert resumed.progress.current_item_id == world.form.items[1].id
