# SPDX-License-Identifier: GPL-3.0-or-later
"""A visit's video on the agency server, for the reviewer's player: the timeline from the record
view, each segment fetched by byte range (the server decrypts exactly the chunks that hold it,
agency/review_api.get_segment) into memory, checked against the plaintext SHA-256 of its chain
entry, and decoded from memory (recording/decoding.py). Nothing of it is written anywhere: no
temporary file, no cache on disk; the one segment being played is held in memory, as the local
reader holds its decrypted segment.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_client import ReviewClient
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.playback import Interval, RecordingReader, SegmentSpan, Timeline

# One request per 256 KiB: a 2 s segment is one or two requests, and a seek never waits for more
# than the segment it lands in.
RANGE_BYTES = 256 * 1024


def timeline_from_json(document: dict | None) -> Timeline:
    """The server's timeline (agency/record_extraction._timeline) as the player's Timeline."""
    if not document:
        raise RecordingError("no_recording")
    segments = tuple(SegmentSpan(span["chain"], "", span["sequence"], PurePosixPath(span["member"]),
                                 span["start_ms"], span["end_ms"], span["frame_count"], bool(span.get("audio")),
                                 True, span["plaintext_sha256"]) for span in document.get("segments", []))
    intervals = tuple(Interval(interval["kind"], interval["start_ms"], interval["end_ms"], interval.get("reason_code"),
                               interval.get("text")) for interval in document.get("intervals", []))
    return Timeline(segments, intervals, (), int(document.get("end_ms") or 0))


class RemoteRecording(RecordingReader):
    """RecordingReader over the review desk: the same seeking and frames, other segment bytes."""

    def __init__(self, client: ReviewClient, visit_id: str, timeline: dict | None):
        self.client, self.visit_id = client, visit_id
        self.timeline = timeline_from_json(timeline)
        self._sizes = {(span["chain"], span["sequence"]): int(span["size"]) for span in timeline.get("segments", [])}
        self._cached: tuple[SegmentSpan, bytes] | None = None
        self.requests = 0  # how many ranges were asked for (the test reads it)

    def segment_bytes(self, span: SegmentSpan) -> bytes:
        if self._cached is not None and self._cached[0] == span:
            return self._cached[1]
        size = self._sizes[(span.chain_index, span.sequence)]
        mp4 = bytearray()
        try:
            while len(mp4) < size:
                last = min(size, len(mp4) + RANGE_BYTES) - 1
                status, _, piece = self.client.segment(self.visit_id, span.chain_index, span.sequence,
                                                       byte_range=(len(mp4), last))
                self.requests += 1
                if status != 206 or len(piece) != last - len(mp4) + 1:
                    raise RecordingError("recording_damaged", f"{span.path.name}: range {len(mp4)}-{last}")
                mp4 += piece
        except AgencyError as error:  # the server refused or cannot be reached: said as the server said it
            raise RecordingError("segment_unavailable", f"{span.path.name}: {error.reason}") from error
        if hashlib.sha256(mp4).hexdigest() != span.plaintext_sha256:
            raise RecordingError("recording_damaged", f"{span.path.name}: plaintext hash")
        self._cached = (span, bytes(mp4))
        return self._cached[1]
