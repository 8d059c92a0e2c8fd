# SPDX-License-Identifier: GPL-3.0-or-later
"""Small builders for valid rows, with fixed times so that tests are deterministic."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment_app.storage.models import Answer, Applicant, Case, Expert, Visit
from assessment_app.storage.repositories import ApplicantRepository, CaseRepository, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work

T0 = "2025-03-01T08:00:00.000000Z"
FORM = {"form_id": "cn-ltc-2021", "form_version": "1.0.0", "form_sha256": "ab" * 32}


def expert(number: str = "PG-0001", role: str = "assessor", name: str = "评估员甲") -> Expert:
    return Expert(name=name, expert_number=number, role=role, qualification="评估师", active=True, created_at=T0)


def applicant(resident_id: str = "110105194912310021", name: str = "王小明", **overrides) -> Applicant:
    fields = dict(name=name, resident_id=resident_id, sex="female", birth_date="1949-12-31",
                  phone="13800000000", address="北京市朝阳区某街道1号", created_at=T0, updated_at=T0)
    return Applicant(**{**fields, **overrides})


def case(applicant_id: str, *, status: str = "intake", application_type: str = "initial",
         task_number: str | None = None, created_at: str = T0, planned_visit_date: str | None = None) -> Case:
    return Case(applicant_id=applicant_id, task_number=task_number, application_type=application_type,
                insurance_type="employee", status=status, planned_visit_date=planned_visit_date,
                created_at=created_at, updated_at=created_at)


def visit(case_id: str, *, status: str = "in_visit") -> Visit:
    return Visit(case_id=case_id, version=1, status=status, created_at=T0, started_at=T0, **FORM)


def answer(visit_id: str, expert_id: str, item_id: str, option_id: str, *, monotonic_ns: int = 0,
           reason: str | None = None) -> Answer:
    return Answer(visit_id=visit_id, item_id=item_id, option_id=option_id, answered_by=expert_id,
                  wall_time=T0, monotonic_ns=monotonic_ns, video_offset_ms=monotonic_ns // 1_000_000,
                  reason=reason)


def seed_visit(engine: Engine, *, resident_id: str = "110105194912310021", name: str = "王小明") -> dict[str, str]:
    """One expert, applicant, case and open visit; returns their ids."""
    with unit_of_work(engine) as session:
        assessor = expert()
        session.add(assessor)
        person = ApplicantRepository(session).add(applicant(resident_id, name))
        the_case = CaseRepository(session).add(case(person.id), [assessor.id])
        the_visit = VisitRepository(session).add(visit(the_case.id))
        return {"expert": assessor.id, "applicant": person.id, "case": the_case.id, "visit": the_visit.id}
