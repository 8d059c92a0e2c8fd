# SPDX-License-Identifier: GPL-3.0-or-later
"""Thin repositories over a Session: the queries the services need, nothing they must not do.

Use them inside `unit_of_work(engine)`; they flush but never commit, so a use case stays one
transaction. Values are stored as given (enum values as strings); validation is the domain's job.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

# The case list's query types live with its queries; imported from here as they always were.
from assessment_app.storage.case_search_queries import (  # noqa: F401
    MAX_PAGE_SIZE,
    CaseQuery,
    CaseRow,
    SortKey,
    case_page,
)
from assessment_app.storage.errors import StorageError
from assessment_app.domain.case_types import CLOSED_CASE_STATUSES
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import (
    Answer,
    Applicant,
    Case,
    CaseExpert,
    Setting,
    Visit,
)
from forms.canonical import canonical_json_bytes


class RecordNotFound(StorageError):
    reason = "record_not_found"


class DuplicateResidentId(StorageError):
    reason = "duplicate_resident_id"

    def __init__(self, existing_applicant_id: str):
        super().__init__(f"applicant {existing_applicant_id} has this ID number")
        self.existing_applicant_id = existing_applicant_id


class DuplicateTaskNumber(StorageError):
    reason = "duplicate_task_number"

    def __init__(self, existing_case_id: str):
        super().__init__(f"case {existing_case_id} has this task number")
        self.existing_case_id = existing_case_id


class OpenCaseExists(StorageError):
    """A second open case of the same applicant and application type; names the open one."""

    reason = "open_case_exists"

    def __init__(self, open_case_id: str):
        super().__init__(f"case {open_case_id} is still open")
        self.open_case_id = open_case_id


class VisitLocked(StorageError):
    """The visit is signed; a correction is a new version (VisitRepository.add_correction)."""

    reason = "visit_locked"


class NotLatestVersion(StorageError):
    """A correction must supersede the newest version, or the history would fork."""

    reason = "not_latest_version"


# -- applicants -----------------------------------------------------------------------------

class ApplicantRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, applicant: Applicant) -> Applicant:
        applicant.resident_id = applicant.resident_id.upper()  # one spelling of the check digit X
        existing = self.by_resident_id(applicant.resident_id)
        if existing is not None:
            raise DuplicateResidentId(existing.id)
        self.session.add(applicant)
        self.session.flush()
        return applicant

    def get(self, applicant_id: str) -> Applicant | None:
        return self.session.get(Applicant, applicant_id)

    def by_resident_id(self, resident_id: str) -> Applicant | None:
        return self.session.scalar(select(Applicant).where(Applicant.resident_id == resident_id.upper()))


# -- cases ----------------------------------------------------------------------------------

class CaseRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, case: Case, expert_ids: tuple[str, ...] | list[str] = ()) -> Case:
        """Add a case and its assigned experts (position 1, 2 in the given order)."""
        if case.status not in CLOSED_CASE_STATUSES:
            open_case = self.open_case(case.applicant_id, case.application_type)
            if open_case is not None:
                raise OpenCaseExists(open_case.id)
        if case.task_number:
            existing = self.session.scalar(select(Case.id).where(Case.task_number == case.task_number))
            if existing is not None:
                raise DuplicateTaskNumber(existing)
        self.session.add(case)
        self.session.flush()
        for position, expert_id in enumerate(expert_ids, start=1):
            self.session.add(CaseExpert(case_id=case.id, expert_id=expert_id, position=position))
        self.session.flush()
        return case

    def get(self, case_id: str) -> Case | None:
        return self.session.get(Case, case_id)

    def experts_of(self, case_id: str) -> list[CaseExpert]:
        return list(self.session.scalars(
            select(CaseExpert).where(CaseExpert.case_id == case_id).order_by(CaseExpert.position)))

    def open_case(self, applicant_id: str, application_type: str) -> Case | None:
        return self.session.scalar(select(Case).where(
            Case.applicant_id == applicant_id,
            Case.application_type == application_type,
            Case.status.not_in(CLOSED_CASE_STATUSES),
        ))

    def prior_cases(self, applicant_id: str, *, excluding_case_id: str | None = None) -> list[Case]:
        """All cases of the applicant, newest first (for the links and re-application flags)."""
        statement = select(Case).where(Case.applicant_id == applicant_id)
        if excluding_case_id is not None:
            statement = statement.where(Case.id != excluding_case_id)
        return list(self.session.scalars(statement.order_by(Case.created_at.desc(), Case.id)))

    def search(self, query: CaseQuery) -> list[CaseRow]:
        return self.page(query)[0]

    def count(self, query: CaseQuery) -> int:
        return self.page(query, rows=False)[1]

    def page(self, query: CaseQuery, *, rows: bool = True) -> tuple[list[CaseRow], int]:
        """One page of the case list and the number of matches (case_search_queries.py)."""
        # Core, not the ORM: plain rows, asked for at every keystroke in the case list.
        return case_page(self.session.connection(), query, rows=rows)


# -- visits and answers ---------------------------------------------------------------------

class VisitRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, visit: Visit) -> Visit:
        self.session.add(visit)
        self.session.flush()
        return visit

    def get(self, visit_id: str) -> Visit | None:
        return self.session.get(Visit, visit_id)

    def versions(self, case_id: str) -> list[Visit]:
        """Every version of the case's assessment record, oldest first."""
        return list(self.session.scalars(select(Visit).where(Visit.case_id == case_id).order_by(Visit.version)))

    def add_correction(self, previous: Visit, *, visit_id: str | None = None, corrected_by: str,
                       correction_reason: str, created_at: str) -> Visit:
        """A new version superseding `previous`, pinned to the same form; `previous` is untouched."""
        latest = self.session.scalar(select(func.max(Visit.version)).where(Visit.case_id == previous.case_id))
        if latest != previous.version:
            raise NotLatestVersion(f"version {previous.version} is not the newest ({latest})")
        correction = Visit(
            case_id=previous.case_id, version=previous.version + 1, supersedes_id=previous.id,
            correction_reason=correction_reason, corrected_by=corrected_by, form_id=previous.form_id,
            form_version=previous.form_version, form_sha256=previous.form_sha256, status="draft",
            created_at=created_at,
        )
        if visit_id is not None:
            correction.id = visit_id
        return self.add(correction)

    def append_answer(self, answer: Answer) -> Answer:
        """Record an answer; an earlier answer to the same item is marked superseded by it."""
        status = self.session.scalar(select(Visit.status).where(Visit.id == answer.visit_id))
        if status is None:
            raise RecordNotFound(f"visit {answer.visit_id}")
        if status in LOCKED_VISIT_STATUSES:
            raise VisitLocked(f"visit {answer.visit_id} is {status}")
        previous = self.current_answer(answer.visit_id, answer.item_id)
        self.session.add(answer)
        self.session.flush()
        if previous is not None:
            previous.superseded_by = answer.id
            self.session.flush()
        return answer

    def current_answer(self, visit_id: str, item_id: str) -> Answer | None:
        return self.session.scalar(
            select(Answer).where(Answer.visit_id == visit_id, Answer.item_id == item_id,
                                 Answer.superseded_by.is_(None)).order_by(Answer.id.desc()).limit(1))

    def current_answers(self, visit_id: str) -> dict[str, Answer]:
        """item id -> the answer in force (the latest one not superseded)."""
        rows = self.session.scalars(select(Answer).where(
            Answer.visit_id == visit_id, Answer.superseded_by.is_(None)).order_by(Answer.id))
        return {answer.item_id: answer for answer in rows}

    def answers(self, visit_id: str) -> list[Answer]:
        """Every answer ever given in the visit, in the order given (the full history)."""
        return list(self.session.scalars(select(Answer).where(Answer.visit_id == visit_id).order_by(Answer.id)))


# -- settings -------------------------------------------------------------------------------

class SettingsRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        setting = self.session.get(Setting, key)
        return default if setting is None else json.loads(setting.value_json)

    def set(self, key: str, value: Any) -> None:
        encoded = canonical_json_bytes(value).decode("utf-8")  # no floats: same rule as everywhere
        setting = self.session.get(Setting, key)
        if setting is None:
            self.session.add(Setting(key=key, value_json=encoded))
        else:
            setting.value_json = encoded
        self.session.flush()
