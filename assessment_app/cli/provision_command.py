# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess provision import FILE [--confirm-fingerprint HEX] [--expert NUMBER]` and
`ltc-assess provision demo`. The first package on an empty workstation needs no sign-in (its
confirmed fingerprint and the data key are the authority); every later one is imported by a
signed-in administrator."""

from __future__ import annotations

import argparse
import datetime
import os
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

import contextlib

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, InputFileError, fail, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.output import read_input_bytes
from assessment_app.messages import describe_error
from assessment_app.security.certificates import DEMO_MARK
from assessment_app.services.provisioning_import import (
    ProvisioningImportError,
    ensure_demo_agency,
    import_provisioning,
)

DEMO_NOTICE = ("演示机构（DEMO）：以下账户和口令是公开的演示数据，切勿用于真实评估。 / "
               "DEMO agency: these accounts and passphrases are public demo data; never use them for real assessments.")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("provision", help="agency provisioning: import a package, or create the demo agency")
    actions = parser.add_subparsers(dest="provision_action", metavar="ACTION", required=True)
    importing = actions.add_parser("import", help="import a signed agency provisioning package")
    add_records_options(importing)
    add_expert_options(importing)
    importing.add_argument("file", metavar="FILE", help="*.ltc-provisioning.json, or - for standard input")
    importing.add_argument("--confirm-fingerprint", metavar="HEX",
                           help="SHA-256 fingerprint of the agency CA, as the agency gave it (first import only)")
    importing.set_defaults(run=run_import)
    demo = actions.add_parser("demo", help=f"create the demo agency 演示机构 ({DEMO_MARK}) once")
    add_records_options(demo)
    demo.set_defaults(run=run_demo)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def run_import(args: argparse.Namespace, language: str) -> int:
    try:
        data = read_input_bytes(args.file)
    except InputFileError as error:
        return fail(describe_error(error, language))
    with open_records(args, language) as records, (
            signed_in(records, args, language) if args.expert else contextlib.nullcontext()) as actor:
        try:
            result = import_provisioning(records, data, confirm_fingerprint=args.confirm_fingerprint, now=_now(),
                                         actor=actor)
        except ProvisioningImportError as error:
            hint = ""
            if error.reason == "fingerprint_not_confirmed":
                hint = ("\nThen run again with --confirm-fingerprint " if language == "en"
                        else "\n核对无误后，加上 --confirm-fingerprint 再次运行：") + error.fingerprint
            return fail(describe_error(error, language) + hint, EXIT_USAGE)
    write_line(canonical_json_bytes(asdict(result)))
    return EXIT_OK


def run_demo(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records:
        result = ensure_demo_agency(records, _now(), os.urandom(32))
    document = asdict(result)
    document["identity_files"] = [str(path) for path in result.identity_files]
    if result.demo:
        document["notice"] = DEMO_NOTICE
    write_line(canonical_json_bytes(document))
    return EXIT_OK
