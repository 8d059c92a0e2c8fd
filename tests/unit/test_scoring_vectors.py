# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine against the hand-computed reference vectors and the byte-exact golden results."""

from __future__ import annotations

import json

import pytest

from scoring import ENGINE_VERSION, AnswersError, score
from tests.conftest import SCORING_VECTORS, read_jsonl

CASES = read_jsonl(SCORING_VECTORS / "reference_cases.jsonl")
GOLDEN = (SCORING_VECTORS / "golden_results.jsonl").read_bytes().splitlines()
ERRORS = read_jsonl(SCORING_VECTORS / "reference_errors.jsonl")


def test_vectors_cover_every_table_cell_and_every_level_of_every_dimension(form):
    seen_cells = set()
    seen_levels = set()
    for case in CASES:
        result = score(form, case["input"]["answers"])
        seen_cells.add((result.row_level_id, result.column_level_id))
        seen_levels |= {(d.dimension_id, d.level_id) for d in result.dimensions}
    assert seen_cells == set(form.combination.grade_by_cell)
    assert seen_levels == {(d.id, t.level_id) for d in form.dimensions for t in d.thresholds}


def test_vectors_touch_both_sides_of_every_threshold(form):
    scores = {(d.dimension_id, d.score) for case in CASES for d in score(form, case["input"]["answers"]).dimensions}
    for dimension in form.dimensions:
        for threshold in dimension.thresholds:
            assert (dimension.id, threshold.min_score) in scores, (dimension.id, threshold)
            assert (dimension.id, threshold.max_score) in scores, (dimension.id, threshold)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reference_case(form, case):
    result = score(form, case["input"]["answers"])
    expected = case["expect"]
    assert result.grade_code == expected["grade"]
    for dimension in result.dimensions:
        assert {"score": dimension.score, "level": dimension.level_id} == expected["dimensions"][dimension.dimension_id]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case["name"] for case in CASES])
def test_golden_bytes(form, index):
    assert score(form, CASES[index]["input"]["answers"]).to_json_bytes() == GOLDEN[index]


def test_golden_results_name_this_engine_and_form(form):
    first = json.loads(GOLDEN[0])
    assert first["engine"]["version"] == ENGINE_VERSION
    assert first["form"] == {
        "id": form.id,
        "version": form.version,
        "sha256": form.sha256,
        "verification": {"items": "verified", "dimension_levels": "pending", "combination": "pending"},
    }


ANSWER_ERRORS = [case for case in ERRORS if case["expect_error"]["kind"] in ("incomplete", "unknown_item", "unknown_option")]


@pytest.mark.parametrize("case", ANSWER_ERRORS, ids=[case["name"] for case in ANSWER_ERRORS])
def test_reference_error_names_every_offending_item(form, case):
    with pytest.raises(AnswersError) as caught:
        score(form, case["input"]["answers"])
    assert {problem.kind for problem in caught.value.problems} == {case["expect_error"]["kind"]}
    assert sorted(caught.value.items) == case["expect_error"]["items"]


def test_trace_explains_the_grade(form):
    answers = dict(CASES[0]["input"]["answers"])
    answers.update({"perception.vision": "2", "cognition.memory": "3"})  # perception 10 -> mild; cognition 15 -> mild
    answers.update({"adl.stairs": "5", "adl.bathing": "0"})  # adl 90 -> mild
    trace = score(form, answers).to_dict()["trace"]
    assert [entry["item"] for entry in trace["items"]] == [item.id for item in form.items]
    assert {"item": "perception.vision", "dimension": "perception", "option": "2", "score": 2} in trace["items"]
    assert trace["dimensions"] == [
        {"dimension": "adl", "sum": 90, "level": "mild", "range": [65, 95]},
        {"dimension": "cognition", "sum": 15, "level": "mild", "range": [12, 15]},
        {"dimension": "perception", "sum": 10, "level": "mild", "range": [8, 11]},
    ]
    assert trace["compared"] == [{"dimension": "cognition", "level": "mild"}, {"dimension": "perception", "level": "mild"}]
    assert trace["cell"] == {
        "row": {"dimension": "adl", "level": "mild"},
        "column": {"worse_of": ["cognition", "perception"], "level": "mild"},
        "grade": 1,
    }
