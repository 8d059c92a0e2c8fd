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
