# SPDX-License-Identifier: GPL-3.0-or-later
"""A story of flowables to PDF bytes on A4 with the running header and footer."""

from __future__ import annotations

import io

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from assessment_app.reports.fonts import FONT_NAME
from assessment_app.reports.page_frame import PageDecoration, decorated_canvas
from assessment_app.reports.styles import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_SIZE

CREATOR = "ltc-assess report engine"


def build_pdf(story: list, decoration: PageDecoration, *, title: str, subject: str = "") -> bytes:
    out = io.BytesIO()
    document = BaseDocTemplate(
        out, pagesize=PAGE_SIZE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, subject=subject, creator=CREATOR, author=decoration.header_left,
        # Same content, same bytes: no creation-date drift and no random document id.
        invariant=True,
        # Our font from the first byte: reportlab's default preamble font is Helvetica, which would
        # land in the file unembedded.
        initialFontName=FONT_NAME, initialFontSize=10,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=decorated_canvas(decoration))
    return out.getvalue()
