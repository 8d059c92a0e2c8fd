# SPDX-License-Identifier: GPL-3.0-or-later
"""The deterministic scoring engine: answers + form -> result with trace.

Pure and standard-library only. The rules (scores, thresholds, the combination table) come from
the form; this module only sums, looks up and compares, in the form's own order.
"""

from __future__ import annotations

from typing import Mapping

from forms.model import Dimension, Form

from scoring.errors import INCOMPLETE, UNKNOWN_ITEM, UNKNOWN_OPTION, AnswerProblem, AnswersError
from scoring.result import DimensionResult, ScoreResult

_MISSING = object()


def _score_dimension(
    dimension: Dimension, answers: Mapping[str, object], chosen: list[str], problems: list[AnswerProblem]
) -> DimensionResult | None:
    """Append the chosen option ids to `chosen` and any problems to `problems`; None if incomplete."""
    total = 0
    complete = True
    for item in dimension.items:
        value = answers.get(item.id, _MISSING)
        # isinstance first: a list or dict value is unhashable and must be reported, not raise.
        score = item.scores_by_option.get(value) if isinstance(value, str) else None
        if score is None:
            complete = False
            if value is _MISSING:
                problems.append(AnswerProblem(INCOMPLETE, item.id))
            else:
                problems.append(AnswerProblem(UNKNOWN_OPTION, item.id, value))
        else:
            total += score
            chosen.append(value)
    if not complete:
        return None
    threshold = dimension.level_by_score[total]
    return DimensionResult(
        dimension.id, total, dimension.max_score, threshold.level_id, threshold.min_score, threshold.max_score
    )


def score_dimension(form: Form, dimension_id: str, answers: Mapping[str, object]) -> DimensionResult:
    """One dimension's sum and level; only that dimension's items must be answered."""
    problems: list[AnswerProblem] = []
    result = _score_dimension(form.dimension(dimension_id), answers, [], problems)
    if result is None:
        raise AnswersError(tuple(problems))
    return result


def score(form: Form, answers: Mapping[str, object]) -> ScoreResult:
    """Score a complete answer set (item id -> option id). Raises AnswersError naming every bad item."""
    problems: list[AnswerProblem] = []
    chosen: list[str] = []
    dimensions = []
    for dimension in form.dimensions:
        result = _score_dimension(dimension, answers, chosen, problems)
        if result is not None:
            dimensions.append(result)
    answered_known_items = len(chosen) + sum(1 for p in problems if p.kind == UNKNOWN_OPTION)
    if len(answers) != answered_known_items:
        unknown = sorted((key for key in answers if key not in form.items_by_id), key=str)
        problems.extend(AnswerProblem(UNKNOWN_ITEM, str(key)) for key in unknown)
    if problems:
        raise AnswersError(tuple(problems))

    combination = form.combination
    levels = {result.dimension_id: result.level_id for result in dimensions}
    row_level = levels[combination.row_dimension_id]
    # "Worse" is later in the form's best -> worst level order; on a tie the level is the same.
    column_level = max((levels[d] for d in combination.column_worse_of), key=form.level_rank.__getitem__)
    return ScoreResult(
        form=form,
        option_ids=tuple(chosen),
        dimensions=tuple(dimensions),
        row_level_id=row_level,
        column_level_id=column_level,
        grade_code=combination.grade_by_cell[(row_level, column_level)],
    )
