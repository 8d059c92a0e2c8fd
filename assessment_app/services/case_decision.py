# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's decision on a case, as the case page shows it: approved, returned or 复核 ordered,
by which reviewer, when, why, and for a 复核 the new review case it opened. Read from what the
decision's import stored (services/review_decision.py: the reviews row and the signed decision
file, an encrypted attachment of the case), so it shows offline too, whether the decision came
from the agency server, from a file, or was taken on this workstation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.domain.roles import Permission
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import decision_file_name
from assessment_app.services.review_decision_file import embedded_decision
from assessment_app.storage.models import Attachment, Case, Expert, Review, Visit
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class CaseDecision:
    review_id: str
    visit_id: str
    decision: str  # approved | returned | recheck_ordered
    reason: str | None
    decided_at: str  # ISO 8601 UTC, as the reviewer signed it
    reviewer_name: str
    reviewer_number: str
    new_case_id: str | None = None  # the 复核 case opened here (present on this workstation)


def case_decision(records: CaseRecords, case_id: str, *, actor) -> CaseDecision | None:
    """The newest decision on any version of the case's record; None while there is none."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        row = session.execute(
            select(Review, Expert).join(Visit, Visit.id == Review.visit_id).join(Expert, Expert.id == Review.reviewer_id)
            .where(Visit.case_id == case_id).order_by(Review.decided_at.desc(), Review.id.desc()).limit(1)).first()
        if row is None:
            return None
        review, reviewer = row
        new_case_id = None
        if review.decision == "recheck_ordered":
            new_case_id = _new_case_id(records, session, case_id, review.id)
            if new_case_id is not None and session.get(Case, new_case_id) is None:
                new_case_id = None
        return CaseDecision(review.id, review.visit_id, review.decision, review.reason, review.decided_at,
                            reviewer.name, reviewer.expert_number, new_case_id)


def _new_case_id(records: CaseRecords, session, case_id: str, review_id: str) -> str | None:
    """The review case the signed decision names (the reviews row does not keep it)."""
    attachment = session.scalar(select(Attachment).where(Attachment.case_id == case_id,
                                                         Attachment.original_name == decision_file_name(review_id)))
    if attachment is None:
        return None
    pdf = records.attachments.get(attachment.stored_name, attachment.id, expected_sha256=attachment.plaintext_sha256)
    decision = embedded_decision(pdf)
    return None if decision is None else decision.get("new_case_id")
