# SPDX-License-Identifier: GPL-3.0-or-later
"""The visit screen in the field: every dialog opens clear of the recording indicator; camera and
disk warnings show in the recording panel while the items stay usable; the disk preflight warns
on the consent step; the keyboard reaches every action; every step fits 1366×768 with normal and
large text, and the screen at 150 % scaling (1920×1080 panel, 1280×720 logical). Screens are
saved under tests/artifacts/visit-*.png for people to look at."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractScrollArea, QApplication, QFileDialog, QMessageBox, QPushButton, QScrollArea, QWidget,
)

from assessment_app.recording import disk
from assessment_app.recording.session import RecordingWarning
from assessment_app.ui.shell.login_dialog import LoginDialog
from assessment_app.ui.shell.theme import LARGE_TEXT_SCALE, set_text_scale
from assessment_app.ui.visit.visit_page import CONSENT, FINISH, IDENTITY, ITEMS, START
from assessment_app.ui.widgets.dialog_placement import clear_position
from assessment_app.ui.widgets.reason_dialog import ReasonDialog

from tests.gui.dialog_driver import drive_dialog
from tests.gui.test_visit_page import (  # noqa: F401 - fixtures used by name
    ARTIFACTS, SMALL_VIDEO, _answer_every_item_by_keys, _begin, demo_people, visit_window,
)

pytestmark = pytest.mark.gui
# A 1366×768 laptop, and a 1920×1080 one at 150 % (what Windows suggests for that size).
SCREENS = {"1366x768": (1366, 768), "150pct": (1280, 720)}


@pytest.fixture
def text_scale(qapp):
    yield lambda scale: set_text_scale(qapp, scale)
    set_text_scale(qapp, 1.0)


def _with_dialogs(window) -> QPainter:
    """The window with the open dialogs and the badge painted where they are on screen."""
    image = window.grab()
    painter = QPainter(image)
    origin = window.mapToGlobal(QPoint(0, 0))
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            painter.drawPixmap(widget.frameGeometry().topLeft() - origin, widget.grab())
    painter.end()
    return image


def _save(window, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    _with_dialogs(window).save(str(ARTIFACTS / f"visit-{name}.png"))


def test_a_dialog_is_centred_on_the_area_and_moved_below_what_it_would_cover():
    area, badge = QRect(0, 100, 1000, 600), QRect(1100, 60, 180, 30)
    assert clear_position(QRect(0, 0, 400, 300), area, badge) == QPoint(300, 250)
    assert clear_position(QRect(0, 0, 400, 300), area, QRect(450, 260, 100, 20)) == QPoint(300, 288)


def test_no_dialog_of_a_visit_covers_the_recording_indicator(qtbot, visit_window, demo_people):
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)
    badge = page.recording_panel.badge
    assert badge.isVisible()
    file_dialog = QFileDialog(page, "照片")
    file_dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialogs = {"reason": ReasonDialog("暂停录像", "为什么暂停录像？" * 8, page, minimum_text=2),
               "login": LoginDialog(page.context, parent=page),
               "message": QMessageBox(QMessageBox.Icon.Question, "离开评估", "所有回答均已保存。" * 6,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, page),
               "file": file_dialog}
    for name, dialog in dialogs.items():
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(30)  # the deferred placement after the dialog sized itself
        assert badge.isVisible(), name
        assert not badge.frameGeometry().intersects(dialog.frameGeometry()), (name, badge.frameGeometry(),
                                                                               dialog.frameGeometry())
        steps = QRect(page.steps.mapToGlobal(QPoint(0, 0)), page.steps.size())
        assert steps.contains(dialog.frameGeometry().center()), name
        _save(window, f"dialog-{name}")
        dialog.close()
        dialog.deleteLater()


def test_the_pause_reason_dialog_leaves_the_indicator_visible(qtbot, visit_window, demo_people):
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    seen = {}

    def look_and_cancel(dialog):
        badge = page.recording_panel.badge
        seen.update(visible=badge.isVisible(), overlap=badge.frameGeometry().intersects(dialog.frameGeometry()))
        _save(window, "dialog-pause")
        dialog.reject()

    drive_dialog(qtbot, "reasonDialog", [lambda dialog: None, look_and_cancel])
    qtbot.keyClick(page.items_step, Qt.Key.Key_F8)  # the pause key
    assert seen == {"visible": True, "overlap": False}
    assert page.recording.status().state == "recording"


def _warn_from_recorder_thread(page, code: str) -> None:
    warning = RecordingWarning(code, "test", page.recording.offset_ms())
    thread = threading.Thread(target=lambda: page.recording_panel._from_recorder_thread(warning))
    thread.start()
    thread.join()


@pytest.mark.parametrize("code, words", [("camera_lost", ("摄像头", "评估可以继续")),
                                         ("disk_low_stop", ("磁盘", "已保存"))])
def test_a_recorder_warning_shows_in_the_panel_and_answering_goes_on(qtbot, visit_window, demo_people, code, words):
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)
    _warn_from_recorder_thread(page, code)
    warning = page.recording_panel.warning
    qtbot.waitUntil(warning.isVisible, timeout=3000)
    assert all(word in warning.text() for word in words), warning.text()
    assert QApplication.activeModalWidget() is None  # nothing blocks
    step = page.items_step
    item = step.form.items_by_id[step.current_item_id]
    qtbot.keyClick(step, "1")
    assert page.answers[item.id] == item.options[0].id
    _save(window, f"warning-{code}")


def test_the_consent_step_warns_when_the_disk_is_short(qtbot, visit_window, demo_people, monkeypatch):
    free = 3 * 1024 ** 2  # above the 1 MB margin that stops recording, below 90 minutes of video
    monkeypatch.setattr(disk, "free_bytes", lambda directory: free)
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)  # the warning does not block: the visit went on to the items
    warning = page.consent_step.disk_warning
    assert warning.isVisibleTo(page.consent_step)
    needed = disk.estimated_bytes_per_second(SMALL_VIDEO) * 90 * 60 + SMALL_VIDEO.disk_margin_bytes
    assert f"{needed / 1024 ** 3:.1f} GB" in warning.text() and "0.0 GB" in warning.text()
    assert "90" in warning.text() and "磁盘" in warning.text()
    page.steps.setCurrentIndex(CONSENT)
    _save(window, "consent-disk-short")


def test_the_keyboard_reaches_every_action_of_the_items_step(qtbot, visit_window, demo_people):
    window, page = visit_window, visit_window.visit
    _begin(qtbot, window, demo_people)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # the badge never keeps the keyboard
    step = page.items_step
    first = step.current_item_id
    qtbot.keyClick(QApplication.focusWidget(), "2")  # a number key wherever the focus is on the card
    assert page.answers[first] == step.form.items_by_id[first].options[1].id
    assert step.current_item_id != first  # an answer moves on
    reached = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    for button in (step.previous_button, step.next_button, step.finish_button, step.note, step.photo_button,
                   page.recording_panel.pause_button):
        assert button in reached, button.objectName()
    order = [reached.index(widget) for widget in (step.note, step.previous_button, step.next_button,
                                                  step.finish_button, page.recording_panel.pause_button)]
    assert order == sorted(order), "Tab goes down the step, then to the recording panel"
    here = step.current_item_id
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: step.order.index(step.current_item_id) == step.order.index(here) + 1)  # animated click
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: step.current_item_id == here)


def _in_scroll_area(widget: QWidget, page: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _overflows(page, window) -> list[str]:
    """What does not fit: the page's minimum size, horizontal scrolling, buttons outside the window."""
    problems = []
    need, have = page.minimumSizeHint(), page.size()
    if need.width() > have.width() or need.height() > have.height():
        problems.append(f"page needs {need.width()}×{need.height()}, has {have.width()}×{have.height()}")
    for area in page.steps.currentWidget().findChildren(QScrollArea):
        content = area.widget()
        if area.isVisible() and content is not None and content.minimumSizeHint().width() > area.viewport().width():
            problems.append(f"{area.objectName()} needs {content.minimumSizeHint().width()} wide, "
                            f"shows {area.viewport().width()}: it would scroll sideways or cut off")
    inside = QRect(QPoint(0, 0), window.size())
    for button in page.findChildren(QPushButton):
        if button.isVisible() and not _in_scroll_area(button, page):  # scrolled to, not cut off
            box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            if not inside.contains(box):
                problems.append(f"button {button.objectName()} outside the window at {box}")
            elif button.width() < button.minimumSizeHint().width():
                problems.append(f"button {button.objectName()} clipped")
    return problems


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("scale", [1.0, LARGE_TEXT_SCALE])
def test_every_step_fits_the_screen(qtbot, visit_window, demo_people, text_scale, screen, scale):
    window, page = visit_window, visit_window.visit
    text_scale(scale)
    window.resize(*SCREENS[screen])
    _begin(qtbot, window, demo_people)
    _answer_every_item_by_keys(qtbot, page)
    page.show_finish()
    problems = {}
    for index, name in ((START, "start"), (IDENTITY, "identity"), (CONSENT, "consent"), (ITEMS, "items"),
                        (FINISH, "finish")):
        page.steps.setCurrentIndex(index)
        if index == ITEMS:
            page.items_step.show_item(page.context.form.items[0].id)
        qtbot.wait(20)
        QApplication.processEvents()
        label = f"{screen}-{'large' if scale > 1 else 'normal'}-{name}"
        _save(window, f"fit-{label}")
        found = _overflows(page, window)
        if found:
            problems[name] = found
        if index == ITEMS:
            card = page.items_step.card_area
            assert card.widget().minimumSizeHint().width() <= card.viewport().width(), label
    assert window.minimumSizeHint().width() <= SCREENS[screen][0]
    assert window.minimumSizeHint().height() <= SCREENS[screen][1]
    assert not problems, problems
