# SPDX-License-Identifier: GPL-3.0-or-later
"""What every vector generator shares: fixed randomness, stable JSON, the vectors' home."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


class FixedRandom:
    """A `random_bytes=` callable for vectors: `prefix` (a key the vector fixes), then successive
    bytes of SHAKE-256(label), so the bytes are reproducible anywhere; `drawn` is everything
    handed out, in order."""

    def __init__(self, label: str, *, prefix: bytes = b"", limit: int = 1 << 16):
        self._stream = prefix + hashlib.shake_256(label.encode("utf-8")).digest(limit)
        self._used = 0

    def __call__(self, size: int) -> bytes:
        if self._used + size > len(self._stream):
            raise RuntimeError("FixedRandom exhausted: raise its limit")
        piece = self._stream[self._used:self._used + size]
        self._used += size
        return piece

    @property
    def drawn(self) -> bytes:
        return self._stream[:self._used]


def constant_random(byte: int):
    """`random_bytes=` giving `byte` repeated: simplest to read, for vectors only (real files
    never reuse a nonce)."""
    return lambda size: bytes([byte]) * size


def json_file(value: Any) -> bytes:
    """Readable, stable JSON for the vectors' own files (inputs.json, expected.json)."""
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
