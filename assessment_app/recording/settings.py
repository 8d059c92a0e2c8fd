# SPDX-License-Identifier: GPL-3.0-or-later
"""What a recording looks like: size, rate, segment length, codec settings and safety margins."""

from __future__ import annotations

from dataclasses import dataclass

# Reason codes a pause may carry (issue 6): privacy while bathing or toileting, the applicant
# asked, or anything else with a written explanation.
PAUSE_REASONS = ("privacy_bathing", "privacy_toileting", "applicant_request", "other")
PAUSE_REASON_NEEDING_TEXT = "other"


@dataclass(frozen=True)
class RecordingSettings:
    width: int = 1280
    height: int = 720
    fps: int = 25
    # About 2 s: a crash loses at most the segment in progress (design section 4).
    segment_ms: int = 2000
    crf: int = 23
    # veryfast keeps 720p realtime on a 2-core laptop with the UI running; see bench/recording.py.
    preset: str = "veryfast"
    audio: bool = True
    audio_sample_rate: int = 48000
    audio_bitrate: int = 64_000
    # Frames waiting for the encoder; beyond this a frame is dropped (and counted) so that the
    # recording never falls behind real time. One second of video by default.
    queue_frames: int = 0
    disk_margin_bytes: int = 500 * 1024 * 1024
    camera_retry_seconds: float = 1.0
    # Used only by the preflight estimate; bench/recording.py measures the real figure.
    estimated_bits_per_pixel: float = 0.08

    def __post_init__(self):
        # 4:2:0 chroma halves both dimensions: H.264 in yuv420p needs even sizes.
        if self.width < 16 or self.height < 16 or self.width % 2 or self.height % 2:
            raise ValueError("width and height must be even and at least 16")
        if self.fps <= 0 or self.segment_ms <= 0:
            raise ValueError("fps and segment length must be positive")

    @property
    def queue_size(self) -> int:
        return self.queue_frames or max(4, self.fps)

    @property
    def frame_interval(self) -> float:
        return 1.0 / self.fps

    def describe(self) -> dict:
        """The settings a reader needs, as they go into the chain's first entry."""
        return {"width": self.width, "height": self.height, "fps": self.fps, "segment_ms": self.segment_ms,
                "crf": self.crf, "preset": self.preset, "audio": self.audio,
                "audio_sample_rate": self.audio_sample_rate}
