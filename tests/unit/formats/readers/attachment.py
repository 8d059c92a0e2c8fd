# SPDX-License-Identifier: GPL-3.0-or-later
"""An attachment file, from docs/formats/attachment.md."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.unit.formats.readers.chunked import Damaged, decrypt_chunks

MAGIC = bytes.fromhex("4C 54 43 41 54 54 00 01")  # as the spec writes it
MAX_CHUNK = 16 * 1024 * 1024


def attachment_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ltc-assess/v1/attachments").derive(data_key)


def stored_name(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}.bin"


def read_attachment(data: bytes, key: bytes, attachment_id: str) -> tuple[bytes, int]:
    """(plaintext, chunk count), or Damaged("bad_header" | "truncated" | "tampered")."""
    if len(data) < 12 or data[:8] != MAGIC:
        raise Damaged("bad_header")
    chunk_size = int.from_bytes(data[8:12], "big")
    if not 0 < chunk_size <= MAX_CHUNK:
        raise Damaged("bad_header")
    return decrypt_chunks(data[12:], key, data[:12] + attachment_id.lower().encode("ascii"), chunk_size)
