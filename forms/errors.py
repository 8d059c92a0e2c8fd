# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors raised while finding and loading instruments."""

from __future__ import annotations

from pathlib import Path


class FormError(Exception):
    """A form file that cannot be used: names the file, the place inside it and the problem."""

    def __init__(self, file: Path | str, path: str, problem: str, line: int | None = None):
        self.file = str(file)
        self.path = path or "(document)"
        self.problem = problem
        self.line = line
        location = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{location}: {self.path}: {problem}")


class UnknownFormError(LookupError):
    """No instrument with this id (and version, when one is asked for) is installed."""

    def __init__(self, form_id: object, available: tuple[str, ...] = (), version: str | None = None):
        self.form_id = form_id
        self.version = version
        self.available = available
        wanted = f"{form_id!r}" + (f" version {version!r}" if version else "")
        super().__init__(f"unknown form {wanted}; installed: {', '.join(available) or 'none'}")
