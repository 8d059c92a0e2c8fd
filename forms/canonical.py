# SPDX-License-Identifier: GPL-3.0-or-later
"""Canonical JSON: the one byte encoding used wherever a hash or a byte-stable output matters.

Sorted keys, no insignificant whitespace, UTF-8 without escaping, integers only. Floats are
refused because their text form is not stable across languages and versions, and nothing in an
instrument or a result needs a fraction.

The bytes are exactly those of `json.dumps(value, ensure_ascii=False, sort_keys=True,
separators=(",", ":"))` encoded as UTF-8, for every value the rules accept (a property test
compares the two on random values). `CanonicalTemplate` writes the same bytes for documents of
one shape written very often, such as scoring results, without encoding their fixed parts again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


class NotCanonicalError(ValueError):
    """A value that has no canonical encoding (a float, a non-string key, an unknown type)."""


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        raise NotCanonicalError(f"{path}: floating-point number {value!r} is not allowed")
    if isinstance(value, (list, tuple)):
        for index, element in enumerate(value):
            _check(element, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, element in value.items():
            if not isinstance(key, str):
                raise NotCanonicalError(f"{path}: key {key!r} is not a string")
            _check(element, f"{path}.{key}")
        return
    raise NotCanonicalError(f"{path}: value of type {type(value).__name__} is not allowed")


_PLAIN_SCALARS = frozenset({str, int, bool, type(None)})


def _is_plain(value: Any) -> bool:
    """True for a value built only of the exact types dict (str keys), list, tuple, str, int, bool, None.

    The fast yes that almost every value gets: exact type tests and no path strings (building
    "$.trace.items[3]" for every node took more time than the encoding itself). A False is not
    a refusal: `_check` then decides, accepting subclasses and naming the offending path.
    """
    kind = type(value)
    if kind is dict:
        for key in value:
            if type(key) is not str:
                return False
        children = value.values()
    elif kind is list or kind is tuple:
        children = value
    else:
        return kind in _PLAIN_SCALARS
    for child in children:
        kind = type(child)
        if kind is str or kind is int or kind is bool or child is None:
            continue
        if not _is_plain(child):
            return False
    return True


# One encoder for every call: json.dumps with these options builds a new one each time.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def canonical_json_bytes(value: Any) -> bytes:
    if not _is_plain(value):
        _check(value, "$")
    return _ENCODER.encode(value).encode("utf-8")


def canonical_sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json_bytes(value)).hexdigest()


class CanonicalTemplate:
    """The canonical JSON of a document with named holes, filled later with canonical pieces.

    The document is encoded once, holes and all; `fill` then only joins bytes. Filling hole h
    with canonical_json_bytes(v) gives exactly canonical_json_bytes of the document with v in
    place of h, because a value's encoding never depends on where it stands and the keys around
    it (which decide the order) are unchanged. Holes stand for values, never for keys.
    """

    def __init__(self, document: Any, holes: tuple[str, ...]):
        encoded = canonical_json_bytes(document)
        positions = []
        for name in holes:
            marker = canonical_json_bytes(self.hole(name))
            # Exactly once: a hole used twice, used as a key, or text in the document that
            # happens to spell a marker would make the filled bytes wrong.
            if encoded.count(marker) != 1 or encoded.count(marker + b":"):
                raise ValueError(f"hole {name!r} must stand for exactly one value of the document")
            positions.append((encoded.index(marker), len(marker), name))
        positions.sort()
        self._fixed: list[bytes] = []
        self._order: tuple[str, ...] = tuple(name for _, _, name in positions)
        start = 0
        for position, length, _ in positions:
            self._fixed.append(encoded[start:position])
            start = position + length
        self._fixed.append(encoded[start:])

    @staticmethod
    def hole(name: str) -> str:
        """The placeholder to put in the document where hole `name` goes."""
        # NUL is written escaped (\u0000), so no ordinary text of a document spells a marker.
        return f"\x00hole:{name}\x00"

    def fill(self, pieces: Mapping[str, bytes]) -> bytes:
        """The document's bytes, each hole replaced by its piece (canonical JSON of one value)."""
        fixed = self._fixed
        parts = [fixed[0]]
        for index, name in enumerate(self._order, start=1):
            parts.append(pieces[name])
            parts.append(fixed[index])
        return b"".join(parts)


class StrictJsonError(ValueError):
    """JSON that our formats refuse. `reason`: not_json, duplicate_key or not_integer; `detail` says where."""

    def __init__(self, reason: str, detail: str = "", line: int | None = None, column: int | None = None):
        self.reason = reason
        self.detail = detail
        self.line = line
        self.column = column
        super().__init__(f"{reason}: {detail}" if detail else reason)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A duplicate key would let the text a person reads differ from what a program uses.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise StrictJsonError("duplicate_key", key)
        result[key] = value
    return result


def _refuse_non_integer(text: str) -> Any:
    raise StrictJsonError("not_integer", text)


def loads_strict(text: str) -> Any:
    """Parse JSON the way every format of this project is read: no duplicate keys, integers only."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_float=_refuse_non_integer,
                          parse_constant=_refuse_non_integer)
    except json.JSONDecodeError as exc:
        raise StrictJsonError("not_json", exc.msg, exc.lineno, exc.colno) from None
