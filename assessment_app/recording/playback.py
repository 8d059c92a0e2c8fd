# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a visit's recording back: the timeline (segments, pauses, gaps, events), seeking by
visit offset (an item marker), and decoded frames for the reviewer's player.

Segments are decrypted into memory only (a 2 s segment is a few hundred kilobytes), checked
against the plaintext hash of their chain entry, and decoded with PyAV.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assessment_app.recording import chain as entries
from assessment_app.recording.chain import chain_directories, read_chain
from assessment_app.recording.decoding import decoded_frames
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.segments import read_segment_plaintext, recordings_key
from assessment_app.storage.chunked_aead import ChunkStreamError


@dataclass(frozen=True)
class SegmentSpan:
    chain_index: int
    chain_id: str
    sequence: int
    path: Path
    start_ms: int
    end_ms: int
    frame_count: int
    audio: bool
    encrypted: bool
    plaintext_sha256: str


@dataclass(frozen=True)
class Interval:
    """A stretch of the visit without video: kind is pause, camera_lost, gap or stopped."""

    kind: str
    start_ms: int
    end_ms: int | None  # None: it lasted to the end of the recording
    reason_code: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Location:
    """Where a visit offset falls: in a segment (with the offset inside it) or in an interval."""

    offset_ms: int
    segment: SegmentSpan | None
    offset_in_segment_ms: int = 0
    interval: Interval | None = None


@dataclass(frozen=True)
class Timeline:
    segments: tuple[SegmentSpan, ...]
    intervals: tuple[Interval, ...]
    events: tuple[dict, ...]  # every non-segment chain entry, in order
    end_ms: int

    @property
    def pauses(self) -> tuple[Interval, ...]:
        return tuple(interval for interval in self.intervals if interval.kind == entries.PAUSE)

    @property
    def gaps(self) -> tuple[Interval, ...]:
        return tuple(interval for interval in self.intervals if interval.kind == entries.GAP)

    def locate(self, offset_ms: int) -> Location:
        for span in self.segments:
            if span.start_ms <= offset_ms < span.end_ms:
                return Location(offset_ms, span, offset_ms - span.start_ms)
        for interval in self.intervals:
            if interval.start_ms <= offset_ms and (interval.end_ms is None or offset_ms < interval.end_ms):
                return Location(offset_ms, None, interval=interval)
        return Location(offset_ms, None)


_OPENS = {entries.PAUSE: entries.RESUME, entries.CAMERA_LOST: entries.CAMERA_BACK}
_ENDS = (entries.STOP, entries.DISK_LOW_STOP, entries.WRITE_FAILED)


def build_timeline(visit_directory: Path) -> Timeline:
    chains = []
    for chain_dir in chain_directories(visit_directory):
        parsed = read_chain(chain_dir)
        if parsed.problem is not None and parsed.problem.reason != "torn_tail":
            raise RecordingError("recording_damaged", f"{chain_dir.name}: {parsed.problem.reason}")
        chains.append((chain_dir, parsed.entries))
    return timeline_of(chains)


def timeline_of(chains: Iterable[tuple[Path, Sequence[dict]]]) -> Timeline:
    """The timeline of checked chains, each as (its directory, its entries in order); also used by
    the agency server, which reads the chain files from a stored bundle."""
    segments, intervals, events = [], [], []
    for chain_dir, chain_entries in chains:
        chain_id = chain_entries[0]["chain_id"]
        index = chain_entries[0]["chain_index"]
        open_intervals: dict[str, dict] = {}
        for entry in chain_entries:
            kind = entry["type"]
            if kind == entries.SEGMENT:
                segments.append(SegmentSpan(index, chain_id, entry["sequence"], chain_dir / entry["file"],
                                            entry["start_ms"], entry["end_ms"], entry["frame_count"], entry["audio"],
                                            entry["encrypted"], entry["plaintext_sha256"]))
                continue
            events.append(entry)
            if kind in _OPENS:
                open_intervals[_OPENS[kind]] = entry
            elif kind in open_intervals:
                opened = open_intervals.pop(kind)
                intervals.append(Interval(opened["type"], opened["at_ms"], entry["at_ms"], opened.get("reason_code"),
                                          opened.get("text")))
            elif kind == entries.GAP:
                intervals.append(Interval(entries.GAP, entry["start_ms"], entry["end_ms"], entry.get("cause")))
        # A pause still open when the chain ended lasts until the next chain's gap, or the end.
        chain_end = entries.timeline_end_ms(chain_entries)
        for opened in open_intervals.values():
            intervals.append(Interval(opened["type"], opened["at_ms"], chain_end, opened.get("reason_code"),
                                      opened.get("text")))
    end_ms = max([span.end_ms for span in segments] + [event.get("at_ms", 0) for event in events], default=0)
    if events and events[-1]["type"] in _ENDS:
        # Why the recording ended (user stop, disk full, write error) covers everything after it.
        intervals.append(Interval("stopped", events[-1]["at_ms"], None, events[-1]["type"]))
    return Timeline(tuple(segments), tuple(sorted(intervals, key=lambda i: i.start_ms)), tuple(events), end_ms)


class RecordingReader:
    """The recording of one visit, for the reviewer's player. `data_key` None reads --plain recordings."""

    def __init__(self, root: Path, visit_id: str, data_key: bytes | None = None):
        self.visit_directory = Path(root) / visit_id
        self._segment_key = recordings_key(data_key) if data_key is not None else None
        self.timeline = build_timeline(self.visit_directory)
        self._cached: tuple[SegmentSpan, bytes] | None = None

    def segment_bytes(self, span: SegmentSpan) -> bytes:
        """The segment's MP4, decrypted and checked against its chain entry."""
        if self._cached is not None and self._cached[0] == span:
            return self._cached[1]
        if span.encrypted and self._segment_key is None:
            raise RecordingError("key_required")
        try:
            mp4 = read_segment_plaintext(span.path, span.chain_id, span.sequence,
                                         self._segment_key if span.encrypted else None)
        except FileNotFoundError:
            raise RecordingError("segment_missing", span.path.name) from None
        except ChunkStreamError as exc:
            raise RecordingError("recording_damaged", f"{span.path.name}: {exc.reason}") from None
        if hashlib.sha256(mp4).hexdigest() != span.plaintext_sha256:
            raise RecordingError("recording_damaged", f"{span.path.name}: plaintext hash")
        self._cached = (span, mp4)
        return mp4

    def frames(self, span: SegmentSpan) -> Iterator[tuple[int, np.ndarray]]:
        """(visit offset in ms, RGB frame) for every frame of one segment."""
        for position, picture in decoded_frames(self.segment_bytes(span)):
            yield span.start_ms + position, picture

    def frame_at(self, offset_ms: int) -> np.ndarray | None:
        """The RGB frame shown at this visit offset; None inside a pause, gap or outside the recording."""
        location = self.timeline.locate(offset_ms)
        if location.segment is None:
            return None
        shown = None
        for position, picture in self.frames(location.segment):
            if position > offset_ms and shown is not None:
                break
            shown = picture
        return shown

    def play(self, from_ms: int = 0) -> Iterator[tuple[int, np.ndarray]]:
        """Frames in order from a visit offset on, skipping pauses and gaps."""
        shown_at_start = None  # the frame already on screen at from_ms, if from_ms falls between frames
        for span in self.timeline.segments:
            if span.end_ms <= from_ms:
                continue
            for position, picture in self.frames(span):
                if position <= from_ms:
                    shown_at_start = (position, picture)
                    continue
                if shown_at_start is not None:
                    yield shown_at_start
                    shown_at_start = None
                yield position, picture
        if shown_at_start is not None:
            yield shown_at_start
