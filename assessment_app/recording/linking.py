# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening a new chain for a visit: linked to the visit's previous chain when there is one.

After a crash (or a restart after a stop) the recording of a visit continues in chain n+1.
Its first entry names chain n's id and head hash. The authentic beginning of the segment the
crash interrupted is decrypted and remuxed in memory (recording/salvage.py) and sealed as the
new chain's first segment; then a `gap` entry records the time without video, measured on the
wall clock since the monotonic clock did not survive the restart. The visit timeline continues
across the gap (docs/formats/video-segments.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ChainWriter, chain_directories, chain_directory, read_chain
from assessment_app.recording.salvage import LeftoverPart, read_leftover_part, salvage_segment
from assessment_app.recording.segments import seal_segment, segment_entry_fields
from assessment_app.recording.sweep import sweep_visit


@dataclass
class OpenedChain:
    writer: ChainWriter
    chain_index: int
    origin_ms: int  # the visit timeline position at which this chain starts


def recording_was_interrupted(root: Path, visit_id: str) -> bool:
    """True when the visit's last chain ended without a closing entry: offer to resume the visit."""
    chains = chain_directories(Path(root) / visit_id)
    return bool(chains) and not read_chain(chains[-1]).closed


def open_next_chain(visit_directory: Path, visit_id: str, now_wall_ms: int, segment_key: bytes | None,
                    start_fields: dict, *, random_bytes: Callable[[int], bytes] = os.urandom) -> OpenedChain:
    """Chain n+1 of the visit (1 for the first), its `chain_start` and, after chain n, the salvaged
    segment and the `gap` entry. `random_bytes` draws the chain id (fixed only by the format vectors)."""
    chains = chain_directories(visit_directory)
    previous = read_chain(chains[-1]) if chains else None
    leftover: LeftoverPart | None = None
    if previous is not None and not previous.closed:
        leftover = read_leftover_part(previous, segment_key, start_fields.get("key_id"))
    salvaged = salvage_segment(leftover.mp4_prefix) if leftover is not None else None
    end_ms = entries.timeline_end_ms(previous.entries) if previous else 0
    end_wall_ms = entries.last_wall_ms(previous.entries) if previous else now_wall_ms
    if salvaged is not None:
        end_ms, end_wall_ms = max(end_ms, salvaged.end_ms), max(end_wall_ms, salvaged.end_wall_ms)
    gap_ms = max(0, now_wall_ms - end_wall_ms) if previous else 0
    origin_ms = end_ms + gap_ms
    index = (int(chains[-1].name.split("-")[1]) if chains else 0) + 1
    writer = ChainWriter(chain_directory(visit_directory, index), random_bytes(16).hex())
    link = None if previous is None else {"chain_id": previous.chain_id, "head_hash": previous.head_hash,
                                          "entry_count": len(previous.entries)}
    writer.append(entries.CHAIN_START, format=entries.FORMAT, visit_id=visit_id, chain_index=index,
                  previous_chain=link, at_ms=origin_ms, wall_ms=now_wall_ms, **start_fields)
    if salvaged is not None:
        sealed = seal_segment(salvaged.mp4, writer.next_sequence, writer.chain_id, segment_key, writer.directory,
                              random_bytes=random_bytes)
        writer.append(entries.SEGMENT, salvaged=True, **segment_entry_fields(
            sealed, start_ms=salvaged.start_ms, end_ms=salvaged.end_ms, start_wall_ms=salvaged.start_wall_ms,
            end_wall_ms=salvaged.end_wall_ms, frame_count=salvaged.frame_count, dropped_frames=0,
            audio=salvaged.audio))
    # The old chains are no longer the last: their parts (sealed above, or of no use) and any
    # other scratch go now.
    sweep_visit(visit_directory)
    if previous is not None:
        lost = 0 if leftover is None or salvaged is not None or leftover.sealed_already else leftover.size
        writer.append(entries.GAP, start_ms=end_ms, end_ms=origin_ms, at_ms=origin_ms, wall_ms=now_wall_ms,
                      duration_ms=gap_ms, cause="restart" if previous.closed else "crash",
                      lost_part_bytes=lost, salvaged_part=salvaged is not None,
                      part_problem=leftover.problem if leftover is not None else None)
    return OpenedChain(writer, index, origin_ms)
