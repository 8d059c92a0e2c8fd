# SPDX-License-Identifier: GPL-3.0-or-later
"""Salvaging the segment a crash interrupted: its complete fragments become a sealed segment.

Segments are fragmented MP4 (a fragment every 0.5 s) whose header carries the segment's start
on the visit timeline, and the part on disk holds each complete fragment as an authenticated
record (recording/part_format.py), so a `current.part` left by kill -9 or a power cut yields
the MP4 up to its last complete fragment. Everything happens in memory: the readable packets
are copied (not re-encoded) into a clean MP4 with PyAV over in-memory files, which is then
sealed like any other segment; whatever does not decode is lost. A crash thus loses at most
the fragment in progress instead of the segment in progress.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass

import av

from assessment_app.recording.chain import ParsedChain, part_sealed_already
from assessment_app.recording.decoding import UndecodableSegment, count_decodable_frames
from assessment_app.recording.encoder import START_METADATA_KEY
from assessment_app.recording.part_format import BAD_HEADER, TAMPERED, read_part
from assessment_app.recording.segments import PART_NAME


@dataclass(frozen=True)
class SalvagedPart:
    start_ms: int
    end_ms: int
    start_wall_ms: int
    end_wall_ms: int
    frame_count: int
    audio: bool
    mp4: bytes


class _MemoryFile:
    """A seekable in-memory output for PyAV; unlike BytesIO it has no close() for PyAV to call."""

    def __init__(self):
        self._buffer = io.BytesIO()
        self.write, self.seek, self.tell = self._buffer.write, self._buffer.seek, self._buffer.tell

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()


def _copy_readable_packets(mp4: bytes) -> tuple[dict, int, bytes]:
    """Remux until the first unreadable packet: the start description, the last video time (ms), the new MP4."""
    last_video_ms = -1
    output_file = _MemoryFile()
    with av.open(io.BytesIO(mp4), "r", format="mp4") as source:
        start = json.loads(source.metadata.get(START_METADATA_KEY, "null"))
        if not isinstance(start, dict):
            raise ValueError("the part has no start description")
        with av.open(output_file, "w", format="mp4") as output:
            streams = {stream.index: output.add_stream_from_template(stream) for stream in source.streams}
            try:
                for packet in source.demux():
                    if packet.dts is None:
                        continue  # the demuxer's end-of-stream marker
                    # The packet at the cut can come back short; only a packet that decodes is copied.
                    packet.stream.codec_context.decode(packet)
                    if packet.stream.type == "video" and packet.pts is not None:
                        last_video_ms = max(last_video_ms, round(float(packet.pts * packet.time_base) * 1000))
                    packet.stream = streams[packet.stream.index]
                    output.mux(packet)
            except (av.FFmpegError, EOFError):
                pass  # the cut: everything before it is complete
    return start, last_video_ms, output_file.getvalue()


def salvage_segment(mp4_prefix: bytes) -> SalvagedPart | None:
    """The decodable beginning of an interrupted segment's MP4 as a clean MP4; None when nothing is usable."""
    if not mp4_prefix:
        return None
    try:
        start, last_video_ms, mp4 = _copy_readable_packets(mp4_prefix)
        frames, has_audio = count_decodable_frames(mp4)
        if frames < 1 or last_video_ms < 0:
            raise ValueError("no complete frame")
        duration = last_video_ms + int(start["frame_ms"])
        return SalvagedPart(int(start["start_ms"]), int(start["start_ms"]) + duration, int(start["start_wall_ms"]),
                            int(start["start_wall_ms"]) + duration, frames, has_audio, mp4)
    except (av.FFmpegError, OSError, ValueError, KeyError, TypeError, UndecodableSegment):
        return None


@dataclass(frozen=True)
class LeftoverPart:
    """The `current.part` a crash left in a chain directory, read in memory."""

    size: int
    mp4_prefix: bytes  # the authentic beginning of the segment's MP4 (empty when nothing is usable)
    # Why the part is not (wholly) usable: bad_header (not a part file, e.g. a plaintext part of an
    # older version), tampered (a record fails authentication: the records before it are used),
    # wrong_key / no_key (cannot be decrypted with the key at hand), no_chain, or None.
    problem: str | None
    sealed_already: bool  # the crash came after its segment was sealed and listed: a copy, not a loss


def read_leftover_part(parsed: ParsedChain, segment_key: bytes | None, key_id: str | None) -> LeftoverPart | None:
    """The chain's part, decrypted and checked up to its last complete record; None when there is none."""
    try:
        data = (parsed.directory / PART_NAME).read_bytes()
    except FileNotFoundError:
        return None
    if not parsed.entries:
        return LeftoverPart(len(data), b"", "no_chain", False)  # nothing says which chain or key it belongs to
    start = parsed.entries[0]
    if not start.get("encrypted"):
        # A --plain chain: the part is the plain MP4 itself; a copy of the last listed segment
        # when the crash came between listing it and removing the part.
        listed = parsed.segments()
        copy = bool(listed) and listed[-1].get("plaintext_sha256") == hashlib.sha256(data).hexdigest()
        return LeftoverPart(len(data), b"" if copy else data, None, copy)
    if segment_key is None:
        return LeftoverPart(len(data), b"", "no_key", False)
    if start.get("key_id") != key_id:
        return LeftoverPart(len(data), b"", "wrong_key", False)
    contents = read_part(data, segment_key, parsed.chain_id)
    if contents.ending == BAD_HEADER:
        return LeftoverPart(len(data), b"", "bad_header", False)
    if contents.sequence is not None and part_sealed_already(parsed, contents.sequence):
        return LeftoverPart(len(data), b"", None, True)
    return LeftoverPart(len(data), contents.plaintext, "tampered" if contents.ending == TAMPERED else None, False)
