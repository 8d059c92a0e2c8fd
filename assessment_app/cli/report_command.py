"""`ltc-assess report verify PDF [--ca FILE ...] [--json]` and `ltc-assess report render --sample`."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from assessment_app.cli.output import EXIT_OK, EXIT_VERIFICATION_FAILED, InputFileError, fail, read_input_bytes
from assessment_app.messages import describe_error, describe_file_error
from assessment_app.messages.report_text import (
    NO_SIGNATURES,
    TRUST_NOT_CHECKED,
    describe_signature_status,
)
from assessment_app.reports import all_valid, render_draft, render_report, verify_report
from assessment_app.reports.errors import ReportUnreadable
from assessment_app.security.certificates import CertificateUnreadable, load_pem_certificate


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
        return fail(describe_file_error(error.path, error.reason, language, **error.details))
    except CertificateUnreadable as error:
        return fail(describe_error(error, language))
    try:
        statuses = verify_report(pdf, cas)
    except ReportUnreadable as error:
        return fail(describe_error(error, language), EXIT_VERIFICATION_FAILED)
    ok = all_valid(statuses)
    pick = (lambda pair: pair[1]) if language == "en" else (lambda pair: pair[0])
    if args.json:
        print(json.dumps({"ok": ok, "trust_checked": bool(cas), "signatures": [s.to_json_dict() for s in statuses]},
                         ensure_ascii=False, indent=1, sort_keys=True))
    else:
        for status in statuses:
            print(describe_signature_status(status, language))
        if not cas:
            print(pick(TRUST_NOT_CHECKED))
    if not statuses:
        return fail(pick(NO_SIGNATURES), EXIT_VERIFICATION_FAILED)
    return EXIT_OK if ok else EXIT_VERIFICATION_FAILED


def run_render(args: argparse.Namespace, language: str) -> int:
    from assessment_app.reports.sample import sample_content

    content = sample_content()
    Path(args.out).write_bytes(render_draft(content) if args.draft else render_report(content))
    return EXIT_OK
