# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's subcommands in `ltc-agency`'s parser (argparse only: `--help` stays instant;
the handlers in desk_commands.py import what they need when they run)."""

from __future__ import annotations


def add_commands(commands, command) -> None:
    """The review desk's commands in `ltc-agency`'s parser (`command` makes one subcommand)."""
    module = "assessment_app.agency.cli.desk_commands"
    records_key = commands.add_parser("records-key", help="the review desk's records key")
    key_actions = records_key.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = command(key_actions, "create", f"{module}:run_records_key_create", "create a new key file (mode 0600)")
    create.add_argument("path", metavar="FILE")

    review = commands.add_parser("review", help="the review desk")
    review_actions = review.add_subparsers(dest="action", metavar="ACTION", required=True)
    trust = command(review_actions, "trust", f"{module}:run_review_trust",
                    "record the agency's newest signed provisioning package (who reviews, what is revoked)")
    trust.add_argument("path", metavar="FILE")
    settings = command(review_actions, "settings", f"{module}:run_review_settings",
                       "list the review desk's settings, or change one")
    settings.add_argument("key", nargs="?")
    settings.add_argument("value", nargs="?")

    demo = command(commands, "demo-data", f"{module}:run_demo_data",
                   "fill the database with a synthetic year of records (demo and screenshots)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--visits", type=int, default=5000)
    demo.add_argument("--assessors", type=int, default=20)
    demo.add_argument("--year", type=int, default=2026)
