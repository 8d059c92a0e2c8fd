# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess accounts set-passphrase --expert NUMBER` (first passphrase, or a change).

A first passphrase needs the expert's one-time enrolment code (一次性注册码), from
--enrolment-code-file or a prompt; a change needs the current passphrase.
"""

from __future__ import annotations

import argparse
import datetime

from forms.canonical import canonical_json_bytes

from assessment_app.cli.output import EXIT_OK, InputFileError, fail, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.secret_input import SecretInputError, read_secret
from assessment_app.messages import describe_error
from assessment_app.services.accounts import find_expert_id, has_passphrase, set_passphrase


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("accounts", help="expert accounts and their personal passphrases")
    actions = parser.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)
    setting = actions.add_parser("set-passphrase", help="set the first personal passphrase, or change it")
    add_records_options(setting)
    setting.add_argument("--expert", required=True, metavar="NUMBER", help="评估人员编号")
    setting.add_argument("--old-passphrase-file", metavar="FILE", help="file holding the current passphrase")
    setting.add_argument("--new-passphrase-file", metavar="FILE", help="file holding the new passphrase")
    setting.add_argument("--enrolment-code-file", metavar="FILE",
                         help="file holding the one-time enrolment code (first passphrase only)")
    setting.set_defaults(run=run_set_passphrase)


def run_set_passphrase(args: argparse.Namespace, language: str) -> int:
    english = language == "en"
    with open_records(args, language) as records:
        expert_id = find_expert_id(records, args.expert)
        try:
            old = code = None
            if has_passphrase(records, expert_id):
                old = read_secret(args.old_passphrase_file, "--old-passphrase-file",
                                  "Current passphrase: " if english else "原口令: ")
                if args.enrolment_code_file:  # said, not ignored: the code was for the first passphrase
                    code = read_secret(args.enrolment_code_file, "--enrolment-code-file", "")
            else:
                code = read_secret(args.enrolment_code_file, "--enrolment-code-file",
                                   "One-time enrolment code: " if english else "一次性注册码: ")
            new = read_secret(args.new_passphrase_file, "--new-passphrase-file",
                              "New passphrase: " if english else "新口令: ",
                              confirm_prompt="Repeat the new passphrase: " if english else "再次输入新口令: ")
        except InputFileError as error:
            return fail(describe_error(error, language))
        except SecretInputError as error:
            return fail(describe_error(error, language))
        set_passphrase(records, expert_id, new, old, enrolment_code=code,
                       now=datetime.datetime.now(datetime.timezone.utc))
    write_line(canonical_json_bytes({"expert_number": args.expert.strip(), "passphrase_set": True}))
    return EXIT_OK
