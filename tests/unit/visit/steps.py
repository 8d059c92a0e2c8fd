# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps of a visit as tests take them, each with the next tick of the test clock. The whole
steps go through the flow the visit screen uses (services/visit_flow.py); `started`, `declared`
and `identified` take the single services apart, for the tests of what each refuses."""

from __future__ import annotations

from assessment_app.services import visit_answers, visit_finish, visit_start
from assessment_app.services.visit_flow import (
    Handwriting, IdentityCheck, OpenVisit, begin_visit, check_identity, sign_visit,
)
from assessment_app.services.visit_report import SignedVisit

from tests.unit.visit.conftest import JPEG, World, png

DEMO_PASSPHRASES = ("demo-a-001", "demo-a-002")  # the demo assessors' public passphrases, in the pair's order


def started(world: World) -> str:
    return visit_start.start_visit(world.records, world.case_id, world.pair, **world.clock.tick()).visit_id


def declared(world: World, visit_id: str) -> None:
    for expert in (world.pair.first, world.pair.second):
        visit_start.declare_no_conflict(world.records, visit_id, actor=expert, now=world.clock.tick()["now"])


def identified(world: World, visit_id: str) -> None:
    visit_start.record_identity_photos(world.records, visit_id, JPEG, JPEG, now=world.clock.tick()["now"], actor=world.pair.first)
    assert visit_start.confirm_identity(world.records, visit_id, True, **world.clock.tick(), actor=world.pair.first).continues


def ready(world: World) -> OpenVisit:
    """Begun by the pair with both declarations, identity confirmed with the informant, consent given."""
    visit = begin_visit(world.records, world.case_id, world.pair.first, world.pair.second, **world.clock.tick())
    check = IdentityCheck(True, JPEG, JPEG, informant_name="测试王小明", informant_relation="儿子",
                          informant_phone="13912345678")
    assert check_identity(world.records, visit, check, **world.clock.tick()).continues
    visit_start.record_consent(world.records, visit.visit_id, png(1), **world.clock.tick(), actor=world.pair.first)
    return visit


def ready_visit(world: World) -> str:
    return ready(world).visit_id


def joint(world: World, visit_id: str) -> OpenVisit:
    """A visit the pair conducts jointly (no dual entry), the first expert at the keyboard."""
    return OpenVisit(visit_id, world.case_id, world.pair_sessions, world.pair.first, False, "joint")


def best_answers(world: World) -> dict[str, str]:
    return {item.id: item.options[-1].id for item in world.form.items}


def answer_all(world: World, visit_id: str, answers: dict[str, str], actor=None) -> None:
    for item in world.form.items:
        tick = world.clock.tick()
        visit_answers.answer_item(world.records, visit_id, item.id, answers[item.id],
                                  actor=actor or world.pair.first, video_offset_ms=world.clock.video_ms, **tick)


def concluded(world: World, visit_id: str) -> None:
    visit_finish.conclude(world.records, visit_id, "经评估，申请人能力完好。", "无", actor=world.pair.first,
                          now=world.clock.tick()["now"])


def signed(world: World, visit_id: str, passphrases=DEMO_PASSPHRASES, recording=None) -> SignedVisit:
    """Both demo experts and the informant sign on screen, then the flow signs and locks."""
    return sign_visit(world.records, joint(world, visit_id), world.form, passphrases,
                      handwriting=Handwriting((png(2), png(2)), png(3)), recording=recording,
                      now=world.clock.tick()["now"])
