"""The segment being recorded: PyAV muxes its MP4 into memory, and every complete fragment goes at
once to `current.part` as an authenticated, fsynced record (recording/part_format.py).

This object is the file PyAV writes into (write() only: the fragmented movflags never seek). It
cuts the byte stream after each complete top-level `mdat` box, so a record holds whole
fragments (the first also holds `ftyp` and `moov`), and keeps the whole MP4 for hashing and
sealing. In a `--plain` recording the part is the plain MP4 itself, as the user asked.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from assessment_app.recording.part_format import PartWriter
from assessment_app.recording.segments import PART_NAME
from assessment_app.storage.durable_files import fsync_directory

_BOX_HEADER = 8


class MalformedStream(ValueError):
    """The muxer wrote something that is not a sequence of MP4 boxes (a bug, not a user error)."""


def _box_end(data: bytearray, start: int) -> int | None:
    """Where the top-level box starting at `start` ends, or None while it is incomplete."""
    if len(data) - start < _BOX_HEADER:
        return None
    size = int.from_bytes(data[start:start + 4], "big")
    header = _BOX_HEADER
    if size == 1:  # a 64-bit size follows the type
        if len(data) - start < 16:
            return None
        size, header = int.from_bytes(data[start + 8:start + 16], "big"), 16
    elif size == 0:
        return None  # the box runs to the end of the file: it ends only when the segment does
    if size < header:
        raise MalformedStream(f"a box of {size} bytes at offset {start}")
    end = start + size
    return end if end <= len(data) else None


class _PlainPart:
    """--plain: the MP4 bytes themselves, fsynced fragment by fragment."""

    def __init__(self, sink, sync):
        self._sink, self._sync = sink, sync

    def append(self, plaintext: bytes) -> None:
        self._sink.write(plaintext)
        self._sink.flush()
        self._sync()

    def finish(self, plaintext: bytes = b"") -> None:
        self.append(plaintext)


class InProgressSegment:
    """`current.part` of one chain directory while its segment is recorded."""

    def __init__(self, directory: Path, chain_id: str, sequence: int, segment_key: bytes | None):
        self.path = Path(directory) / PART_NAME
        self._file = open(self.path, "wb")  # noqa: SIM115 - lives until finish() or discard()
        try:
            sync = self._sync
            self._part = (_PlainPart(self._file, sync) if segment_key is None else
                          PartWriter(self._file, segment_key, chain_id, sequence, sync=sync))
            fsync_directory(self.path.parent)
        except BaseException:
            self.discard()
            raise
        self._data = bytearray()
        self._recorded = 0  # bytes of _data already in records
        self._scanned = 0  # start of the first box not yet complete

    def _sync(self) -> None:
        os.fsync(self._file.fileno())

    def write(self, data: bytes) -> int:
        """PyAV's output: called with the muxer's bytes, a fragment at a time (flush_packets)."""
        self._data += data
        while (end := _box_end(self._data, self._scanned)) is not None:
            closes_fragment = self._data[self._scanned + 4:self._scanned + 8] == b"mdat"
            self._scanned = end
            if closes_fragment:
                self._part.append(bytes(self._data[self._recorded:end]))
                self._recorded = end
        return len(data)

    def finish(self) -> bytes:
        """After the muxer is closed: the rest as the final record; returns the segment's whole MP4."""
        self._part.finish(bytes(self._data[self._recorded:]))
        self._recorded = len(self._data)
        self._file.close()
        return bytes(self._data)

    def discard(self) -> None:
        """Remove the part once its segment is sealed (or given up). It is ciphertext, or the plain
        MP4 of a --plain recording that the user asked for: a plain unlink will do."""
        with contextlib.suppress(OSError):
            self._file.close()
        # A part that cannot be unlinked is ciphertext the next start-up sweep takes (recording/sweep.py).
        with contextlib.suppress(OSError):
            self.path.unlink()
