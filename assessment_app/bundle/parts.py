# SPDX-License-Identifier: GPL-3.0-or-later
"""The on-disk shape of a bundle: `index.json` and the part files whose concatenation, in index
order, is one age file. Everything here works without a key, so a transfer can be checked and
resumed part by part (docs/formats/bundle.md)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from forms.canonical import canonical_json_bytes

from assessment_app.bundle.errors import BundleError, ExportCancelled

INDEX_FILE = "index.json"
INDEX_FORMAT = "ltc-assess-bundle"
INDEX_VERSION = 1
DEFAULT_PART_SIZE = 256 * 1024 * 1024
_PART_NAME = re.compile(r"part-(\d{4,})\.age")
_READ_SIZE = 1024 * 1024
_MAX_INDEX_BYTES = 1024 * 1024


def part_name(number: int) -> str:
    return f"part-{number:04d}.age"


@dataclass(frozen=True)
class PartInfo:
    name: str
    size: int
    sha256: str

    def to_json(self) -> dict:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


def index_bytes(parts: list[PartInfo]) -> bytes:
    return canonical_json_bytes({"format": INDEX_FORMAT, "version": INDEX_VERSION,
                                 "parts": [part.to_json() for part in parts]}) + b"\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while piece := stream.read(_READ_SIZE):
            digest.update(piece)
    return digest.hexdigest()


class PartWriter:
    """A write-only file object that cuts what it is given into part files of at most `part_size`
    bytes in `directory`, hashing as it goes. `cancel()` returning True aborts the next write;
    `on_part(part, path)` is told of each part once it is fsynced and closed."""

    def __init__(self, directory: Path, part_size: int, *, cancelled: Callable[[], bool] = lambda: False,
                 on_part: Callable[[PartInfo, Path], object] | None = None):
        if part_size < 1:
            raise ValueError("part size must be positive")
        self.directory, self.part_size, self._cancelled, self._on_part = directory, part_size, cancelled, on_part
        self.parts: list[PartInfo] = []
        self._stream: BinaryIO | None = None
        self._digest = hashlib.sha256()
        self._written = 0
        self.total = 0

    def write(self, data: bytes) -> int:
        if self._cancelled():
            raise ExportCancelled()
        view = memoryview(data)
        while view:
            if self._stream is None or self._written == self.part_size:
                self._next_part()
            room = self.part_size - self._written
            piece = view[:room]
            self._stream.write(piece)
            self._digest.update(piece)
            self._written += len(piece)
            self.total += len(piece)
            view = view[len(piece):]
        return len(data)

    def _next_part(self) -> None:
        self._finish_part()
        self._stream = open(self.directory / part_name(len(self.parts) + 1), "xb")
        self._digest, self._written = hashlib.sha256(), 0

    def _finish_part(self) -> None:
        if self._stream is None:
            return
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        part = PartInfo(part_name(len(self.parts) + 1), self._written, self._digest.hexdigest())
        self.parts.append(part)
        self._stream = None
        if self._on_part is not None:
            self._on_part(part, self.directory / part.name)

    def close(self) -> list[PartInfo]:
        if self._stream is None and not self.parts:
            self._next_part()  # an age file is never empty, but keep the invariant: at least one part
        self._finish_part()
        return self.parts

    def abandon(self) -> None:
        """Drop the part being written. Closing flushes Python's buffer, which fails again on a
        full disk; the part is deleted anyway, so that second failure must not hide the first."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            with contextlib.suppress(OSError):
                stream.close()


# --- reading ------------------------------------------------------------------------------------

def read_index(directory: Path) -> list[PartInfo]:
    """The parts, in order; BundleError index_missing, index_malformed, part_order, extra_part."""
    path = Path(directory) / INDEX_FILE
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_INDEX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise BundleError("index_missing", str(path)) from None
    try:
        document = json.loads(data.decode("utf-8"))
        if len(data) > _MAX_INDEX_BYTES or not isinstance(document, dict):
            raise ValueError("not an object")
        if document.get("format") != INDEX_FORMAT or document.get("version") != INDEX_VERSION:
            raise BundleError("index_unsupported", f"{document.get('format')} {document.get('version')}")
        entries = document["parts"]
        parts = [PartInfo(entry["name"], entry["size"], entry["sha256"]) for entry in entries]
        if not parts or set(document) != {"format", "version", "parts"} or any(
                set(entry) != {"name", "size", "sha256"} or not isinstance(entry["size"], int)
                or isinstance(entry["size"], bool) or entry["size"] < 0
                or not re.fullmatch(r"[0-9a-f]{64}", str(entry["sha256"])) for entry in entries):
            raise ValueError("fields")
    except BundleError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BundleError("index_malformed", str(error)[:200]) from None
    for number, part in enumerate(parts, start=1):
        if part.name != part_name(number):
            raise BundleError("part_order", f"{part.name} listed as part {number}")
    listed = {part.name for part in parts}
    for entry in Path(directory).iterdir():
        if _PART_NAME.fullmatch(entry.name) and entry.name not in listed:
            raise BundleError("extra_part", entry.name)
    return parts


def check_part_sizes(directory: Path, parts: list[PartInfo]) -> None:
    """Every part present with its size (no reading): part_missing, part_size_mismatch."""
    for part in parts:
        path = Path(directory) / part.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise BundleError("part_missing", part.name) from None
        if size != part.size:
            raise BundleError("part_size_mismatch", f"{part.name}: {size} of {part.size} bytes")


def check_part_hashes(directory: Path, parts: list[PartInfo]) -> None:
    """Every part's SHA-256 (part_hash_mismatch, part_missing if one vanished meanwhile). Reads
    big blocks and hashes them outside the GIL, so it can run beside the decryption in another
    thread."""
    buffer = memoryview(bytearray(_READ_SIZE))
    for part in parts:
        digest = hashlib.sha256()
        try:
            with open(Path(directory) / part.name, "rb", buffering=0) as stream:
                while count := stream.readinto(buffer):
                    digest.update(buffer[:count])
        except FileNotFoundError:
            raise BundleError("part_missing", part.name) from None
        if digest.hexdigest() != part.sha256:
            raise BundleError("part_hash_mismatch", part.name)


class ConcatenatedParts:
    """A read-only stream over the parts in order (the one age file they make together). Reads
    go straight into the caller's buffer (`readinto`), a part file at a time."""

    def __init__(self, directory: Path, parts: list[PartInfo]):
        self._paths = [Path(directory) / part.name for part in parts]
        self._stream: BinaryIO | None = None
        self.position = 0

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            if self._stream is None:
                if not self._paths:
                    return 0
                self._stream = open(self._paths.pop(0), "rb", buffering=0)
            count = self._stream.readinto(view)
            if count:
                self.position += count
                return count
            self._stream.close()
            self._stream = None

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            pieces = []
            while piece := self.read(_READ_SIZE):
                pieces.append(piece)
            return b"".join(pieces)
        buffer = bytearray(size)
        filled = 0
        while filled < size:
            count = self.readinto(memoryview(buffer)[filled:])
            if not count:
                break
            filled += count
        del buffer[filled:]
        return bytes(buffer)

    def readline(self, limit: int = -1) -> bytes:
        line = bytearray()
        while limit < 0 or len(line) < limit:
            byte = self.read(1)
            if not byte:
                break
            line += byte
            if byte == b"\n":
                break
        return bytes(line)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
