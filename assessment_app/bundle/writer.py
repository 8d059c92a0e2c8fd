# SPDX-License-Identifier: GPL-3.0-or-later
"""Writing a bundle: members → POSIX tar stream → age → part files, in a temporary sibling
directory that becomes the bundle only after every part was fsynced and re-read against its
hash. Cancel, a full disk or any other error removes the partial directory: a bundle directory
under its final name is always complete.

Memory stays flat: members are streamed chunk by chunk (a member's `chunks()` is called only
when its turn comes), and each finished part is re-read and hashed by a second thread while the
next part is written.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assessment_app.bundle.age_format import AgeWriter
from assessment_app.bundle.errors import BundleError, ExportCancelled, ExportRefused
from assessment_app.bundle.parts import INDEX_FILE, PartInfo, PartWriter, file_sha256, index_bytes
from assessment_app.bundle.tar_stream import archive_end, archive_size, member_header, member_padding
from assessment_app.durable_files import fsync_directory

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
    return archive_size((member.path, member.size) for member in members)


class _Metered:
    """Between tar and age: counts plaintext bytes for the progress callback and honours cancel."""

    def __init__(self, sink, total: int, progress: Progress | None, cancel: threading.Event | None):
        self._sink, self._total, self._progress, self._cancel = sink, total, progress, cancel
        self.done = 0

    def write(self, data) -> int:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelled()
        self._sink.write(data)
        self.done += len(data)
        if self._progress is not None:
            self._progress(self.done, max(self._total, self.done))
        return len(data)


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
    # Re-read from disk: a bundle is complete only when every part is there as hashed.
    rereading = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ltc-assess-reread")
    reread: list[tuple[PartInfo, Future]] = []
    parts_writer = PartWriter(partial, part_size, on_part=lambda part, path: reread.append(
        (part, rereading.submit(file_sha256, path))))
    try:
        with _translated_write_errors():
            _stream_members(parts_writer, members, recipients, progress, cancel, random_bytes)
            parts = parts_writer.close()
            with open(partial / INDEX_FILE, "xb") as index:
                index.write(index_bytes(parts))
                index.flush()
                os.fsync(index.fileno())
            for part, digest in reread:
                if digest.result() != part.sha256:
                    raise ExportRefused("reread_mismatch", part.name)
            fsync_directory(partial)
            os.rename(partial, target)
            fsync_directory(target.parent)
        if progress is not None:
            progress(tar_size(members), tar_size(members))
        return parts
    except BaseException:
        parts_writer.abandon()
        rereading.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        rereading.shutdown(wait=True)


def _stream_members(sink: PartWriter, members: list[BundleMember], recipients: list[str],
                    progress: Progress | None, cancel: threading.Event | None,
                    random_bytes: Callable[[int], bytes]) -> None:
    age = AgeWriter(sink, recipients, random_bytes)
    metered = _Metered(age, tar_size(members), progress, cancel)
    written = 0
    for member in members:
        header = member_header(member.path, member.size)
        metered.write(header)
        _copy_member(metered, member)
        padding = member_padding(member.size)
        metered.write(padding)
        written += len(header) + member.size + len(padding)
    metered.write(archive_end(written))
    age.close()


def _copy_member(sink: _Metered, member: BundleMember) -> None:
    """The member's chunks, which must be exactly its size and hash: anything else is a changed source."""
    digest, size = hashlib.sha256(), 0
    for chunk in member.chunks():
        size += len(chunk)
        if size > member.size:
            raise ExportRefused("source_changed", member.path)
        digest.update(chunk)
        sink.write(chunk)
    if size != member.size or (member.sha256 is not None and digest.hexdigest() != member.sha256):
        raise ExportRefused("source_changed", member.path)


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
