"""`ltc-assess experts list|add`: the accounts on this workstation; a signed-in administrator adds
a local assessor (administrators and reviewers come only from the agency's package)."""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.experts import add_expert, list_experts
from assessment_app.storage.models import EXPERT_ROLES


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


def run_list(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records:
        experts = list_experts(records, args.role)
    write_line(canonical_json_bytes([asdict(expert) for expert in experts]))
    return EXIT_OK


def run_add(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        expert_id = add_expert(records, name=args.name, expert_number=args.number, role=args.role,
                               qualification=args.qualification,
                               now=datetime.datetime.now(datetime.timezone.utc), actor=actor)
    write_line(canonical_json_bytes({"expert_id": expert_id}))
    return EXIT_OK
