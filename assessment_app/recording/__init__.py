# SPDX-License-Identifier: GPL-3.0-or-later
"""Capture sources, still images and the sealed, hash-chained, encrypted recording of a visit.

What the visit services and the UI use:
    session.RecordingSession   start / offset_ms / pause / resume / stop / status / latest_preview_frame
    linking.recording_was_interrupted   whether to offer resuming a visit's recording
    disk.preflight             space estimate before a visit
    playback.RecordingReader   timeline, seeking by visit offset, decoded frames for the player
    verify.verify_recording    chain, completeness and playability check
    sources                    camera, microphone and synthetic sources
Format: docs/formats/video-segments.md.
"""
