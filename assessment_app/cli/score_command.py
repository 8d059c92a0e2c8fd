# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess score FILE|-` and `ltc-assess score --jsonl FILE|-`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from forms import FormError, UnknownFormError, default_registry
from forms.canonical import canonical_json_bytes
from forms.model import Form
from scoring import AnswersError

from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, InputFileError, fail, read_input_text, write_line
from assessment_app.messages import describe_error
from assessment_app.services.score_request import MalformedRequestError, parse_request_text, score_request

REQUEST_ERRORS = (MalformedRequestError, UnknownFormError, AnswersError, FormError)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "score",
        help="score answers: one JSON request, or one per line with --jsonl",
        description='Request: {"form": "cn-ltc-2021", "answers": {"adl.eating": "10", ...}}. '
        "Prints the canonical result JSON.",
    )
    parser.add_argument("file", metavar="FILE", help="request file, or - for standard input")
    parser.add_argument("--jsonl", action="store_true", help="one request per line; one result per line")
    parser.set_defaults(run=run)


def _form_named_in(document: Any) -> Form | None:
    """The form a request names, when it names an installed one (to print item names in errors)."""
    if isinstance(document, dict) and isinstance(document.get("form"), str):
        try:
            return default_registry().get(document["form"])
        except (UnknownFormError, FormError):
            return None
    return None


def _error_object(error: Exception, document: Any, language: str) -> dict[str, Any]:
    body: dict[str, Any] = {"message": describe_error(error, language, _form_named_in(document))}
    if isinstance(error, AnswersError):
        body["kind"] = "invalid_answers"
        body["problems"] = [
            # The value as JSON text: it may be a float or other value canonical JSON refuses.
            {"kind": p.kind, "item": p.item} | ({} if p.value is None else {"value": json.dumps(p.value, ensure_ascii=False)})
            for p in error.problems
        ]
    elif isinstance(error, UnknownFormError):
        body["kind"] = "unknown_form"
        body["form"] = error.form_id
    elif isinstance(error, MalformedRequestError):
        body["kind"] = "malformed"
        body["where"] = error.where
        body["reason"] = error.reason
    else:
        body["kind"] = "form_error"
    return body


def _run_single(text: str, language: str) -> int:
    document = None
    try:
        document = parse_request_text(text)
        write_line(score_request(document).to_json_bytes())
    except REQUEST_ERRORS as error:
        return fail(describe_error(error, language, _form_named_in(document)))
    return EXIT_OK


def _run_lines(text: str, language: str) -> int:
    status = EXIT_OK
    for number, line in enumerate(text.splitlines(), start=1):
        document = None
        try:
            document = parse_request_text(line)
            write_line(score_request(document).to_json_bytes())
        except REQUEST_ERRORS as error:
            status = EXIT_USAGE
            write_line(canonical_json_bytes({"error": _error_object(error, document, language), "line": number}))
    if status != EXIT_OK:
        fail("部分输入行无法评分，见输出中的 error 对象。" if language != "en"
             else "Some input lines could not be scored; see the error objects in the output.")
    return status


def run(args: argparse.Namespace, language: str) -> int:
    try:
        text = read_input_text(args.file)
    except InputFileError as error:
        return fail(describe_error(error, language))
    return _run_lines(text, language) if args.jsonl else _run_single(text, language)
