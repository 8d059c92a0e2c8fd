# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess demo --out DIR [--seconds N] [--answers FILE]`: one whole visit without a screen.

In DIR: a fresh workstation data directory with the demo agency (`workstation/`), the visit
recorded for N seconds (synthetic camera and tone) with the answers spread over it, signed by
both demo experts, the signed report (`report.pdf`) and the exported bundle (`bundle-<id>/`).
Prints one JSON object: visit_id, bundle, report, identity (the demo agency's age identity,
which decrypts the bundle with `age -d -i`) — all paths absolute.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

from forms import default_registry
from forms.canonical import canonical_json_bytes

from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, InputFileError, fail, read_input_bytes, write_line
from assessment_app.recording.settings import RecordingSettings
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.demo_visit import (
    DEFAULT_ANSWERS, demo_signers, open_demo_workstation, run_demo_visit, write_report,
)
from assessment_app.services.provisioning_import import DEMO_AGENCY_DIR

WORKSTATION_DIR = "workstation"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="a whole demo visit without a screen: record, sign, export")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the workstation, report and bundle go")
    parser.add_argument("--seconds", type=float, default=20, help="length of the synthetic recording (default 20)")
    parser.add_argument("--answers", metavar="FILE", help='JSON {"item id": "option id", ...} for all 17 items')
    parser.set_defaults(run=run_demo)


def _answers(name: str | None, language: str) -> dict[str, str] | str:
    """The answers to give, or a message saying what is wrong with the file."""
    if name is None:
        return dict(DEFAULT_ANSWERS)
    try:
        answers = json.loads(read_input_bytes(name))
    except InputFileError as error:
        return f"{name}: {error.reason}"
    except ValueError as error:
        return f"{name}: {error}"
    form = default_registry().get("cn-ltc-2021")
    problems = [item.id for item in form.items if answers.get(item.id) not in {o.id for o in item.options}]
    if not isinstance(answers, dict) or problems:
        wording = "缺少或无效的答案：" if language == "zh_CN" else "missing or invalid answers: "
        return f"{name}: {wording}{', '.join(problems)}"
    return answers


def run_demo(args: argparse.Namespace, language: str) -> int:
    answers = _answers(args.answers, language)
    if isinstance(answers, str):
        return fail(answers, EXIT_USAGE)
    if args.seconds <= 0:
        return fail("--seconds 必须大于 0" if language == "zh_CN" else "--seconds must be above 0", EXIT_USAGE)
    out = Path(args.out).resolve()
    workstation = out / WORKSTATION_DIR
    if workstation.exists():
        message = (f"{workstation} 已存在：请换一个空目录" if language == "zh_CN"
                   else f"{workstation} exists already: choose an empty directory")
        return fail(message, EXIT_USAGE)
    out.mkdir(parents=True, exist_ok=True)
    now = lambda: datetime.datetime.now().astimezone()  # noqa: E731
    records = open_demo_workstation(workstation, now())
    try:
        visit_id = run_demo_visit(records, seconds=args.seconds, answers=answers, clock=now,
                                  recording_settings=RecordingSettings())
        # Both demo experts sign in (their passphrases are public) to write the report and export.
        signers = demo_signers(records, now())
        report = write_report(records, visit_id, out / "report.pdf", actor=signers[0][0])
        exported = export_visit(records, visit_id, out, signers=signers, now=now())
    finally:
        records.close()
    write_line(canonical_json_bytes({
        "visit_id": visit_id, "bundle": str(Path(exported.bundle_dir).resolve()), "report": str(report),
        "identity": str((workstation / DEMO_AGENCY_DIR / "agency-identity.txt").resolve()),
    }))
    return EXIT_OK
