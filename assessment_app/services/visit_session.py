# SPDX-License-Identifier: GPL-3.0-or-later
"""After a crash: the interrupted visits and resuming one at its current item (both experts
signed in again); the recording's pauses, resumes and faults as the record shows them (the
video layer keeps its own chain too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.visit_entries import VisitProgress
from assessment_app.domain.visit_workflow import (
    RECORDING_EVENT_KINDS,
    RECORDING_KINDS_NEEDING_REASON,
    VisitError,
)
from assessment_app.domain.roles import Permission
from assessment_app.services.accounts import VisitPair
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_answers import answers_seen_by, progress_in
from assessment_app.services.visit_state import (
    LoadedVisit, audit, load_visit, require_open, touch, visit_for, visit_for_pair,
)
from assessment_app.storage.models import Applicant, Case, RecordingEvent, Visit, VisitWorkflow, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work

_AUDIT_KIND = {"started": "recording_started", "paused": "recording_paused", "resumed": "recording_resumed",
               "stopped": "recording_stopped", "camera_lost": "recording_stopped", "disk_stop": "recording_stopped",
               "low_disk": "recording_warning"}


@dataclass(frozen=True)
class InterruptedVisit:
    visit_id: str
    case_id: str
    applicant_name: str
    task_number: str | None
    started_at: str | None
    last_activity_at: str
    expert_ids: tuple[str, str]


def interrupted_visits(records: CaseRecords, *, actor) -> list[InterruptedVisit]:
    """Visits started and neither ended nor locked, most recent activity first."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        rows = session.execute(
            select(Visit, VisitWorkflow, Case, Applicant)
            .join(VisitWorkflow, VisitWorkflow.visit_id == Visit.id).join(Case, Case.id == Visit.case_id)
            .join(Applicant, Applicant.id == Case.applicant_id)
            .where(Visit.status == "in_visit", VisitWorkflow.outcome.is_(None))
            .order_by(VisitWorkflow.updated_at.desc(), Visit.id))
        return [InterruptedVisit(visit.id, case.id, applicant.name, case.task_number, visit.started_at,
                                 workflow.updated_at, (workflow.first_expert_id, workflow.second_expert_id))
                for visit, workflow, case, applicant in rows]


@dataclass(frozen=True)
class ResumedVisit:
    visit_id: str
    progress: VisitProgress  # current_item_id: where to go on
    answers: dict[str, str]  # every answer in force (the caller's own in independent dual entry)
    expert_ids: tuple[str, str]  # in the record's order
    dual_entry: bool  # as the visit started, whatever the agency's setting says now
    entry_mode: str  # joint / independent / reconciling
    entering_expert_id: str | None  # independent dual entry: whose own ratings continue


def resume_visit(records: CaseRecords, visit_id: str, pair: VisitPair, *, now: datetime.datetime,
                 monotonic_ns: int, expert_id: str | None = None) -> ResumedVisit:
    """Take up an interrupted visit with the same two experts (in either order), both signed in.
    `expert_id` (one of the two) chooses whose independent ratings go on."""
    with unit_of_work(records.engine) as session:
        loaded = visit_for_pair(session, records, visit_id, (pair.first, pair.second), now=now)
        require_open(loaded)
        touch(loaded, now)
        audit(session, loaded, "visit_resumed", now=now, monotonic_ns=monotonic_ns,
              data={"last_activity": loaded.workflow.updated_at})
        expert_ids, dual_entry, entry_mode = loaded.expert_ids, loaded.workflow.dual_entry, loaded.workflow.entry_mode
        if entry_mode == "independent" and expert_id is None:
            # The first expert rates every item before the second starts: go on with whoever is not done.
            first_done = progress_in(session, loaded, expert_ids[0]).complete
            expert_id = expert_ids[1] if first_done else expert_ids[0]
        return ResumedVisit(visit_id, progress_in(session, loaded, expert_id),
                            answers_seen_by(session, loaded, expert_id)[0], expert_ids, dual_entry, entry_mode,
                            expert_id if entry_mode == "independent" else None)


def record_recording_event(records: CaseRecords, visit_id: str, kind: str, *, actor, reason_code: str | None = None,
                           text: str | None = None, video_offset_ms: int | None = None, now: datetime.datetime,
                           monotonic_ns: int) -> int:
    """Store a recording event (kinds: RECORDING_EVENT_KINDS) by the acting expert of the visit; a
    pause and a stop for a fault need a reason code. Allowed after the visit ended too: the
    recording may stop after the outcome."""
    _check_event(kind, reason_code)
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        return store_recording_event(session, loaded, kind, reason_code=reason_code, text=text,
                                     video_offset_ms=video_offset_ms, now=now, monotonic_ns=monotonic_ns,
                                     expert_id=actor.expert_id)


def recorder_event(records: CaseRecords, visit_id: str, kind: str, *, reason_code: str | None, text: str | None,
                   video_offset_ms: int | None, now: datetime.datetime, monotonic_ns: int) -> int:
    """A fault the recorder itself reports (camera lost, disk full) for a recording that an
    authorised expert opened (visit_recording.open_visit_recording): nobody acted, so no actor;
    the visit's experts may have signed out meanwhile, and the fault must still be recorded."""
    _check_event(kind, reason_code)
    with unit_of_work(records.engine) as session:
        return store_recording_event(session, load_visit(session, visit_id), kind, reason_code=reason_code,
                                     text=text, video_offset_ms=video_offset_ms, now=now,
                                     monotonic_ns=monotonic_ns, expert_id=None)


def _check_event(kind: str, reason_code: str | None) -> None:
    if kind not in RECORDING_EVENT_KINDS:
        raise VisitError("unknown_recording_event", kind)
    if kind in RECORDING_KINDS_NEEDING_REASON and not (reason_code or "").strip():
        raise VisitError("reason_required", kind)


def store_recording_event(session, loaded: LoadedVisit, kind: str, *, reason_code: str | None, text: str | None,
                          video_offset_ms: int | None, now: datetime.datetime, monotonic_ns: int,
                          expert_id: str | None) -> int:
    """In the caller's (already authorised) transaction."""
    reason_code = (reason_code or "").strip() or None
    visit_id = loaded.visit.id
    if loaded.locked:
        raise VisitError("visit_locked", visit_id)
    event = RecordingEvent(visit_id=visit_id, kind=kind, reason_code=reason_code, text=(text or "").strip() or None,
                           video_offset_ms=video_offset_ms, wall_time=utc_timestamp(now), monotonic_ns=monotonic_ns,
                           expert_id=expert_id)
    session.add(event)
    session.flush()
    touch(loaded, now)
    audit(session, loaded, _AUDIT_KIND[kind], now=now, actor_ids=(expert_id,) if expert_id else None,
          monotonic_ns=monotonic_ns, video_offset_ms=video_offset_ms,
          data={"event": kind, "reason": reason_code, "text": event.text})
    return event.id
