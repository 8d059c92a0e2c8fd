# SPDX-License-Identifier: GPL-3.0-or-later
"""What the case screen may offer the signed-in person on one case: start or resume a visit,
export the signed record, correct it. Each answer combines the domain's rule on the case's state
(domain/case_types, domain/visit_status) with the actor's permissions (domain/roles); the use
cases check both again when the person acts, whatever the screen offered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.case_types import is_visitable
from assessment_app.domain.roles import Permission, permissions_of
from assessment_app.domain.visit_status import VisitStatus, is_locked, may_be_corrected
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Case, Visit, VisitWorkflow
from assessment_app.storage.repositories import RecordNotFound, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class CaseActions:
    resume_visit_id: str | None  # a visit of the case that was interrupted (neither ended nor signed)
    can_start_visit: bool
    can_resume_visit: bool
    signed_visit_id: str | None  # the newest version of the record, once it is signed
    can_export: bool
    newest_locked: bool  # the newest version is signed: it is the one a correction starts from
    can_correct: bool


def case_actions(records: CaseRecords, case_id: str, *, actor) -> CaseActions:
    with unit_of_work(records.engine) as session:
        granted = permissions_of(authorize(session, records, actor, Permission.READ_CASES).role)
        case = session.get(Case, case_id)
        if case is None:
            raise RecordNotFound(f"case {case_id}")
        versions = VisitRepository(session).versions(case_id)
        newest = versions[-1] if versions else None
        interrupted = session.scalar(
            select(Visit.id).join(VisitWorkflow, VisitWorkflow.visit_id == Visit.id)
            .where(Visit.case_id == case_id, Visit.status == VisitStatus.IN_VISIT, VisitWorkflow.outcome.is_(None))
            .order_by(VisitWorkflow.updated_at.desc(), Visit.id).limit(1))
        visiting = Permission.CONDUCT_VISIT in granted
        signed = newest is not None and is_locked(newest.status)
        correctable = newest is not None and may_be_corrected(newest.status)
        return CaseActions(
            resume_visit_id=interrupted,
            can_start_visit=visiting and interrupted is None and is_visitable(case.status),
            can_resume_visit=visiting and interrupted is not None,
            signed_visit_id=newest.id if signed else None,
            can_export=signed and Permission.EXPORT_BUNDLE in granted,
            newest_locked=correctable,
            can_correct=correctable and Permission.CORRECT_RECORD in granted)
