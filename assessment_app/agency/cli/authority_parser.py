# SPDX-License-Identifier: GPL-3.0-or-later
"""The command-line shape of the authority's commands beyond phase 1: `experts add | enrolment-code |
disable | list`, `revoke expert`, `provision build`, and the recipient options of `init`. argparse
only: the handlers (expert_commands.py, provision_commands.py) are imported when they run."""

from __future__ import annotations

import argparse

EXPERTS = "assessment_app.agency.cli.expert_commands"
PROVISION = "assessment_app.agency.cli.provision_commands"
# RFC 5280 §5.3.1, as security/revocation_lists.REASONS spells them (not imported: start-up stays light).
CRL_REASONS = ("unspecified", "key_compromise", "ca_compromise", "affiliation_changed", "superseded",
               "cessation_of_operation", "certificate_hold", "privilege_withdrawn", "aa_compromise")


def _command(commands, name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text)
    parser.set_defaults(handler=handler)
    return parser


def _passphrase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar="FILE", help="the CA passphrase (first line)")


def add_recipient_options(init: argparse.ArgumentParser) -> None:
    agency = init.add_mutually_exclusive_group()
    agency.add_argument("--agency-identity-out", metavar="FILE",
                        help="make the agency's age key and write its identity here, once (the workers' `identity`)")
    agency.add_argument("--agency-identity", metavar="FILE", help="use this existing age identity file as the agency key")
    recovery = init.add_mutually_exclusive_group()
    recovery.add_argument("--recovery-recipient", metavar="AGE1…",
                          help="the recovery key's recipient (made offline with age-keygen; recommended)")
    recovery.add_argument("--recovery-identity-out", metavar="FILE",
                          help="make the recovery key here and write its identity once (move it offline at once)")


def add_crl_reason_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crl-reason", choices=CRL_REASONS, default="unspecified",
                        help="the reason code in the revocation list (RFC 5280)")


def add_expert_commands(commands, revoke_what) -> None:
    experts = commands.add_parser("experts", help="the agency's experts: certificates and enrolment codes")
    actions = experts.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = _command(actions, "add", f"{EXPERTS}:run_expert_add",
                   "add an expert: certificate under the agency CA, one-time enrolment code (printed once)")
    add.add_argument("--name", required=True)
    add.add_argument("--number", required=True, help="评估人员编号")
    add.add_argument("--qualification", required=True, help="e.g. 评估师（二级）")
    add.add_argument("--role", required=True, choices=("assessor", "reviewer", "administrator"))
    key = add.add_mutually_exclusive_group()
    key.add_argument("--csr", metavar="FILE", help="the expert's certificate signing request (their key stays theirs)")
    key.add_argument("--certificate", metavar="FILE", help="take over this certificate (from a CA the agency trusts)")
    add.add_argument("--out", metavar="DIR", help="where NUMBER.p12 (key made here) or NUMBER.pem goes")
    add.add_argument("--p12-password-file", metavar="FILE",
                     help="password of NUMBER.p12 (first line), for the expert; else asked twice")
    add.add_argument("--code-days", type=int, default=30, help="days the enrolment code works (default 30)")
    _passphrase(add)
    code = _command(actions, "enrolment-code", f"{EXPERTS}:run_expert_code",
                    "a new one-time enrolment code for an expert (printed once)")
    code.add_argument("number")
    code.add_argument("--code-days", type=int, default=30)
    disable = _command(actions, "disable", f"{EXPERTS}:run_expert_disable",
                       "leave an expert out of every later package (signatures made stand)")
    disable.add_argument("number")
    disable.add_argument("--reason", required=True)
    _command(actions, "list", f"{EXPERTS}:run_expert_list", "list the experts and their certificates")

    revoke = _command(revoke_what, "expert", f"{EXPERTS}:run_revoke_expert",
                      "revoke an expert's certificates (revocation list) and disable them")
    revoke.add_argument("number")
    revoke.add_argument("--reason", required=True)
    add_crl_reason_option(revoke)

    provision = commands.add_parser("provision", help="provisioning packages for workstations")
    provision_actions = provision.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = _command(provision_actions, "build", f"{PROVISION}:run_provision_build",
                     "a signed package for one workstation, with the next sequence number")
    build.add_argument("--workstation", required=True, metavar="ID", help="the workstation's id (workstations list)")
    build.add_argument("--out", required=True, metavar="FILE", help="e.g. 评估笔记本-07.ltc-provisioning.json")
    build.add_argument("--server-url", metavar="URL", help="https://… the laptops upload to (default: [server] public_url)")
    _passphrase(build)
