# SPDX-License-Identifier: GPL-3.0-or-later
"""One message per error, chosen by the error's type.

Each area's catalogue (messages/*_text.py) lists the `Wording`s of the classes it words. The first
`describe_error` loads every catalogue (plain data and small functions, a few milliseconds) and
then takes, for an error, the wording of the nearest class in its MRO: a subclass with a wording
of its own gets that one, any other gets its base's. Which message a user sees depends on the
error's type only, never on the order in which areas are tried.
"""

from __future__ import annotations

import importlib
import threading

from assessment_app.messages.wording import Wording, class_path

# The catalogues, each a module of this package with a WORDINGS tuple.
CATALOGUES = (
    "agency_text", "app_text", "audit_text", "bundle_text", "cli_text", "field_text", "recording_text",
    "records_text", "report_text", "review_text", "roles_text", "scoring_text", "security_text", "upload_text", "visit_text",
)

_lock = threading.Lock()
_registry: dict[str, Wording] | None = None


class NoMessage(TypeError):
    """No catalogue words this error's type or any of its bases: a bug, not a user error."""


def registry() -> dict[str, Wording]:
    """Dotted class path -> its wording, every catalogue loaded (once, on first use)."""
    global _registry
    with _lock:
        if _registry is None:
            found: dict[str, Wording] = {}
            for name in CATALOGUES:
                for wording in importlib.import_module(f"assessment_app.messages.{name}").WORDINGS:
                    if wording.error_class in found:
                        raise RuntimeError(f"{wording.error_class} is worded twice ({name})")
                    found[wording.error_class] = wording
            _registry = found
        return _registry


def wording_for(error_type: type) -> Wording | None:
    """The wording of the nearest class in `error_type`'s MRO that a catalogue registered."""
    known = registry()
    for cls in error_type.__mro__:
        wording = known.get(class_path(cls))
        if wording is not None:
            return wording
    return None


def has_message(error: BaseException) -> bool:
    """Whether a catalogue words `error` (every AppError, and the forms/scoring errors)."""
    return wording_for(type(error)) is not None


def describe_error(error: BaseException, language: str, form: object = None) -> str:
    """The message for `error` in `language` (zh_CN or en); `form` (the instrument) lets answer
    problems name items by their official names. NoMessage for a type no catalogue words."""
    wording = wording_for(type(error))
    if wording is None:
        raise NoMessage(f"no user message for {type(error).__name__}: {error}")
    return wording.describe(error, language, form=form)
