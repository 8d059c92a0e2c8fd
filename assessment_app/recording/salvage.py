"""Salvaging the segment a crash interrupted: its complete fragments become a sealed segment.

Segments are fragmented MP4 (a fragment every 0.5 s) whose header carries the segment's start
on the visit timeline, so a `current.part` left by kill -9 or a power cut is readable up to its
last complete fragment. The readable packets are copied (not re-encoded) into a clean MP4,
which is then sealed like any other segment; whatever does not decode is lost. A crash thus
loses at most the fragment in progress instead of the segment in progress.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

import av

from assessment_app.recording.decoding import UndecodableSegment, count_decodable_frames
from assessment_app.recording.encoder import START_METADATA_KEY


@dataclass(frozen=True)
class SalvagedPart:
    start_ms: int
    end_ms: int
    start_wall_ms: int
    end_wall_ms: int
    frame_count: int
    audio: bool


def _copy_readable_packets(part: Path, target: Path) -> tuple[dict, int]:
    """Remux until the first unreadable packet; returns the start description and the last video time (ms)."""
    last_video_ms = -1
    with av.open(str(part), "r") as source:
        start = json.loads(source.metadata.get(START_METADATA_KEY, "null"))
        if not isinstance(start, dict):
            raise ValueError("the part has no start description")
        with av.open(str(target), "w", format="mp4") as output:
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
    return start, last_video_ms


def salvage_part(part: Path, target: Path) -> SalvagedPart | None:
    """Write the decodable beginning of `part` to `target` as a clean MP4; None when nothing is usable."""
    try:
        start, last_video_ms = _copy_readable_packets(part, target)
        frames, has_audio = count_decodable_frames(target.read_bytes())
        if frames < 1 or last_video_ms < 0:
            raise ValueError("no complete frame")
        duration = last_video_ms + int(start["frame_ms"])
        return SalvagedPart(int(start["start_ms"]), int(start["start_ms"]) + duration, int(start["start_wall_ms"]),
                            int(start["start_wall_ms"]) + duration, frames, has_audio)
    except (av.FFmpegError, OSError, ValueError, KeyError, TypeError, UndecodableSegment):
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return None
