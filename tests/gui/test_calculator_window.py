# SPDX-License-Identifier: GPL-3.0-or-later
"""The calculator window driven as a user would: clicks on options, keyboard, language switch.

Expected grades and labels are written out by hand from the instrument specification
(docs/instrument/cn-ltc-2021.md), not read back from the form, so a wrong display fails here.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QListWidget

from assessment_app.ui.shell import app as gui_app

pytestmark = pytest.mark.gui

ADL = ("adl.eating", "adl.dressing", "adl.grooming", "adl.bowel", "adl.bladder", "adl.toileting",
       "adl.walking", "adl.transfer", "adl.stairs", "adl.bathing")
COGNITION = ("cognition.time", "cognition.person", "cognition.place", "cognition.memory")
PERCEPTION = ("perception.vision", "perception.hearing", "perception.communication")


def answers(adl: tuple, cognition: tuple, perception: tuple) -> dict[str, str]:
    return dict(zip(ADL + COGNITION + PERCEPTION, (str(score) for score in adl + cognition + perception)))


# ADL 40 (severe), cognition 13 (mild), perception 6 (moderate): the worse is moderate -> grade 4.
SEVERE_II = answers((5, 5, 0, 5, 5, 5, 5, 5, 5, 0), (3, 4, 3, 3), (2, 2, 2))
# ADL 55 (moderate), cognition 16 (intact), perception 11 (mild) -> grade 2.
MODERATE = answers((10, 10, 5, 10, 10, 5, 5, 0, 0, 0), (4, 4, 4, 4), (4, 3, 4))
# ADL 100 (intact), cognition 3 (severe), perception 12 (intact): cognition is the worse -> grade 1.
MILD_BY_COGNITION = answers((10, 10, 5, 10, 10, 10, 15, 15, 10, 5), (0, 1, 1, 1), (4, 4, 4))


def test_window_opens_in_chinese_with_official_wording(window, driver):
    assert window.windowTitle().startswith("长护险失能等级评估工作站")
    assert driver.text("dimensionHeader:adl") == "日常生活活动能力"
    assert driver.text("itemTitle:adl.eating") == "1. 进食"
    assert driver.text("itemTitle:perception.communication") == "17. 沟通能力"
    assert driver.wording("adl.eating", "10").text() == (
        "自理（在合理时间内能独立使用餐具进食各种食物，可使用辅助工具独立完成进食，但不包括做饭）")
    assert driver.radio("adl.walking", "15").text() == "15 分"
    assert driver.text("dimensionStatus:adl") == "已答 0/10"


def test_cards_follow_the_official_item_order(window, form):
    cards = sorted(window.findChildren(QFrame), key=lambda widget: widget.mapTo(window, QPoint(0, 0)).y())
    order = [card.objectName().split(":", 1)[1] for card in cards if card.objectName().startswith("itemCard:")]
    assert order == list(ADL + COGNITION + PERCEPTION)


def test_all_best_options_give_grade_0(window, driver, best_answers):
    driver.answer(best_answers)
    assert driver.grade_label().isVisible()
    assert driver.grade_label().text() == "基本正常"
    assert driver.text("gradeCodeLabel") == "0 级"
    assert driver.text("dimScore:adl") == "100/100"
    assert driver.text("dimLevel:adl") == "能力完好"


def test_all_worst_options_give_grade_5(window, driver, worst_answers):
    driver.answer(worst_answers, on="wording")
    assert driver.grade_label().text() == "重度失能Ⅲ级"
    assert driver.text("dimScore:perception") == "0/12"
    assert driver.text("dimLevel:perception") == "重度受损"


@pytest.mark.parametrize(("chosen", "grade", "scores"), [
    (SEVERE_II, "重度失能Ⅱ级", {"adl": "40/100", "cognition": "13/16", "perception": "6/12"}),
    (MODERATE, "中度失能", {"adl": "55/100", "cognition": "16/16", "perception": "11/12"}),
    (MILD_BY_COGNITION, "轻度失能", {"adl": "100/100", "cognition": "3/16", "perception": "12/12"}),
], ids=["grade_4", "grade_2", "grade_1_by_cognition"])
def test_mixed_answers_give_the_grade_of_the_table(window, driver, chosen, grade, scores):
    driver.answer(chosen, on="wording")
    assert driver.grade_label().text() == grade
    assert {dimension: driver.text(f"dimScore:{dimension}") for dimension in scores} == scores


def test_trace_names_levels_compared_the_worse_one_and_the_cell(window, driver):
    driver.answer(SEVERE_II)
    trace = window.panel.trace.plain_text()
    assert "日常生活活动能力：合计 40 分 → 重度受损（分级范围 0～40 分）" in trace
    assert "比较：认知能力（轻度受损）、感知觉与沟通能力（中度受损） → 较差者为 中度受损" in trace
    assert "组合表：行 重度受损（日常生活活动能力）× 列 中度受损（较差等级）→ 4 级：重度失能Ⅱ级" in trace


def test_pending_thresholds_and_table_are_marked_to_be_verified(window, driver):
    driver.answer(SEVERE_II)
    assert driver.find(QLabel, "thresholdsPending").isVisible()
    assert driver.text("thresholdsPending") == "分级阈值：待核实"
    assert driver.text("combinationPending") == "组合表：待核实"
    assert window.panel.trace.plain_text().count("待核实") == 4  # three threshold rows and the cell
    info = driver.find(QLabel, "formInfo").text()
    assert "cn-ltc-2021" in info and "1.0.0" in info
    assert "评估项目与选项文字：已核实" in info


def test_dimension_score_is_live_once_that_dimension_is_answered(window, driver):
    driver.answer({item_id: SEVERE_II[item_id] for item_id in COGNITION})
    assert driver.text("dimScore:cognition") == "13/16"
    assert driver.text("dimLevel:cognition") == "轻度受损"
    assert driver.text("dimensionStatus:cognition") == "得分 13/16 · 轻度受损"
    assert driver.text("dimScore:adl") == "已答 0/10"
    assert driver.text("dimLevel:adl") == "—"
    assert driver.text("overallProgress") == "已答 4/17 项"


def test_partly_answered_dimension_shows_count_not_score(window, driver):
    driver.answer({"cognition.time": "4", "cognition.person": "4"})
    assert driver.text("dimScore:cognition") == "已答 2/4"
    assert driver.text("dimLevel:cognition") == "—"


def test_grade_is_not_shown_while_any_item_is_missing(window, driver):
    driver.answer({item_id: option for item_id, option in MODERATE.items() if item_id != "adl.bathing"})
    assert not driver.grade_label().isVisible()
    assert driver.grade_label().text() == ""
    missing = driver.find(QLabel, "missingLabel")
    assert missing.isVisible()
    assert "还有 1 项未作答" in missing.text() and "洗澡" in missing.text()
    driver.click_option("adl.bathing", "0")
    assert driver.grade_label().isVisible()
    assert driver.grade_label().text() == "中度失能"
    assert not missing.isVisible()


def test_switching_to_english_relabels_everything_and_keeps_answers(window, driver, qtbot):
    driver.answer(SEVERE_II)
    combo = driver.find(QComboBox, "languageCombo")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "English"
    assert driver.grade_label().text() == "Severe disability II"
    assert driver.text("gradeCodeLabel") == "Grade 4"
    assert window.windowTitle().startswith("LTC Disability Assessment Workstation")
    assert driver.text("itemTitle:adl.eating") == "1. Eating"
    assert driver.radio("adl.eating", "5").text() == "5 pts"
    assert driver.text("dimLevel:cognition") == "Mildly impaired"
    assert driver.text("thresholdsPending") == "Level thresholds: to be verified"
    assert all(driver.radio(item_id, option_id).isChecked() for item_id, option_id in SEVERE_II.items())
    assert window.session.answers == SEVERE_II

    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert driver.grade_label().text() == "重度失能Ⅱ级"
    assert driver.text("itemTitle:adl.eating") == "1. 进食"


def test_arrow_keys_move_the_choice_within_an_item(window, driver, qtbot):
    driver.click_option("cognition.memory", "0")
    radio = driver.radio("cognition.memory", "0")
    assert radio.hasFocus()
    qtbot.keyClick(radio, Qt.Key.Key_Down)
    qtbot.keyClick(driver.radio("cognition.memory", "1"), Qt.Key.Key_Down)
    assert window.session.answer("cognition.memory") == "2"
    assert driver.radio("cognition.memory", "2").isChecked()
    assert driver.text("itemStatus:cognition.memory") == "已选：2 分"


def test_clear_all_asks_first_and_keeps_answers_when_declined(window, driver, qtbot):
    driver.answer(MODERATE)
    clear_button = window.toolbar.widgetForAction(window.clear_action)
    driver.respond_to_modal("cancelClearButton")
    qtbot.mouseClick(clear_button, Qt.MouseButton.LeftButton)
    assert window.session.answers == MODERATE
    assert driver.grade_label().text() == "中度失能"

    driver.respond_to_modal("confirmClearButton")
    qtbot.mouseClick(clear_button, Qt.MouseButton.LeftButton)
    assert window.session.answers == {}
    assert not any(driver.radio(item_id, option).isChecked() for item_id, option in MODERATE.items())
    assert not driver.grade_label().isVisible()
    assert driver.text("itemStatus:adl.eating") == "未作答"
    assert driver.text("dimScore:adl") == "已答 0/10"
    assert not clear_button.isEnabled()


def test_navigator_marks_answers_and_jumps_to_the_item(window, driver, qtbot):
    navigator = driver.find(QListWidget, "itemNavigator")
    entry = window.navigator.entry("perception.hearing")
    assert entry.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "未作答"
    card = driver.find(QFrame, "itemCard:perception.hearing")
    assert card.visibleRegion().isEmpty()
    rect = navigator.visualItemRect(entry)
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not card.visibleRegion().isEmpty()
    driver.click_option("perception.hearing", "3")
    assert entry.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "已答"


@pytest.mark.parametrize("language_steps", [0, 1])
def test_nothing_is_clipped_at_1366_by_768(window, driver, qtbot, language_steps):
    """Every wrapped label is given the height its text needs, in both languages."""
    driver.answer(SEVERE_II)
    if language_steps:
        combo = driver.find(QComboBox, "languageCombo")
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    window.resize(1366, 768)
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768
    assert window.width() <= 1366 and window.height() <= 768

    def clipped_labels() -> list[str]:
        return [
            label.objectName() for label in window.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.height() < label.heightForWidth(label.width())
        ]

    # Relabelling re-lays out through posted events; give them time, then it must be settled.
    qtbot.waitUntil(lambda: clipped_labels() == [], timeout=2000)
    qtbot.wait(100)
    assert clipped_labels() == []
    column = window.column
    assert column.widget().width() <= column.viewport().width()


def test_application_font_has_chinese_glyphs(window, qapp):
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    assert qapp.font().family() == "WenQuanYi Micro Hei"
    metrics = QFontMetrics(window.font())
    assert all(metrics.inFontUcs4(ord(character)) for character in "长护险失能等级评估工作站重度Ⅲ级：（）～→")


def test_main_refuses_to_start_without_a_display(monkeypatch, capsys):
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(gui_app.sys, "platform", "linux")
    assert gui_app.main(["--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert "没有可用的显示" in error and "no display is available" in error


def test_display_check_trusts_an_explicit_platform():
    assert gui_app.display_available({}, "linux", ["-platform", "offscreen"])
    assert gui_app.display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert gui_app.display_available({}, "win32")
    assert not gui_app.display_available({}, "linux")
