# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload queue from the main window: the toolbar opens it (one window, not modal); on a
laptop that cannot upload it says why, and nothing is cut off at 1366×768. (The queue at work,
against a real agency server: tests/agency/test_upload_gui.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction

pytestmark = pytest.mark.gui
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_toolbar_opens_the_queue_which_says_why_this_laptop_cannot_upload(main_window, qtbot, language):
    main_window.set_language(language)
    try:
        action = main_window.findChild(QAction, "uploadQueueAction")
        assert action.text() == ("上传队列…" if language == "zh_CN" else "Upload queue…")
        action.trigger()
        dialog = main_window.upload_queue
        qtbot.waitExposed(dialog)
        assert dialog.isVisible() and not dialog.isModal() and dialog.table.rowCount() == 0
        assert dialog.empty.isVisible()
        expected = "本机尚未导入机构配置包" if language == "zh_CN" else "holds no agency package"
        assert expected in dialog.server.text()
        action.trigger()
        assert main_window.upload_queue is dialog  # one window
        assert main_window.minimumSizeHint().width() <= 1366
        ARTIFACTS.mkdir(exist_ok=True)
        qtbot.wait(100)
        main_window.grab().save(str(ARTIFACTS / f"main-window-toolbar-{language}.png"))
        dialog.grab().save(str(ARTIFACTS / f"upload-queue-empty-{language}.png"))
        dialog.close()
    finally:
        main_window.set_language("zh_CN")
