# SPDX-License-Identifier: GPL-3.0-or-later
"""Loading a form file: strict YAML -> JSON Schema -> consistency rules -> immutable model.

Every rejection names the file, the place inside it (and its line where known) and the problem.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import jsonschema

from forms.canonical import NotCanonicalError, canonical_sha256
from forms.consistency import check_consistency
from forms.errors import FormError
from forms.model import (
    Combination,
    Dimension,
    Form,
    Grade,
    Item,
    Level,
    LocalizedText,
    Option,
    Threshold,
    Verification,
)
from forms.yaml_source import YamlDocument, read_yaml

SCHEMA_FILE = Path(__file__).with_name("form.schema.json")
VERIFIED_SECTIONS = ("items", "dimension_levels", "combination")


def format_path(path: Sequence[str | int]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def form_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    # The schema file ships with the code; that it is itself a valid JSON Schema is checked by a
    # test (tests/unit/test_form_loader.py), not on every start: checking it against the
    # meta-schema took most of a form's load time.
    schema = form_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def _describe_schema_error(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unexpected key(s)")
    if error.validator == "required":
        return f"missing required key: {error.message.split(' is a required property')[0]}"
    if error.validator == "pattern":
        return f"{error.instance!r} has the wrong form (expected pattern {error.validator_value})"
    return error.message


def _validate_schema(document: YamlDocument) -> None:
    if not isinstance(document.data, dict):
        raise FormError(document.file, "", "the document must be a mapping of keys to values", 1)
    errors = sorted(_validator().iter_errors(document.data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        first = errors[0]
        path = list(first.absolute_path)
        raise FormError(document.file, format_path(path), _describe_schema_error(first), document.line_of(path))


def _text(raw: dict[str, str]) -> LocalizedText:
    return LocalizedText(zh_CN=raw["zh_CN"], en=raw["en"])


def _build(data: dict[str, Any], sha256: str) -> Form:
    dimensions = []
    for raw_dimension in data["items"]["dimensions"]:
        items = tuple(
            Item(
                id=raw_item["id"],
                dimension_id=raw_dimension["id"],
                name=_text(raw_item["name"]),
                guidance=_text(raw_item["guidance"]) if "guidance" in raw_item else None,
                options=tuple(Option(o["id"], o["score"], _text(o["text"])) for o in raw_item["options"]),
            )
            for raw_item in raw_dimension["items"]
        )
        thresholds = tuple(
            Threshold(t["level"], t["min"], t["max"])
            for t in data["dimension_levels"]["thresholds"][raw_dimension["id"]]
        )
        dimensions.append(Dimension(raw_dimension["id"], _text(raw_dimension["name"]), items, thresholds))
    combination = data["combination"]
    return Form(
        id=data["id"],
        version=data["version"],
        sha256=sha256,
        title=_text(data["title"]),
        source=_text(data["source"]),
        dimensions=tuple(dimensions),
        levels=tuple(Level(lvl["id"], _text(lvl["label"])) for lvl in data["dimension_levels"]["levels"]),
        combination=Combination(
            row_dimension_id=combination["row"],
            column_worse_of=tuple(combination["column_worse_of"]),
            method=_text(combination["method"]),
            grade_by_cell={
                (row, column): code
                for row, columns in combination["grades"].items()
                for column, code in columns.items()
            },
        ),
        grades=tuple(Grade(g["code"], _text(g["label"])) for g in data["grades"]),
        verification={
            section: Verification(data[section]["verification"]["status"], _text(data[section]["verification"]["note"]))
            for section in VERIFIED_SECTIONS
        },
    )


def load_form(file: Path | str) -> Form:
    """Read, validate and build one form. Raises FormError naming file, path and problem."""
    file = Path(file)
    document = read_yaml(file)
    _validate_schema(document)
    problem = check_consistency(document.data)
    if problem is not None:
        path, message = problem
        raise FormError(file, format_path(path), message, document.line_of(path))
    try:
        sha256 = canonical_sha256(document.data)
    except NotCanonicalError as exc:
        raise FormError(file, "", str(exc)) from None
    return _build(document.data, sha256)
