"""A whole visit without a screen, for demonstrations, support and end-to-end checks.

In a fresh data directory under the output directory: the demo agency and its two demo
experts, an intake of a synthetic (测试) person, declarations, identity photos from the
synthetic camera, consent, a synthetic recording with the answers spread over it, the
conclusion, both experts' signatures, and the export of the encrypted bundle. Nothing here is
special to the demo except the data: it runs the same use cases as the visit screen.
"""

from __future__ import annotations

import datetime
import os
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
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.still_capture import synthetic_still
from assessment_app.services import visit_answers, visit_finish, visit_start
from assessment_app.services.accounts import SessionInfo, login, start_pair
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.demo_directory import DEMO_ADMIN_PASSPHRASE
from assessment_app.services.intake import IntakeRequest, register_case
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency
from assessment_app.services.visit_recording import RecordingChoice, open_visit_recording, stop_visit_recording
from assessment_app.services.visit_report import sign_and_lock, stored_report

EXPERT_NUMBERS = ("DEMO-A-001", "DEMO-A-002")
# A plausible moderate disability: the demo report shows levels below "intact" in every dimension.
DEFAULT_ANSWERS = {
    "adl.eating": "5", "adl.dressing": "5", "adl.grooming": "0", "adl.bowel": "10", "adl.bladder": "5",
    "adl.toileting": "5", "adl.walking": "10", "adl.transfer": "10", "adl.stairs": "5", "adl.bathing": "0",
    "cognition.time": "3", "cognition.person": "4", "cognition.place": "3", "cognition.memory": "2",
    "perception.vision": "3", "perception.hearing": "3", "perception.communication": "3",
}


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
    """A new data directory unlocked by the demo passphrase only (the OS credential store is left alone)."""
    records = initialise_case_records(data_dir, DEMO_ADMIN_PASSPHRASE, null.Keyring())
    ensure_demo_agency(records, now, os.urandom(32))
    return records


def run_demo_visit(records: CaseRecords, *, seconds: float, answers: Mapping[str, str] | None = None,
                   form: Form | None = None, clock: Callable[[], datetime.datetime] | None = None,
                   recording_settings: RecordingSettings = RecordingSettings()) -> str:
    """Intake to signed, locked record, with `seconds` of synthetic recording; returns the visit id."""
    form = form or default_registry().get("cn-ltc-2021")
    clock = clock or (lambda: datetime.datetime.now().astimezone())
    answers = dict(DEFAULT_ANSWERS if answers is None else answers)
    signers = demo_signers(records, clock())
    pair = start_pair(*(session for session, _ in signers))
    first = pair.first
    case = register_case(records, _synthetic_person(clock()), clock().date(), clock(), actor=first)
    stamp = lambda: {"now": clock(), "monotonic_ns": time.monotonic_ns()}  # noqa: E731
    visit_id = visit_start.start_visit(records, case.case_id, pair, form=form, **stamp()).visit_id
    for session in (pair.first, pair.second):
        visit_start.declare_no_conflict(records, visit_id, actor=session, now=clock())
    photo = synthetic_still(clock()).jpeg
    visit_start.record_identity_photos(records, visit_id, photo, photo, actor=first, now=clock())
    visit_start.confirm_identity(records, visit_id, True, actor=first, **stamp())
    visit_start.record_informant(records, visit_id, "测试王小明", "child", "13912345678", actor=first, now=clock())
    visit_start.record_consent(records, visit_id, _signature_png(1), actor=first, **stamp())

    recording = open_visit_recording(records, visit_id, choice=RecordingChoice(None, microphone=False,
                                                                              synthetic_sound=True),
                                     actor=first, now=clock(), settings=recording_settings)
    try:
        pause = seconds / (len(form.items) + 1)
        for item in form.items:
            time.sleep(pause)
            visit_answers.answer_item(records, visit_id, item.id, answers[item.id], actor=first,
                                      video_offset_ms=recording.offset_ms(), **stamp())
        time.sleep(pause)
    finally:
        stop_visit_recording(records, visit_id, recording, actor=first, now=clock())

    for warning in visit_finish.finish_check(records, visit_id, actor=first).unconfirmed_warnings:
        visit_finish.confirm_warning(records, visit_id, warning, "演示数据：已核实", actor=first, now=clock())
    visit_finish.conclude(records, visit_id, "经现场评估，申请人日常生活活动能力、认知能力及感知觉与沟通能力均有不同程度受损。",
                          "建议助行器辅助行走，洗澡时专人协助。", actor=first, now=clock())
    for index, session in enumerate((pair.first, pair.second)):
        visit_finish.record_signature(records, visit_id, _signature_png(10 + index), actor=session, now=clock())
    visit_finish.record_signature(records, visit_id, _signature_png(20), actor=first, now=clock(), informant=True)
    sign_and_lock(records, visit_id, form, signers, now=clock())
    return visit_id


def demo_signers(records: CaseRecords, now: datetime.datetime) -> list[tuple[SessionInfo, str]]:
    """The two demo experts signed in, each with the (public) passphrase their key asks for."""
    return [(login(records, number, DEMO_PASSPHRASES[number], now), DEMO_PASSPHRASES[number])
            for number in EXPERT_NUMBERS]


def write_report(records: CaseRecords, visit_id: str, target: Path, *, actor) -> Path:
    target.write_bytes(stored_report(records, visit_id, actor=actor))
    return target.resolve()
