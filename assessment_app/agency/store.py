# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundle store: one interface for where the received bytes live, and its directory
implementation (the agency's NAS; an S3-compatible store can implement the same methods later).

Keys are relative paths of plain names (`bundles/<sha256>/part-0001.age`). Everything written is
fsynced before it counts: `put` writes a temporary file, fsyncs it and renames it into place
(atomic publish, then the directory is fsynced); a resumable upload writes into a `Staged`
object and is published the same way once complete. A full filesystem raises StoreError
`store_full` and leaves nothing half-written under the key.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from assessment_app.agency.errors import AgencyError

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class StoreError(AgencyError):
    """reason: store_full (no space left), store_failed (any other I/O error), store_key_invalid."""


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise StoreError("store_key_invalid", key)
    return key


@contextlib.contextmanager
def store_errors(key: str) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        reason = "store_full" if error.errno in _FULL else "store_failed"
        raise StoreError(reason, f"{key}: {error.strerror or error}") from None


class Staged(Protocol):
    """An object being received in pieces: grows by `write`, may be cut back to the acknowledged
    length by `truncate`, made durable by `sync`."""

    def size(self) -> int: ...
    def truncate(self, length: int) -> None: ...
    def write(self, data: bytes) -> None: ...
    def start_writeback(self) -> None: ...
    def sync(self) -> None: ...
    def close(self) -> None: ...


class BundleStore(Protocol):
    def put(self, key: str, chunks: Iterable[bytes]) -> int: ...
    def open(self, key: str) -> BinaryIO: ...
    def stat(self, key: str) -> int | None: ...
    def remove(self, key: str) -> None: ...
    def staged(self, key: str) -> Staged: ...
    def publish(self, staged_key: str, key: str) -> None: ...
    def local_directory(self, prefix: str) -> Path: ...


class _StagedFile:
    def __init__(self, path: Path):
        self.path = path
        with store_errors(str(path)):
            path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(path, "ab+")

    def size(self) -> int:
        return os.fstat(self._stream.fileno()).st_size

    def truncate(self, length: int) -> None:
        with store_errors(str(self.path)):
            self._stream.flush()
            if self.size() != length:
                self._stream.truncate(length)
            self._stream.seek(length)

    def write(self, data: bytes) -> None:
        with store_errors(str(self.path)):
            self._stream.write(data)

    def start_writeback(self) -> None:
        """Let the disk start on what was written so far without waiting for it (Linux starts
        writeback of dirty pages on POSIX_FADV_DONTNEED): the `sync` that acknowledges a piece
        then waits for its last blocks only, not for all of them."""
        with store_errors(str(self.path)):
            self._stream.flush()
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(self._stream.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)

    def sync(self) -> None:
        with store_errors(str(self.path)):
            self._stream.flush()
            os.fsync(self._stream.fileno())

    def close(self) -> None:
        with contextlib.suppress(OSError):  # a failed flush on close was reported by the write itself
            self._stream.close()


class DirectoryStore:
    """The store as a directory tree (local disk or a NAS mount)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        with store_errors(str(self.root)):
            self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, chunks: Iterable[bytes]) -> int:
        target = self.path(key)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        written = 0
        try:
            with store_errors(key):
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(temporary, "xb") as stream:
                    for chunk in chunks:
                        stream.write(chunk)
                        written += len(chunk)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, target)
                _fsync_directory(target.parent)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return written

    def open(self, key: str) -> BinaryIO:
        with store_errors(key):
            return open(self.path(key), "rb")

    def stat(self, key: str) -> int | None:
        try:
            return self.path(key).stat().st_size
        except FileNotFoundError:
            return None

    def remove(self, key: str) -> None:
        with store_errors(key):
            with contextlib.suppress(FileNotFoundError):
                self.path(key).unlink()

    def staged(self, key: str) -> _StagedFile:
        return _StagedFile(self.path(key))

    def publish(self, staged_key: str, key: str) -> None:
        """Atomically move a complete staged object to `key` (same filesystem: a rename). Done
        twice it is a no-op, so a server that died between the two steps can simply redo it."""
        source, target = self.path(staged_key), self.path(key)
        with store_errors(key):
            if not source.exists() and target.exists():
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(source, "rb") as stream:
                os.fsync(stream.fileno())
            os.replace(source, target)
            _fsync_directory(target.parent)
            _fsync_directory(source.parent)

    def local_directory(self, prefix: str) -> Path:
        """The directory that holds the objects under `prefix/`, for code that reads a folder
        (bundle verification). A remote store would download the (encrypted) objects here."""
        return self.path(prefix)


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
