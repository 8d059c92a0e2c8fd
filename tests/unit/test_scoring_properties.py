# SPDX-License-Identifier: GPL-3.0-or-later
"""Properties of the engine over arbitrary answer sets (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from forms import default_registry
from scoring import INCOMPLETE, UNKNOWN_ITEM, UNKNOWN_OPTION, AnswersError, score, score_dimension

FORM = default_registry().get("cn-ltc-2021")

answer_sets = st.fixed_dictionaries({item.id: st.sampled_from([o.id for o in item.options]) for item in FORM.items})


@given(answer_sets)
def test_same_answers_give_the_same_bytes(answers):
    assert score(FORM, answers).to_json_bytes() == score(FORM, dict(answers)).to_json_bytes()


@given(answer_sets, st.randoms(use_true_random=False))
def test_order_of_the_answer_mapping_does_not_matter(answers, rng: random.Random):
    keys = list(answers)
    rng.shuffle(keys)
    assert score(FORM, {key: answers[key] for key in keys}).to_json_bytes() == score(FORM, answers).to_json_bytes()


@settings(max_examples=300)
@given(answer_sets, st.sampled_from([item.id for item in FORM.items]), st.data())
def test_improving_one_answer_never_worsens_the_grade(answers, item_id, data):
    item = FORM.items_by_id[item_id]
    current = item.scores_by_option[answers[item_id]]
    better = [o.id for o in item.options if o.score > current]
    if not better:
        return
    improved = dict(answers, **{item_id: data.draw(st.sampled_from(better))})
    before, after = score(FORM, answers), score(FORM, improved)
    assert after.grade_code <= before.grade_code
    for old, new in zip(before.dimensions, after.dimensions):
        assert new.score >= old.score
        assert FORM.level_rank[new.level_id] <= FORM.level_rank[old.level_id]


@given(answer_sets)
def test_dimension_scores_are_sums_of_option_scores(answers):
    result = score(FORM, answers)
    for dimension in FORM.dimensions:
        expected = sum(int(answers[item.id]) for item in dimension.items)
        assert result.dimension(dimension.id).score == expected == score_dimension(FORM, dimension.id, answers).score


@given(
    answer_sets,
    st.sets(st.sampled_from([item.id for item in FORM.items])),
    st.sets(st.sampled_from([item.id for item in FORM.items])),
    st.sets(st.text(min_size=1, max_size=12).filter(lambda key: key not in FORM.items_by_id), max_size=3),
)
def test_every_offending_item_is_named_and_nothing_else(answers, removed, corrupted, unknown):
    corrupted -= removed
    broken = {key: value for key, value in answers.items() if key not in removed}
    broken.update({item_id: "99" for item_id in corrupted})
    broken.update({key: "0" for key in unknown})
    if not (removed or corrupted or unknown):
        score(FORM, broken)
        return
    try:
        score(FORM, broken)
    except AnswersError as error:
        problems = [(p.kind, p.item) for p in error.problems]
    else:
        raise AssertionError("an incomplete or invalid answer set was scored")
    expected = {(INCOMPLETE, i) for i in removed} | {(UNKNOWN_OPTION, i) for i in corrupted} | {(UNKNOWN_ITEM, k) for k in unknown}
    assert set(problems) == expected
    assert len(problems) == len(expected)


@given(answer_sets, st.sampled_from([item.id for item in FORM.items]),
       st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(), st.lists(st.text(max_size=2), max_size=2),
                 st.text().filter(lambda v: not v.isdigit())))
def test_values_that_are_not_option_ids_are_never_scored(answers, item_id, value):
    broken = dict(answers, **{item_id: value})
    try:
        score(FORM, broken)
    except AnswersError as error:
        assert [(p.kind, p.item) for p in error.problems] == [(UNKNOWN_OPTION, item_id)]
    else:
        raise AssertionError(f"{value!r} was accepted for {item_id}")
