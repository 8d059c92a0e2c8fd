# SPDX-License-Identifier: GPL-3.0-or-later
"""Sealing a segment: hash its MP4, encrypt it into place atomically.

The segment's MP4 is in memory (recording/in_progress.py keeps it while the part on disk holds
only authenticated ciphertext records), so sealing writes no plaintext. A sealed segment is
`segment-<sequence>.enc`: the chunked AES-256-GCM stream of storage/chunked_aead.py under the
"recordings" subkey, with the chain id and sequence in the associated data so a segment cannot
be moved to another place of the chain. `--plain` recordings keep `segment-<sequence>.mp4`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assessment_app.durable_files import atomic_output, fsync_directory
from assessment_app.security.subkeys import derive_subkey
from assessment_app.storage.chunked_aead import ChunkedEncryptor, decrypt_chunks

PART_NAME = "current.part"  # the segment in progress: docs/formats/video-segments.md
RECORDINGS_KEY_PURPOSE = "recordings"
CONTEXT_PREFIX = b"ltc-assess/video-segment/v1"
CHUNK_SIZE = 256 * 1024


def recordings_key(data_key: bytes) -> bytes:
    return derive_subkey(data_key, RECORDINGS_KEY_PURPOSE)


def segment_file_name(sequence: int, encrypted: bool) -> str:
    return f"segment-{sequence:06d}.{'enc' if encrypted else 'mp4'}"


def segment_context(chain_id: str, sequence: int) -> bytes:
    return b"\x00".join([CONTEXT_PREFIX, chain_id.encode("ascii"), str(sequence).encode("ascii")])


@dataclass(frozen=True)
class SealedSegment:
    file: str
    plaintext_sha256: str
    plaintext_size: int
    ciphertext_sha256: str | None
    size: int


class _HashingSink:
    def __init__(self, sink):
        self._sink, self.digest, self.size = sink, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self._sink.write(data)


def seal_segment(mp4: bytes, sequence: int, chain_id: str, segment_key: bytes | None,
                 directory: Path, *, random_bytes: Callable[[int], bytes] = os.urandom) -> SealedSegment:
    """Write `mp4` as sealed segment `sequence` of the chain in `directory` (encrypted unless the
    key is None); `random_bytes` draws the chunk nonces (fixed only by the format vectors)."""
    plaintext_sha256 = hashlib.sha256(mp4).hexdigest()
    target = directory / segment_file_name(sequence, segment_key is not None)
    with atomic_output(target) as output:
        if segment_key is None:
            output.write(mp4)  # --plain: the user asked for plain files
            return SealedSegment(target.name, plaintext_sha256, len(mp4), None, len(mp4))
        sink = _HashingSink(output)
        encryptor = ChunkedEncryptor(sink, segment_key, segment_context(chain_id, sequence), CHUNK_SIZE,
                                     random_bytes=random_bytes)
        encryptor.write(mp4)
        encryptor.close()
    return SealedSegment(target.name, plaintext_sha256, len(mp4), sink.digest.hexdigest(), sink.size)


def secure_remove(path: Path) -> int:
    """Overwrite with zeros, then unlink; returns the size. For files that may hold plaintext (a
    part left by an older version, a --plain part). Best effort: an SSD or a copy-on-write file
    system may keep the old blocks, which is why nothing writes plaintext in the first place."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    with contextlib.suppress(OSError):
        with open(path, "rb+") as stream:
            remaining = size
            zeros = bytes(min(size, 1024 * 1024))
            while remaining > 0:
                remaining -= stream.write(zeros[:remaining])
            stream.flush()
            os.fsync(stream.fileno())
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fsync_directory(path.parent)
    return size


def read_segment_plaintext(path: Path, chain_id: str, sequence: int, segment_key: bytes | None) -> bytes:
    """The segment's MP4 bytes; raises ChunkStreamError when an encrypted segment fails authentication."""
    data = path.read_bytes()
    if segment_key is None:
        return data
    return b"".join(decrypt_chunks(io.BytesIO(data), segment_key, segment_context(chain_id, sequence), CHUNK_SIZE))


def segment_entry_fields(sealed: SealedSegment, *, start_ms: int, end_ms: int, start_wall_ms: int, end_wall_ms: int,
                         frame_count: int, dropped_frames: int, audio: bool) -> dict:
    """The keys of a `segment` chain entry (docs/formats/video-segments.md)."""
    return {"file": sealed.file, "start_ms": start_ms, "end_ms": end_ms, "start_wall_ms": start_wall_ms,
            "end_wall_ms": end_wall_ms, "frame_count": frame_count, "dropped_frames": dropped_frames, "audio": audio,
            "plaintext_sha256": sealed.plaintext_sha256, "plaintext_size": sealed.plaintext_size,
            "ciphertext_sha256": sealed.ciphertext_sha256, "size": sealed.size,
            "encrypted": sealed.ciphertext_sha256 is not None}
