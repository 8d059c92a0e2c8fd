# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading cases: the searchable case list and one case's full picture, for a signed-in actor
who may read cases (domain/roles.py).

ID numbers leave this module masked (1101**********123X); only an expert assigned to the case
gets the full number, on demand, through `reveal_resident_id`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.materials import checklist_for, missing_materials
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.domain.reapplication import Flag
from assessment_app.domain.resident_id import mask_resident_id
from assessment_app.services.authorization import authorize
from assessment_app.services.case_flags import flags_for_case, local_date, prior_applications
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Applicant, Attachment, Case, CaseExpert, Expert, Material, SelfAssessment
# CaseQuery is `search_cases`' parameter: the screens take it from here, not from storage.
from assessment_app.storage.repositories import CaseQuery, CaseRepository, RecordNotFound, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


class NotAssignedExpert(AppError, PermissionError):
    """Only the experts assigned to a case may see the applicant's full ID number."""

    reason = "not_assigned"


@dataclass(frozen=True)
class CaseListRow:
    case_id: str
    task_number: str | None
    status: str
    application_type: str
    planned_visit_date: str | None
    created_on: str  # local date, YYYY-MM-DD
    applicant_name: str
    resident_id_masked: str


@dataclass(frozen=True)
class CaseListPage:
    rows: tuple[CaseListRow, ...]
    total: int


def search_cases(records: CaseRecords, query: CaseQuery, *, actor) -> CaseListPage:
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        found, total = CaseRepository(session).page(query)
    return CaseListPage(tuple(
        CaseListRow(row.case_id, row.task_number, row.status, row.application_type, row.planned_visit_date,
                    local_date(row.created_at).isoformat(), row.applicant_name, mask_resident_id(row.resident_id))
        for row in found), total)


@dataclass(frozen=True)
class AssignedExpert:
    expert_id: str
    name: str
    expert_number: str
    position: int


@dataclass(frozen=True)
class MaterialState:
    code: str
    received: bool
    attachment_id: str | None
    attachment_name: str | None


@dataclass(frozen=True)
class PriorCase:
    case_id: str
    application_type: str
    applied_on: str
    status: str
    grade_code: int | None


@dataclass(frozen=True)
class VisitVersion:
    visit_id: str
    version: int
    status: str
    supersedes_id: str | None
    correction_reason: str | None
    corrected_by: str | None


@dataclass(frozen=True)
class CaseDetail:
    case_id: str
    task_number: str | None
    status: str
    application_type: str
    insurance_type: str
    planned_visit_date: str | None
    created_on: str
    applicant_id: str
    applicant_name: str
    resident_id_masked: str
    sex: str
    birth_date: str
    phone: str | None
    address: str | None
    experts: tuple[AssignedExpert, ...]
    materials: tuple[MaterialState, ...]
    missing_material_codes: tuple[str, ...]
    prior_cases: tuple[PriorCase, ...]
    flags: tuple[Flag, ...]
    versions: tuple[VisitVersion, ...]
    has_self_assessment: bool


def _experts(session, case_id: str) -> tuple[AssignedExpert, ...]:
    rows = session.execute(
        select(CaseExpert.position, Expert).join(Expert, Expert.id == CaseExpert.expert_id)
        .where(CaseExpert.case_id == case_id).order_by(CaseExpert.position))
    return tuple(AssignedExpert(e.id, e.name, e.expert_number, position) for position, e in rows)


def _materials(session, case: Case) -> tuple[tuple[MaterialState, ...], tuple[str, ...]]:
    rows = session.execute(
        select(Material, Attachment.original_name).outerjoin(Attachment, Attachment.id == Material.attachment_id)
        .where(Material.case_id == case.id))
    by_code = {material.code: MaterialState(material.code, material.received, material.attachment_id, name)
               for material, name in rows}
    order = [requirement.code for requirement in checklist_for(case.application_type)]
    ordered = tuple(by_code[code] for code in order if code in by_code)
    received = {code for code, state in by_code.items() if state.received}
    missing = tuple(requirement.code for requirement in missing_materials(case.application_type, received))
    return ordered, missing


def case_detail(records: CaseRecords, case_id: str, *, actor) -> CaseDetail:
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        return detail_in(session, case_id)


def detail_in(session, case_id: str) -> CaseDetail:
    """The case's picture in the caller's (already authorised) transaction."""
    case = session.get(Case, case_id)
    if case is None:
        raise RecordNotFound(f"case {case_id}")
    applicant = session.get(Applicant, case.applicant_id)
    materials, missing = _materials(session, case)
    priors = tuple(
        PriorCase(p.case_id, p.application_type.value, p.applied_on.isoformat(), p.status.value, p.grade_code)
        for p in prior_applications(session, case.applicant_id) if p.case_id != case.id
    )
    versions = tuple(
        VisitVersion(v.id, v.version, v.status, v.supersedes_id, v.correction_reason, v.corrected_by)
        for v in VisitRepository(session).versions(case.id)
    )
    has_self = session.scalar(select(SelfAssessment.id).where(SelfAssessment.case_id == case.id)) is not None
    return CaseDetail(
        case.id, case.task_number, case.status, case.application_type, case.insurance_type,
        case.planned_visit_date, local_date(case.created_at).isoformat(), applicant.id, applicant.name,
        mask_resident_id(applicant.resident_id), applicant.sex, applicant.birth_date, applicant.phone,
        applicant.address, _experts(session, case.id), materials, missing, priors,
        flags_for_case(session, case), versions, has_self,
    )


def reveal_resident_id(records: CaseRecords, case_id: str, *, actor) -> str:
    """The full ID number, for the signed-in expert when assigned to the case; NotAssignedExpert
    for anyone else."""
    with unit_of_work(records.engine) as session:
        expert = authorize(session, records, actor, Permission.READ_CASES)
        assigned = session.scalar(select(CaseExpert.expert_id).where(
            CaseExpert.case_id == case_id, CaseExpert.expert_id == expert.id))
        if assigned is None:
            raise NotAssignedExpert(f"expert {expert.expert_number} is not assigned to case {case_id}")
        case = session.get(Case, case_id)
        return session.get(Applicant, case.applicant_id).resident_id
