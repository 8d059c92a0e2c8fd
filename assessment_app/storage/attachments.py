# SPDX-License-Identifier: GPL-3.0-or-later
"""Encrypted attachment files (scans, photos, signature images): AES-256-GCM, never plaintext on disk.

File: a 12-byte header, then a chunked AES-GCM stream (chunked_aead.py) whose context is the
header plus the attachment id, so a file copied under another attachment's record does not
decrypt. Stored as `attachments/<first 2 hex>/<sha256 of the file>.bin`: the name is the hash of
the ciphertext, so a backup or a support check can verify a file's integrity without the key.
Spec: docs/formats/attachment.md.

Write order for callers: put() the file first, then commit the Attachment row. A crash in between
leaves an unreferenced encrypted file (harmless), never a row pointing at nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from assessment_app.durable_files import fsync_directory
from assessment_app.storage.chunked_aead import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    ChunkedEncryptor,
    ChunkStreamError,
    decrypt_chunks,
)
from assessment_app.storage.errors import StorageError, translated_storage_errors

MAGIC = b"LTCATT\x00\x01"  # format name, NUL, format version 1
HEADER_BYTES = len(MAGIC) + 4
_STORED_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.bin$")
_READ_SIZE = 1024 * 1024


class AttachmentCorrupt(StorageError):
    """The file does not authenticate. `damage`: "truncated", "tampered", "bad_header", "hash_mismatch"."""

    reason = "attachment_corrupt"

    def __init__(self, detail: str, damage: str):
        super().__init__(detail)
        self.damage = damage


class AttachmentMissing(StorageError):
    reason = "attachment_missing"


@dataclass(frozen=True)
class StoredAttachment:
    """What the Attachment row needs: id, stored_name, size and plaintext_sha256."""

    attachment_id: str
    stored_name: str
    size: int
    plaintext_sha256: str
    ciphertext_sha256: str


def _canonical_id(attachment_id: str) -> str:
    return str(uuid.UUID(attachment_id))


def _header(chunk_size: int) -> bytes:
    return MAGIC + chunk_size.to_bytes(4, "big")


class _HashingWriter:
    def __init__(self, sink: BinaryIO):
        self.sink = sink
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self.sink.write(data)


def _plaintext_pieces(source: bytes | os.PathLike[str]) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source)
        for start in range(0, len(view), _READ_SIZE):
            yield bytes(view[start:start + _READ_SIZE])
        return
    with open(source, "rb") as stream:
        while piece := stream.read(_READ_SIZE):
            yield piece


class AttachmentStore:
    def __init__(self, directory: Path, key: bytes, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 random_bytes: Callable[[int], bytes] = os.urandom):
        if len(key) != 32:
            raise ValueError("the attachment key must be 32 bytes")
        self.directory = Path(directory)
        self._key = key
        self._chunk_size = chunk_size
        self._random_bytes = random_bytes

    def put(self, source: bytes | os.PathLike[str], attachment_id: str | None = None) -> StoredAttachment:
        """Encrypt `source` (bytes, or a file read in chunks) into the store; durable on return.

        A full disk raises StorageFull and leaves nothing behind.
        """
        with translated_storage_errors():
            return self._put(source, _canonical_id(attachment_id) if attachment_id else str(uuid.uuid4()))

    def _put(self, source: bytes | os.PathLike[str], attachment_id: str) -> StoredAttachment:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f".incoming-{secrets.token_hex(8)}.tmp"
        plaintext_sha256 = hashlib.sha256()
        try:
            with open(temporary, "xb") as raw:
                sink = _HashingWriter(raw)
                header = _header(self._chunk_size)
                sink.write(header)
                encryptor = ChunkedEncryptor(sink, self._key, header + attachment_id.encode("ascii"),
                                             self._chunk_size, self._random_bytes)
                for piece in _plaintext_pieces(source):
                    plaintext_sha256.update(piece)
                    encryptor.write(piece)
                encryptor.close()
                raw.flush()
                os.fsync(raw.fileno())
            ciphertext_sha256 = sink.sha256.hexdigest()
            stored_name = f"{ciphertext_sha256[:2]}/{ciphertext_sha256}.bin"
            target = self.directory / stored_name
            new_shard = not target.parent.exists()
            target.parent.mkdir(exist_ok=True)
            os.replace(temporary, target)
            fsync_directory(target.parent)
            if new_shard:
                fsync_directory(self.directory)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        return StoredAttachment(attachment_id, stored_name, encryptor.plaintext_length,
                                plaintext_sha256.hexdigest(), ciphertext_sha256)

    def get(self, stored_name: str, attachment_id: str, *, expected_sha256: str | None = None) -> bytes:
        """The whole plaintext, returned only once every chunk (and the hash, if given) checks out."""
        data = b"".join(self.iter_chunks(stored_name, attachment_id))
        if expected_sha256 is not None and hashlib.sha256(data).hexdigest() != expected_sha256:
            raise AttachmentCorrupt(f"{stored_name}: plaintext hash differs from the record", "hash_mismatch")
        return data

    def verify(self, stored_name: str, attachment_id: str, *, expected_sha256: str | None = None) -> str:
        """Decrypt and authenticate without keeping the plaintext; returns its SHA-256."""
        digest = hashlib.sha256()
        for chunk in self.iter_chunks(stored_name, attachment_id):
            digest.update(chunk)
        if expected_sha256 is not None and digest.hexdigest() != expected_sha256:
            raise AttachmentCorrupt(f"{stored_name}: plaintext hash differs from the record", "hash_mismatch")
        return digest.hexdigest()

    def iter_chunks(self, stored_name: str, attachment_id: str) -> Iterator[bytes]:
        """Authenticated plaintext chunks for large files. Completeness is proven only at the end:
        a consumer must discard what it got if AttachmentCorrupt is raised part-way."""
        path = self.path_of(stored_name)
        try:
            stream = open(path, "rb")
        except FileNotFoundError:
            raise AttachmentMissing(stored_name) from None
        with stream:
            header = stream.read(HEADER_BYTES)
            if len(header) != HEADER_BYTES or header[:len(MAGIC)] != MAGIC:
                raise AttachmentCorrupt(f"{stored_name}: not an attachment file", "bad_header")
            chunk_size = int.from_bytes(header[len(MAGIC):], "big")
            if not 0 < chunk_size <= MAX_CHUNK_SIZE:
                raise AttachmentCorrupt(f"{stored_name}: chunk size {chunk_size} out of range", "bad_header")
            context = header + _canonical_id(attachment_id).encode("ascii")
            try:
                yield from decrypt_chunks(stream, self._key, context, chunk_size)
            except ChunkStreamError as error:
                raise AttachmentCorrupt(f"{stored_name}: {error.detail}", error.reason) from None

    def path_of(self, stored_name: str) -> Path:
        # Stored names come from the database, but a path outside the store must be impossible.
        if not _STORED_NAME.match(stored_name):
            raise ValueError(f"not a stored attachment name: {stored_name!r}")
        return self.directory / stored_name
