# SPDX-License-Identifier: GPL-3.0-or-later
"""The one root of the errors a user can act on.

Every typed error of the application derives from `AppError`: a stable `reason` code and the
facts a message needs. The edges (CLI, dialogs, the GUI's exception hook) catch `AppError` only
and turn it into a sentence in the user's language (assessment_app/messages/); anything else is
a bug, reported as such and logged, never dressed up as a user error.

The errors of `forms/` and `scoring/` cannot derive from it (those packages import nothing of
the application); services that call them translate them at the boundary.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from types import MappingProxyType


class AppError(Exception):
    """`reason`: a stable code (snake_case) the message catalogues know; `details`: named facts
    for the message and the log. Subclasses keep the attributes their messages use (`detail`,
    `field`, `path` …)."""

    reason: str = "app_error"
    details: Mapping[str, object] = MappingProxyType({})


class ReasonAndDetail:
    """The constructor of the many AppErrors made of a reason code and an optional detail:
    `str(error)` is "reason (detail)". A mixin, listed before AppError (`class X(ReasonAndDetail,
    AppError)`), so that each such error keeps its own place and wording in the catalogues."""

    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason if detail is None else f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


class FileOperationFailed(AppError):
    """A file or device operation the user asked for failed in the operating system (a full or
    read-only disk, a vanished USB stick). reason: file_write_failed or file_read_failed; `path`
    the file (or None), `detail` what the system said."""

    def __init__(self, reason: str, path: object = None, detail: str = ""):
        super().__init__(f"{reason}: {path}" + (f" ({detail})" if detail else ""))
        self.reason = reason
        self.path = path
        self.detail = detail

    @classmethod
    def from_os_error(cls, reason: str, error: OSError, path: object = None) -> FileOperationFailed:
        """The failure of `error`, naming its file unless `path` is given; chain it with `from error`."""
        return cls(reason, path if path is not None else error.filename, error.strerror or str(error))


@contextlib.contextmanager
def os_errors_as(reason: str, path: object = None) -> Iterator[None]:
    """Inside, an OSError becomes FileOperationFailed(`reason`): for the file or device operation a
    user asked for (save here, read that backup), whose failure is theirs to act on, not a bug."""
    try:
        yield
    except OSError as error:
        raise FileOperationFailed.from_os_error(reason, error, path) from error
