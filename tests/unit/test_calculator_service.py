# SPDX-License-Identifier: GPL-3.0-or-later
"""The calculator use case behind the first window: choices checked, live dimension results."""

from __future__ import annotations

import pytest

from assessment_app.services.calculator import CalculatorSession
from scoring import UNKNOWN_ITEM, UNKNOWN_OPTION, AnswersError


def test_dimension_result_appears_only_when_its_items_are_all_answered(form):
    session = CalculatorSession(form)
    cognition = form.dimension("cognition")
    for item in cognition.items[:-1]:
        session.choose(item.id, "3")
    progress = {p.dimension.id: p for p in session.progress()}
    assert (progress["cognition"].answered, progress["cognition"].total, progress["cognition"].result) == (3, 4, None)
    session.choose(cognition.items[-1].id, "2")
    result = {p.dimension.id: p for p in session.progress()}["cognition"].result
    assert (result.score, result.level_id) == (11, "moderate")
    assert session.result() is None
    assert len(session.missing_items()) == 13


def test_grade_once_complete_and_gone_when_an_answer_is_cleared(form, worst_answers):
    session = CalculatorSession(form)
    for item_id, option_id in worst_answers.items():
        session.choose(item_id, option_id)
    assert session.result().grade_code == 5
    session.clear("adl.bathing")
    assert session.result() is None and session.missing_items() == ("adl.bathing",)
    session.clear()
    assert session.answers == {} and len(session.missing_items()) == 17


def test_changing_an_answer_rescores(form, best_answers):
    session = CalculatorSession(form)
    for item_id, option_id in best_answers.items():
        session.choose(item_id, option_id)
    assert session.result().grade_code == 0
    session.choose("perception.vision", "0")  # perception 8 -> mild, still grade 0
    session.choose("cognition.time", "0")  # cognition 12 -> mild
    session.choose("cognition.memory", "0")  # cognition 8 -> moderate -> intact x moderate = 1
    assert session.result().grade_code == 1


@pytest.mark.parametrize("item_id, option_id, kind", [("adl.flying", "0", UNKNOWN_ITEM), ("adl.grooming", "10", UNKNOWN_OPTION)])
def test_invalid_choice_is_refused_and_changes_nothing(form, item_id, option_id, kind):
    session = CalculatorSession(form)
    session.choose("adl.grooming", "5")
    with pytest.raises(AnswersError) as caught:
        session.choose(item_id, option_id)
    assert [(p.kind, p.item) for p in caught.value.problems] == [(kind, item_id)]
    assert session.answers == {"adl.grooming": "5"}
