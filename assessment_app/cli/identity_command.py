"""`ltc-assess identity import-p12 --expert NUMBER FILE`: an agency-issued signing certificate and key."""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.output import EXIT_OK, InputFileError, fail, read_input_bytes, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.secret_input import SecretInputError, describe_secret_input_error, read_secret
from assessment_app.messages import describe_file_error
from assessment_app.services.accounts import find_expert_id
from assessment_app.services.signing_identities import import_pkcs12


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("identity", help="experts' signing certificates and keys")
    actions = parser.add_subparsers(dest="identity_action", metavar="ACTION", required=True)
    importing = actions.add_parser("import-p12", help="import a PKCS#12 (.p12/.pfx) file issued by the agency")
    add_records_options(importing)
    importing.add_argument("--expert", required=True, metavar="NUMBER", help="评估人员编号")
    importing.add_argument("file", metavar="FILE", help="the .p12/.pfx file")
    importing.add_argument("--p12-password-file", metavar="FILE", help="file holding the PKCS#12 password")
    importing.add_argument("--expert-passphrase-file", metavar="FILE",
                           help="file holding the expert's personal passphrase (the key is stored under it)")
    importing.set_defaults(run=run_import_p12)


def run_import_p12(args: argparse.Namespace, language: str) -> int:
    english = language == "en"
    try:
        data = read_input_bytes(args.file)
        p12_password = read_secret(args.p12_password_file, "--p12-password-file",
                                   "PKCS#12 password: " if english else "PKCS#12 文件密码: ")
        passphrase = read_secret(args.expert_passphrase_file, "--expert-passphrase-file",
                                 "Your personal passphrase: " if english else "个人口令: ")
    except InputFileError as error:
        return fail(describe_file_error(error.path, error.reason, language, **error.details))
    except SecretInputError as error:
        return fail(describe_secret_input_error(error, language))
    with open_records(args, language) as records:
        expert_id = find_expert_id(records, args.expert)
        info = import_pkcs12(records, expert_id, data, p12_password, passphrase,
                             datetime.datetime.now(datetime.timezone.utc))
    document = {key: (value.isoformat() if isinstance(value, datetime.datetime) else value)
                for key, value in asdict(info).items()}
    write_line(canonical_json_bytes(document))
    return EXIT_OK
