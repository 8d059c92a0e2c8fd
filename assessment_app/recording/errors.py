# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of the recording layer; each carries a `.reason` code for messages/recording_text.py."""

from __future__ import annotations

from assessment_app.errors import AppError
from assessment_app.recording.still_capture import CameraUnavailable

__all__ = ["CameraUnavailable", "MicrophoneUnavailable", "RecordingError"]


class RecordingError(AppError):
    """A refused or failed recording operation: `reason` is the code, `detail` the specifics."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class MicrophoneUnavailable(RecordingError):
    """No audio input device, or it cannot be opened; the visit is then recorded without sound."""

    def __init__(self, detail: str = ""):
        super().__init__("microphone_unavailable", detail)
