"""Canonical JSON: the one byte encoding used wherever a hash or a byte-stable output matters.

Sorted keys, no insignificant whitespace, UTF-8 without escaping, integers only. Floats are
refused because their text form is not stable across languages and versions, and nothing in an
instrument or a result needs a fraction.
"""

from __future__ import annotations

import hashlib
import json
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


def canonical_json_bytes(value: Any) -> bytes:
    _check(value, "$")
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def canonical_sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json_bytes(value)).hexdigest()


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
