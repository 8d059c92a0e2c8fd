# SPDX-License-Identifier: GPL-3.0-or-later
"""The experts known on this workstation (assessors, reviewers, administrators).

Accounts come from the agency's signed provisioning package. The one local exception is an
assessor added by a signed-in administrator (domain/roles.LOCALLY_CREATABLE_ROLES): nobody
creates an administrator or a reviewer here, and every addition is in the station's audit chain.

The list of experts holds no applicant's data; the sign-in screen shows it to whoever is about
to sign in, so it asks for no actor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import LOCALLY_CREATABLE_ROLES, Permission, Role
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.domain.roles import EXPERT_ROLES
from assessment_app.storage.models import Expert, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ExpertInfo:
    expert_id: str
    name: str
    expert_number: str
    role: str
    qualification: str | None


def add_expert(records: CaseRecords, *, name: str, expert_number: str, role: str, qualification: str | None,
               now: datetime.datetime, actor) -> str:
    """A local assessor, added by a signed-in administrator; returns the new expert's id."""
    with unit_of_work(records.engine) as session:
        administrator = authorize(session, records, actor, Permission.MANAGE_EXPERTS, now=now)
        if role not in EXPERT_ROLES:
            raise FieldError("role", "unknown_value", role)
        if Role(role) not in LOCALLY_CREATABLE_ROLES:
            # Administrators and reviewers hold the agency's trust: only its signed package names them.
            raise FieldError("role", "provisioned_only", role)
        if not name.strip():
            raise FieldError("name", "empty")
        if not expert_number.strip():
            raise FieldError("expert_number", "empty")
        if session.scalar(select(Expert.id).where(Expert.expert_number == expert_number.strip())):
            raise FieldError("expert_number", "duplicate", expert_number.strip())
        expert = Expert(name=name.strip(), expert_number=expert_number.strip(), role=role,
                        qualification=qualification, active=True, created_at=utc_timestamp(now))
        session.add(expert)
        session.flush()
        append_station_event(session, "expert_added", now=now, actor_ids=[administrator.id],
                             data={"expert_number": expert.expert_number, "role": role, "name": expert.name})
        return expert.id


def list_experts(records: CaseRecords, role: str | None = None) -> tuple[ExpertInfo, ...]:
    with unit_of_work(records.engine) as session:
        statement = select(Expert).where(Expert.active.is_(True))
        if role is not None:
            statement = statement.where(Expert.role == role)
        return tuple(ExpertInfo(e.id, e.name, e.expert_number, e.role, e.qualification)
                     for e in session.scalars(statement.order_by(Expert.expert_number)))
