# SPDX-License-Identifier: GPL-3.0-or-later
"""The self-assessment comparison as a PDF (自评与评估结果对照表): what the applicant's family
declared next to what the experts recorded, item by item, for the case file and for reviewers."""

from __future__ import annotations

import datetime

from forms.model import Form

from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.reports.comparison import render_self_assessment_comparison
from assessment_app.services.authorization import authorize
from assessment_app.services.case_queries import detail_in
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.self_assessment import comparison_in
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work


class NoSelfAssessment(AppError, LookupError):
    reason = "no_self_assessment"


def comparison_pdf(records: CaseRecords, case_id: str, form: Form, *, today: datetime.date, actor) -> bytes:
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        comparison = comparison_in(session, case_id, form)
        if comparison is None:
            raise NoSelfAssessment(case_id)
        detail = detail_in(session, case_id)
        agency = session.get(Agency, 1)
        agency_name = agency.name if agency else ""
    return render_self_assessment_comparison(
        form=form, items=comparison.items, self_grade=comparison.self_grade, expert_grade=comparison.expert_grade,
        agency_name=agency_name, case_id=detail.task_number or case_id, applicant_name=detail.applicant_name,
        generated_on=today)
