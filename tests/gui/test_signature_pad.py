# SPDX-License-Identifier: GPL-3.0-or-later
"""The signature pad takes real pointer input, refuses a mere tap, and exports the ink as PNG."""

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from assessment_app.ui.widgets.signature_pad import EXPORT_SIZE, SignaturePad

pytestmark = pytest.mark.gui


@pytest.fixture
def pad(qtbot, ui_language):
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(500, 220)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _drag(canvas, points):
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1]))


def _ink_pixels(png: bytes) -> int:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image.shape == (EXPORT_SIZE.height(), EXPORT_SIZE.width())
    return int((image < 128).sum())


def test_a_drawn_signature_counts_and_exports_its_ink(pad, qtbot):
    with qtbot.waitSignal(pad.changed) as signal:
        _drag(pad.canvas, [(20, 80), (60, 40), (100, 90), (140, 40), (200, 95), (260, 50)])
    assert signal.args == [True]
    assert pad.has_signature()
    assert _ink_pixels(pad.to_png()) > 500


def test_a_tap_is_not_a_signature(pad):
    _drag(pad.canvas, [(50, 50), (52, 51)])
    assert not pad.has_signature()


def test_clear_starts_again(pad, qtbot):
    pad.canvas.draw_stroke([(10, 10), (200, 100), (300, 20)])
    assert pad.has_signature()
    with qtbot.waitSignal(pad.changed) as signal:
        qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert signal.args == [False]
    assert _ink_pixels(pad.to_png()) == 0
