# SPDX-License-Identifier: GPL-3.0-or-later
"""The video of a visit inside a bundle: the segment chains' JSONL files unchanged, and every
segment as its plaintext MP4 (`video/chain-N/segment-NNNNNN.mp4`), so a reviewer with only the
age identity can play it. The chain entries already carry each segment's plaintext hash and
size, so the chain proves the MP4s; the ciphertext fields describe the laptop's copy only.

A visit's video is recorded encrypted, always: a chain whose start or any segment entry says
`"encrypted": false` (or names its file other than the sealed `segment-NNNNNN.enc`) is refused
(`video_plaintext_chain`), here for the bundle as on export. The chain is signed through the
manifest, so an importer cannot re-label such segments as encrypted, and storing encrypted files
that the signed chain calls plaintext would leave a recording no reader can trust.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.reader import ArchiveContents, video_chain_of
from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ParsedChain, chain_directories, parse_chain, read_chain
from assessment_app.recording.segments import CHUNK_SIZE, segment_context, segment_file_name
from assessment_app.storage.chunked_aead import decrypt_chunks

VIDEO_DIR = "video"
_CHAIN_ID = re.compile(r"[0-9a-f]{32}")


def bundle_segment_name(sequence: int) -> str:
    return f"segment-{sequence:06d}.mp4"


def chain_member(index: int) -> str:
    return f"{VIDEO_DIR}/chain-{index}/{entries.CHAIN_FILE}"


def segment_member(index: int, sequence: int) -> str:
    return f"{VIDEO_DIR}/chain-{index}/{bundle_segment_name(sequence)}"


def chain_head(parsed: ParsedChain, index: int) -> dict:
    return {"index": index, "chain_id": parsed.chain_id, "head_hash": parsed.head_hash,
            "entry_count": len(parsed.entries)}


def read_chains(visit_directory: Path) -> list[tuple[int, ParsedChain]]:
    """Each chain of a visit directory, checked for hashes, order, links and encryption;
    BundleError video_<reason> (chain_missing, hash_mismatch, sequence_gap, chain_link_broken,
    plaintext_chain, ...) names the first problem."""
    chains = []
    for expected, directory in enumerate(chain_directories(visit_directory), start=1):
        index = int(directory.name.split("-")[1])
        if index != expected:
            raise BundleError("video_chain_missing", f"chain-{expected}")
        chains.append((index, read_chain(directory)))
    _check_chains(chains)
    return chains


def bundle_chains(held: Mapping[str, bytes]) -> list[tuple[int, ParsedChain]]:
    """read_chains for the chain files of a bundle being verified (held in memory)."""
    indices = sorted({index for name in held if (index := video_chain_of(name)) is not None})
    chains = []
    for expected, index in enumerate(indices, start=1):
        if index != expected:
            raise BundleError("video_chain_missing", f"chain-{expected}")
        chains.append((index, parse_chain(Path(VIDEO_DIR) / f"chain-{index}", held[chain_member(index)])))
    _check_chains(chains)
    return chains


def chain_id_of(chain_file: bytes) -> str | None:
    """The chain id on the first line of a chain file, if it has the shape of one (not yet verified)."""
    parsed = parse_chain(Path(VIDEO_DIR), chain_file.split(b"\n", 1)[0] + b"\n")
    chain_id = parsed.chain_id
    return chain_id if isinstance(chain_id, str) and _CHAIN_ID.fullmatch(chain_id) else None


def _check_chains(chains: list[tuple[int, ParsedChain]]) -> None:
    previous: ParsedChain | None = None
    for index, parsed in chains:
        # Half a line at the very end is what a power cut during an append leaves, not tampering.
        if parsed.problem is not None and parsed.problem.reason != "torn_tail":
            raise BundleError(f"video_{parsed.problem.reason}", f"chain-{index} entry {parsed.problem.sequence}")
        start = parsed.entries[0]
        if start.get("chain_index") != index or start.get("format") != entries.FORMAT:
            raise BundleError("video_malformed", f"chain-{index}: chain_start")
        expected_link = None if previous is None else {"chain_id": previous.chain_id, "head_hash": previous.head_hash,
                                                       "entry_count": len(previous.entries)}
        if start.get("previous_chain") != expected_link:
            raise BundleError("video_chain_link_broken", f"chain-{index}")
        if start.get("encrypted") is not True:
            raise BundleError("video_plaintext_chain", f"chain-{index}")
        for entry in parsed.segments():
            if entry.get("encrypted") is not True:
                raise BundleError("video_plaintext_chain", f"chain-{index} entry {entry.get('sequence')}")
            if entry.get("file") != segment_file_name(entry["sequence"], True):
                raise BundleError("video_malformed", f"chain-{index} entry {entry['sequence']}: file name")
        previous = parsed


def verify_bundle_video(contents: ArchiveContents, expected_heads: list) -> int:
    """The bundle's video: chains intact, linked and encrypted, heads as the manifest says, every
    segment present with its plaintext hash and size, nothing else. Returns the number of segments."""
    chains = bundle_chains(contents.held)
    heads = [chain_head(parsed, index) for index, parsed in chains]
    if heads != expected_heads:
        raise BundleError("video_head_mismatch", f"{len(heads)} chains, manifest names {len(expected_heads)}")
    present: dict[int, set[str]] = {}
    for name in contents.digests:
        index = video_chain_of(name)
        if index is not None:
            present.setdefault(index, set()).add(name)
    count = 0
    for index, parsed in chains:
        listed = {chain_member(index)}
        for entry in parsed.segments():
            name = segment_member(index, entry["sequence"])
            listed.add(name)
            digest = contents.digests.get(name)
            if digest is None:
                raise BundleError("video_missing_segment", name)
            if (digest.size, digest.sha256) != (entry.get("plaintext_size"), entry.get("plaintext_sha256")):
                raise BundleError("video_segment_hash_mismatch", name)
            count += 1
        extra = sorted(present.pop(index, set()) - listed)
        if extra:
            raise BundleError("video_extra_file", extra[0])
    if present:
        raise BundleError("video_chain_file_missing", f"chain-{min(present)}")
    return count


def segment_plaintext(path: Path, chain_id: str, sequence: int, segment_key: bytes) -> Iterator[bytes]:
    """A sealed segment's MP4 bytes, 256 KiB at a time, each chunk authenticated (ChunkStreamError
    otherwise); only the end of the iteration proves the segment whole."""
    with open(path, "rb") as stream:
        yield from decrypt_chunks(stream, segment_key, segment_context(chain_id, sequence), CHUNK_SIZE)
