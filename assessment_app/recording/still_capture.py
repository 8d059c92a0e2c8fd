# SPDX-License-Identifier: GPL-3.0-or-later
"""One still image from a camera (document scans, ID card and face photos), or a synthetic one.

OpenCV opens the camera; when there is none (a test machine, a laptop without a webcam) the
built-in synthetic camera gives a clearly labelled test image instead, so every flow can be
walked through. Images leave here as JPEG bytes and go straight into the encrypted store.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import cv2
import numpy as np

from assessment_app.errors import AppError

JPEG_QUALITY = 90
SYNTHETIC_SIZE = (1280, 720)


class CameraUnavailable(AppError, RuntimeError):
    """No camera at this index, or it is busy or gave no frame."""

    reason = "camera_unavailable"


@dataclass(frozen=True)
class StillImage:
    jpeg: bytes
    width: int
    height: int
    synthetic: bool


def _encode(frame: np.ndarray) -> bytes:
    ok, buffer = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise CameraUnavailable("the frame could not be encoded")
    return buffer.tobytes()


def capture_from_camera(device_index: int = 0, warm_up_frames: int = 5) -> StillImage:
    # A missing camera is an expected case here, reported by CameraUnavailable, not by
    # OpenCV's own log lines on stderr.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    capture = cv2.VideoCapture(device_index)
    try:
        if not capture.isOpened():
            raise CameraUnavailable(f"camera {device_index} cannot be opened")
        frame = None
        # The first frames of many webcams are dark while exposure settles.
        for _ in range(max(1, warm_up_frames)):
            ok, candidate = capture.read()
            if ok:
                frame = candidate
        if frame is None:
            raise CameraUnavailable(f"camera {device_index} gave no image")
        height, width = frame.shape[:2]
        return StillImage(_encode(frame), width, height, synthetic=False)
    finally:
        capture.release()


def synthetic_still(moment: datetime.datetime, label: str = "SYNTHETIC CAMERA") -> StillImage:
    """A test card with the time burnt in: obviously not a real photo of anyone."""
    width, height = SYNTHETIC_SIZE
    x = np.linspace(0, 255, width, dtype=np.uint8)
    frame = np.dstack([np.tile(x, (height, 1)), np.tile(x[::-1], (height, 1)),
                       np.full((height, width), 96, np.uint8)])
    for index, colour in enumerate([(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0),
                                    (255, 0, 255), (0, 0, 255), (255, 0, 0)]):
        cv2.rectangle(frame, (80 + index * 160, 120), (200 + index * 160, 320), colour, -1)
    cv2.putText(frame, label, (80, 450), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (255, 255, 255), 4, cv2.LINE_AA)
    cv2.putText(frame, moment.strftime("%Y-%m-%d %H:%M:%S %Z"), (80, 540), cv2.FONT_HERSHEY_SIMPLEX, 1.5,
                (255, 255, 255), 3, cv2.LINE_AA)
    return StillImage(_encode(frame), width, height, synthetic=True)


def capture_still(moment: datetime.datetime, device_index: int | None = 0) -> StillImage:
    """A camera image, or the synthetic one when no camera is configured or available."""
    if device_index is not None:
        try:
            return capture_from_camera(device_index)
        except CameraUnavailable:
            pass
    return synthetic_still(moment)
