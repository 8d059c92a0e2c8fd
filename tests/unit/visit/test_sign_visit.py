# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing a recorded visit through the flow, without a screen: both keys unlock before the
recording stops, because the stop event is part of the record that is signed. A mistyped
passphrase of either expert leaves the visit recording, nothing signed and no stop in the audit
chain; the right passphrases stop the recording, then sign and lock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.recording.settings import RecordingSettings
from assessment_app.reports.verify import verify_report
from assessment_app.services import visit_finish, visit_record
from assessment_app.services.accounts import WrongPassphrase
from assessment_app.services.audit_log import chain_events
from assessment_app.services.signing_identities import agency_ca_certificates
from assessment_app.services.visit_flow import start_recording
from assessment_app.services.visit_recording import RecordingChoice, stop_visit_recording
from assessment_app.storage.models import Case, RecordingEvent, Visit
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.visit.steps import DEMO_PASSPHRASES, answer_all, best_answers, concluded, ready, signed

SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0)
SYNTHETIC = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=False)


@pytest.fixture
def recorded(demo_world):
    """A visit ready to sign, its recording running (the synthetic camera)."""
    world = demo_world
    visit = ready(world)
    started = start_recording(world.records, visit, choice=SYNTHETIC, settings=SMALL_VIDEO, **world.clock.tick())
    assert started.recording is not None and started.step.continues
    answer_all(world, visit.visit_id, best_answers(world))
    concluded(world, visit.visit_id)
    yield world, visit, started.recording
    if started.recording.status().state == "recording":
        stop_visit_recording(world.records, visit.visit_id, started.recording, actor=visit.actor,
                             now=world.clock.tick()["now"])


def _kinds(world, visit_id: str) -> list[str]:
    return [event.kind for event in chain_events(world.records, visit_id)]


def _statuses(world, visit_id: str) -> tuple[str, str]:
    with unit_of_work(world.records.engine) as session:
        visit = session.get(Visit, visit_id)
        return visit.status, session.get(Case, visit.case_id).status


def _recording_events(world, visit_id: str) -> list[str]:
    with unit_of_work(world.records.engine) as session:
        return list(session.scalars(select(RecordingEvent.kind).where(RecordingEvent.visit_id == visit_id)
                                    .order_by(RecordingEvent.id)))


@pytest.mark.parametrize("mistyped", [0, 1], ids=["first expert", "second expert"])
def test_a_mistyped_passphrase_leaves_the_visit_recording_and_nothing_signed(recorded, mistyped):
    world, visit, recording = recorded
    passphrases = list(DEMO_PASSPHRASES)
    passphrases[mistyped] = "not-the-passphrase"
    kinds_before = _kinds(world, visit.visit_id)

    with pytest.raises(WrongPassphrase):
        signed(world, visit.visit_id, passphrases, recording=recording)

    assert recording.status().state == "recording"
    assert _recording_events(world, visit.visit_id) == ["started"]
    assert _kinds(world, visit.visit_id) == kinds_before  # no stop, no signature, no lock in the chain
    assert _statuses(world, visit.visit_id) == ("in_visit", "in_visit")
    missing = visit_finish.signing_requirements(world.records, visit.visit_id, actor=visit.actor)
    assert {requirement.code for requirement in missing} == {"expert_signature_missing",
                                                             "informant_signature_missing"}


def test_the_right_passphrases_stop_the_recording_then_sign_and_lock(recorded):
    world, visit, recording = recorded
    signed_visit = signed(world, visit.visit_id, recording=recording)

    assert recording.status().state == "stopped"
    kinds = _kinds(world, visit.visit_id)
    assert kinds.index("recording_stopped") < kinds.index("visit_locked")
    assert kinds[-2:] == ["visit_locked", "visit_finished"]
    assert _statuses(world, visit.visit_id) == ("signed", "signed")
    # The stop is in the record whose hash the report carries and both experts signed.
    document = visit_record.record_document(world.records, visit.visit_id, actor=visit.actor)
    assert [event["kind"] for event in document["recording"]["events"]] == ["started", "stopped"]
    assert signed_visit.record_sha256 == visit_record.record_hash(world.records, visit.visit_id, actor=visit.actor)
    with unit_of_work(world.records.engine) as session:
        trusted = agency_ca_certificates(session.get(Agency, 1))
    statuses = verify_report(signed_visit.report_pdf, trusted)
    assert len(statuses) == 2 and all(status.intact and status.valid for status in statuses)


def test_after_a_mistyped_passphrase_the_same_visit_is_signed(recorded):
    world, visit, recording = recorded
    with pytest.raises(WrongPassphrase):
        signed(world, visit.visit_id, ("demo-a-001", "demo-a-00"), recording=recording)
    signed(world, visit.visit_id, recording=recording)
    assert _recording_events(world, visit.visit_id) == ["started", "stopped"]
    assert _kinds(world, visit.visit_id).count("recording_stopped") == 1
    assert _statuses(world, visit.visit_id) == ("signed", "signed")
