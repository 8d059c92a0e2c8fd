# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess settings list|set KEY VALUE`: the agency's rule settings (re-application interval, visit,
recording and report options). Yes/no values are given as yes/no (or true/false, 1/0)."""

from __future__ import annotations

import argparse
import datetime

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.agency_settings import SETTINGS, change_setting, read_settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("settings", help="agency rule settings")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="current values as JSON")
    add_records_options(listing)
    listing.set_defaults(run=run_list)
    change = actions.add_parser("set", help="change one setting (signed in as an administrator)")
    add_records_options(change)
    add_expert_options(change)
    change.add_argument("key", choices=sorted(SETTINGS))
    change.add_argument("value")
    change.set_defaults(run=run_set)


def run_list(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records:
        values = read_settings(records)
    write_line(canonical_json_bytes({key: SETTINGS[key].describe(value, language) for key, value in values.items()}))
    return EXIT_OK


def run_set(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        value = change_setting(records, args.key, args.value, actor=actor,
                               now=datetime.datetime.now(datetime.timezone.utc))
    write_line(canonical_json_bytes({args.key: value}))
    return EXIT_OK
