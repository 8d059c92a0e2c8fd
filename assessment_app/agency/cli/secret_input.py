# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets and input files for `ltc-agency`: a secret comes from a file named by an option (its
first line) or a hidden prompt, never from the command line itself (visible in `ps` and the
shell history). Kept apart from the workstation CLI's helpers so that importing them does not
load every workstation command."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from assessment_app.agency.errors import AgencyError


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise AgencyError("input_missing", path) from None
    except OSError as error:
        raise AgencyError("input_unreadable", f"{path}: {error.strerror or error}") from None


def read_secret(path: str | None, option: str, prompt: str, *, confirm_prompt: str | None = None) -> str:
    if path:
        try:
            text = read_file(path).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AgencyError("input_unreadable", f"{path}: not UTF-8") from None
        return text.splitlines()[0] if text else ""
    if sys.stdin is None or not sys.stdin.isatty():
        raise AgencyError("secret_missing", option)
    secret = getpass.getpass(prompt)
    if confirm_prompt is not None and getpass.getpass(confirm_prompt) != secret:
        raise AgencyError("secret_mismatch")
    return secret
