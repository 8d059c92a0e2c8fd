# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's queue: every signed record (the newest version of each case) with its grade,
experts, review status and flags; filters; the seeded spot-check sample, logged in the audit log.

Imported bundles land in the same tables as visits made on this machine, so the queue does not
care where a record came from. Only a signed-in actor who may review sees it (domain/roles.py).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.domain.review_flags import (
    POLICY_SETTINGS,
    AnswerStamp,
    ReviewFlag,
    ReviewFlagPolicy,
    review_flags,
    visit_facts,
    with_item_names,
)
from assessment_app.domain.review_queue import ANY_FLAG, PENDING, REVIEW_STATUSES, QueueFilter, matches  # noqa: F401
from assessment_app.domain.review_sampling import seeded_sample
from assessment_app.domain.roles import Permission
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_flags import flags_for_case
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_errors import ReviewError
from assessment_app.services.self_assessment import comparison_in
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import (
    Answer,
    Applicant,
    Case,
    Expert,
    RecordingEvent,
    Review,
    Visit,
    VisitWorkflow,
)
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.unit_of_work import unit_of_work
from forms import default_registry

@dataclass(frozen=True)
class QueueRow:
    visit_id: str
    case_id: str
    version: int
    task_number: str | None
    applicant_name: str
    resident_id: str
    application_type: str
    signed_at: str | None
    grade_code: int | None
    grade_label: dict
    expert_ids: tuple[str, str]
    expert_names: tuple[str, str]
    review_status: str
    review_reason: str | None
    flags: tuple[ReviewFlag, ...]
    # Who holds the claim on the agency server's shared queue, and until when (ISO time); the
    # workstation's own queue has no claims.
    claimed_by: str | None = None
    claim_expires_at: str | None = None


@dataclass(frozen=True)
class Sample:
    seed: int
    percent: float
    population: tuple[str, ...]
    visit_ids: tuple[str, ...]


def flag_policy(session: Session) -> ReviewFlagPolicy:
    settings, default = SettingsRepository(session), ReviewFlagPolicy()
    return ReviewFlagPolicy(**{name: settings.get(key, getattr(default, name)) for name, key in POLICY_SETTINGS.items()})


def visit_flags(records: CaseRecords, session: Session, visit: Visit, policy: ReviewFlagPolicy) -> tuple[ReviewFlag, ...]:
    answers = [AnswerStamp(answer.item_id, answer.video_offset_ms, answer.wall_time, answer.superseded_by is not None)
               for answer in session.scalars(select(Answer).where(Answer.visit_id == visit.id).order_by(Answer.id))]
    events = session.execute(select(RecordingEvent.kind, RecordingEvent.video_offset_ms)
                             .where(RecordingEvent.visit_id == visit.id).order_by(RecordingEvent.id)).all()
    case = session.get(Case, visit.case_id)
    form = default_registry().get(visit.form_id, visit.form_version)
    result_grade = json.loads(visit.result_json)["grade"]["code"] if visit.result_json else None
    comparison = comparison_in(session, case.id, form)
    early = [flag.message() for flag in flags_for_case(session, case)] if case.application_type != "initial" else []
    workflow = session.get(VisitWorkflow, visit.id)
    facts = visit_facts(item_count=len(form.items), started_at=visit.started_at,
                        ended_at=workflow.ended_at if workflow else None, signed_at=visit.signed_at, answers=answers,
                        recording_events=events, self_grade=comparison.self_grade if comparison else None,
                        result_grade=result_grade, reapplication_messages=early)
    return tuple(with_item_names(flag, form) for flag in review_flags(facts, policy))


def latest_review(session: Session, visit_id: str) -> Review | None:
    return session.scalar(select(Review).where(Review.visit_id == visit_id)
                          .order_by(Review.decided_at.desc(), Review.id.desc()).limit(1))


def _signed_visits(session: Session) -> list[Visit]:
    visits = session.scalars(select(Visit).where(Visit.status.in_(LOCKED_VISIT_STATUSES))
                             .order_by(Visit.signed_at.desc(), Visit.id))
    newest: dict[str, Visit] = {}
    for visit in visits:
        if visit.case_id not in newest or visit.version > newest[visit.case_id].version:
            newest[visit.case_id] = visit
    return sorted(newest.values(), key=lambda visit: (visit.signed_at or "", visit.id), reverse=True)


def _row(records: CaseRecords, session: Session, visit: Visit, policy: ReviewFlagPolicy) -> QueueRow:
    case = session.get(Case, visit.case_id)
    applicant = session.get(Applicant, case.applicant_id)
    workflow = session.get(VisitWorkflow, visit.id)
    expert_ids = (workflow.first_expert_id, workflow.second_expert_id) if workflow else ("", "")
    experts = [session.get(Expert, expert_id) for expert_id in expert_ids]
    names = tuple(expert.name if expert else "" for expert in experts)
    grade = json.loads(visit.result_json)["grade"] if visit.result_json else {"code": None, "label": {}}
    review = latest_review(session, visit.id)
    return QueueRow(visit.id, case.id, visit.version, case.task_number, applicant.name, applicant.resident_id,
                    case.application_type, visit.signed_at, grade["code"], grade["label"], expert_ids, names,
                    review.decision if review else PENDING, review.reason if review else None,
                    visit_flags(records, session, visit, policy))


def _matches(row: QueueRow, filters: QueueFilter) -> bool:
    return matches(filters, review_status=row.review_status, expert_ids=row.expert_ids, grade_code=row.grade_code,
                   flag_codes=[flag.code for flag in row.flags])


def review_queue(records: CaseRecords, filters: QueueFilter = QueueFilter(), *, actor) -> list[QueueRow]:
    """Newest signed first."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.REVIEW)
        return queue_in(records, session, filters)


def queue_in(records: CaseRecords, session: Session, filters: QueueFilter) -> list[QueueRow]:
    """The queue in the caller's (already authorised) transaction."""
    policy = flag_policy(session)
    rows = [_row(records, session, visit, policy) for visit in _signed_visits(session)]
    return [row for row in rows if _matches(row, filters)]


def queue_row(session: Session, records: CaseRecords, visit_id: str) -> QueueRow:
    """One row in the caller's (already authorised) transaction."""
    return _row(records, session, session.get(Visit, visit_id), flag_policy(session))


def draw_sample(records: CaseRecords, percent: float, seed: int, *, actor, now: datetime.datetime,
                filters: QueueFilter = QueueFilter()) -> Sample:
    """N % of the (filtered) queue for a spot check, drawn by the acting reviewer; the seed, the
    population and the sample go into the station's audit chain, so the draw can be recomputed
    and shown to be fair."""
    with unit_of_work(records.engine) as session:
        reviewer = authorize(session, records, actor, Permission.REVIEW, now=now)
        if not 0 <= percent <= 100:
            raise ReviewError("sample_percent", percent)
        population = tuple(sorted(row.visit_id for row in queue_in(records, session, filters)))
        chosen = seeded_sample(population, percent, seed)
        append_station_event(session, "review_sample", now=now, actor_ids=[reviewer.id], data={
            "seed": seed, "percent": str(percent), "population": list(population), "sample": list(chosen),
            "filters": filters.used()})
    return Sample(seed, percent, population, chosen)
