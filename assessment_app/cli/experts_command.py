# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess experts list|add|enrolment-code`: the accounts on this workstation.

A signed-in administrator adds a local assessor (administrators and reviewers come only from the
agency's package); the new assessor gets a one-time enrolment code, printed once (only its hash
is kept), to type with their first passphrase. `enrolment-code` issues a new one for an expert
added here who has not enrolled yet; the agency's experts get theirs in the provisioning package.
"""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.accounts import find_expert_id
from assessment_app.services.enrolment import issue_enrolment_code
from assessment_app.services.experts import add_expert, list_experts
from assessment_app.domain.roles import EXPERT_ROLES
from assessment_app.storage.models import utc_timestamp


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("experts", help="experts on this workstation")
    actions = parser.add_subparsers(dest="experts_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list active experts as JSON")
    add_records_options(listing)
    listing.add_argument("--role", choices=EXPERT_ROLES)
    listing.set_defaults(run=run_list)
    add = actions.add_parser("add", help="add a local assessor (signed in as an administrator)")
    add_records_options(add)
    add_expert_options(add)
    add.add_argument("--name", required=True)
    add.add_argument("--number", required=True, help="评估人员编号 of the new assessor")
    add.add_argument("--role", choices=EXPERT_ROLES, default="assessor",
                     help="assessor; the others come only from the agency's provisioning package")
    add.add_argument("--qualification")
    add.set_defaults(run=run_add)
    code = actions.add_parser("enrolment-code", help="a new one-time enrolment code for an expert added here "
                                                     "(signed in as an administrator)")
    add_records_options(code)
    add_expert_options(code)
    code.add_argument("--number", required=True, help="评估人员编号 of the expert added here")
    code.set_defaults(run=run_enrolment_code)


def run_list(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records:
        experts = list_experts(records, args.role)
    write_line(canonical_json_bytes([asdict(expert) for expert in experts]))
    return EXIT_OK


def run_add(args: argparse.Namespace, language: str) -> int:
    now = datetime.datetime.now(datetime.timezone.utc)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        expert_id = add_expert(records, name=args.name, expert_number=args.number, role=args.role,
                               qualification=args.qualification, now=now, actor=actor)
        issued = issue_enrolment_code(records, expert_id, now, actor=actor)
    write_line(canonical_json_bytes({"expert_id": expert_id, **_code_document(issued)}))
    return EXIT_OK


def run_enrolment_code(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        issued = issue_enrolment_code(records, find_expert_id(records, args.number),
                                      datetime.datetime.now(datetime.timezone.utc), actor=actor)
    write_line(canonical_json_bytes({"expert_number": issued.expert_number, **_code_document(issued)}))
    return EXIT_OK


def _code_document(issued) -> dict:
    # Shown once: the expert types it with their first passphrase; it is not stored anywhere.
    return {"enrolment_code": issued.code, "enrolment_code_expires_at": utc_timestamp(issued.expires_at)}
