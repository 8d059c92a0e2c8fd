# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess identity import-p12 --expert NUMBER FILE`: an agency-issued signing certificate and key,
imported by the expert for themselves (signed in with the personal passphrase the key is stored under)."""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import ExpertSignInMissing, add_expert_options, expert_passphrase, sign_in_number
from assessment_app.cli.output import EXIT_OK, InputFileError, fail, read_input_bytes, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.secret_input import SecretInputError, read_secret
from assessment_app.messages import describe_error
from assessment_app.services.accounts import logout
from assessment_app.services.signing_identities import import_pkcs12


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("identity", help="experts' signing certificates and keys")
    actions = parser.add_subparsers(dest="identity_action", metavar="ACTION", required=True)
    importing = actions.add_parser("import-p12", help="import a PKCS#12 (.p12/.pfx) file issued by the agency")
    add_records_options(importing)
    add_expert_options(importing)
    importing.add_argument("file", metavar="FILE", help="the .p12/.pfx file")
    importing.add_argument("--p12-password-file", metavar="FILE", help="file holding the PKCS#12 password")
    importing.set_defaults(run=run_import_p12)


def run_import_p12(args: argparse.Namespace, language: str) -> int:
    english = language == "en"
    if not args.expert:
        raise ExpertSignInMissing("expert_required")
    try:
        data = read_input_bytes(args.file)
        p12_password = read_secret(args.p12_password_file, "--p12-password-file",
                                   "PKCS#12 password: " if english else "PKCS#12 文件密码: ")
        passphrase = expert_passphrase(args, language)  # signs in, and the key is stored under it
    except InputFileError as error:
        return fail(describe_error(error, language))
    except SecretInputError as error:
        return fail(describe_error(error, language))
    with open_records(args, language) as records:
        actor = sign_in_number(records, args.expert, passphrase)
        try:
            info = import_pkcs12(records, actor, data, p12_password, passphrase,
                                 datetime.datetime.now(datetime.timezone.utc))
        finally:
            logout(records, actor, datetime.datetime.now(datetime.timezone.utc))
    document = {key: (value.isoformat() if isinstance(value, datetime.datetime) else value)
                for key, value in asdict(info).items()}
    write_line(canonical_json_bytes(document))
    return EXIT_OK
