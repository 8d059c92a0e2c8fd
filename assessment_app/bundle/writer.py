"""Writing a bundle: members → POSIX tar stream → age → part files, in a temporary sibling
directory that becomes the bundle only after every part was fsynced and re-read against its
hash. Cancel, a full disk or any other error removes the partial directory: a bundle directory
under its final name is always complete.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
import tarfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assessment_app.bundle.age_format import AgeWriter
from assessment_app.bundle.errors import BundleError, ExportCancelled, ExportRefused
from assessment_app.bundle.parts import INDEX_FILE, PartInfo, PartWriter, file_sha256, index_bytes
from assessment_app.storage.durable_files import fsync_directory

TAR_BLOCK = 512
TAR_RECORD = 10240
# Fixed member metadata: the bundle says nothing about the laptop's accounts or clock beyond the manifest.
_MEMBER_MODE, _MEMBER_MTIME = 0o600, 0

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BundleMember:
    """One file of the tar. `chunks()` yields its bytes; `sha256`, when given, is what they must hash to
    (a source that changed since it was hashed aborts the export instead of shipping a lie)."""

    path: str
    size: int
    chunks: Callable[[], Iterable[bytes]]
    sha256: str | None = None


def bytes_member(path: str, data: bytes) -> BundleMember:
    return BundleMember(path, len(data), lambda: (data,), hashlib.sha256(data).hexdigest())


def tar_size(members: list[BundleMember]) -> int:
    body = sum(TAR_BLOCK + -(-member.size // TAR_BLOCK) * TAR_BLOCK for member in members) + 2 * TAR_BLOCK
    return -(-body // TAR_RECORD) * TAR_RECORD


class _Metered:
    """Between tar and age: counts plaintext bytes for the progress callback and honours cancel."""

    def __init__(self, sink, total: int, progress: Progress | None, cancel: threading.Event | None):
        self._sink, self._total, self._progress, self._cancel = sink, total, progress, cancel
        self.done = 0

    def write(self, data: bytes) -> int:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelled()
        self._sink.write(data)
        self.done += len(data)
        if self._progress is not None:
            self._progress(self.done, max(self._total, self.done))
        return len(data)


class _CheckedChunks:
    """A file object over a member's chunks that checks its size and hash at the end."""

    def __init__(self, member: BundleMember):
        self._member, self._chunks = member, iter(member.chunks())
        # The current chunk and how far into it we are: slicing a multi-MB chunk per 16 KiB read would be quadratic.
        self._piece, self._offset = b"", 0
        self._digest, self._read = hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        out = []
        wanted = size if size >= 0 else float("inf")
        while wanted > 0:
            if self._offset == len(self._piece):
                piece = next(self._chunks, None)
                if piece is None:
                    if self._read != self._member.size:
                        raise ExportRefused("source_changed", self._member.path)
                    break
                self._piece, self._offset = memoryview(piece), 0
                self._digest.update(piece)
                self._read += len(piece)
                continue
            taken = self._piece[self._offset:self._offset + int(min(wanted, len(self._piece) - self._offset))]
            out.append(taken)
            self._offset += len(taken)
            wanted -= len(taken)
        return b"".join(out)

    def finish(self) -> None:
        # tar copies exactly `size` bytes: anything left over, or a different hash, is a changed source.
        if self._offset != len(self._piece) or next(self._chunks, None) is not None:
            raise ExportRefused("source_changed", self._member.path)
        if self._read != self._member.size or (self._member.sha256 is not None
                                               and self._digest.hexdigest() != self._member.sha256):
            raise ExportRefused("source_changed", self._member.path)


def write_bundle(target: Path, members: list[BundleMember], recipients: list[str], *, part_size: int,
                 progress: Progress | None = None, cancel: threading.Event | None = None,
                 random_bytes: Callable[[int], bytes] = os.urandom) -> list[PartInfo]:
    """The bundle directory `target`; `random_bytes` feeds the age layer (fixed only by test vectors)."""
    target = Path(target)
    if target.exists():
        raise ExportRefused("output_exists", str(target))
    if part_size < 1:
        raise ExportRefused("bad_part_size", part_size)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{secrets.token_hex(6)}"
    partial.mkdir(mode=0o700)
    parts_writer = PartWriter(partial, part_size)
    try:
        with _translated_write_errors():
            _stream_members(parts_writer, members, recipients, progress, cancel, random_bytes)
            parts = parts_writer.close()
            with open(partial / INDEX_FILE, "xb") as index:
                index.write(index_bytes(parts))
                index.flush()
                os.fsync(index.fileno())
            for part in parts:
                # Re-read from disk: a bundle is complete only when every part is there as hashed.
                if file_sha256(partial / part.name) != part.sha256:
                    raise ExportRefused("reread_mismatch", part.name)
            fsync_directory(partial)
            os.rename(partial, target)
            fsync_directory(target.parent)
        if progress is not None:
            progress(tar_size(members), tar_size(members))
        return parts
    except BaseException:
        parts_writer.abandon()
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _stream_members(sink: PartWriter, members: list[BundleMember], recipients: list[str],
                    progress: Progress | None, cancel: threading.Event | None,
                    random_bytes: Callable[[int], bytes]) -> None:
    age = AgeWriter(sink, recipients, random_bytes)
    metered = _Metered(age, tar_size(members), progress, cancel)
    with tarfile.open(fileobj=metered, mode="w|", format=tarfile.PAX_FORMAT) as archive:
        for member in members:
            info = tarfile.TarInfo(member.path)
            info.size, info.mode, info.mtime, info.type = member.size, _MEMBER_MODE, _MEMBER_MTIME, tarfile.REGTYPE
            source = _CheckedChunks(member)
            archive.addfile(info, source)
            source.finish()
    age.close()


@contextlib.contextmanager
def _translated_write_errors() -> Iterator[None]:
    try:
        yield
    except BundleError:
        raise
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ExportRefused("no_space", error.filename) from None
        raise ExportRefused("write_failed", f"{error.strerror or error}") from None


def iter_file(path: Path, size: int = 1024 * 1024) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        while piece := stream.read(size):
            yield piece
