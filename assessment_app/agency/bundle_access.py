# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading one member of a stored, verified bundle without decrypting the rest: the bundle stays
in the store exactly as it arrived (age-encrypted to the agency), and what a reviewer opens —
the record, the report, one video segment, a byte range of it — is decrypted in memory from the
64 KiB age chunks that hold it, each chunk authenticated on its own (bundle/age_format.PayloadAccess).

`BundleCiphertext` is the concatenated parts as one seekable file; `AgePlaintext` the decrypted
tar as one seekable file over it (only the chunks read are decrypted; the last one is kept);
tarfile walks its headers by seeking, which is how the worker learns each member's offset.
Nothing is written anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.store import BundleStore
from assessment_app.agency.uploads import bundle_prefix
from assessment_app.bundle.age_format import CHUNK_SIZE, TAG_SIZE, PayloadAccess
from assessment_app.bundle.errors import AgeFormatError
from assessment_app.bundle.parts import PartInfo

SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE


class _SeekableReader(io.RawIOBase):
    """A read-only file of known `size` whose position is `_position`; subclasses read."""

    size = 0
    _position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        self._position = max(0, base + offset)
        return self._position


class BundleCiphertext(_SeekableReader):
    """The parts of a stored bundle, in index order, as one read-only seekable file."""

    def __init__(self, store: BundleStore, bundle_id: str, parts: list[PartInfo]):
        super().__init__()
        self._store, self._prefix = store, bundle_prefix(bundle_id)
        self._parts = parts
        self._starts, position = [], 0
        for part in parts:
            self._starts.append(position)
            position += part.size
        self.size = position
        self._position = 0
        self._open: tuple[int, object] | None = None

    def readinto(self, target) -> int:
        if self._position >= self.size:
            return 0
        index = max(number for number, start in enumerate(self._starts) if start <= self._position)
        within = self._position - self._starts[index]
        stream = self._stream(index)
        stream.seek(within)
        count = stream.readinto(memoryview(target)[:min(len(target), self._parts[index].size - within)])
        if not count:
            raise AgencyError("store_failed", f"{self._parts[index].name} is shorter than its index says")
        self._position += count
        return count

    def read_at(self, offset: int, length: int) -> bytes:
        self.seek(offset)
        data = bytearray()
        while len(data) < length:
            piece = self.read(length - len(data))
            if not piece:
                break
            data += piece
        return bytes(data)

    def _stream(self, index: int):
        if self._open is None or self._open[0] != index:
            self._close_part()
            self._open = (index, self._store.open(f"{self._prefix}/{self._parts[index].name}"))
        return self._open[1]

    def _close_part(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def close(self) -> None:
        self._close_part()
        super().close()


class AgePlaintext(_SeekableReader):
    """The plaintext of an age file as a seekable file; every chunk read is authenticated."""

    def __init__(self, ciphertext: BundleCiphertext, access: PayloadAccess):
        super().__init__()
        self._ciphertext, self._access = ciphertext, access
        self._chunks = access.chunk_count(ciphertext.size)
        last_sealed = ciphertext.size - access.start - (self._chunks - 1) * SEALED_CHUNK
        self.size = (self._chunks - 1) * CHUNK_SIZE + last_sealed - TAG_SIZE
        self._position = 0
        self._cached: tuple[int, bytes] | None = None

    def chunk(self, counter: int) -> bytes:
        if self._cached is not None and self._cached[0] == counter:
            return self._cached[1]
        last = counter == self._chunks - 1
        start = self._access.start + counter * SEALED_CHUNK
        sealed = self._ciphertext.read_at(start, SEALED_CHUNK if not last else self._ciphertext.size - start)
        try:
            plaintext = self._access.decrypt_chunk(counter, last, sealed)
        except AgeFormatError as error:
            raise AgencyError("bundle_damaged", f"{error.reason}: {error.detail}") from None
        self._cached = (counter, plaintext)
        return plaintext

    def readinto(self, target) -> int:
        if self._position >= self.size:
            return 0
        counter, within = divmod(self._position, CHUNK_SIZE)
        plaintext = self.chunk(counter)
        count = min(len(target), len(plaintext) - within)
        target[:count] = plaintext[within:within + count]
        self._position += count
        return count

    def pieces(self, offset: int, length: int) -> Iterator[bytes]:
        """The plaintext bytes [offset, offset + length) chunk by chunk (at most 64 KiB each)."""
        end = min(offset + length, self.size)
        while offset < end:
            counter, within = divmod(offset, CHUNK_SIZE)
            plaintext = self.chunk(counter)
            piece = plaintext[within:within + end - offset]
            if not piece:
                raise AgencyError("bundle_damaged", f"chunk {counter} ends early")
            yield piece
            offset += len(piece)

    def read_range(self, offset: int, length: int) -> bytes:
        return b"".join(self.pieces(offset, length))

    def close(self) -> None:
        self._ciphertext.close()
        super().close()


@dataclass(frozen=True)
class StoredMember:
    """Where a member's bytes lie in the bundle's plaintext (the tar stream)."""

    offset: int
    size: int
    sha256: str | None
