# SPDX-License-Identifier: GPL-3.0-or-later
"""The chunked AES-256-GCM stream of docs/formats/attachment.md ("Chunks"), which the backup
payload uses too (docs/formats/backup.md, "Payload")."""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE, TAG = 12, 16


class Damaged(Exception):
    """`reason`: the error the spec names."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _associated(context: bytes, index: int, final: bool) -> bytes:
    return context + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def decrypt_chunks(data: bytes, key: bytes, context: bytes, chunk_size: int) -> tuple[bytes, int]:
    """(plaintext, number of chunks), or Damaged("truncated" | "tampered")."""
    cipher, block = AESGCM(key), chunk_size + NONCE + TAG
    plaintext, index, offset = [], 0, 0
    while True:
        piece = data[offset:offset + block]
        final = offset + len(piece) >= len(data)
        if len(piece) < NONCE + TAG:
            raise Damaged("truncated")
        nonce, sealed = piece[:NONCE], piece[NONCE:]
        try:
            plaintext.append(cipher.decrypt(nonce, sealed, _associated(context, index, final)))
        except InvalidTag:
            # The last block left after a cut at a chunk boundary was sealed as not final.
            if final and _opens(cipher, nonce, sealed, _associated(context, index, False)):
                raise Damaged("truncated") from None
            raise Damaged("tampered") from None
        if final:
            return b"".join(plaintext), index + 1
        offset, index = offset + block, index + 1


def _opens(cipher: AESGCM, nonce: bytes, sealed: bytes, associated: bytes) -> bool:
    try:
        cipher.decrypt(nonce, sealed, associated)
    except InvalidTag:
        return False
    return True
