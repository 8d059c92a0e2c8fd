# SPDX-License-Identifier: GPL-3.0-or-later
"""The segment being recorded: PyAV muxes its MP4 into memory, and every complete fragment goes at
once to `current.part` as an authenticated record (recording/part_format.py), then is fsynced.

This object is the file PyAV writes into (write() only: the fragmented movflags never seek). It
cuts the byte stream after each complete top-level `mdat` box, so a record holds whole
fragments (the first also holds `ftyp` and `moov`), and keeps the whole MP4 for hashing and
sealing. In a `--plain` recording the part is the plain MP4 itself, as the user asked.

Each record is written to the OS on the encoder thread, at once: that is what survives kill -9.
The fsync that makes it survive a power cut too runs on a thread of its own, because one fsync
can take hundreds of milliseconds on a laptop's eMMC or a busy disk, and the encoder must not
wait for the disk while the camera keeps delivering (frames would be dropped).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from assessment_app.durable_files import fsync_directory
from assessment_app.recording.part_format import PartWriter
from assessment_app.recording.segments import PART_NAME

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


class _BackgroundSync:
    """fsyncs the part (and, first, its directory) whenever asked, on its own thread; a failed
    fsync is raised to the encoder at its next request or at stop()."""

    def __init__(self, file, directory: Path):
        self._file, self._directory = file, directory
        self._wanted = threading.Event()
        self._stopping = False
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="recording-part-sync", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            fsync_directory(self._directory)  # the part's name must survive a power cut with it
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                os.fsync(self._file.fileno())
        except OSError as exc:
            self._error = exc

    def request(self) -> None:
        self._raise_failure()
        self._wanted.set()

    def stop(self) -> None:
        """Wait for an fsync in flight (not for one merely asked for: the sealed segment follows)."""
        self._stopping = True
        self._wanted.set()
        self._thread.join()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error


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
        self._syncer: _BackgroundSync | None = None
        try:
            self._syncer = _BackgroundSync(self._file, self.path.parent)
            sync = self._syncer.request
            self._part = (_PlainPart(self._file, sync) if segment_key is None else
                          PartWriter(self._file, segment_key, chain_id, sequence, sync=sync))
        except BaseException:
            self.discard()
            raise
        self._data = bytearray()
        self._recorded = 0  # bytes of _data already in records
        self._scanned = 0  # start of the first box not yet complete

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
        self._syncer.stop()
        self._file.close()
        return bytes(self._data)

    def discard(self) -> None:
        """Remove the part once its segment is sealed (or given up). It is ciphertext, or the plain
        MP4 of a --plain recording that the user asked for: a plain unlink will do."""
        with contextlib.suppress(OSError):
            if self._syncer is not None:
                self._syncer.stop()
        with contextlib.suppress(OSError):
            self._file.close()
        # A part that cannot be unlinked is ciphertext the next start-up sweep takes (recording/sweep.py).
        with contextlib.suppress(OSError):
            self.path.unlink()
