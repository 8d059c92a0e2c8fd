# SPDX-License-Identifier: GPL-3.0-or-later
"""The segment in progress on disk (`current.part`): authenticated records, written as the muxer goes.

The MP4 of a segment is muxed in memory; every complete fragment is encrypted at once into one
record of the part file and fsynced, so a kill -9 or a power cut leaves only ciphertext whose
complete prefix still decrypts and verifies. The file is

    header   = "LTCVPT" 0x00 0x01 ‖ uint64_be(sequence)
    record i = uint32_be(P) ‖ nonce (12) ‖ AES-256-GCM ciphertext (P) ‖ tag (16)

with the associated data of record i

    "ltc-assess/video-part/v1" 0x00 chain_id (ASCII) 0x00 decimal sequence (ASCII) ‖ uint64_be(i) ‖ uint8(final)

so a reader tells a complete prefix (every record authentic, in order) from a cut tail (the
file ends inside a record) and from tampering (a whole record that fails: edited, reordered,
dropped from the middle, taken from another part, or anything after the final record). Cutting
the file at a record boundary is what a crash at that moment does, and is read as such.
Spec: docs/formats/video-segments.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PART_MAGIC = b"LTCVPT\x00\x01"
HEADER_BYTES = len(PART_MAGIC) + 8
LENGTH_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16
RECORD_OVERHEAD = LENGTH_BYTES + NONCE_BYTES + TAG_BYTES
# A fragment is half a second of video; a reader refuses a longer length rather than trusting it.
MAX_RECORD_PLAINTEXT = 16 * 1024 * 1024
PART_CONTEXT_PREFIX = b"ltc-assess/video-part/v1"

COMPLETE, CUT, TAMPERED, BAD_HEADER = "complete", "cut", "tampered", "bad_header"


def part_context(chain_id: str, sequence: int) -> bytes:
    return b"\x00".join([PART_CONTEXT_PREFIX, chain_id.encode("ascii"), str(sequence).encode("ascii")])


def _associated_data(context: bytes, index: int, final: bool) -> bytes:
    return context + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def part_header(sequence: int) -> bytes:
    return PART_MAGIC + sequence.to_bytes(8, "big")


class PartWriter:
    """Writes the header, then one record per append(); finish() writes the final record.

    Each record goes to `sink` in a single write, flushed, then `sync` is called (to make it
    durable, or to ask another thread to): that record is what a crash leaves, whole or cut.
    """

    def __init__(self, sink: BinaryIO, key: bytes, chain_id: str, sequence: int, *,
                 sync: Callable[[], None] | None = None, random_bytes: Callable[[int], bytes] = os.urandom):
        self._sink, self._sync, self._random_bytes = sink, sync, random_bytes
        self._cipher = AESGCM(key)
        self._context = part_context(chain_id, sequence)
        self._index = 0
        self.finished = False
        self._put(part_header(sequence))

    def append(self, plaintext: bytes) -> None:
        # A fragment bigger than a record may hold is split; records need not match boxes.
        for start in range(0, len(plaintext), MAX_RECORD_PLAINTEXT):
            self._record(plaintext[start:start + MAX_RECORD_PLAINTEXT], final=False)

    def finish(self, plaintext: bytes = b"") -> None:
        """The last bytes of the segment (possibly none) as the final record; nothing may follow."""
        split = max(0, len(plaintext) - MAX_RECORD_PLAINTEXT)
        self.append(plaintext[:split])
        self._record(plaintext[split:], final=True)
        self.finished = True

    def _record(self, plaintext: bytes, final: bool) -> None:
        if self.finished:
            raise ValueError("the part already has its final record")
        if not plaintext and not final:
            return
        nonce = self._random_bytes(NONCE_BYTES)
        sealed = self._cipher.encrypt(nonce, plaintext, _associated_data(self._context, self._index, final))
        self._put(len(plaintext).to_bytes(LENGTH_BYTES, "big") + nonce + sealed)
        self._index += 1

    def _put(self, data: bytes) -> None:
        self._sink.write(data)
        self._sink.flush()
        if self._sync is not None:
            self._sync()


@dataclass(frozen=True)
class PartContents:
    """What a part file proves: its authentic records in order, and how the file ends.

    ending: complete (the final record is there and nothing follows), cut (the file ends inside
    the header or a record: what a crash leaves), tampered (a whole record fails authentication,
    or bytes follow the final record), bad_header (not a part file of this format).
    """

    sequence: int | None
    records: tuple[bytes, ...]
    ending: str
    detail: str = ""

    @property
    def plaintext(self) -> bytes:
        return b"".join(self.records)


def read_part(data: bytes, key: bytes, chain_id: str) -> PartContents:
    """Decrypt and check every complete record; stop at the first that is cut or fails."""
    if len(data) < HEADER_BYTES:
        if PART_MAGIC.startswith(data[:len(PART_MAGIC)]):
            return PartContents(None, (), CUT, f"the header is cut at byte {len(data)}")
        return PartContents(None, (), BAD_HEADER, "not a part file")
    if data[:len(PART_MAGIC)] != PART_MAGIC:
        return PartContents(None, (), BAD_HEADER, "not a part file")
    sequence = int.from_bytes(data[len(PART_MAGIC):HEADER_BYTES], "big")
    cipher, context = AESGCM(key), part_context(chain_id, sequence)
    records: list[bytes] = []
    offset, index = HEADER_BYTES, 0
    while True:
        if offset == len(data):
            return PartContents(sequence, tuple(records), CUT, f"no final record after record {index - 1}")
        if len(data) - offset < LENGTH_BYTES:
            return PartContents(sequence, tuple(records), CUT, f"record {index} is cut in its length")
        length = int.from_bytes(data[offset:offset + LENGTH_BYTES], "big")
        if length > MAX_RECORD_PLAINTEXT:
            return PartContents(sequence, tuple(records), TAMPERED, f"record {index} claims {length} bytes")
        end = offset + RECORD_OVERHEAD + length
        if end > len(data):
            return PartContents(sequence, tuple(records), CUT, f"record {index} is cut short")
        nonce = data[offset + LENGTH_BYTES:offset + LENGTH_BYTES + NONCE_BYTES]
        sealed = data[offset + LENGTH_BYTES + NONCE_BYTES:end]
        final = _authentic_as_final(cipher, nonce, sealed, context, index)
        if final is None:
            return PartContents(sequence, tuple(records), TAMPERED, f"record {index} fails authentication")
        records.append(final[1])
        offset, index = end, index + 1
        if final[0]:
            if offset != len(data):
                return PartContents(sequence, tuple(records), TAMPERED, "bytes follow the final record")
            return PartContents(sequence, tuple(records), COMPLETE)


def _authentic_as_final(cipher: AESGCM, nonce: bytes, sealed: bytes, context: bytes,
                        index: int) -> tuple[bool, bytes] | None:
    """(is it the final record, plaintext), or None when it authenticates as neither."""
    for final in (False, True):
        try:
            return final, cipher.decrypt(nonce, sealed, _associated_data(context, index, final))
        except InvalidTag:
            continue
    return None
