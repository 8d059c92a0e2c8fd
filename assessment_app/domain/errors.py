# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed input errors: which field is wrong, why, and the one fact a message needs.

The domain raises these; the edge (CLI, dialogs) turns `field` + `reason` + `detail` into a
sentence in the user's language, so no wording lives here.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessment_app.errors import AppError


class FieldError(AppError, ValueError):
    """One field's value is refused. `reason` is a stable code; `detail` is optional context
    (a length, a 1-based position, an expected character ...), never free text."""

    def __init__(self, field: str, reason: str, detail: object = None) -> None:
        super().__init__(field, reason, detail)
        self.field = field
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        suffix = "" if self.detail is None else f" ({self.detail!r})"
        return f"{self.field}: {self.reason}{suffix}"


class FieldErrors(AppError, ValueError):
    """Every refused field of a form at once, in the form's field order, so a screen can mark
    them all instead of making the user fix one, resubmit, and discover the next."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("FieldErrors needs at least one FieldError")
        super().__init__(self.errors)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(error.field for error in self.errors)

    def for_field(self, field: str) -> FieldError | None:
        return next((error for error in self.errors if error.field == field), None)

    def __str__(self) -> str:
        return "; ".join(str(error) for error in self.errors)
