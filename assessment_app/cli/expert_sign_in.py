# SPDX-License-Identifier: GPL-3.0-or-later
"""How a CLI command says who acts: it signs in as an expert, like a person at the screen.

The data key (the administrator passphrase of the database) only opens the records; it is no
role. Every command that reads personal data or changes anything signs in with `--expert NUMBER`
and the expert's personal passphrase: from `--expert-passphrase-file F` (first line), else the
LTC_ASSESS_EXPERT_PASSPHRASE variable, else a hidden prompt when a terminal is attached. The
sign-in goes through accounts.login (lockout, audit), and the services check the role.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import getpass
import os
import sys
from collections.abc import Iterator

from assessment_app.cli.output import read_input_text
from assessment_app.errors import AppError
from assessment_app.services.accounts import SessionInfo, login, logout
from assessment_app.services.case_records import CaseRecords

EXPERT_PASSPHRASE_VARIABLE = "LTC_ASSESS_EXPERT_PASSPHRASE"


class ExpertSignInMissing(AppError):
    """reason: expert_required (no --expert) or expert_passphrase_missing (no file, no variable,
    no terminal to ask)."""

    variable = EXPERT_PASSPHRASE_VARIABLE  # named in the message

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def add_expert_options(parser: argparse.ArgumentParser, *aliases: str) -> None:
    """`--expert NUMBER` and `--expert-passphrase-file F`; `aliases` are older names of --expert
    (e.g. --reviewer) that keep working."""
    parser.add_argument("--expert", *aliases, dest="expert", metavar="NUMBER",
                        help="评估人员编号 of who acts (signs in with their personal passphrase)")
    parser.add_argument("--expert-passphrase-file", *(f"{alias}-passphrase-file" for alias in aliases),
                        dest="expert_passphrase_file", metavar="FILE",
                        help=f"file holding that expert's personal passphrase (first line); else "
                             f"{EXPERT_PASSPHRASE_VARIABLE} or a hidden prompt")


def expert_passphrase(args: argparse.Namespace, language: str, number: str | None = None) -> str:
    if getattr(args, "expert_passphrase_file", None):
        text = read_input_text(args.expert_passphrase_file)
        return text.splitlines()[0] if text else ""
    if os.environ.get(EXPERT_PASSPHRASE_VARIABLE):
        return os.environ[EXPERT_PASSPHRASE_VARIABLE]
    if sys.stdin is not None and sys.stdin.isatty():
        who = number or args.expert
        return getpass.getpass(f"{who} 的个人口令: " if language != "en" else f"Personal passphrase of {who}: ")
    raise ExpertSignInMissing("expert_passphrase_missing")


def sign_in(records: CaseRecords, args: argparse.Namespace, language: str) -> SessionInfo:
    """The session of `--expert` (ExpertSignInMissing, or the account errors of accounts.login)."""
    if not getattr(args, "expert", None):
        raise ExpertSignInMissing("expert_required")
    return login(records, args.expert, expert_passphrase(args, language), _now())


@contextlib.contextmanager
def signed_in(records: CaseRecords, args: argparse.Namespace, language: str) -> Iterator[SessionInfo]:
    """The session of `--expert` for the command's use cases, signed out when the command ends."""
    session = sign_in(records, args, language)
    try:
        yield session
    finally:
        logout(records, session, _now())


def sign_in_number(records: CaseRecords, number: str, passphrase: str) -> SessionInfo:
    """A second (or first) expert named by the command itself, e.g. the visit's experts at export."""
    return login(records, number, passphrase, _now())


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)
