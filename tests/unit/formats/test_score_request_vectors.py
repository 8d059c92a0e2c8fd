# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/score-request-and-result/: every request shape of the spec, checked by the
spec-only reader and answered by `ltc-assess score --jsonl` as the reader says it must be."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO_ROOT, SCORING_VECTORS
from tests.unit.formats.readers import form as form_reader
from tests.unit.formats.readers import score as reader

REQUESTS = json.loads((SCORING_VECTORS / "requests.json").read_text(encoding="utf-8"))["lines"]
RESPONSES = (SCORING_VECTORS / "responses.en.jsonl").read_bytes().splitlines()
GOLDEN = (SCORING_VECTORS / "golden_results.jsonl").read_bytes().splitlines()
FORM = form_reader.load((REPO_ROOT / "forms" / "cn-ltc-2021.yaml").read_text(encoding="utf-8"))
FORMS = {(FORM["id"], FORM["version"]): FORM}


def test_the_request_file_is_the_lines_of_the_listing():
    text = (SCORING_VECTORS / "requests.jsonl").read_text(encoding="utf-8")
    assert text == "".join(entry["line"] + "\n" for entry in REQUESTS)
    assert len(RESPONSES) == len(REQUESTS)


def test_every_malformed_reason_of_the_spec_has_a_vector():
    reasons = {entry["expect"].get("reason") for entry in REQUESTS}
    assert {"empty", "not_json", "not_object", "not_string", "missing_key", "unexpected_key",
            "duplicate_key"} <= reasons
    kinds = {entry["expect"].get("kind") for entry in REQUESTS}
    assert {"malformed", "unknown_form", "invalid_answers"} <= kinds
    problems = {problem["kind"] for entry in REQUESTS for problem in entry["expect"].get("problems", [])}
    assert problems == {"incomplete", "unknown_item", "unknown_option"}


@pytest.mark.parametrize("entry", REQUESTS, ids=lambda entry: entry["name"])
def test_the_reader_and_the_command_agree_with_the_spec(entry):
    expected = reader.check_request(entry["line"], FORMS)
    response = reader.read_response(RESPONSES[entry["number"] - 1], entry["number"])
    if "result_for" in expected:
        assert entry["expect"] == {"result_of": "reference_cases.jsonl line 1"}
        assert RESPONSES[entry["number"] - 1] == GOLDEN[0]
        form = response["result"]["form"]
        assert (form["id"], form["version"]) == expected["result_for"]
    else:
        assert expected == entry["expect"] == response
