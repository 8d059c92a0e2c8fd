# SPDX-License-Identifier: GPL-3.0-or-later
"""Input for the identity commands: binary files (packages, PKCS#12) and secrets from a file or a prompt.

Secrets never come from the command line itself (visible in `ps` and the shell history): a file
named by an option, whose first line is the secret, or a hidden prompt when a terminal is attached.
"""

from __future__ import annotations

import getpass
import sys

from assessment_app.cli.output import read_input_text
from assessment_app.errors import AppError


class SecretInputError(AppError):
    """reason: secret_missing (no file named, no terminal to ask) or secret_mismatch (the two
    entries of a new secret differ); `.option` names the option that gives it from a file."""

    def __init__(self, option: str, reason: str):
        super().__init__(f"{option}: {reason}")
        self.option = option
        self.reason = reason


def read_secret(path: str | None, option: str, prompt: str, *, confirm_prompt: str | None = None) -> str:
    """The first line of `path` (may be empty: a PKCS#12 file can have an empty password), or a
    prompt; with `confirm_prompt` a new secret is asked twice, so a typo cannot lock anyone out."""
    if path:
        text = read_input_text(path)
        return text.splitlines()[0] if text else ""
    if sys.stdin is None or not sys.stdin.isatty():
        raise SecretInputError(option, "secret_missing")
    secret = getpass.getpass(prompt)
    if confirm_prompt is not None and getpass.getpass(confirm_prompt) != secret:
        raise SecretInputError(option, "secret_mismatch")
    return secret
