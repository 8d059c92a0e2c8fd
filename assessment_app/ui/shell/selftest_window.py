"""The self-test's one look at Qt: the platform plugin loads, fonts and a real window work."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from forms import default_registry

from assessment_app.ui.calculator.calculator_window import CalculatorWindow


def show_calculator_once() -> str:
    app = QApplication.instance()
    if app is None:
        # Our own application object, offscreen: a self-test never opens a window on the desktop.
        app = QApplication([sys.argv[0] if sys.argv else "ltc-assess", "-platform", "offscreen"])
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
