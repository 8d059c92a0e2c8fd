# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a bundle in one streaming pass: parts → age decryption → tar members, without
writing anything. Every member is hashed as it streams; the small ones (manifest, signature,
record, report, audit log, case rows, chain files) are held in memory within fixed bounds; the
large ones (attachments, video segments) are only hashed, or handed to a caller's store (the
import, which encrypts them at once) — never written in plaintext.

Bounds (a hostile archive can claim anything): at most MAX_MEMBERS members, names from the
bundle's layout only, each kind of member at most its size limit, the held members together at
most HELD_TOTAL_LIMIT (so a verification holds at most 48 MiB of the bundle in memory, plus the
decryption's two 1 MiB buffers), pax headers at most 64 KiB.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assessment_app.bundle import manifest as names
from assessment_app.bundle.age_format import decrypt_blocks
from assessment_app.bundle.errors import AgeFormatError, BundleError
from assessment_app.bundle.parts import ConcatenatedParts, PartInfo
from assessment_app.bundle.tar_stream import TarEntry, TarStreamReader

MiB = 1024 * 1024
MAX_MEMBERS = 50_000  # a 3-hour visit in 2 s segments is 5,400 segments
HELD_TOTAL_LIMIT = 48 * MiB
_HELD_LIMITS = {names.MANIFEST_FILE: 8 * MiB, names.SIGNATURE_FILE: 1 * MiB, names.RECORD_FILE: 8 * MiB,
                names.REPORT_FILE: 32 * MiB, names.AUDIT_FILE: 16 * MiB, names.CASE_FILE: 16 * MiB,
                names.SELF_ASSESSMENT_FILE: 1 * MiB}
CHAIN_FILE_LIMIT = 8 * MiB
ATTACHMENT_LIMIT = 32 * MiB  # an import holds one attachment in memory while it stores it
SEGMENT_LIMIT = 1024 * MiB  # streamed, never held: the limit only refuses absurd sizes
_ATTACHMENT = re.compile(r"attachments/[a-z_]{1,40}-\d{1,4}\.(?:jpg|png|pdf)")
_VIDEO = re.compile(r"video/chain-(\d{1,4})/(?:(chain\.jsonl)|segment-(\d{6})\.mp4)")

HELD, ATTACHMENT, SEGMENT = "held", "attachment", "segment"


@dataclass(frozen=True)
class MemberDigest:
    size: int
    sha256: str


@dataclass(frozen=True)
class ArchiveContents:
    digests: dict[str, MemberDigest]  # every member, in archive order
    held: dict[str, bytes]  # the small members' bytes


class MemberSink(Protocol):
    def write(self, data: memoryview) -> object: ...

    def close(self) -> None: ...


# (member name, size, the small members read so far) → where its bytes go, or None (hash only).
MemberStore = Callable[[str, int, Mapping[str, bytes]], "MemberSink | None"]


class Stopped(Exception):
    """The pass was stopped from outside (the part hashes already failed): its result is void."""


class StoreFailed(Exception):
    """The caller's store could not take a member (a full disk, say): a fault of this
    workstation, not of the bundle, so it is no check's verdict. `.error` is the cause."""

    def __init__(self, error: BaseException):
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error


def member_kind(name: str) -> tuple[str, int] | None:
    """(kind, size limit) of a member name the bundle's layout allows, else None."""
    if name in _HELD_LIMITS:
        return HELD, _HELD_LIMITS[name]
    if _ATTACHMENT.fullmatch(name):
        return ATTACHMENT, ATTACHMENT_LIMIT
    video = _VIDEO.fullmatch(name)
    if video:
        return (HELD, CHAIN_FILE_LIMIT) if video.group(2) else (SEGMENT, SEGMENT_LIMIT)
    return None


def video_chain_of(name: str) -> int | None:
    video = _VIDEO.fullmatch(name)
    return int(video.group(1)) if video else None


def segment_of(name: str) -> tuple[int, int] | None:
    """(chain index, sequence) of a segment member's name, else None."""
    video = _VIDEO.fullmatch(name)
    return (int(video.group(1)), int(video.group(3))) if video and video.group(3) else None


def read_bundle(directory: Path, parts: list[PartInfo], identities, *, store: MemberStore | None = None,
                stop: threading.Event | None = None) -> ArchiveContents:
    """One pass over the bundle. Raises AgeFormatError (wrong identity, truncated or tampered
    payload: the decrypt check), BundleError (tar_malformed, member_path_unsafe,
    member_unexpected, member_duplicate, member_not_file, member_too_large, member_limit,
    member_order, trailing_data: the archive check), Stopped, or StoreFailed (the store's own
    fault). An archive error is raised only once the rest of the age payload authenticated;
    otherwise the age error is raised instead."""
    source = ConcatenatedParts(directory, parts)
    try:
        blocks = decrypt_blocks(source, identities)
        tar = TarStreamReader(blocks if stop is None else _until(blocks, stop))
        try:
            contents = _members(tar, store)
            tar.finish()
        except AgeFormatError:
            raise
        except BundleError:
            tar.drain()
            raise
        return contents
    finally:
        source.close()


def _until(blocks: Iterable[memoryview], stop: threading.Event) -> Iterator[memoryview]:
    for block in blocks:
        if stop.is_set():
            raise Stopped()
        yield block


def _members(tar: TarStreamReader, store: MemberStore | None) -> ArchiveContents:
    digests: dict[str, MemberDigest] = {}
    held: dict[str, bytes] = {}
    chains_with_segments: set[int] = set()
    held_bytes = 0
    while (entry := tar.next_member()) is not None:
        kind = _admit(entry, digests, held_bytes, chains_with_segments)
        if kind == HELD:
            data = bytearray()
            tar.read_data(data.extend)
            held[entry.name] = bytes(data)
            held_bytes += len(data)
            digests[entry.name] = MemberDigest(len(data), hashlib.sha256(data).hexdigest())
            continue
        digest = hashlib.sha256()
        sink = _stored(store, entry.name, entry.size, held) if store is not None else None
        if sink is None:
            tar.read_data(digest.update)
        else:
            def both(piece: memoryview, sink=sink) -> None:
                digest.update(piece)
                _stored(sink.write, piece)
            tar.read_data(both)
            _stored(sink.close)
        digests[entry.name] = MemberDigest(entry.size, digest.hexdigest())
    if not digests:
        raise BundleError("tar_malformed", "empty archive")
    return ArchiveContents(digests, held)


def _stored(call, *arguments):
    try:
        return call(*arguments)
    except Exception as error:
        raise StoreFailed(error) from error


def _admit(entry: TarEntry, digests: Mapping[str, MemberDigest], held_bytes: int,
           chains_with_segments: set[int]) -> str:
    """The member's kind, once it passed every rule of the layout (in the order of the reasons' precedence)."""
    name = entry.name
    if name.startswith("/") or ".." in name.split("/") or "\\" in name or "\x00" in name:
        raise BundleError("member_path_unsafe", name[:200])
    found = member_kind(name)
    if found is None:
        raise BundleError("member_unexpected", name[:200])
    if name in digests:
        raise BundleError("member_duplicate", name)
    if not entry.regular:
        raise BundleError("member_not_file", name)
    if len(digests) >= MAX_MEMBERS:
        raise BundleError("member_limit", f"more than {MAX_MEMBERS} members")
    kind, limit = found
    if entry.size > limit:
        raise BundleError("member_too_large", f"{name}: {entry.size} bytes, at most {limit}")
    if kind == HELD and held_bytes + entry.size > HELD_TOTAL_LIMIT:
        raise BundleError("member_too_large", f"{name}: the small members exceed {HELD_TOTAL_LIMIT} bytes together")
    chain = video_chain_of(name)
    if chain is not None:
        # A chain file comes before its segments (docs/formats/bundle.md): an import must know the
        # chain's id to encrypt a segment the moment it streams past.
        if kind == SEGMENT:
            chains_with_segments.add(chain)
        elif chain in chains_with_segments:
            raise BundleError("member_order", f"{name} after its segments")
    return kind
