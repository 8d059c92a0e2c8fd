# SPDX-License-Identifier: GPL-3.0-or-later
"""The review's typed error, apart from the use cases so that the queue and the decision can both
raise it without importing each other."""

from __future__ import annotations

from assessment_app.errors import AppError


class ReviewError(AppError):
    """A decision that cannot be taken or a decision file that cannot be applied; `.reason` is a code."""

    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return self.reason if self.detail is None else f"{self.reason}: {self.detail}"
