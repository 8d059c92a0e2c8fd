# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed visits for the review tests, made through the visit services (the same tables an
imported bundle fills): the demo agency, its two assessors and its reviewer, a clock."""

from __future__ import annotations

import datetime
import time

from forms import default_registry

from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import SyntheticVideoSource
from assessment_app.security.provisioning import (
    DEMO_AGENCY,
    DEMO_EXPERTS,
    DEMO_QUALIFICATION,
    ExpertEntry,
    Recipient,
    build_provisioning_package,
)
from assessment_app.security.revocation_lists import build_revocation_list
from assessment_app.services import visit_answers
from assessment_app.services.accounts import SessionInfo, login, start_pair
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.visit_recording import pause_visit_recording, resume_visit_recording

from tests.actors import CHEAP_KDF
from tests.unit.services.conftest import NOW, TODAY, intake_request
from tests.unit.visit.conftest import Clock, World
from tests.unit.visit.steps import best_answers, concluded, ready_visit, signed

DEMO_SEED = b"\x07" * 32  # the seed demo_world builds its demo agency from


def demo_package(demo, *, sequence: int, issued_at: datetime.datetime, revoked=()) -> bytes:
    """The demo agency's next package (its keys rebuilt from the seed), with `revoked`
    (RevokedCertificate entries) in its revocation list: how an agency revokes a certificate."""
    return build_provisioning_package(
        agency=DEMO_AGENCY, sequence=sequence, demo=True, issued_at=issued_at,
        experts=[ExpertEntry(name, number, DEMO_QUALIFICATION, role, demo.expert_certificates[number])
                 for name, number, role in DEMO_EXPERTS],
        recipients=[Recipient(f"演示机构 {purpose} DEMO", demo.age_recipients[purpose], purpose)
                    for purpose in ("agency", "recovery")],
        ca_certificates=[demo.ca_certificate],
        revocation_lists=[build_revocation_list(demo.ca_certificate, demo.ca_key, revoked, this_update=issued_at)],
        signer_key=demo.signer_key, signer_certificate=demo.signer_certificate)


SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0)
REVIEWER_NUMBER, REVIEWER_PASSPHRASE = "DEMO-R-001", "demo-r-001"


def demo_sign_in(records, number: str) -> SessionInfo:
    """A demo expert signed in with their public passphrase (the number in lower case)."""
    return login(records, number, number.lower(), NOW, kdf_params=CHEAP_KDF)


def demo_world(records, **intake_changes) -> World:
    ensure_demo_agency(records, NOW, DEMO_SEED, kdf_params=CHEAP_KDF)
    sessions = [demo_sign_in(records, number) for number in ("DEMO-A-001", "DEMO-A-002")]
    case = register_case(records, intake_request(**intake_changes), TODAY, NOW, actor=sessions[0])
    return World(records, start_pair(*sessions), case.case_id, default_registry().get("cn-ltc-2021"), Clock(),
                 demo_sign_in(records, "DEMO-M-001"))


def reviewer(records) -> SessionInfo:
    """The demo reviewer, signed in."""
    return demo_sign_in(records, REVIEWER_NUMBER)


def _finish_and_sign(world: World, visit_id: str) -> str:
    concluded(world, visit_id)
    signed(world, visit_id)
    return visit_id


def signed_visit(world: World, answers: dict[str, str] | None = None, *, changes: int = 0,
                 minutes: int = 0) -> str:
    """A signed visit, one answer a second (video offsets 1 s apart, no recording), `changes`
    answers changed with a reason, and the clock moved on `minutes` before the end."""
    visit_id = ready_visit(world)
    answers = answers or best_answers(world)
    for item in world.form.items:
        tick = world.clock.tick()
        visit_answers.answer_item(world.records, visit_id, item.id, answers[item.id], actor=world.pair.first,
                                  video_offset_ms=world.clock.video_ms, **tick)
    for item in world.form.items[:changes]:
        tick = world.clock.tick()
        other = item.options[0].id if answers[item.id] != item.options[0].id else item.options[1].id
        visit_answers.change_answer(world.records, visit_id, item.id, other, "复查后更正", actor=world.pair.first,
                                    video_offset_ms=world.clock.video_ms, **tick)
        tick = world.clock.tick()
        visit_answers.change_answer(world.records, visit_id, item.id, answers[item.id], "再次核对", actor=world.pair.first,
                                    video_offset_ms=world.clock.video_ms, **tick)
    world.clock.now += datetime.timedelta(minutes=minutes)
    return _finish_and_sign(world, visit_id)


def recorded_visit(world: World, paused_item: int = 8) -> str:
    """A signed visit with a real encrypted recording (320x180 at 10 fps, 1 s segments, ~3.5 s):
    each answer stamped with the live video offset; item `paused_item` answered during a privacy pause."""
    visit_id = ready_visit(world)
    records = world.records
    session = RecordingSession(records.layout.recordings, visit_id,
                               SyntheticVideoSource(SMALL_VIDEO.width, SMALL_VIDEO.height, SMALL_VIDEO.fps),
                               settings=SMALL_VIDEO, data_key=records.data_key)
    session.start()
    time.sleep(0.4)
    answers = best_answers(world)
    try:
        for index, item in enumerate(world.form.items):
            if index == paused_item:
                pause_visit_recording(records, visit_id, session, "privacy_toileting", None, actor=world.pair.first,
                                      now=world.clock.tick()["now"])
                time.sleep(0.3)
            visit_answers.answer_item(records, visit_id, item.id, answers[item.id], actor=world.pair.first,
                                      video_offset_ms=session.offset_ms(), **world.clock.tick())
            if index == paused_item:
                time.sleep(0.3)
                resume_visit_recording(records, visit_id, session, actor=world.pair.first,
                                       now=world.clock.tick()["now"])
            time.sleep(0.12)
        time.sleep(0.3)
    finally:
        session.stop()
    return _finish_and_sign(world, visit_id)
