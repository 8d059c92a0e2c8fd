# SPDX-License-Identifier: GPL-3.0-or-later
"""The burnt-in watermark: agency, case number and date-time on every recorded frame.

Chinese agency names need a CJK font: the text is rendered with Pillow (installed with
reportlab) and the shipped WenQuanYi Micro Hei font, once per distinct text (so once per
second), into a mask that is stamped onto each frame with two array assignments. Without
Pillow or the font, OpenCV's Hershey font draws the text, which only has ASCII: other
characters then show as '?'.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import cv2
import numpy as np

from assessment_app.resources import resource_path

FONT_FILE = ("fonts", "wqy-microhei.ttc")
TEXT_LEVEL, OUTLINE_LEVEL = 255, 128


@dataclass(frozen=True)
class WatermarkText:
    agency: str
    case_number: str

    def line(self, moment: datetime.datetime) -> str:
        return f"{self.agency}  {self.case_number}  {moment.strftime('%Y-%m-%d %H:%M:%S')}"


class WatermarkStamper:
    """Stamps one line of text at the bottom left of frames of a fixed size."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self._font_size = max(10, height // 28)
        self._font = self._load_font(self._font_size)
        self._cached_text: str | None = None
        self._cached_mask: np.ndarray | None = None

    @staticmethod
    def _load_font(size: int):
        try:
            from PIL import ImageFont

            return ImageFont.truetype(str(resource_path(*FONT_FILE)), size)
        except (ImportError, OSError):
            return None

    @property
    def renders_cjk(self) -> bool:
        return self._font is not None

    def _mask(self, text: str) -> np.ndarray:
        if text != self._cached_text:
            self._cached_text, self._cached_mask = text, self._render(text)
        return self._cached_mask

    def _render(self, text: str) -> np.ndarray:
        strip_height = self._font_size * 2
        if self._font is not None:
            from PIL import Image, ImageDraw

            image = Image.new("L", (self.width, strip_height), 0)
            ImageDraw.Draw(image).text((self._font_size // 2, self._font_size // 3), text, font=self._font,
                                       fill=TEXT_LEVEL, stroke_width=max(1, self._font_size // 12),
                                       stroke_fill=OUTLINE_LEVEL)
            return np.asarray(image)
        mask = np.zeros((strip_height, self.width), np.uint8)
        ascii_text = text.encode("ascii", "replace").decode("ascii")
        scale, origin = self._font_size / 30, (self._font_size // 2, self._font_size * 3 // 2)
        cv2.putText(mask, ascii_text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, OUTLINE_LEVEL, 4, cv2.LINE_8)
        cv2.putText(mask, ascii_text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, TEXT_LEVEL, 1, cv2.LINE_8)
        return mask

    def stamp(self, frame: np.ndarray, text: str) -> np.ndarray:
        """A copy of `frame` with the text: the source's frame may be shared with the preview."""
        if frame.shape[1] != self.width or frame.shape[0] != self.height:
            frame = cv2.resize(frame, (self.width, self.height), interpolation=cv2.INTER_AREA)
        else:
            frame = frame.copy()
        mask = self._mask(text)
        strip = frame[self.height - mask.shape[0]:, :]
        strip[mask == OUTLINE_LEVEL] = 0
        strip[mask == TEXT_LEVEL] = 255
        return frame
