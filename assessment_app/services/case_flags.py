# SPDX-License-Identifier: GPL-3.0-or-later
"""Prior applications of a person and the 纠偏 flags (too soon, too frequent) they raise.

The rules are the domain's (domain/reapplication.py); this module only gathers the priors from
storage and the policy from the agency settings.
"""

from __future__ import annotations

import datetime
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.domain.case_types import ApplicationType
from assessment_app.domain.reapplication import (
    MAX_PER_YEAR_SETTING,
    MIN_INTERVAL_SETTING,
    Flag,
    PriorApplication,
    ReapplicationPolicy,
    reapplication_flags,
)
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import Case, Visit
from assessment_app.storage.repositories import SettingsRepository


def local_date(utc_timestamp: str) -> datetime.date:
    """The calendar day, where the laptop is, of a stored UTC timestamp (applications are dated locally)."""
    return datetime.datetime.fromisoformat(utc_timestamp.replace("Z", "+00:00")).astimezone().date()


def reapplication_policy(session: Session) -> ReapplicationPolicy:
    settings = SettingsRepository(session)
    default = ReapplicationPolicy()
    return ReapplicationPolicy(
        min_interval_days=settings.get(MIN_INTERVAL_SETTING, default.min_interval_days),
        max_per_12_months=settings.get(MAX_PER_YEAR_SETTING, default.max_per_12_months),
    )


def signed_grade(session: Session, case_id: str) -> int | None:
    """The grade of the newest signed version of the case's assessment, if there is one."""
    result_json = session.scalar(
        select(Visit.result_json)
        .where(Visit.case_id == case_id, Visit.status.in_(LOCKED_VISIT_STATUSES), Visit.result_json.is_not(None))
        .order_by(Visit.version.desc()).limit(1))
    return json.loads(result_json)["grade"]["code"] if result_json else None


def prior_applications(session: Session, applicant_id: str, *, before_case: Case | None = None) -> list[PriorApplication]:
    statement = select(Case).where(Case.applicant_id == applicant_id)
    if before_case is not None:
        statement = statement.where(Case.id != before_case.id, Case.created_at <= before_case.created_at)
    cases = session.scalars(statement.order_by(Case.created_at.desc()))
    return [
        PriorApplication(case.id, case.application_type, local_date(case.created_at),
                         signed_grade(session, case.id), case.status)
        for case in cases
    ]


def flags_for_new_application(session: Session, applicant_id: str, application_type: ApplicationType,
                              applied_on: datetime.date) -> tuple[Flag, ...]:
    priors = prior_applications(session, applicant_id)
    return reapplication_flags(applied_on, application_type, priors, reapplication_policy(session))


def flags_for_case(session: Session, case: Case) -> tuple[Flag, ...]:
    priors = prior_applications(session, case.applicant_id, before_case=case)
    return reapplication_flags(local_date(case.created_at), case.application_type, priors,
                               reapplication_policy(session))
