# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundle's POSIX tar as a stream, both ways, with nothing ever unpacked to a disk.

Writing: each member's header (`tarfile.TarInfo.tobuf`, pax format), its bytes, NUL padding to
a 512-byte block; at the end two NUL blocks and padding to a 10240-byte record: the very bytes
`tarfile`'s stream mode writes, without its small-buffer copies.

Reading is strict and bounded, because the archive comes from anyone who holds the agency's
public key: ustar headers (decoded and checksummed by `tarfile.TarInfo.frombuf`), pax extended
headers of at most 64 KiB with known keys only (`path` and `size` honoured as `tar` honours
them; any other key, a global header or a GNU extension is refused, so that no tool can see a
member differently), member data handed to the caller piece by piece, and after the end of the
archive nothing but NUL padding within one record.
"""

from __future__ import annotations

import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from assessment_app.bundle.errors import BundleError

BLOCK = tarfile.BLOCKSIZE  # 512
RECORD = tarfile.RECORDSIZE  # 10240
NUL_BLOCK = bytes(BLOCK)
MAX_PAX_HEADER = 64 * 1024
# Keys a pax writer may add that change nothing we read; `path` and `size` are applied.
_PAX_IGNORED = frozenset({"mtime", "atime", "ctime", "uid", "gid", "uname", "gname"})
_REGULAR = (tarfile.REGTYPE, tarfile.AREGTYPE)
# Fixed member metadata: the bundle says nothing about the laptop's accounts or clock beyond the manifest.
_MEMBER_MODE, _MEMBER_MTIME = 0o600, 0


# --- writing ------------------------------------------------------------------------------------

def member_header(name: str, size: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime, info.type = size, _MEMBER_MODE, _MEMBER_MTIME, tarfile.REGTYPE
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


def member_padding(size: int) -> bytes:
    return bytes(-size % BLOCK)


def archive_end(written: int) -> bytes:
    """The two NUL blocks and the record padding, given the bytes written before them."""
    end = written + 2 * BLOCK
    return bytes(2 * BLOCK + (-end % RECORD))


def archive_size(members: Iterable[tuple[str, int]]) -> int:
    body = sum(len(member_header(name, size)) + size + -size % BLOCK for name, size in members)
    return body + len(archive_end(body))


# --- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TarEntry:
    name: str
    size: int
    regular: bool
    type: bytes


def _malformed(detail: str) -> BundleError:
    return BundleError("tar_malformed", detail[:200])


class TarStreamReader:
    """Members one at a time from plaintext blocks (each valid only until the next is asked for).

    Use: `while (entry := reader.next_member()) is not None: reader.read_data(consume)` (or let
    next_member skip the data), then `finish()`. Errors are BundleError (tar_malformed,
    trailing_data); the block source's own errors pass through unchanged."""

    def __init__(self, blocks: Iterable[memoryview]):
        self._blocks: Iterator[memoryview] = iter(blocks)
        self._view = memoryview(b"")
        self._data_left = self._padding_left = 0  # of the current member, not yet read

    # the cursor

    def _next_block(self) -> bool:
        for block in self._blocks:
            if len(block):
                self._view = block
                return True
        return False

    def _take(self, size: int) -> bytes:
        out = bytearray()
        while len(out) < size:
            if not self._view and not self._next_block():
                break
            piece = self._view[:size - len(out)]
            out += piece
            self._view = self._view[len(piece):]
        return bytes(out)

    def _pour(self, size: int, consume: Callable[[memoryview], object] | None) -> int:
        left = size
        while left:
            if not self._view and not self._next_block():
                break
            piece = self._view[:left]
            if consume is not None:
                consume(piece)
            self._view = self._view[len(piece):]
            left -= len(piece)
        return size - left

    # members

    def next_member(self) -> TarEntry | None:
        """The next member's header, or None at the end of the archive."""
        self._skip_unread()
        overrides: dict[str, str] = {}
        while True:
            block = self._take(BLOCK)
            if len(block) < BLOCK:
                raise _malformed("the archive ends without its end blocks")
            if block == NUL_BLOCK:
                if overrides:
                    raise _malformed("an extended header without its member")
                return None
            try:
                info = tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
            except tarfile.HeaderError as error:
                raise _malformed(str(error)) from None
            if info.size < 0:
                raise _malformed("negative size")
            if info.type == tarfile.XHDTYPE:
                if overrides:
                    raise _malformed("two extended headers in a row")
                overrides = self._pax_header(info.size)
                continue
            if info.type in (tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE) or info.type in tarfile.GNU_TYPES:
                raise _malformed(f"header type {info.type!r} is not used by bundles")
            name = overrides.get("path", info.name)
            size = int(overrides["size"]) if "size" in overrides else info.size
            self._data_left, self._padding_left = size, -size % BLOCK
            return TarEntry(name, size, info.type in _REGULAR, info.type)

    def read_data(self, consume: Callable[[memoryview], object]) -> None:
        """The current member's bytes to `consume`, piece by piece (views valid during the call)."""
        size = self._data_left
        if self._pour(size, consume) != size:
            raise _malformed("a member is cut short")
        self._data_left = 0
        self._skip_unread()

    def finish(self) -> None:
        """After the end of the archive: only NUL padding may follow, within one record."""
        left = 0
        while self._view or self._next_block():
            piece, self._view = self._view, memoryview(b"")
            left += len(piece)
            if left > RECORD or piece.tobytes().strip(b"\0"):
                raise BundleError("trailing_data", f"{left}+ bytes")

    def drain(self) -> None:
        """Read the source to its end without looking (its own checks, e.g. age's, still run)."""
        self._view = memoryview(b"")
        for _ in self._blocks:
            pass

    def _skip_unread(self) -> None:
        left = self._data_left + self._padding_left
        if left and self._pour(left, None) != left:
            raise _malformed("a member is cut short")
        self._data_left = self._padding_left = 0

    def _pax_header(self, size: int) -> dict[str, str]:
        if size > MAX_PAX_HEADER:
            raise _malformed(f"extended header of {size} bytes")
        data = self._take(size)
        if len(data) < size or self._pour(-size % BLOCK, None) != -size % BLOCK:
            raise _malformed("the extended header is cut short")
        return parse_pax(data)


def parse_pax(data: bytes) -> dict[str, str]:
    """The records of a pax extended header ("<length> <key>=<value>\\n" each)."""
    records, position = {}, 0
    while position < len(data):
        space = data.find(b" ", position)
        length_text = data[position:space] if space > position else b""
        if not length_text.isdigit():
            raise _malformed("extended header record length")
        end = position + int(length_text)
        if end > len(data) or end <= space or data[end - 1:end] != b"\n":
            raise _malformed("extended header record")
        key, equals, value = data[space + 1:end - 1].partition(b"=")
        try:
            key_text, value_text = key.decode("utf-8"), value.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("extended header encoding") from None
        if not equals or (key_text not in _PAX_IGNORED and key_text not in ("path", "size")):
            raise _malformed(f"extended header key {key_text[:40]!r}")
        if key_text == "size" and not value_text.isdigit():
            raise _malformed("extended header size")
        records[key_text] = value_text
        position = end
    return records
