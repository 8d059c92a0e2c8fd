"""Opening a new chain for a visit: linked to the visit's previous chain when there is one.

After a crash (or a restart after a stop) the recording of a visit continues in chain n+1.
Its first entry names chain n's id and head hash; its second records the gap, measured on the
wall clock from chain n's last entry to now, since the monotonic clock did not survive the
restart. The visit timeline continues across the gap (docs/formats/video-segments.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import ChainWriter, chain_directories, chain_directory, read_chain
from assessment_app.recording.segments import PART_NAME, secure_remove


@dataclass
class OpenedChain:
    writer: ChainWriter
    chain_index: int
    origin_ms: int  # the visit timeline position at which this chain starts


def recording_was_interrupted(root: Path, visit_id: str) -> bool:
    """True when the visit's last chain ended without a closing entry: offer to resume the visit."""
    chains = chain_directories(Path(root) / visit_id)
    return bool(chains) and not read_chain(chains[-1]).closed


def remove_leftover_parts(visit_directory: Path) -> int:
    """A plaintext part left by a crash is neither sealed nor trusted: it goes; returns its size."""
    return sum(secure_remove(directory / PART_NAME) for directory in chain_directories(visit_directory))


def open_next_chain(visit_directory: Path, visit_id: str, now_wall_ms: int, lost_part_bytes: int,
                    start_fields: dict) -> OpenedChain:
    chains = chain_directories(visit_directory)
    previous = read_chain(chains[-1]) if chains else None
    origin_ms = gap_ms = 0
    if previous is not None:
        gap_ms = max(0, now_wall_ms - entries.last_wall_ms(previous.entries))
        origin_ms = entries.timeline_end_ms(previous.entries) + gap_ms
    index = (int(chains[-1].name.split("-")[1]) if chains else 0) + 1
    writer = ChainWriter(chain_directory(visit_directory, index), uuid.uuid4().hex)
    link = None if previous is None else {"chain_id": previous.chain_id, "head_hash": previous.head_hash,
                                          "entry_count": len(previous.entries)}
    writer.append(entries.CHAIN_START, format=entries.FORMAT, visit_id=visit_id, chain_index=index,
                  previous_chain=link, at_ms=origin_ms, wall_ms=now_wall_ms, **start_fields)
    if previous is not None:
        writer.append(entries.GAP, start_ms=origin_ms - gap_ms, end_ms=origin_ms, at_ms=origin_ms,
                      wall_ms=now_wall_ms, duration_ms=gap_ms, cause="restart" if previous.closed else "crash",
                      lost_part_bytes=lost_part_bytes)
    return OpenedChain(writer, index, origin_ms)
