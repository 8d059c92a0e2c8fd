# SPDX-License-Identifier: GPL-3.0-or-later
"""The self-test's one look at Qt: the platform plugin loads, fonts and a real window work, a
PDF is shown from memory the way drafts are (QtPdf and QtPdfWidgets are in the build), and a plot
is drawn the way the 统计与稽核 page draws it (QtCharts is in the build)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from forms import default_registry

from assessment_app.ui.calculator.calculator_window import CalculatorWindow
from assessment_app.ui.widgets.pdf_preview import PdfPreviewDialog


def show_calculator_once() -> str:
    app = _application()
    window = CalculatorWindow(default_registry().get("cn-ltc-2021"))
    window.show()
    app.processEvents()
    shown = window.isVisible()
    window.close()
    window.deleteLater()
    app.processEvents()
    if not shown:
        raise RuntimeError("the calculator window did not show")
    return f"platform {app.platformName()}"


def show_pdf_from_memory_once() -> str:
    """A one-page PDF (a black square in an empty margin) is loaded from bytes by the preview
    dialog, shown, and its page rendered: the square must come out dark, the margin clear."""
    app = _application()
    dialog = PdfPreviewDialog(_square_pdf(), "selftest", "selftest.pdf", save=_refuse_save, language="en")
    dialog.show()
    app.processEvents()
    try:
        status, pages = dialog.document.status(), dialog.page_count
        if status != QPdfDocument.Status.Ready or pages != 1:
            raise RuntimeError(f"the PDF preview did not load from memory: status {status.name}, {pages} pages")
        image = dialog.document.render(0, QSize(100, 100))
        centre, corner = QColor.fromRgba(image.pixel(50, 50)), QColor.fromRgba(image.pixel(2, 2))
        # The page background renders transparent (or white): only the square is opaque and dark.
        square_drawn = centre.alpha() == 255 and centre.lightness() < 64
        margin_clear = corner.alpha() == 0 or corner.lightness() > 192
        if image.isNull() or not (square_drawn and margin_clear):
            raise RuntimeError("the PDF page did not render")
    finally:
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    return "PDF from memory"


def draw_chart_once() -> str:
    """A two-assessor grade table drawn as the dashboard draws it and grabbed as the PDF export
    grabs it: the bars must come out coloured on a light background."""
    from assessment_app.ui.supervision.dashboard_charts import DashboardCharts
    from assessment_app.ui.supervision.dashboard_section import chart_image

    app = _application()
    rows = [{"assessor": assessor, "assessor_name": assessor, "visits": 10, "grade_code": code,
             "grade_label": {"zh_CN": f"等级{code}", "en": f"grade {code}"}, "observed": observed,
             "share": observed / 10, "agency_share": 0.5, "residual": 0.0, "chi_square": 0.0,
             "degrees_of_freedom": 1, "p_value": 1.0, "tested": False, "outlier": False}
            for assessor, counts in (("A", (5, 5)), ("B", (2, 8))) for code, observed in enumerate(counts)]
    chart = DashboardCharts().chart("grade_distribution", {"query": "grade_distribution", "rows": rows},
                                    "en")
    image = chart_image(chart, QSize(400, 240)).toImage()
    app.processEvents()
    colours = {QColor.fromRgb(image.pixel(x, y)).name() for x in range(0, 400, 8) for y in range(0, 240, 8)}
    if image.isNull() or len(colours) < 4:
        raise RuntimeError("the chart did not draw")
    return "chart drawn"


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Our own application object, offscreen: a self-test never opens a window on the desktop.
        app = QApplication([sys.argv[0] if sys.argv else "ltc-assess", "-platform", "offscreen"])
    return app


def _square_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 200))
    canvas.rect(50, 50, 100, 100, stroke=0, fill=1)
    canvas.save()
    return out.getvalue()


def _refuse_save(path: Path) -> Path:
    raise RuntimeError("the self-test never saves a copy")
