# SPDX-License-Identifier: GPL-3.0-or-later
"""The applicant's self-assessment (自评表) on the same instrument, kept apart from the experts' record.

It may be incomplete (families often leave items blank); it is scored only when complete. The
comparison puts it next to the experts' newest version, item by item and grade against grade.
"""

from __future__ import annotations

import datetime
import json

from sqlalchemy import select

from forms.canonical import canonical_json_bytes, canonical_sha256
from forms.model import Form
from scoring import AnswerProblem, AnswersError
from scoring.errors import UNKNOWN_ITEM, UNKNOWN_OPTION

from assessment_app.domain.roles import Permission
from assessment_app.domain.self_assessment import (  # noqa: F401 - the laptop's callers import them from here
    ItemComparison,
    SelfAssessmentComparison,
    compare_answers,
)
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import Case, SelfAssessment, utc_timestamp
from assessment_app.storage.repositories import RecordNotFound, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


def _check_answers(form: Form, answers: dict[str, str]) -> None:
    problems = []
    for item_id, option_id in answers.items():
        item = form.items_by_id.get(item_id)
        if item is None:
            problems.append(AnswerProblem(UNKNOWN_ITEM, str(item_id)))
        elif not isinstance(option_id, str) or option_id not in item.scores_by_option:
            problems.append(AnswerProblem(UNKNOWN_OPTION, item_id, option_id))
    if problems:
        raise AnswersError(tuple(problems))


def record_self_assessment(records: CaseRecords, case_id: str, form: Form, answers: dict[str, str], *,
                           now: datetime.datetime, actor, note: str | None = None) -> None:
    """Store (or replace, until a visit exists) the case's self-assessment; unknown items/options are refused."""
    with unit_of_work(records.engine) as session:
        clerk = authorize(session, records, actor, Permission.EDIT_CASES, now=now)
        _check_answers(form, answers)
        if session.get(Case, case_id) is None:
            raise RecordNotFound(f"case {case_id}")
        row = session.scalar(select(SelfAssessment).where(SelfAssessment.case_id == case_id))
        old = None if row is None else json.loads(row.answers_json)
        if row is None:
            row = SelfAssessment(case_id=case_id)
            session.add(row)
        row.form_id, row.form_version, row.form_sha256 = form.id, form.version, form.sha256
        row.answers_json = canonical_json_bytes(answers).decode("utf-8")
        row.recorded_at, row.recorded_by_note = utc_timestamp(now), note
        # Hashes and item ids, not the answers: the station chain is less protected than the
        # record (the same reason the informant's phone stays out of the visit chain).
        changed = sorted(item for item in set(answers) | set(old or {}) if (old or {}).get(item) != answers.get(item))
        append_station_event(session, "self_assessment_recorded", now=now, actor_ids=[clerk.id], case_id=case_id,
                             data={"form": {"id": form.id, "version": form.version}, "changed_items": changed,
                                   "old": None if old is None else canonical_sha256(old),
                                   "new": canonical_sha256(answers)})


def compare_with_experts(records: CaseRecords, case_id: str, form: Form, *, actor) -> SelfAssessmentComparison | None:
    """None when the case has no self-assessment."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        return comparison_in(session, case_id, form)


def comparison_in(session, case_id: str, form: Form) -> SelfAssessmentComparison | None:
    """The comparison in the caller's (already authorised) transaction."""
    row = session.scalar(select(SelfAssessment).where(SelfAssessment.case_id == case_id))
    if row is None:
        return None
    own = json.loads(row.answers_json)
    visits = VisitRepository(session)
    versions = visits.versions(case_id)
    # The experts' word is the newest signed version; a correction still being drafted
    # is only shown when nothing has been signed yet.
    signed = [visit for visit in versions if visit.status in LOCKED_VISIT_STATUSES]
    latest = (signed or versions or [None])[-1]
    experts = {item: answer.option_id for item, answer in visits.current_answers(latest.id).items()} if latest else {}
    return compare_answers(form, own, experts if latest else None, latest.version if latest else None)
