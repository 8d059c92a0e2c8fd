# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess review …`: the reviewer's queue, the seeded spot-check sample, signed decisions,
the decision file on the laptop, and the 公示 list.

    review queue [--status S] [--assessor NUMBER] [--grade N] [--flag CODE|any]
    review sample --percent N --seed S
    review decide VISIT_ID (--approve | --return REASON | --order-review REASON) [--out DIR]
    review import-decision FILE
    review publicity --out FILE.csv|FILE.pdf [--since YYYY-MM-DD] [--until YYYY-MM-DD]

Each signs in with --expert NUMBER (a reviewer; on the laptop, import-decision an assessor or
administrator) and that expert's passphrase (--expert-passphrase-file, the variable
LTC_ASSESS_EXPERT_PASSPHRASE, or a prompt); a decision is signed with the same passphrase.
--reviewer and --reviewer-passphrase-file are the older names of --expert and its file.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

from assessment_app.cli.expert_sign_in import (
    ExpertSignInMissing, add_expert_options, expert_passphrase, sign_in_number, signed_in,
)
from assessment_app.cli.output import EXIT_OK
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.accounts import find_expert_id, logout
from assessment_app.services.review_decision import decide, export_decision, import_decision
from assessment_app.services.review_publicity import export_publicity
from assessment_app.services.review_queue import QueueFilter, draw_sample, review_queue


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("review", help="the reviewer's queue, sample, decisions and 公示 list (审核)")
    actions = parser.add_subparsers(dest="review_action", metavar="ACTION", required=True)

    queue = actions.add_parser("queue", help="signed records with grade, review status and flags (JSON)")
    queue.add_argument("--status", choices=("pending", "approved", "returned", "recheck_ordered"))
    queue.add_argument("--assessor", metavar="NUMBER", help="评估人员编号 of either expert of the visit")
    queue.add_argument("--grade", type=int, metavar="CODE", help="grade code 0–5")
    queue.add_argument("--flag", metavar="CODE", help="a flag code, or any")
    queue.set_defaults(run=run_queue)

    sample = actions.add_parser("sample", help="a seeded random N %% sample of the queue, logged in the audit log")
    sample.add_argument("--percent", type=float, required=True)
    sample.add_argument("--seed", type=int, required=True)
    sample.set_defaults(run=run_sample)

    deciding = actions.add_parser("decide", help="approve, return or order a 复核, signed by the reviewer")
    deciding.add_argument("visit_id", metavar="VISIT_ID")
    choice = deciding.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--return", dest="return_reason", metavar="REASON")
    choice.add_argument("--order-review", dest="review_reason", metavar="REASON")
    deciding.add_argument("--out", metavar="DIR", help="also write the signed decision file here")
    deciding.set_defaults(run=run_decide)

    importing = actions.add_parser("import-decision", help="apply a signed decision file from the agency")
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(run=run_import)

    publicity = actions.add_parser("publicity", help="the 公示 list (approved, names and IDs masked) as CSV or PDF")
    publicity.add_argument("--out", required=True, metavar="FILE", help="FILE.csv (UTF-8 with BOM) or FILE.pdf")
    publicity.add_argument("--since", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD")
    publicity.add_argument("--until", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD")
    publicity.set_defaults(run=run_publicity)

    for sub in (queue, sample, deciding, importing, publicity):
        add_records_options(sub)
        add_expert_options(sub, "--reviewer")


def _now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def _required_expert(args: argparse.Namespace) -> str:
    if not args.expert:
        raise ExpertSignInMissing("expert_required")
    return args.expert


def _print(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True))


def run_queue(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        expert_id = find_expert_id(records, args.assessor) if args.assessor else None
        rows = review_queue(records, QueueFilter(args.status, expert_id, args.grade, args.flag), actor=actor)
    _print([{"visit_id": row.visit_id, "case_id": row.case_id, "version": row.version, "task_number": row.task_number,
             "signed_at": row.signed_at, "grade": row.grade_code, "review_status": row.review_status,
             "flags": [{"code": str(flag.code), "message": flag.message(language)} for flag in row.flags]}
            for row in rows])
    return EXIT_OK


def run_sample(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        sample = draw_sample(records, args.percent, args.seed, actor=actor, now=_now())
    _print({"seed": sample.seed, "percent": sample.percent, "population": len(sample.population),
            "sample": list(sample.visit_ids)})
    return EXIT_OK


def run_decide(args: argparse.Namespace, language: str) -> int:
    decision, reason = ("approve", "") if args.approve else (
        ("return", args.return_reason) if args.return_reason is not None else ("review", args.review_reason))
    with open_records(args, language) as records:
        # One passphrase: it signs the reviewer in and unlocks the key the decision is signed with.
        number = _required_expert(args)
        passphrase = expert_passphrase(args, language)
        actor = sign_in_number(records, number, passphrase)
        try:
            outcome = decide(records, args.visit_id, decision, reason, actor=actor, passphrase=passphrase,
                             now=_now())
            written = export_decision(records, outcome.review_id, Path(args.out), actor=actor) if args.out else None
        finally:
            logout(records, actor, _now())
    _print({"review_id": outcome.review_id, "decision": outcome.decision, "new_case_id": outcome.new_case_id,
            "decision_file": str(written) if written else None})
    return EXIT_OK


def run_import(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        imported = import_decision(records, Path(args.file), actor=actor, now=_now())
    _print({"review_id": imported.review_id, "case_id": imported.case_id, "visit_id": imported.visit_id,
            "decision": imported.decision, "reason": imported.reason, "new_case_id": imported.new_case_id})
    return EXIT_OK


def run_publicity(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        count = export_publicity(records, Path(args.out), actor=actor, now=_now(), since=args.since,
                                 until=args.until, language=language)
    _print({"entries": count, "out": args.out})
    return EXIT_OK
