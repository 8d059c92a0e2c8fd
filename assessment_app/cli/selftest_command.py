# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess selftest`: the installation checks itself (see assessment_app/selftest.py)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("selftest", help="check this installation: scoring vectors, database, signed "
                                                  "report, video encoding, Qt (offscreen); exit 0 when all pass")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, language: str) -> int:
    from assessment_app.selftest import run_selftest

    return run_selftest()
