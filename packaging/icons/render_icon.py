# SPDX-License-Identifier: GPL-3.0-or-later
"""Draws the application icon (resources/icons/) from this script: a clipboard with a check mark
and 评 in the shipped WenQuanYi font. Run it again after changing the design:

    .venv/bin/python packaging/icons/render_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = (16, 24, 32, 48, 64, 128, 256)
TEAL, WHITE, PAPER = (0, 105, 120, 255), (255, 255, 255, 255), (245, 248, 250, 255)


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 16
    pen.rounded_rectangle((unit, unit, size - unit, size - unit), radius=3 * unit, fill=TEAL)
    pen.rounded_rectangle((3.5 * unit, 3 * unit, size - 3.5 * unit, size - 2.5 * unit), radius=unit, fill=PAPER)
    pen.rounded_rectangle((6 * unit, 2 * unit, size - 6 * unit, 4 * unit), radius=0.6 * unit, fill=(40, 60, 70, 255))
    font = ImageFont.truetype(str(FONT), int(6.5 * unit))
    pen.text((size / 2, 8.3 * unit), "评", font=font, fill=TEAL, anchor="mm")
    pen.line([(5.5 * unit, 11.8 * unit), (7.3 * unit, 13.3 * unit), (10.6 * unit, 10.6 * unit)],
             fill=(30, 150, 70, 255), width=int(1.0 * unit), joint="curve")
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    master = draw()
    for size in SIZES:
        master.resize((size, size), Image.Resampling.LANCZOS).save(ICONS / f"ltc-assess-{size}.png", optimize=True)
    master.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "ltc-assess.ico", sizes=[(s, s) for s in SIZES])


if __name__ == "__main__":
    main()
