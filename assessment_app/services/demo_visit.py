# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole visit without a screen, for demonstrations, support and end-to-end checks.

In a fresh data directory under the output directory: the demo agency and its two demo
experts, an intake of a synthetic (测试) person, declarations, identity photos from the
synthetic camera, consent, a synthetic recording with the answers spread over it, the
conclusion, both experts' signatures, and the export of the encrypted bundle. Nothing here is
special to the demo except the data: it runs the same use cases as the visit screen.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from keyring.backends import null

from forms import default_registry
from forms.model import Form

from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.recording.session import FINAL_STATES
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.still_capture import synthetic_still
from assessment_app.services import visit_answers, visit_finish
from assessment_app.services.accounts import SessionInfo, login
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.demo_workstation import DEMO_ASSESSORS, create_demo_records
from assessment_app.services.intake import IntakeRequest, register_case
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES
from assessment_app.services.visit_flow import (
    Handwriting, IdentityCheck, NextStep, begin_visit, check_identity, consent_and_record, finish_entry, sign_visit,
)
from assessment_app.services.visit_recording import RecordingChoice, stop_visit_recording
from assessment_app.services.visit_report import stored_report

# A plausible moderate disability: the demo report shows levels below "intact" in every dimension.
DEFAULT_ANSWERS = {
    "adl.eating": "5", "adl.dressing": "5", "adl.grooming": "0", "adl.bowel": "10", "adl.bladder": "5",
    "adl.toileting": "5", "adl.walking": "10", "adl.transfer": "10", "adl.stairs": "5", "adl.bathing": "0",
    "cognition.time": "3", "cognition.person": "4", "cognition.place": "3", "cognition.memory": "2",
    "perception.vision": "3", "perception.hearing": "3", "perception.communication": "3",
}
SYNTHETIC_SOUND = RecordingChoice(None, microphone=False, synthetic_sound=True)


@dataclass(frozen=True)
class DemoVisit:
    visit_id: str
    data_dir: Path
    report: Path
    identity: Path


def _signature_png(seed: int) -> bytes:
    """A scribble that stands in for a handwritten signature (the screen records real ones)."""
    rng = random.Random(seed)
    image = np.full((200, 600, 3), 255, np.uint8)
    points = np.array([(40 + i * 40, 100 + rng.randint(-60, 60)) for i in range(13)], np.int32)
    cv2.polylines(image, [points], False, (58, 32, 16), 4, cv2.LINE_AA)
    ok, encoded = cv2.imencode(".png", image)
    assert ok
    return encoded.tobytes()


def _synthetic_person(now: datetime.datetime) -> IntakeRequest:
    birth = (now - datetime.timedelta(days=82 * 365)).date()
    resident_id = make_resident_id("110105", birth, 123, Sex.FEMALE)
    return IntakeRequest(name="测试王秀英", resident_id=resident_id, phone="13800001234",
                         address="北京市朝阳区测试路1号（测试数据）", insurance_type="employee",
                         application_type="initial", task_number=f"DEMO-{now:%Y%m%d-%H%M%S}")


def open_demo_workstation(data_dir: Path, now: datetime.datetime) -> CaseRecords:
    """A new demo data directory for one visit: the demo agency, no synthetic cases, unlocked by
    the demo passphrase only (the OS credential store is left alone)."""
    return create_demo_records(data_dir, now, cases=0, keyring_backend=null.Keyring())


def run_demo_visit(records: CaseRecords, *, seconds: float, answers: Mapping[str, str] | None = None,
                   form: Form | None = None, clock: Callable[[], datetime.datetime] | None = None,
                   recording_settings: RecordingSettings = RecordingSettings()) -> str:
    """Intake to signed, locked record, with `seconds` of synthetic recording; returns the visit id.
    The steps are the visit screen's (services/visit_flow.py), with synthetic photos, signatures
    and camera."""
    form = form or default_registry().get("cn-ltc-2021")
    clock = clock or (lambda: datetime.datetime.now().astimezone())
    answers = dict(DEFAULT_ANSWERS if answers is None else answers)
    signers = demo_signers(records, clock())
    first, second = (session for session, _ in signers)
    case = register_case(records, _synthetic_person(clock()), clock().date(), clock(), actor=first)
    stamp = lambda: {"now": clock(), "monotonic_ns": time.monotonic_ns()}  # noqa: E731
    visit = begin_visit(records, case.case_id, first, second, form=form, **stamp())
    photo = synthetic_still(clock()).jpeg
    check_identity(records, visit, IdentityCheck(True, photo, photo, informant_name="测试王小明",
                                                 informant_relation="child", informant_phone="13912345678"),
                   **stamp())
    started = consent_and_record(records, visit, _signature_png(1), choice=SYNTHETIC_SOUND,
                                 settings=recording_settings, **stamp())
    if not started.step.continues:
        raise VisitError("visit_ended", started.step.outcome)
    recording = started.recording  # None only where the agency allows visits without recording
    pause = seconds / (len(form.items) + 1)

    def rate_every_item(actor) -> None:
        for item in form.items:
            time.sleep(pause)
            visit_answers.answer_item(records, visit.visit_id, item.id, answers[item.id], actor=actor,
                                      video_offset_ms=recording.offset_ms() if recording else None, **stamp())
        time.sleep(pause)

    try:
        rate_every_item(visit.actor)
        after = finish_entry(records, visit, **stamp())
        if after.step is NextStep.HAND_OVER:  # dual entry: the second expert rates alike, nothing to reconcile
            rate_every_item(after.visit.actor)
            after = finish_entry(records, after.visit, **stamp())
        visit = after.visit
        for warning in visit_finish.finish_check(records, visit.visit_id, actor=visit.actor).unconfirmed_warnings:
            visit_finish.confirm_warning(records, visit.visit_id, warning, "演示数据：已核实", actor=visit.actor,
                                         now=clock())
        visit_finish.conclude(records, visit.visit_id,
                              "经现场评估，申请人日常生活活动能力、认知能力及感知觉与沟通能力均有不同程度受损。",
                              "建议助行器辅助行走，洗澡时专人协助。", actor=visit.actor, now=clock())
        sign_visit(records, visit, form, [passphrase for _, passphrase in signers],
                   handwriting=Handwriting((_signature_png(10), _signature_png(11)), _signature_png(20)),
                   recording=recording, now=clock())
    finally:
        if recording is not None and recording.status().state not in FINAL_STATES:
            # A step failed: the camera must not run on.
            stop_visit_recording(records, visit.visit_id, recording, actor=visit.actor, now=clock())
    return visit.visit_id


def demo_signers(records: CaseRecords, now: datetime.datetime) -> list[tuple[SessionInfo, str]]:
    """The two demo assessors signed in, each with the (public) passphrase their key asks for."""
    return [(login(records, number, DEMO_PASSPHRASES[number], now), DEMO_PASSPHRASES[number])
            for number in DEMO_ASSESSORS]


def write_report(records: CaseRecords, visit_id: str, target: Path, *, actor) -> Path:
    target.write_bytes(stored_report(records, visit_id, actor=actor))
    return target.resolve()
