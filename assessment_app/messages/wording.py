# SPDX-License-Identifier: GPL-3.0-or-later
"""The building blocks of the message catalogues: a zh_CN/en pair, picking a language, and the
`Wording` by which a catalogue registers the error classes it words.

A catalogue names the classes it words by their dotted path (`module.QualName`), not by importing
them: the messages layer sits below services, recording and reports and must not import them, and
an error is usually described when a heavy module has long been loaded anyway. The dispatch
(messages/dispatch.py) walks an error's MRO and takes the nearest registered class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Pair = tuple[str, str]  # (zh_CN, en)
# A describer: (error, language, *, form=None) -> the message; `form` matters to scoring errors only.
Describer = Callable[..., str]


@dataclass(frozen=True)
class Wording:
    """`error_class`: the dotted path of the class it words (subclasses follow unless they have
    their own); `describe`: the function that words it; `reasons`: the table keyed by reason code
    whose entries it uses, so the coverage test can tell which codes have text."""

    error_class: str
    describe: Describer
    reasons: Mapping[str, Pair] | None = None


def pick(pair: Pair, language: str) -> str:
    """The pair's text in `language`: English when asked for, else Chinese (the product's first language)."""
    return pair[1] if language == "en" else pair[0]


def missing_reason(table_name: str, reason: str) -> None:
    """Called when a describer meets a reason code its table lacks, before it falls back to a
    generic sentence. The coverage test replaces it with one that raises, so a code raised
    somewhere in the code base but missing from its catalogue fails there, not in front of a user."""


def reason_text(table: Mapping[str, Pair], reason: str, language: str, fallback: Pair, *,
                table_name: str = "") -> str:
    """The table's text for `reason`, or `fallback` (which may use {reason}) when it has none."""
    pair = table.get(reason)
    if pair is None:
        missing_reason(table_name, reason)
        return pick(fallback, language).replace("{reason}", reason)
    return pick(pair, language)


def class_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
