"""The experts known on this workstation (assessors, reviewers, administrators).

Until an agency provisioning package is imported (issue 5), experts are added here directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.errors import FieldError
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import EXPERT_ROLES, Expert, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ExpertInfo:
    expert_id: str
    name: str
    expert_number: str
    role: str
    qualification: str | None


def add_expert(records: CaseRecords, *, name: str, expert_number: str, role: str, qualification: str | None,
               now: datetime.datetime) -> str:
    if role not in EXPERT_ROLES:
        raise FieldError("role", "unknown_value", role)
    if not name.strip():
        raise FieldError("name", "empty")
    if not expert_number.strip():
        raise FieldError("expert_number", "empty")
    with unit_of_work(records.engine) as session:
        if session.scalar(select(Expert.id).where(Expert.expert_number == expert_number.strip())):
            raise FieldError("expert_number", "duplicate", expert_number.strip())
        expert = Expert(name=name.strip(), expert_number=expert_number.strip(), role=role,
                        qualification=qualification, active=True, created_at=utc_timestamp(now))
        session.add(expert)
        session.flush()
        return expert.id


def list_experts(records: CaseRecords, role: str | None = None) -> tuple[ExpertInfo, ...]:
    with unit_of_work(records.engine) as session:
        statement = select(Expert).where(Expert.active.is_(True))
        if role is not None:
            statement = statement.where(Expert.role == role)
        return tuple(ExpertInfo(e.id, e.name, e.expert_number, e.role, e.qualification)
                     for e in session.scalars(statement.order_by(Expert.expert_number)))
