"""The steps of a visit as tests take them, each with the next tick of the test clock."""

from __future__ import annotations

from assessment_app.services import visit_answers, visit_start

from tests.unit.visit.conftest import JPEG, World, png


def started(world: World) -> str:
    return visit_start.start_visit(world.records, world.case_id, world.pair, **world.clock.tick()).visit_id


def declared(world: World, visit_id: str) -> None:
    for expert in (world.pair.first, world.pair.second):
        visit_start.declare_no_conflict(world.records, visit_id, actor=expert, now=world.clock.tick()["now"])


def identified(world: World, visit_id: str) -> None:
    visit_start.record_identity_photos(world.records, visit_id, JPEG, JPEG, now=world.clock.tick()["now"], actor=world.pair.first)
    assert visit_start.confirm_identity(world.records, visit_id, True, **world.clock.tick(), actor=world.pair.first).continues


def ready_visit(world: World) -> str:
    """Started, both declarations, identity confirmed, informant and consent recorded."""
    visit_id = started(world)
    declared(world, visit_id)
    identified(world, visit_id)
    visit_start.record_informant(world.records, visit_id, "测试王小明", "儿子", "13912345678",
                                 now=world.clock.tick()["now"], actor=world.pair.first)
    visit_start.record_consent(world.records, visit_id, png(1), **world.clock.tick(), actor=world.pair.first)
    return visit_id


def best_answers(world: World) -> dict[str, str]:
    return {item.id: item.options[-1].id for item in world.form.items}


def answer_all(world: World, visit_id: str, answers: dict[str, str], actor=None) -> None:
    for item in world.form.items:
        tick = world.clock.tick()
        visit_answers.answer_item(world.records, visit_id, item.id, answers[item.id],
                                  actor=actor or world.pair.first, video_offset_ms=world.clock.video_ms, **tick)
