"""The video of a visit inside a bundle: the segment chains' JSONL files unchanged, and every
segment as its plaintext MP4 (`video/chain-N/segment-NNNNNN.mp4`), so a reviewer with only the
age identity can play it. The chain entries already carry each segment's plaintext hash and
size, so the chain proves the MP4s; the ciphertext fields describe the laptop's copy only."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assessment_app.bundle.errors import BundleError
from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ParsedChain, chain_directories, read_chain

VIDEO_DIR = "video"


def bundle_segment_name(sequence: int) -> str:
    return f"segment-{sequence:06d}.mp4"


def chain_head(parsed: ParsedChain, index: int) -> dict:
    return {"index": index, "chain_id": parsed.chain_id, "head_hash": parsed.head_hash,
            "entry_count": len(parsed.entries)}


def read_chains(visit_directory: Path) -> list[tuple[int, ParsedChain]]:
    """Each chain of a visit directory, checked for hashes, order and links; BundleError
    video_<reason> (chain_missing, hash_mismatch, sequence_gap, chain_link_broken, ...) names the first problem."""
    chains = []
    previous: ParsedChain | None = None
    for expected, directory in enumerate(chain_directories(visit_directory), start=1):
        index = int(directory.name.split("-")[1])
        if index != expected:
            raise BundleError("video_chain_missing", f"chain-{expected}")
        parsed = read_chain(directory)
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
        chains.append((index, parsed))
        previous = parsed
    return chains


def verify_bundle_video(visit_directory: Path, expected_heads: list) -> int:
    """The extracted video: chains intact and linked, heads as the manifest says, every segment
    present with its plaintext hash and size, nothing else. Returns the number of segments."""
    chains = read_chains(visit_directory)
    heads = [chain_head(parsed, index) for index, parsed in chains]
    if heads != expected_heads:
        raise BundleError("video_head_mismatch", f"{len(heads)} chains, manifest names {len(expected_heads)}")
    count = 0
    for index, parsed in chains:
        listed = {entries.CHAIN_FILE}
        for entry in parsed.segments():
            name = bundle_segment_name(entry["sequence"])
            listed.add(name)
            path = parsed.directory / name
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise BundleError("video_missing_segment", f"chain-{index}/{name}") from None
            if len(data) != entry.get("plaintext_size") or hashlib.sha256(data).hexdigest() != entry.get(
                    "plaintext_sha256"):
                raise BundleError("video_segment_hash_mismatch", f"chain-{index}/{name}")
            count += 1
        extra = sorted(path.name for path in parsed.directory.iterdir() if path.name not in listed)
        if extra:
            raise BundleError("video_extra_file", f"chain-{index}/{extra[0]}")
    return count
