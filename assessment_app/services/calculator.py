# SPDX-License-Identifier: GPL-3.0-or-later
"""The instrument calculator: answers given one at a time, live dimension results, the grade.

This is the core of the visit screen: the UI only forwards choices here and shows what it gets
back, so the same rules apply headless and on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.model import Dimension, Form
from scoring import AnswerProblem, AnswersError, DimensionResult, ScoreResult, score, score_dimension
from scoring.errors import UNKNOWN_ITEM, UNKNOWN_OPTION


@dataclass(frozen=True)
class DimensionProgress:
    dimension: Dimension
    answered: int
    result: DimensionResult | None  # None until every item of the dimension is answered

    @property
    def total(self) -> int:
        return len(self.dimension.items)


class CalculatorSession:
    """One answer set on one form. Choices are checked against the form as they are made."""

    def __init__(self, form: Form):
        self.form = form
        self._answers: dict[str, str] = {}

    @property
    def answers(self) -> dict[str, str]:
        return dict(self._answers)

    def answer(self, item_id: str) -> str | None:
        return self._answers.get(item_id)

    def choose(self, item_id: str, option_id: str) -> None:
        item = self.form.items_by_id.get(item_id)
        if item is None:
            raise AnswersError((AnswerProblem(UNKNOWN_ITEM, item_id),))
        if option_id not in item.scores_by_option:
            raise AnswersError((AnswerProblem(UNKNOWN_OPTION, item_id, option_id),))
        self._answers[item_id] = option_id

    def clear(self, item_id: str | None = None) -> None:
        """Forget one answer, or all of them."""
        if item_id is None:
            self._answers.clear()
        else:
            self._answers.pop(item_id, None)

    def missing_items(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.form.items if item.id not in self._answers)

    def progress(self) -> tuple[DimensionProgress, ...]:
        progress = []
        for dimension in self.form.dimensions:
            answered = sum(1 for item in dimension.items if item.id in self._answers)
            result = score_dimension(self.form, dimension.id, self._answers) if answered == len(dimension.items) else None
            progress.append(DimensionProgress(dimension, answered, result))
        return tuple(progress)

    def result(self) -> ScoreResult | None:
        """The full result once every item is answered, else None."""
        if self.missing_items():
            return None
        return score(self.form, self._answers)
