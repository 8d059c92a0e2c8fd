# SPDX-License-Identifier: GPL-3.0-or-later
"""Decoding a segment's MP4 bytes in memory with PyAV: used by playback and by verification."""

from __future__ import annotations

import io
from collections.abc import Iterator

import av
import numpy as np

from assessment_app.errors import AppError


class UndecodableSegment(AppError):
    reason = "undecodable"


def decoded_frames(mp4: bytes, pixel_format: str = "rgb24") -> Iterator[tuple[int, np.ndarray]]:
    """(milliseconds from the segment's first frame, picture) for every video frame."""
    try:
        with av.open(io.BytesIO(mp4), mode="r", format="mp4") as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                position = round(float(frame.time) * 1000) if frame.time is not None else 0
                yield position, frame.to_ndarray(format=pixel_format)
    except (av.FFmpegError, IndexError, ValueError) as exc:
        raise UndecodableSegment(str(exc)) from None


def count_decodable_frames(mp4: bytes) -> tuple[int, bool]:
    """How many video frames decode, and whether there is an audio stream that decodes too."""
    try:
        with av.open(io.BytesIO(mp4), mode="r", format="mp4") as container:
            if not container.streams.video:
                raise UndecodableSegment("no video stream")
            frames = sum(1 for _ in container.decode(video=0))
        has_audio = False
        with av.open(io.BytesIO(mp4), mode="r", format="mp4") as container:
            if container.streams.audio:
                has_audio = any(True for _ in container.decode(audio=0))
        return frames, has_audio
    except (av.FFmpegError, ValueError) as exc:
        raise UndecodableSegment(str(exc)) from None
