# SPDX-License-Identifier: GPL-3.0-or-later
"""What the case screen may offer (services/case_actions.py): the domain's rule on the case's
state combined with the actor's permissions — start a visit only on a visitable case and as an
assessor, resume an interrupted one, export and correct only the newest version once signed."""

from __future__ import annotations

from assessment_app.services.case_actions import case_actions
from assessment_app.services.record_versions import correct_record
from assessment_app.services.visit_flow import begin_visit

from tests.actors import sign_in
from tests.unit.visit.steps import answer_all, best_answers, concluded, ready_visit, signed


def _offer(world, actor):
    actions = case_actions(world.records, world.case_id, actor=actor)
    return (actions.can_start_visit, actions.can_resume_visit, actions.can_export, actions.can_correct)


def test_a_new_case_offers_a_visit_to_assessors_only(world):
    reviewer = sign_in(world.records, "R-001", "reviewer")
    assert _offer(world, world.pair.first) == (True, False, False, False)
    assert _offer(world, world.admin) == (False, False, False, False)
    assert _offer(world, reviewer) == (False, False, False, False)


def test_a_visit_under_way_is_offered_for_resuming(world):
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    actions = case_actions(world.records, world.case_id, actor=world.pair.second)
    assert (actions.resume_visit_id, actions.can_start_visit, actions.can_resume_visit) == (visit.visit_id, False, True)
    assert not case_actions(world.records, world.case_id, actor=world.admin).can_resume_visit


def test_the_signed_record_is_offered_for_export_and_correction_until_corrected(demo_world):
    world = demo_world
    visit_id = ready_visit(world)
    answer_all(world, visit_id, best_answers(world))
    concluded(world, visit_id)
    signed(world, visit_id)
    actions = case_actions(world.records, world.case_id, actor=world.pair.first)
    assert (actions.signed_visit_id, actions.newest_locked) == (visit_id, True)
    assert _offer(world, world.pair.first) == (False, False, True, True)
    administrator = sign_in(world.records, "M-001", "administrator")
    assert _offer(world, administrator) == (False, False, False, False)
    correct_record(world.records, visit_id, actor=world.pair.second, reason="第3项录入错误，已与家属核实",
                   now=world.clock.tick()["now"])
    actions = case_actions(world.records, world.case_id, actor=world.pair.first)
    assert (actions.signed_visit_id, actions.newest_locked, actions.can_export, actions.can_correct) == (
        None, False, False, False)
