# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess report verify PDF [--ca FILE ... | --data-dir DIR] [--json]` and `ltc-assess report render --sample`.

With --data-dir the signatures are judged by the provisioned workstation's trust: its agency CAs
and revocation list, revocation at the moment of this check (or a trusted time-stamp). With --ca,
by the given CAs alone (no revocation list). With neither, integrity only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
from pathlib import Path

from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, EXIT_VERIFICATION_FAILED, InputFileError, fail, read_input_bytes
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.messages import describe_error
from assessment_app.messages.report_text import (
    NO_SIGNATURES,
    TRUST_NOT_CHECKED,
    describe_signature_status,
)
from assessment_app.reports import all_valid, render_draft, render_report, verify_report
from assessment_app.reports.errors import ReportUnreadable
from assessment_app.security.certificates import CertificateUnreadable, load_pem_certificate
from assessment_app.services.case_records import DataState, data_state
from assessment_app.services.trust_anchors import TrustUnavailable, workstation_trust_anchors


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("report", help="check or render assessment reports (评估结论书)")
    actions = parser.add_subparsers(dest="report_action", metavar="ACTION", required=True)

    verify = actions.add_parser("verify", help="list each signature of a report PDF and check it",
                                description="Exit 0 when every signature is intact, valid and respected by "
                                            "later revisions; 1 when any is not or there is none; 2 on bad input.")
    verify.add_argument("pdf", metavar="PDF", help="the report PDF, or - for standard input")
    verify.add_argument("--ca", action="append", default=[], metavar="FILE",
                        help="a trusted CA certificate (PEM); repeat for several. Without it only integrity is checked")
    verify.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    add_records_options(verify)
    verify.set_defaults(run=run_verify)

    render = actions.add_parser("render", help="render the built-in sample report, for inspection")
    render.add_argument("--sample", action="store_true", required=True, help="use the built-in sample content")
    render.add_argument("--draft", action="store_true", help="the watermarked draft instead of the final report")
    render.add_argument("--out", required=True, metavar="FILE", help="where to write the PDF")
    render.set_defaults(run=run_render)


def _quiet_pyhanko() -> None:
    """pyHanko logs each failed check with a traceback; the statuses below already say it in
    the user's language, so its log stays out of the terminal."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False


def run_verify(args: argparse.Namespace, language: str) -> int:
    _quiet_pyhanko()
    try:
        pdf = read_input_bytes(args.pdf)
        cas = [load_pem_certificate(read_input_bytes(name)) for name in args.ca]
    except InputFileError as error:
        return fail(describe_error(error, language))
    except CertificateUnreadable as error:
        return fail(describe_error(error, language))
    trust = cas
    if not cas and args.data_dir:
        if data_state(args.data_dir) is DataState.NEW:
            return fail(describe_error(TrustUnavailable("not_provisioned"), language), EXIT_USAGE)
        try:
            with open_records(args, language) as records:
                trust = workstation_trust_anchors(records)
        except TrustUnavailable as error:
            return fail(describe_error(error, language), EXIT_USAGE)
    try:
        statuses = verify_report(pdf, trust, trusted_at=datetime.datetime.now(datetime.timezone.utc))
    except ReportUnreadable as error:
        return fail(describe_error(error, language), EXIT_VERIFICATION_FAILED)
    ok = all_valid(statuses)
    trust_checked = bool(cas) or trust is not cas
    pick = (lambda pair: pair[1]) if language == "en" else (lambda pair: pair[0])
    if args.json:
        print(json.dumps({"ok": ok, "trust_checked": trust_checked, "signatures": [s.to_json_dict() for s in statuses]},
                         ensure_ascii=False, indent=1, sort_keys=True))
    else:
        for status in statuses:
            print(describe_signature_status(status, language))
        if not trust_checked:
            print(pick(TRUST_NOT_CHECKED))
    if not statuses:
        return fail(pick(NO_SIGNATURES), EXIT_VERIFICATION_FAILED)
    return EXIT_OK if ok else EXIT_VERIFICATION_FAILED


def run_render(args: argparse.Namespace, language: str) -> int:
    from assessment_app.reports.sample import sample_content

    content = sample_content()
    Path(args.out).write_bytes(render_draft(content) if args.draft else render_report(content))
    return EXIT_OK
