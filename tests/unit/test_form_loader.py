# SPDX-License-Identifier: GPL-3.0-or-later
"""A malformed form is rejected with the file, the place inside it and the problem."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from forms import FormError, FormRegistry, UnknownFormError, load_form
from forms.canonical import canonical_sha256
from forms.loader import form_schema
from forms.registry import FORMS_DIRECTORY

SHIPPED = FORMS_DIRECTORY / "cn-ltc-2021.yaml"
SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_mutated(tmp_path: Path, mutate) -> FormError:
    data = yaml.safe_load(SHIPPED_TEXT)
    mutate(data)
    path = _write(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.file == str(path)
    return caught.value


def test_the_form_schema_is_itself_a_valid_json_schema():
    import jsonschema

    schema = form_schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)  # no longer done on every load
    broken = dict(schema, properties={"id": {"type": "no-such-type"}})
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validators.validator_for(broken).check_schema(broken)


def test_shipped_form_loads_and_its_hash_is_the_canonical_content_hash():
    form = load_form(SHIPPED)
    assert form.sha256 == canonical_sha256(yaml.safe_load(SHIPPED_TEXT))
    assert len(form.items) == 17


def test_hash_ignores_comments_and_layout_but_not_content(tmp_path):
    reformatted = _write(tmp_path, "# another comment\n" + yaml.safe_dump(yaml.safe_load(SHIPPED_TEXT), allow_unicode=True))
    assert load_form(reformatted).sha256 == load_form(SHIPPED).sha256
    changed = _write(tmp_path, SHIPPED_TEXT.replace("需要帮助", "需要帮忙", 1), "changed.yaml")
    assert load_form(changed).sha256 != load_form(SHIPPED).sha256


def test_missing_section_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d.pop("combination"))
    assert "combination" in error.problem and error.path == "(document)"


def test_score_as_string_names_the_option(tmp_path):
    def mutate(data):
        data["items"]["dimensions"][0]["items"][2]["options"][1]["score"] = "5"

    error = _load_mutated(tmp_path, mutate)
    assert error.path == "items.dimensions[0].items[2].options[1].score"
    assert "not of type 'integer'" in error.problem
    assert error.line is not None


def test_missing_english_text_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["items"]["dimensions"][1]["items"][0]["name"].pop("en"))
    assert error.path == "items.dimensions[1].items[0].name" and "en" in error.problem


def test_unexpected_key_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["items"]["dimensions"][2]["items"][1].update(weight=2))
    assert error.path == "items.dimensions[2].items[1]" and "weight" in error.problem


def test_float_score_is_rejected(tmp_path):
    def mutate(data):
        data["items"]["dimensions"][0]["items"][0]["options"][0]["score"] = 0.5

    error = _load_mutated(tmp_path, mutate)
    assert error.path.endswith("options[0].score")


def test_option_id_must_be_its_score(tmp_path):
    def mutate(data):
        data["items"]["dimensions"][0]["items"][0]["options"][1]["id"] = "6"

    error = _load_mutated(tmp_path, mutate)
    assert error.path == "items.dimensions[0].items[0].options[1].id" and "'5'" in error.problem


def test_options_must_run_worst_to_best(tmp_path):
    def mutate(data):
        options = data["items"]["dimensions"][1]["items"][3]["options"]
        options[0], options[1] = options[1], options[0]

    error = _load_mutated(tmp_path, mutate)
    assert error.path == "items.dimensions[1].items[3].options[1].score"


def test_item_id_must_carry_its_dimension(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["items"]["dimensions"][1]["items"][0].update(id="adl.time"))
    assert error.path == "items.dimensions[1].items[0].id" and "'cognition.'" in error.problem


def test_duplicate_item_id_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["items"]["dimensions"][0]["items"][1].update(id="adl.eating"))
    assert "adl.eating" in error.problem and "twice" in error.problem


def test_gap_in_thresholds_names_the_uncovered_score(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["dimension_levels"]["thresholds"]["adl"][1].update(min=70))
    assert error.path == "dimension_levels.thresholds.adl" and "65" in error.problem


def test_overlapping_thresholds_are_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["dimension_levels"]["thresholds"]["cognition"][2].update(max=12))
    assert error.path.startswith("dimension_levels.thresholds.cognition") and "12" in error.problem


def test_threshold_with_unknown_level_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["dimension_levels"]["thresholds"]["perception"][0].update(level="ok"))
    assert error.path == "dimension_levels.thresholds.perception[0].level" and "'ok'" in error.problem


def test_missing_thresholds_for_a_dimension(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["dimension_levels"]["thresholds"].pop("perception"))
    assert "perception" in error.problem


def test_missing_table_cell_is_named(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["combination"]["grades"]["moderate"].pop("severe"))
    assert error.path == "combination.grades.moderate" and "severe" in error.problem


def test_table_grade_must_be_listed(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["combination"]["grades"]["severe"].update(severe=6))
    assert error.path == "combination.grades.severe.severe" and "6" in error.problem


def test_combination_must_name_known_dimensions(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["combination"].update(column_worse_of=["cognition", "mood"]))
    assert error.path == "combination.column_worse_of[1]" and "mood" in error.problem


def test_pending_or_verified_only(tmp_path):
    error = _load_mutated(tmp_path, lambda d: d["combination"]["verification"].update(status="checked"))
    assert error.path == "combination.verification.status"


def test_duplicate_key_is_rejected_with_its_line(tmp_path):
    text = SHIPPED_TEXT.replace(
        "    intact:   {intact: 0, mild: 0, moderate: 1, severe: 1}",
        "    intact:   {intact: 0, mild: 0, moderate: 1, severe: 1}\n    intact:   {intact: 1, mild: 1, moderate: 1, severe: 1}",
    )
    path = _write(tmp_path, text)
    with pytest.raises(FormError) as caught:
        load_form(path)
    expected_line = text.splitlines().index("    intact:   {intact: 1, mild: 1, moderate: 1, severe: 1}") + 1
    assert caught.value.line == expected_line and "duplicate key 'intact'" in caught.value.problem
    assert str(caught.value).startswith(f"{path}:{expected_line}: ")


def test_yaml_boolean_key_is_rejected(tmp_path):
    path = _write(tmp_path, SHIPPED_TEXT.replace("id: cn-ltc-2021", "id: cn-ltc-2021\nno: 1", 1))
    with pytest.raises(FormError, match="must be a string"):
        load_form(path)


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = _write(tmp_path, "id: [unclosed\n")
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert "YAML syntax error" in caught.value.problem and caught.value.line is not None


@pytest.mark.parametrize("content, problem", [(b"\xff\xfe\x00", "not UTF-8"), (b"", "must be a mapping"), (b"- 1\n", "must be a mapping")])
def test_unreadable_or_empty_documents(tmp_path, content, problem):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(FormError, match=problem):
        load_form(path)


def test_missing_file(tmp_path):
    with pytest.raises(FormError, match="file not found"):
        load_form(tmp_path / "absent.yaml")


def test_registry_finds_forms_by_id_and_version(tmp_path):
    data = yaml.safe_load(SHIPPED_TEXT)
    newer = copy.deepcopy(data)
    newer["version"] = "1.10.0"
    _write(tmp_path, SHIPPED_TEXT, "a.yaml")
    _write(tmp_path, yaml.safe_dump(newer, allow_unicode=True), "b.yaml")
    registry = FormRegistry(tmp_path)
    assert registry.get("cn-ltc-2021").version == "1.10.0"  # numeric, not text, comparison
    assert registry.get("cn-ltc-2021", "1.0.0").version == "1.0.0"
    with pytest.raises(UnknownFormError) as caught:
        registry.get("cn-ltc-2021", "2.0.0")
    assert caught.value.available == ("cn-ltc-2021 1.0.0", "cn-ltc-2021 1.10.0")


def test_registry_refuses_two_files_with_the_same_form(tmp_path):
    _write(tmp_path, SHIPPED_TEXT, "a.yaml")
    _write(tmp_path, SHIPPED_TEXT, "b.yaml")
    with pytest.raises(FormError, match="also defined in a.yaml"):
        FormRegistry(tmp_path).get("cn-ltc-2021")
