# SPDX-License-Identifier: GPL-3.0-or-later
"""A scoring request checked, and a response line read, as docs/formats/score-request-and-result.md
says; the form's items and options come from the form file (readers/form.py)."""

from __future__ import annotations

import json


class _Malformed(Exception):
    def __init__(self, where: str, reason: str):
        super().__init__(reason)
        self.where, self.reason = where, reason


def _unique(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _Malformed(key, "duplicate_key")
        seen[key] = value
    return seen


def _no_fraction(text: str):
    raise _Malformed("$", "not_json")


def check_request(line: str, forms: dict[tuple[str, str], dict]) -> dict:
    """What the spec says the line gives: {"result_for": (form, version)} or an error object
    without its message. `forms`: (id, version) -> the parsed form document."""
    try:
        if not line.strip():
            raise _Malformed("$", "empty")
        try:
            document = json.loads(line, object_pairs_hook=_unique, parse_float=_no_fraction,
                                  parse_constant=_no_fraction)
        except json.JSONDecodeError:
            raise _Malformed("$", "not_json") from None
        if not isinstance(document, dict):
            raise _Malformed("$", "not_object")
        for key in sorted(document):
            if key not in ("form", "form_version", "answers"):
                raise _Malformed(key, "unexpected_key")
        for key in ("form", "answers"):
            if key not in document:
                raise _Malformed(key, "missing_key")
        if not isinstance(document["form"], str):
            raise _Malformed("form", "not_string")
        if document.get("form_version") is not None and not isinstance(document["form_version"], str):
            raise _Malformed("form_version", "not_string")
        if not isinstance(document["answers"], dict):
            raise _Malformed("answers", "not_object")
    except _Malformed as malformed:
        return {"kind": "malformed", "where": malformed.where, "reason": malformed.reason}
    versions = sorted(version for form_id, version in forms if form_id == document["form"])
    version = document.get("form_version") or (versions[-1] if versions else None)
    if (document["form"], version) not in forms:
        return {"kind": "unknown_form", "form": document["form"]}
    problems = _problems(forms[(document["form"], version)], document["answers"])
    if problems:
        return {"kind": "invalid_answers", "problems": problems}
    return {"result_for": (document["form"], version)}


def _problems(form: dict, answers: dict) -> list[dict]:
    problems, known = [], set()
    for dimension in form["items"]["dimensions"]:
        for item in dimension["items"]:
            known.add(item["id"])
            if item["id"] not in answers:
                problems.append({"kind": "incomplete", "item": item["id"]})
            elif answers[item["id"]] not in [option["id"] for option in item["options"]]:
                problems.append({"kind": "unknown_option", "item": item["id"],
                                 "value": json.dumps(answers[item["id"]], ensure_ascii=False)})
    problems += [{"kind": "unknown_item", "item": key} for key in sorted(set(answers) - known)]
    return problems


def read_response(line: bytes, number: int) -> dict:
    """A response line: a canonical result, or {"error": {...}, "line": N} without the message."""
    value = json.loads(line)
    assert json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() == line
    if "error" in value:
        assert value["line"] == number and isinstance(value["error"].pop("message"), str)
        return value["error"]
    assert set(value) == {"engine", "form", "dimensions", "grade", "trace"}, sorted(value)
    return {"result": value}
