# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess demo-data --cases N`: synthetic, clearly marked test cases."""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, fail, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.demo_data import generate_demo_cases


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo-data", help="add synthetic test cases (names start with 测试)")
    add_records_options(parser)
    add_expert_options(parser)
    parser.add_argument("--cases", type=int, required=True, help="number of synthetic persons")
    parser.add_argument("--seed", type=int, default=20261126, help="random seed (same seed, same people)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, language: str) -> int:
    if args.cases < 1:
        return fail("--cases 必须至少为 1" if language != "en" else "--cases must be at least 1", EXIT_USAGE)
    now = datetime.datetime.now(datetime.timezone.utc)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        summary = generate_demo_cases(records, args.cases, seed=args.seed, today=datetime.date.today(), now=now,
                                      actor=actor)
    write_line(canonical_json_bytes(asdict(summary)))
    return EXIT_OK
