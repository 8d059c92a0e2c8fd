# SPDX-License-Identifier: GPL-3.0-or-later
"""The fast result writer: ScoreResult.to_json_bytes() is exactly canonical_json_bytes(to_dict())
for every answer set, every engine version, every form object, and results built by hand."""

from __future__ import annotations

import gc
import weakref

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import default_registry, load_form
from forms.canonical import canonical_json_bytes
from forms.registry import FORMS_DIRECTORY
from scoring import score

FORM = default_registry().get("cn-ltc-2021")

answer_sets = st.fixed_dictionaries({item.id: st.sampled_from([o.id for o in item.options]) for item in FORM.items})


def outcome(encode):
    try:
        return "bytes", encode()
    except Exception as error:  # the type and the message are what is compared
        return type(error).__name__, str(error)


@settings(max_examples=500, deadline=None)
@given(answer_sets)
def test_fast_bytes_are_the_canonical_json_of_the_document(answers):
    result = score(FORM, answers)
    assert result.to_json_bytes() == canonical_json_bytes(result.to_dict())


@settings(deadline=None)
@given(answer_sets, st.text(min_size=1, max_size=12))
def test_another_engine_version_is_written_with_its_own_name(answers, version):
    result = score(FORM, answers)._replace(engine_version=version)
    expected = outcome(lambda: canonical_json_bytes(result.to_dict()))
    assert outcome(result.to_json_bytes) == expected
    if expected[0] == "bytes":
        assert b'"engine":' + canonical_json_bytes({"name": "ltc-scoring", "version": version}) in expected[1]


def _odd(result, data):
    """The result with one field replaced by a value score() never produces."""
    odd_numbers = st.sampled_from([True, False, 1.0, 5.0, -0.0, float("nan"), None, "1"])
    field = data.draw(st.sampled_from(["grade", "dimension", "option", "row", "engine"]))
    if field == "grade":
        return result._replace(grade_code=data.draw(odd_numbers))
    if field == "dimension":
        index = data.draw(st.integers(0, len(result.dimensions) - 1))
        dimension = result.dimensions[index]
        attribute = data.draw(st.sampled_from(["score", "max_score", "range_min", "range_max"]))
        changed = dimension._replace(**{attribute: data.draw(odd_numbers)})
        return result._replace(dimensions=result.dimensions[:index] + (changed,) + result.dimensions[index + 1:])
    if field == "option":
        index = data.draw(st.integers(0, len(result.option_ids) - 1))
        value = data.draw(st.sampled_from([1, 1.0, True, None, ("0",), "no such option"]))
        return result._replace(option_ids=result.option_ids[:index] + (value,) + result.option_ids[index + 1:])
    if field == "row":
        return result._replace(row_level_id=data.draw(st.sampled_from([1, None, ["mild"], "no such level"])))
    return result._replace(engine_version=data.draw(st.sampled_from([1, None, 1.0, ["1.0.0"]])))


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.data())
def test_a_result_built_by_hand_gets_the_reference_bytes_or_the_reference_error(answers, data):
    result = score(FORM, answers)
    result.to_json_bytes()  # fill the caches with the ordinary values first: 1 == 1.0 == True
    odd = _odd(result, data)
    assert outcome(odd.to_json_bytes) == outcome(lambda: canonical_json_bytes(odd.to_dict()))


def test_a_result_missing_a_dimension_is_written_like_its_document(best_answers):
    result = score(FORM, best_answers)
    partial = result._replace(dimensions=result.dimensions[:1])
    assert outcome(partial.to_json_bytes) == outcome(lambda: canonical_json_bytes(partial.to_dict()))


def _renamed_form(tmp_path, name_zh: str):
    document = yaml.safe_load((FORMS_DIRECTORY / "cn-ltc-2021.yaml").read_text(encoding="utf-8"))
    document["items"]["dimensions"][0]["name"]["zh_CN"] = name_zh
    path = tmp_path / f"{name_zh}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return load_form(path)


def test_each_form_object_is_written_with_its_own_texts(tmp_path, best_answers):
    # Writers are cached per form object: a second form with the same id and version but other
    # texts must not get the first one's pieces.
    first, second = _renamed_form(tmp_path, "第一个名称"), _renamed_form(tmp_path, "第二个名称")
    for form in (first, second, first):
        result = score(form, best_answers)
        assert result.to_json_bytes() == canonical_json_bytes(result.to_dict())
    assert "第二个名称".encode() in score(second, best_answers).to_json_bytes()
    assert "第二个名称".encode() not in score(first, best_answers).to_json_bytes()


def test_the_writer_cache_does_not_keep_a_form_alive(tmp_path, best_answers):
    form = _renamed_form(tmp_path, "用后即弃")
    score(form, best_answers).to_json_bytes()
    gone = weakref.ref(form)
    del form
    gc.collect()
    assert gone() is None


@pytest.fixture
def best_answers():
    return {item.id: item.options[-1].id for item in FORM.items}
