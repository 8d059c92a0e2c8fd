# SPDX-License-Identifier: GPL-3.0-or-later
"""The recording of one visit, tied to the visit record: opening the camera (or the synthetic
one), starting or continuing the segment chain, and pausing, resuming and stopping with the
event stored in the visit record and the audit log as well as in the video chain.

The video chain is the evidence a reviewer checks against the video; the record's events are
what the report and the review flags read. Both get every pause with its reason. Opening,
pausing, resuming and stopping are acts of a signed-in expert of the visit; a fault the recorder
reports later is recorded under the authority of the expert who opened the recording.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from assessment_app.domain.roles import PermissionDenied
from assessment_app.domain.visit_workflow import VisitError
from assessment_app.recording.session import PAUSED, RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import MicrophoneSource, SyntheticAudioSource, open_camera_or_synthetic
from assessment_app.recording.watermark import WatermarkText
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_session import record_recording_event, recorder_event
from assessment_app.services.visit_settings import read_visit_settings
from assessment_app.services.visit_state import visit_for
from assessment_app.storage.models import Case, Visit
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

# Warnings of the recorder that the visit record keeps (code -> recording event kind).
RECORDED_WARNINGS = {"camera_lost": "camera_lost", "disk_low_stop": "disk_stop", "write_failed": "disk_stop"}


@dataclass(frozen=True)
class RecordingChoice:
    """Where pictures and sound come from: a camera index (None: the synthetic camera) and
    whether to use the microphone (False, or no microphone found: a synthetic tone in demo
    mode, none otherwise)."""

    camera_index: int | None = 0
    microphone: bool = True
    synthetic_sound: bool = False


def visit_watermark(records: CaseRecords, visit_id: str, *, actor) -> WatermarkText | None:
    """Agency and case number burnt into the picture (with the date-time), unless switched off."""
    with unit_of_work(records.engine) as session:
        visit_for(session, records, visit_id, actor)
    if not read_visit_settings(records).recording_watermark:
        return None
    with unit_of_work(records.engine) as session:
        visit = session.get(Visit, visit_id)
        case = session.get(Case, visit.case_id)
        agency = session.get(Agency, 1)
        return WatermarkText(agency.name if agency else "", case.task_number or case.id[:8])


def open_visit_recording(records: CaseRecords, visit_id: str, *, choice: RecordingChoice, actor,
                         now: datetime.datetime, settings: RecordingSettings = RecordingSettings()) -> RecordingSession:
    """Start recording (a new chain linked to any earlier one of this visit) and note it in the record."""
    watermark = visit_watermark(records, visit_id, actor=actor)  # authorises the actor first
    video = open_camera_or_synthetic(choice.camera_index, settings.width, settings.height, settings.fps)
    audio = None
    if choice.synthetic_sound:
        audio = SyntheticAudioSource(settings.audio_sample_rate)
    elif choice.microphone:
        # Without a microphone the session records video only and notes it in its chain.
        audio = MicrophoneSource(sample_rate=settings.audio_sample_rate)
    session = RecordingSession(records.layout.recordings, visit_id, video, audio_source=audio, settings=settings,
                               data_key=records.data_key, watermark=watermark)
    session.start()
    record_recording_event(records, visit_id, "started", video_offset_ms=session.offset_ms(), now=now,
                           monotonic_ns=time.monotonic_ns(), actor=actor)

    def keep_in_record(warning) -> None:
        kind = RECORDED_WARNINGS.get(warning.code)
        if kind is not None:
            recorder_event(records, visit_id, kind, reason_code=warning.code, text=warning.detail,
                           video_offset_ms=warning.at_ms, now=datetime.datetime.now(datetime.timezone.utc),
                           monotonic_ns=time.monotonic_ns())

    session.add_listener(keep_in_record)
    return session


def pause_visit_recording(records: CaseRecords, visit_id: str, session: RecordingSession, reason_code: str,
                          text: str | None, *, actor, now: datetime.datetime) -> int:
    _authorize(records, visit_id, actor, now)  # before the recorder is touched
    offset = session.pause(reason_code, text)
    record_recording_event(records, visit_id, "paused", reason_code=reason_code, text=text, video_offset_ms=offset,
                           now=now, monotonic_ns=time.monotonic_ns(), actor=actor)
    return offset


def resume_visit_recording(records: CaseRecords, visit_id: str, session: RecordingSession, *,
                           actor, now: datetime.datetime) -> int:
    _authorize(records, visit_id, actor, now)
    offset = session.resume()
    record_recording_event(records, visit_id, "resumed", video_offset_ms=offset, now=now,
                           monotonic_ns=time.monotonic_ns(), actor=actor)
    return offset


def stop_visit_recording(records: CaseRecords, visit_id: str, session: RecordingSession, *,
                         actor, now: datetime.datetime) -> None:
    """Stopping never waits for a session: a camera must not be left running because its expert
    signed out meanwhile. Without a valid actor (the refusal is audited) the record shows the
    stop as the recorder's own."""
    try:
        _authorize(records, visit_id, actor, now)
        acting = actor
    except (NotSignedIn, PermissionDenied, VisitError):
        acting = None
    if session.status().state == PAUSED:
        session.resume()
    offset = session.offset_ms()
    status = session.stop()
    text = f"segments={status.segments_sealed}"
    if acting is None:
        recorder_event(records, visit_id, "stopped", reason_code=None, text=text, video_offset_ms=offset, now=now,
                       monotonic_ns=time.monotonic_ns())
    else:
        record_recording_event(records, visit_id, "stopped", text=text, video_offset_ms=offset, now=now,
                               monotonic_ns=time.monotonic_ns(), actor=acting)


def _authorize(records: CaseRecords, visit_id: str, actor, now: datetime.datetime) -> None:
    with unit_of_work(records.engine) as session:
        visit_for(session, records, visit_id, actor, now=now)
