"""The one root of the errors a user can act on.

Every typed error of the application derives from `AppError`: a stable `reason` code and the
facts a message needs. The edges (CLI, dialogs, the GUI's exception hook) catch `AppError` only
and turn it into a sentence in the user's language (assessment_app/messages/); anything else is
a bug, reported as such and logged, never dressed up as a user error.

The errors of `forms/` and `scoring/` cannot derive from it (those packages import nothing of
the application); services that call them translate them at the boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class AppError(Exception):
    """`reason`: a stable code (snake_case) the message catalogues know; `details`: named facts
    for the message and the log. Subclasses keep the attributes their messages use (`detail`,
    `field`, `path` …)."""

    reason: str = "app_error"
    details: Mapping[str, object] = MappingProxyType({})
