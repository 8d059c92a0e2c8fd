# SPDX-License-Identifier: GPL-3.0-or-later
"""How CLI commands reach the encrypted case records: --data-dir, and the passphrase when needed.

The passphrase comes from --passphrase-file, else LTC_ASSESS_PASSPHRASE, else a hidden prompt
when a terminal is attached; it is only needed where the OS credential store cannot help.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from assessment_app.cli.output import read_input_text
from assessment_app.security.data_key import NoKeyringAndNoPassphrase
from assessment_app.services.case_records import (
    CaseRecords,
    DataState,
    data_state,
    initialise_case_records,
    open_case_records,
)

PASSPHRASE_VARIABLE = "LTC_ASSESS_PASSPHRASE"


def add_records_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data directory (default: the platform's user data directory)")
    parser.add_argument("--passphrase-file", help="file holding the administrator passphrase (first line)")


def read_passphrase(args: argparse.Namespace, *, prompt: str) -> str | None:
    if getattr(args, "passphrase_file", None):
        text = read_input_text(args.passphrase_file)
        return text.splitlines()[0] if text.strip() else ""
    if os.environ.get(PASSPHRASE_VARIABLE):
        return os.environ[PASSPHRASE_VARIABLE]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def open_records(args: argparse.Namespace, language: str) -> CaseRecords:
    """Open the data directory, creating it on first use. Raises typed errors for the caller."""
    prompt = "管理员口令: " if language != "en" else "Administrator passphrase: "
    if data_state(args.data_dir) is DataState.NEW:
        return initialise_case_records(args.data_dir, read_passphrase(args, prompt=prompt))
    try:
        return open_case_records(args.data_dir)
    except NoKeyringAndNoPassphrase:
        passphrase = read_passphrase(args, prompt=prompt)
        if passphrase is None:
            raise
        return open_case_records(args.data_dir, passphrase)



