# SPDX-License-Identifier: GPL-3.0-or-later
"""Scoring requests as documents: {"form": ID, "answers": {item: option}} -> ScoreResult.

The document format is what the CLI reads and what the bundle will carry; it is checked
strictly (unknown keys, duplicate keys, wrong types) so that a typo is never scored as
something else.
"""

from __future__ import annotations

from typing import Any

from forms import FormRegistry, default_registry
from forms.canonical import StrictJsonError, loads_strict
from scoring import ScoreResult, score

from assessment_app.errors import AppError

REQUEST_KEYS = ("form", "form_version", "answers")


class MalformedRequestError(AppError, ValueError):
    """The document is not a scoring request: `where` names the place, `reason` a code, `detail` the rest."""

    def __init__(self, where: str, reason: str, detail: str = ""):
        self.where = where
        self.reason = reason
        self.detail = detail
        super().__init__(f"{where}: {reason}" + (f" ({detail})" if detail else ""))


def parse_request_text(text: str) -> Any:
    """JSON text -> value, refusing duplicate keys and non-integer numbers (no answer is a fraction)."""
    if not text.strip():
        raise MalformedRequestError("$", "empty")
    try:
        return loads_strict(text)
    except StrictJsonError as exc:
        if exc.reason == "duplicate_key":
            raise MalformedRequestError(exc.detail, "duplicate_key") from None
        where = f"line {exc.line} column {exc.column}: {exc.detail}" if exc.line else f"number {exc.detail}"
        raise MalformedRequestError("$", "not_json", where) from None


def score_request(document: Any, registry: FormRegistry | None = None) -> ScoreResult:
    """Score one request document. Raises MalformedRequestError, UnknownFormError or AnswersError."""
    if not isinstance(document, dict):
        raise MalformedRequestError("$", "not_object")
    unexpected = sorted(key for key in document if key not in REQUEST_KEYS)
    if unexpected:
        raise MalformedRequestError(unexpected[0], "unexpected_key")
    for key in ("form", "answers"):
        if key not in document:
            raise MalformedRequestError(key, "missing_key")
    if not isinstance(document["form"], str):
        raise MalformedRequestError("form", "not_string")
    version = document.get("form_version")
    if version is not None and not isinstance(version, str):
        raise MalformedRequestError("form_version", "not_string")
    if not isinstance(document["answers"], dict):
        raise MalformedRequestError("answers", "not_object")
    form = (registry or default_registry()).get(document["form"], version)
    return score(form, document["answers"])
