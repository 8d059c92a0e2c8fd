# SPDX-License-Identifier: GPL-3.0-or-later
"""The applicant's self-assessment (自评表) beside the experts' answers: item by item and grade
against grade. It may be incomplete (families often leave items blank); a grade is given only
for a complete set of answers. One rule for the laptop (services/self_assessment.py) and the
agency server (agency/record_extraction.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from forms.model import Form
from scoring import AnswersError, score


@dataclass(frozen=True)
class ItemComparison:
    item_id: str
    self_option: str | None
    expert_option: str | None

    @property
    def differs(self) -> bool:
        return None not in (self.self_option, self.expert_option) and self.self_option != self.expert_option


@dataclass(frozen=True)
class SelfAssessmentComparison:
    items: tuple[ItemComparison, ...]
    self_grade: int | None  # None while the self-assessment is incomplete
    expert_grade: int | None  # None until the experts' record is complete
    expert_version: int | None

    def to_json(self) -> dict:
        return {"items": [{"item_id": item.item_id, "self_option": item.self_option,
                           "expert_option": item.expert_option, "differs": item.differs} for item in self.items],
                "self_grade": self.self_grade, "expert_grade": self.expert_grade,
                "expert_version": self.expert_version}


def grade_of(form: Form, answers: Mapping[str, str]) -> int | None:
    """The grade of a complete set of answers, None when items are missing or unknown."""
    try:
        return score(form, dict(answers)).grade_code
    except AnswersError:
        return None


def compare_answers(form: Form, own: Mapping[str, str], experts: Mapping[str, str] | None,
                    expert_version: int | None) -> SelfAssessmentComparison:
    """`experts` None: no record of the experts yet."""
    experts_answers = experts or {}
    return SelfAssessmentComparison(
        tuple(ItemComparison(item.id, own.get(item.id), experts_answers.get(item.id)) for item in form.items),
        grade_of(form, own), grade_of(form, experts_answers) if experts is not None else None, expert_version)
