# SPDX-License-Identifier: GPL-3.0-or-later
"""Never overwrite: a signed assessment record is corrected by a new version, with author and reason.

The author is the signed-in actor who may correct records (domain/roles.py); the correction is
in the station's audit chain. The new version starts as a copy of the answers in force, so it is
a whole record on its own; the history puts every version side by side, item by item.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from forms.model import Form
from scoring import AnswersError, score

from assessment_app.domain.reasons import ReasonKind, reason_text
from assessment_app.domain.roles import Permission
from assessment_app.domain.visit_status import is_locked
from assessment_app.errors import AppError
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Answer, Expert, utc_timestamp
from assessment_app.storage.repositories import RecordNotFound, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


class NotSignedYet(AppError, ValueError):
    """An unsigned record is still being answered: change the answer, not the version."""

    reason = "not_signed"


def correct_record(records: CaseRecords, visit_id: str, *, actor, reason: str,
                   now: datetime.datetime) -> str:
    """A new version superseding the signed `visit_id`, by the actor; returns the new version's visit id."""
    with unit_of_work(records.engine) as session:
        author_id = authorize(session, records, actor, Permission.CORRECT_RECORD, now=now).id
        reason = reason_text(ReasonKind.RECORD_CORRECTION, reason)
        visits = VisitRepository(session)
        previous = visits.get(visit_id)
        if previous is None:
            raise RecordNotFound(f"visit {visit_id}")
        if not is_locked(previous.status):
            raise NotSignedYet(f"visit {visit_id} is {previous.status}")
        correction = visits.add_correction(previous, corrected_by=author_id, correction_reason=reason,
                                           created_at=utc_timestamp(now))
        for answer in visits.current_answers(previous.id).values():
            visits.append_answer(Answer(
                visit_id=correction.id, item_id=answer.item_id, option_id=answer.option_id,
                answered_by=answer.answered_by, second_expert_id=answer.second_expert_id,
                wall_time=answer.wall_time, monotonic_ns=answer.monotonic_ns,
                video_offset_ms=answer.video_offset_ms, reason=None,
            ))
        append_station_event(session, "record_corrected", now=now, actor_ids=[author_id], case_id=previous.case_id,
                             data={"visit_id": previous.id, "new_visit_id": correction.id,
                                   "version": correction.version, "reason": reason})
        return correction.id


@dataclass(frozen=True)
class RecordVersion:
    visit_id: str
    version: int
    status: str
    created_at: str
    corrected_by_name: str | None
    correction_reason: str | None
    answers: dict[str, str]
    grade_code: int | None


def version_history(records: CaseRecords, case_id: str, form: Form, *, actor) -> tuple[RecordVersion, ...]:
    """Every version of the case's record, oldest first, with its answers and grade (when complete)."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        visits = VisitRepository(session)
        history = []
        for visit in visits.versions(case_id):
            answers = {item: answer.option_id for item, answer in visits.current_answers(visit.id).items()}
            if visit.result_json:
                grade = json.loads(visit.result_json)["grade"]["code"]
            else:
                try:
                    grade = score(form, answers).grade_code
                except AnswersError:
                    grade = None
            author = session.get(Expert, visit.corrected_by) if visit.corrected_by else None
            history.append(RecordVersion(visit.id, visit.version, visit.status, visit.created_at,
                                         author.name if author else None, visit.correction_reason, answers, grade))
        return tuple(history)
