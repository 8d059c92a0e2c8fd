# SPDX-License-Identifier: GPL-3.0-or-later
"""The one font every report uses: WenQuanYi Micro Hei, shipped in resources/fonts (Apache-2.0).

Every glyph on the page, digits and hashes included, is drawn with it, so `pdffonts` lists only
this embedded subset: a PDF that names one of the 14 standard fonts depends on the reader's
substitute, which a court copy must not.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from assessment_app.resources import resource_path

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")


def register_report_font() -> str:
    """Register once per process (reportlab keeps a global registry); returns the font name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        # subfontIndex 0 is the proportional face; reportlab embeds only the glyphs used.
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(resource_path(*FONT_FILE)), subfontIndex=0))
    return FONT_NAME


