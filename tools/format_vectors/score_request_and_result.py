# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/score-request-and-result/: scoring requests and results
(docs/formats/score-request-and-result.md).

`reference_cases.jsonl`, `reference_errors.jsonl` and `golden_results.jsonl` are kept as they
were (see the README there: the cases are computed by hand). Built here: `requests.jsonl`, one
request per line covering every request shape and refusal the spec names, and
`responses.en.jsonl`, the bytes `ltc-assess --lang en score --jsonl requests.jsonl` prints
(the command's `run`, in-process).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
from pathlib import Path

from assessment_app.cli import score_command
from tools.format_vectors.common import json_file

REQUESTS, RESPONSES = "requests.jsonl", "responses.en.jsonl"


def _reference_answers(directory: Path) -> dict:
    first = (directory / "reference_cases.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return json.loads(first)["input"]["answers"]


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def request_lines(directory: Path) -> list[dict]:
    """Every line with its name and what the spec says it must give (`expect`)."""
    answers = _reference_answers(directory)
    request = {"form": "cn-ltc-2021", "answers": answers}
    eating_last = _line(request)[:-2]  # without "}}": a raw answer text can follow
    wrong = {key: value for key, value in answers.items() if key != "adl.bathing"}
    wrong.update({"adl.eating": 5, "adl.stairs": "15", "adl.sleeping": "0"})

    def malformed(where: str, reason: str) -> dict:
        return {"kind": "malformed", "where": where, "reason": reason}

    return [
        {"name": "without_form_version", "line": _line(request), "expect": {"result_of": "reference_cases.jsonl line 1"}},
        {"name": "with_form_version", "line": _line({**request, "form_version": "1.0.0"}),
         "expect": {"result_of": "reference_cases.jsonl line 1"}},
        {"name": "form_version_null", "line": _line({**request, "form_version": None}),
         "expect": {"result_of": "reference_cases.jsonl line 1"}},
        {"name": "keys_in_any_order", "line": _line({"answers": answers, "form": "cn-ltc-2021"}),
         "expect": {"result_of": "reference_cases.jsonl line 1"}},
        {"name": "unknown_form_version", "line": _line({**request, "form_version": "9.9.9"}),
         "expect": {"kind": "unknown_form", "form": "cn-ltc-2021"}},
        {"name": "unknown_form", "line": _line({**request, "form": "cn-ltc-2020"}),
         "expect": {"kind": "unknown_form", "form": "cn-ltc-2020"}},
        {"name": "invalid_answers_every_problem", "line": _line({"form": "cn-ltc-2021", "answers": wrong}),
         # In the form's item order; unknown items last, sorted; `value` only where an option was given.
         "expect": {"kind": "invalid_answers", "problems": [
             {"kind": "unknown_option", "item": "adl.eating", "value": "5"},
             {"kind": "unknown_option", "item": "adl.stairs", "value": '"15"'},
             {"kind": "incomplete", "item": "adl.bathing"},
             {"kind": "unknown_item", "item": "adl.sleeping"}]}},
        {"name": "empty_line", "line": "", "expect": malformed("$", "empty")},
        {"name": "blank_line", "line": "   ", "expect": malformed("$", "empty")},
        {"name": "not_json", "line": "{not json", "expect": malformed("$", "not_json")},
        {"name": "nan", "line": eating_last + ', "adl.x": NaN}}', "expect": malformed("$", "not_json")},
        {"name": "infinity", "line": eating_last + ', "adl.x": Infinity}}', "expect": malformed("$", "not_json")},
        {"name": "fraction", "line": eating_last + ', "adl.x": 10.0}}', "expect": malformed("$", "not_json")},
        {"name": "duplicate_top_level_key", "line": '{"form": "cn-ltc-2021", ' + _line(request)[1:],
         "expect": malformed("form", "duplicate_key")},
        {"name": "duplicate_answer", "line": eating_last + ', "adl.eating": "0"}}',
         "expect": malformed("adl.eating", "duplicate_key")},
        {"name": "not_object", "line": "[]", "expect": malformed("$", "not_object")},
        {"name": "form_not_string", "line": _line({**request, "form": 2021}), "expect": malformed("form", "not_string")},
        {"name": "form_version_not_string", "line": _line({**request, "form_version": 1}),
         "expect": malformed("form_version", "not_string")},
        {"name": "answers_not_object", "line": _line({"form": "cn-ltc-2021", "answers": []}),
         "expect": malformed("answers", "not_object")},
        {"name": "missing_answers", "line": _line({"form": "cn-ltc-2021"}), "expect": malformed("answers", "missing_key")},
        {"name": "missing_form", "line": _line({"answers": answers}), "expect": malformed("form", "missing_key")},
        {"name": "unexpected_key", "line": _line({**request, "lang": "en"}), "expect": malformed("lang", "unexpected_key")},
    ]


def responses_to(requests: bytes) -> bytes:
    """What `ltc-assess --lang en score --jsonl FILE` prints for `requests`: the command's own
    `run`, in this process (not `main`, which also lowers the process's core-dump limit for good)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / REQUESTS
        path.write_bytes(requests)
        stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
            status = score_command.run(argparse.Namespace(file=str(path), jsonl=True), "en")
        stdout.flush()
    if status != 2:  # some lines are refused by design, so 2 is the only right status
        raise RuntimeError(f"ltc-assess score exited {status}")
    return stdout.buffer.getvalue()


def build(directory: Path) -> dict[str, bytes]:
    lines = request_lines(directory)
    requests = "".join(entry["line"] + "\n" for entry in lines).encode("utf-8")
    return {REQUESTS: requests, RESPONSES: responses_to(requests),
            "requests.json": json_file({"format": "docs/formats/score-request-and-result.md, version 1",
                                        "lines": [{"number": number, **entry}
                                                  for number, entry in enumerate(lines, start=1)]})}
