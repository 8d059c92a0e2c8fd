# SPDX-License-Identifier: GPL-3.0-or-later
"""Case intake (受理): validate an application, register applicant and case, its checklist and flags.

One call, one transaction, by a signed-in actor who may edit cases (domain/roles.py). Every wrong field is reported at once (FieldErrors); a second open
case of the same person and type is refused with the open case's id (OpenCaseExists).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.applicant import ApplicantDraft, ValidApplicant
from assessment_app.domain.case_types import ApplicationType, CaseStatus, InsuranceType
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.domain.materials import MaterialRequirement, checklist_for, missing_materials
from assessment_app.domain.reapplication import Flag
from assessment_app.domain.roles import Permission
from assessment_app.services.authorization import authorize
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.case_flags import flags_for_new_application
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Applicant, Case, Expert, Material, utc_timestamp
from assessment_app.storage.repositories import ApplicantRepository, CaseRepository
from assessment_app.storage.unit_of_work import unit_of_work

TASK_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_/\-]{0,63}$")
ASSIGNABLE_ROLE = "assessor"
EXPERTS_PER_VISIT = 2  # 二对一: two experts per applicant


@dataclass(frozen=True)
class IntakeRequest:
    """The intake form as typed: raw strings, validated by `register_case`."""

    name: str
    resident_id: str
    phone: str
    address: str
    insurance_type: str
    application_type: str
    task_number: str = ""
    planned_visit_date: str = ""  # YYYY-MM-DD or empty
    expert_ids: tuple[str, ...] = ()
    materials_received: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeResult:
    case_id: str
    applicant_id: str
    applicant_was_known: bool
    flags: tuple[Flag, ...]
    missing_materials: tuple[MaterialRequirement, ...]


def _checked(errors: list[FieldError], check, *args):
    try:
        return check(*args)
    except FieldError as error:
        errors.append(error)
        return None


def _enum_value(enum_type, field: str, value: str):
    if not value.strip():
        raise FieldError(field, "not_chosen")
    try:
        return enum_type(value)
    except ValueError:
        raise FieldError(field, "unknown_value", value) from None


def _planned_date(text: str, today: datetime.date) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        planned = datetime.date.fromisoformat(text)
    except ValueError:
        raise FieldError("planned_visit_date", "format", text) from None
    if planned < today:
        raise FieldError("planned_visit_date", "in_past", planned.isoformat())
    return planned


def _task_number(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not TASK_NUMBER.match(text):
        raise FieldError("task_number", "format", text)
    return text


def _validate(request: IntakeRequest, today: datetime.date):
    errors: list[FieldError] = []
    try:
        applicant = ApplicantDraft(request.name, request.resident_id, request.phone, request.address).validate(today)
    except FieldErrors as invalid:
        errors.extend(invalid.errors)
        applicant = None
    insurance = _checked(errors, _enum_value, InsuranceType, "insurance_type", request.insurance_type)
    application = _checked(errors, _enum_value, ApplicationType, "application_type", request.application_type)
    task_number = _checked(errors, _task_number, request.task_number)
    planned = _checked(errors, _planned_date, request.planned_visit_date, today)
    if len(request.expert_ids) > EXPERTS_PER_VISIT:
        errors.append(FieldError("expert_ids", "too_many", EXPERTS_PER_VISIT))
    elif len(set(request.expert_ids)) != len(request.expert_ids):
        errors.append(FieldError("expert_ids", "same_person", None))
    if application is not None:
        known_codes = {requirement.code for requirement in checklist_for(application)}
        unknown = sorted(set(request.materials_received) - known_codes)
        if unknown:
            errors.append(FieldError("materials_received", "unknown_material", ", ".join(unknown)))
    return errors, applicant, insurance, application, task_number, planned


def _check_experts(session, expert_ids: tuple[str, ...], errors: list[FieldError]) -> None:
    for expert_id in expert_ids:
        expert = session.get(Expert, expert_id)
        if expert is None or not expert.active:
            errors.append(FieldError("expert_ids", "unknown_expert", expert_id))
        elif expert.role != ASSIGNABLE_ROLE:
            errors.append(FieldError("expert_ids", "not_an_assessor", expert.name))


def _applicant_row(session, valid: ValidApplicant, now: str) -> tuple[Applicant, bool]:
    """The stored applicant for this ID number (phone and address refreshed), or a new one."""
    repository = ApplicantRepository(session)
    existing = repository.by_resident_id(valid.resident_id.number)
    if existing is not None:
        if existing.name != valid.name:
            # The same ID number under another name is a typing error or an identity problem;
            # either way a person must look at it, the record is not silently renamed.
            raise FieldErrors([FieldError("name", "differs_from_record", existing.name)])
        existing.phone, existing.address, existing.updated_at = valid.phone, valid.address, now
        return existing, True
    applicant = Applicant(
        name=valid.name, resident_id=valid.resident_id.number, sex=valid.sex.value,
        birth_date=valid.birth_date.isoformat(), phone=valid.phone, address=valid.address,
        created_at=now, updated_at=now,
    )
    return repository.add(applicant), False


def register_case(records: CaseRecords, request: IntakeRequest, today: datetime.date,
                  now: datetime.datetime, *, actor) -> IntakeResult:
    timestamp = utc_timestamp(now)
    with unit_of_work(records.engine) as session:
        clerk = authorize(session, records, actor, Permission.EDIT_CASES, now=now)
        errors, valid, insurance, application, task_number, planned = _validate(request, today)
        _check_experts(session, request.expert_ids, errors)
        if errors:
            raise FieldErrors(errors)
        applicant, was_known = _applicant_row(session, valid, timestamp)
        cases = CaseRepository(session)
        flags = flags_for_new_application(session, applicant.id, application, today)
        case = cases.add(Case(
            applicant_id=applicant.id, task_number=task_number, application_type=application.value,
            insurance_type=insurance.value, status=CaseStatus.INTAKE.value,
            planned_visit_date=planned.isoformat() if planned else None,
            created_at=timestamp, created_by=clerk.id, updated_at=timestamp,
        ), request.expert_ids)
        received = set(request.materials_received)
        for requirement in checklist_for(application):
            session.add(Material(case_id=case.id, code=requirement.code, received=requirement.code in received))
        session.flush()
        append_station_event(session, "case_created", now=now, actor_ids=[clerk.id],
                             case_id=case.id,
                             data={"application_type": application.value, "task_number": task_number})
        return IntakeResult(case.id, applicant.id, was_known, flags, missing_materials(application, received))


def existing_applicant(records: CaseRecords, resident_id: str, *, actor) -> Applicant | None:
    """The stored applicant with this (normalised) ID number, to pre-fill the intake form."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        return session.scalar(select(Applicant).where(Applicant.resident_id == resident_id.strip().upper()))
