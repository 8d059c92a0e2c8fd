# SPDX-License-Identifier: GPL-3.0-or-later
"""The app in a child process, to be killed with SIGKILL mid-visit (tests/gui/test_visit_crash_resume.py).

Opens the real main window on a prepared data directory, drives a visit through the visit page
the way tests/gui/test_visit_page.py does (second expert through the login dialog, declarations,
identity, informant, consent signature, synthetic camera at 320×180@10 fps with 1 s segments),
then answers one item about every 150 ms and prints `ANSWERED <item_id>` once the answer is
committed. It never ends by itself: the parent kills it.

    python tests/gui/visit_crash_child.py DATA_DIR CASE_ID
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's credential store
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton  # noqa: E402

from forms import default_registry  # noqa: E402

from assessment_app.recording.settings import RecordingSettings  # noqa: E402
from assessment_app.services.case_records import open_case_records  # noqa: E402
from assessment_app.services.visit_recording import RecordingChoice  # noqa: E402
from assessment_app.ui.shell.i18n import UiLanguage  # noqa: E402
from assessment_app.ui.shell.main_window import MainWindow  # noqa: E402
from assessment_app.ui.shell.theme import apply_theme  # noqa: E402
from assessment_app.ui.shell.work_context import WorkContext  # noqa: E402
from assessment_app.ui.visit.visit_page import CONSENT, IDENTITY, ITEMS  # noqa: E402

from tests.gui.dialog_driver import drive_dialog, sign_in_step  # noqa: E402
from tests.gui.records_fixtures import NOW, PASSPHRASE, reopen, sign_in_as  # noqa: E402

SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=1024 * 1024)
ANSWER_EVERY_MS = 150


class Bot:
    """The few pytest-qt calls the dialog driver and the steps use, on plain QTest."""

    def keyClicks(self, widget, text):  # noqa: N802 - the pytest-qt name
        QTest.keyClicks(widget, text)

    def keyClick(self, widget, key):  # noqa: N802
        QTest.keyClick(widget, key)

    def mouseClick(self, widget, button):  # noqa: N802
        QTest.mouseClick(widget, button)

    def waitUntil(self, condition, timeout=15000):  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met")
            QApplication.processEvents()
            time.sleep(0.02)


def click(bot, parent, name):
    button = parent.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    bot.mouseClick(button, Qt.MouseButton.LeftButton)


def begin(bot, window, case_id):
    window.open_case(case_id)
    page = window.visit
    click(bot, window.case_detail, "visitButton")
    drive_dialog(bot, "loginDialog", [sign_in_step(bot, "DEMO-A-002", "demo-a-002")])
    click(bot, page.start_step, "secondExpertButton")
    for name in ("firstDeclaration", "secondDeclaration"):
        page.start_step.findChild(QCheckBox, name).setChecked(True)
    click(bot, page.start_step, "startVisitButton")
    assert page.steps.currentIndex() == IDENTITY
    identity = page.identity_step
    for name in ("camera:id_card", "camera:face"):
        click(bot, identity, name)
    identity.matches.setChecked(True)
    identity.informant_name.setText("测试王小明")
    identity.informant_phone.setText("13912345678")
    click(bot, identity, "identityContinueButton")
    assert page.steps.currentIndex() == CONSENT, identity.problem.text()
    page.consent_step.pad.canvas.draw_stroke([(20, 60), (80, 20), (140, 90), (220, 30), (300, 80)])
    click(bot, page.consent_step, "consentButton")
    assert page.steps.currentIndex() == ITEMS
    bot.waitUntil(lambda: page.recording.status().segments_sealed >= 1)
    return page


def answer_items(bot, page):
    """One item every ANSWER_EVERY_MS, by its number key, each reported once committed."""
    items = list(page.context.form.items)

    def next_answer():
        if not items:
            return
        item = items.pop(0)
        page.items_step.show_item(item.id)
        bot.keyClick(page.items_step, str(len(item.options)))
        if page.answers.get(item.id) is not None:  # the page reloads the stored answers after the commit
            print(f"ANSWERED {item.id}", flush=True)
        QTimer.singleShot(ANSWER_EVERY_MS, next_answer)

    QTimer.singleShot(0, next_answer)


def main(data_dir: str, case_id: str) -> None:
    app = QApplication([])
    apply_theme(app)
    language = UiLanguage(app)
    language.switch("zh_CN")
    records = open_case_records(Path(data_dir), PASSPHRASE)
    context = WorkContext(records, default_registry().get("cn-ltc-2021"), data_dir=records.layout.root,
                          language="zh_CN", now=lambda: NOW)
    sign_in_as(context, "DEMO-A-001", "demo-a-001")
    window = MainWindow(context, language, reopen(Path(data_dir)))
    window.visit.recording_settings = SMALL_VIDEO
    window.visit.recording_choice = RecordingChoice(camera_index=None, microphone=False, synthetic_sound=True)
    window.resize(1366, 768)
    window.show()
    bot = Bot()
    page = begin(bot, window, case_id)
    print(f"VISIT {page.visit_id}", flush=True)
    answer_items(bot, page)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:3])
