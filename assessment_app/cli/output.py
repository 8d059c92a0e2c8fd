# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared plumbing of the CLI commands: exit codes, stdout bytes, stderr messages, input files."""

from __future__ import annotations

import sys
from pathlib import Path

from assessment_app.errors import AppError

EXIT_OK = 0
EXIT_VERIFICATION_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class InputFileError(AppError):
    """An input file that cannot be read; `reason` and `details` feed its message (messages/cli_text.py)."""

    def __init__(self, path: str, reason: str, **details: object):
        self.path = path
        self.reason = reason
        self.details = details
        super().__init__(f"{path}: {reason} {details or ''}".rstrip())


def write_line(data: bytes) -> None:
    """Results are bytes (canonical JSON), written as they are whatever the locale."""
    sys.stdout.buffer.write(data + b"\n")
    sys.stdout.buffer.flush()


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(message, file=sys.stderr)
    return code


def read_input_bytes(name: str) -> bytes:
    """The bytes of FILE, or of standard input for '-'."""
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise InputFileError(name, "not_found") from None
    except IsADirectoryError:
        raise InputFileError(name, "is_directory") from None
    except OSError as exc:
        raise InputFileError(name, "os_error", detail=exc.strerror or str(exc)) from None


def read_input_text(name: str) -> str:
    """The text of FILE, or of standard input for '-'; UTF-8 (a BOM is tolerated)."""
    raw = read_input_bytes(name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(name, "not_utf8", offset=exc.start) from None
