# SPDX-License-Identifier: GPL-3.0-or-later
"""Chunked AES-256-GCM streams: the encrypted payload of attachment files and backups.

A stream is a sequence of chunks, each `nonce (12 random bytes) || ciphertext || tag (16)`.
Every chunk but the last holds exactly `chunk_size` plaintext bytes; the last holds 0..chunk_size
(an empty stream is one empty final chunk). Chunk i is authenticated with the associated data

    context || uint64_be(i) || uint8(1 if final else 0)

so reordering, dropping, duplicating or appending chunks, cutting the stream at a chunk boundary,
or moving a chunk into another stream (different context) all fail authentication. Chunking keeps
memory flat for large files; random nonces are safe here because one key encrypts far fewer than
2^32 chunks (NIST SP 800-38D, section 8.3). Spec: docs/formats/attachment.md.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assessment_app.errors import AppError

NONCE_BYTES = 12
TAG_BYTES = 16
CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES
DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024  # a reader refuses bigger: a tampered header must not make us allocate gigabytes


class ChunkStreamError(AppError):
    """reason "truncated" (the stream provably ends early) or "tampered" (a chunk fails authentication)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _chunk_associated_data(context: bytes, index: int, final: bool) -> bytes:
    return context + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def ciphertext_length(plaintext_length: int, chunk_size: int) -> int:
    chunks = max(1, -(-plaintext_length // chunk_size))
    return plaintext_length + chunks * CHUNK_OVERHEAD


class ChunkedEncryptor:
    """A write-only file object: plaintext in, chunked ciphertext out to `sink`. close() seals it."""

    def __init__(self, sink: BinaryIO, key: bytes, context: bytes, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 random_bytes: Callable[[int], bytes] = os.urandom):
        if not 0 < chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk size out of range")
        self._sink = sink
        self._cipher = AESGCM(key)
        self._context = context
        self._chunk_size = chunk_size
        self._random_bytes = random_bytes
        self._pending = bytearray()
        self._index = 0
        self._closed = False
        self.plaintext_length = 0

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a sealed stream")
        view = memoryview(data).cast("B")
        total = len(view)
        self.plaintext_length += total
        # Keep at least one byte back: only close() knows which chunk is the final one. Whole
        # chunks are sealed straight from the caller's buffer: no copies, no front deletions.
        if self._pending:
            room = self._chunk_size - len(self._pending)
            self._pending += view[:room]
            view = view[room:]
            if not view:
                return total
            self._emit(self._pending, final=False)
            self._pending = bytearray()
        while len(view) > self._chunk_size:
            self._emit(view[:self._chunk_size], final=False)
            view = view[self._chunk_size:]
        self._pending += view
        return total

    def close(self) -> None:
        if not self._closed:
            self._emit(self._pending, final=True)
            self._pending = bytearray()
            self._closed = True

    def _emit(self, plaintext, final: bool) -> None:
        nonce = self._random_bytes(NONCE_BYTES)
        associated = _chunk_associated_data(self._context, self._index, final)
        self._sink.write(nonce + self._cipher.encrypt(nonce, plaintext, associated))
        self._index += 1


def _read_up_to(source: BinaryIO, size: int) -> bytes:
    parts, remaining = [], size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def decrypt_chunks(source: BinaryIO, key: bytes, context: bytes,
                   chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[bytes]:
    """Yield authenticated plaintext chunks; raise ChunkStreamError at the first bad one.

    Each yielded chunk is authentic, but only a generator run to its end proves the stream is
    complete: consumers that must not act on partial data collect everything first.
    """
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ChunkStreamError("tampered", f"chunk size {chunk_size} out of range")
    cipher = AESGCM(key)
    block_size = chunk_size + CHUNK_OVERHEAD
    current = _read_up_to(source, block_size)
    index = 0
    while True:
        if len(current) < CHUNK_OVERHEAD:
            raise ChunkStreamError("truncated", f"chunk {index} is missing or cut short")
        following = _read_up_to(source, block_size) if len(current) == block_size else b""
        final = not following
        nonce, sealed = current[:NONCE_BYTES], current[NONCE_BYTES:]
        try:
            yield cipher.decrypt(nonce, sealed, _chunk_associated_data(context, index, final))
        except InvalidTag:
            raise _classify_failure(cipher, nonce, sealed, context, index, final) from None
        if final:
            return
        current = following
        index += 1


def _classify_failure(cipher: AESGCM, nonce: bytes, sealed: bytes, context: bytes, index: int,
                      final: bool) -> ChunkStreamError:
    if final:
        try:
            cipher.decrypt(nonce, sealed, _chunk_associated_data(context, index, False))
        except InvalidTag:
            pass
        else:
            return ChunkStreamError("truncated", f"the stream ends after chunk {index}, which is not the last")
    return ChunkStreamError("tampered", f"chunk {index} fails authentication")


class DecryptingReader(io.RawIOBase):
    """File-object view of decrypt_chunks, for readers such as tarfile's stream mode."""

    def __init__(self, chunks: Iterator[bytes]):
        super().__init__()
        self._chunks = chunks
        self._buffer = b""
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while self._position >= len(self._buffer):
            try:
                self._buffer, self._position = next(self._chunks), 0
            except StopIteration:
                return 0
        count = min(len(target), len(self._buffer) - self._position)
        target[:count] = self._buffer[self._position:self._position + count]
        self._position += count
        return count

    def drain(self) -> None:
        """Read to the end, so the final chunk (and thus completeness) is authenticated."""
        for _ in self._chunks:
            pass
        self._buffer, self._position = b"", 0
