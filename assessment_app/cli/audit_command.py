# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess audit verify [--visit ID | --chain station | FILE] [--head COUNT:HASH]`.

A JSONL file is verified on its own (no data directory is opened); --visit and --chain check a
chain stored on this workstation, for an expert signed in with --expert who may read the audit log.
The station chain is also checked against its anchor (the checkpoint kept outside the database): a
chain cut behind the anchor, an older database put back, or a missing or altered anchor fail.
Exit 0 when intact, 1 with the first broken sequence number
and the reason on stderr; the result is JSON on stdout either way.
"""

from __future__ import annotations

import argparse
import re

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, EXIT_VERIFICATION_FAILED, InputFileError, fail, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.output import read_input_bytes
from assessment_app.messages import describe_error
from assessment_app.messages.audit_text import describe_chain_break, describe_station_verification
from assessment_app.security.audit_chain import ChainHead
from assessment_app.services.audit_anchoring import verify_station_chain
from assessment_app.services.audit_log import STATION_CHAIN, verify_jsonl, verify_stored_chain

_HEAD = re.compile(r"(\d+):([0-9a-f]{64})")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="the tamper-evident audit log")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="verify an audit chain and name its first broken link")
    add_records_options(verify)
    add_expert_options(verify)
    source = verify.add_mutually_exclusive_group(required=True)
    source.add_argument("file", metavar="FILE", nargs="?", help="an exported audit log (JSONL), or - for stdin")
    source.add_argument("--visit", metavar="ID", help="the stored chain of this visit")
    source.add_argument("--chain", choices=(STATION_CHAIN,), help="the stored workstation chain")
    verify.add_argument("--head", metavar="COUNT:HASH",
                        help="the signed chain head to check against (detects a truncated or rebuilt chain)")
    verify.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace, language: str) -> int:
    expected = None
    if args.head:
        match = _HEAD.fullmatch(args.head.strip().lower())
        if match is None:
            return fail("--head 应为 COUNT:HASH（64 位十六进制）" if language != "en"
                        else "--head must be COUNT:HASH (64 hex digits)", EXIT_USAGE)
        expected = ChainHead(int(match.group(1)), match.group(2))
    if args.file:
        try:
            data = read_input_bytes(args.file)
        except InputFileError as error:
            return fail(describe_error(error, language))
        verification = verify_jsonl(data, expected)
        chain = None
    elif args.chain == STATION_CHAIN and expected is None:
        with open_records(args, language) as records, signed_in(records, args, language) as actor:
            station = verify_station_chain(records, actor=actor)
        return _report_station(station, language)
    else:
        chain = args.visit or args.chain
        with open_records(args, language) as records, signed_in(records, args, language) as actor:
            verification = verify_stored_chain(records, chain, expected, actor=actor)
        if verification.ok and verification.head.count == 0:
            # An empty stored chain is almost always a mistyped visit id, not an intact log.
            return fail(f"本机没有名为 {chain} 的审计链。" if language != "en"
                        else f"There is no audit chain named {chain} on this workstation.", EXIT_USAGE)
    document = {"ok": verification.ok, "chain": chain, "count": verification.head.count,
                "head": verification.head.hash, "reason": verification.reason, "broken_at": verification.broken_at,
                "detail": {key: str(value) for key, value in verification.detail.items()},
                "events_after_head": verification.events_after_head}
    write_line(canonical_json_bytes(document))
    if not verification.ok:
        return fail(describe_chain_break(verification, language), EXIT_VERIFICATION_FAILED)
    return EXIT_OK


def _report_station(station, language: str) -> int:
    verification, checkpoint = station.chain, station.checkpoint
    document = {"ok": station.ok, "chain": STATION_CHAIN, "count": verification.head.count,
                "head": verification.head.hash, "reason": station.reason, "broken_at": verification.broken_at,
                "detail": {key: str(value) for key, value in verification.detail.items()},
                "events_after_head": verification.events_after_head,
                "anchor": None if checkpoint is None else {
                    "counter": checkpoint.counter, "count": checkpoint.count, "head": checkpoint.head,
                    "at": checkpoint.at},
                "anchor_state": station.state.value,
                "anchor_problems": [{"where": where, "reason": reason} for where, reason in station.problems],
                "restores": list(station.restores)}
    write_line(canonical_json_bytes(document))
    if not station.ok:
        return fail(describe_station_verification(station, language), EXIT_VERIFICATION_FAILED)
    return EXIT_OK
