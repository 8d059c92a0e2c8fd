# SPDX-License-Identifier: GPL-3.0-or-later
"""The 审核 page in the main window, for the demo agency's reviewer: the queue of signed records
with their flags, a seeded sample, a record with its video (an item click jumps to the moment it
was answered), and an approval signed with the reviewer's passphrase. Screens are saved under
tests/artifacts/review-*.png for people to look at."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from assessment_app.services.accounts import login
from assessment_app.storage.models import Answer, Case, Review
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.ui.review.review_decision_dialog import ReviewDecisionDialog
from assessment_app.ui.shell.main_window import REVIEW

from tests.gui.records_fixtures import CHEAP_KDF, open_main_window
from tests.unit.review.scenario import REVIEWER_NUMBER, REVIEWER_PASSPHRASE, demo_world, recorded_visit, signed_visit
from tests.unit.services.conftest import NOW as SIGNED_AT

pytestmark = pytest.mark.gui
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
REVIEW_DAY = SIGNED_AT + datetime.timedelta(days=1)


@pytest.fixture
def reviewer_window(qtbot, records, context, ui_language, data_dir):
    world = demo_world(records)
    recorded = recorded_visit(world)
    other = demo_world(records, resident_id="11010519491231002X", name="测试王小英")
    calm = signed_visit(other, minutes=20)
    context.now = lambda: REVIEW_DAY
    context.session = login(records, REVIEWER_NUMBER, REVIEWER_PASSPHRASE, REVIEW_DAY, kdf_params=CHEAP_KDF)
    window = open_main_window(qtbot, context, ui_language, data_dir)
    return window, world, recorded, calm


def _answer_offset(records, visit_id: str, item_id: str) -> int:
    with unit_of_work(records.engine) as session:
        return session.scalar(select(Answer.video_offset_ms).where(Answer.visit_id == visit_id,
                                                                   Answer.item_id == item_id))


def test_the_reviewer_reviews_a_record_with_its_video_and_approves_it(reviewer_window, qtbot, records, monkeypatch):
    window, world, recorded, calm = reviewer_window
    assert not window.navigation.isRowHidden(REVIEW)
    window.navigation.setCurrentRow(REVIEW)
    page = window.review
    assert window.stack.currentWidget() is page
    assert {row.visit_id for row in page.rows} == {recorded, calm} and page.table.rowCount() == 2
    flagged = next(index for index, row in enumerate(page.rows) if row.visit_id == recorded)
    assert "暂停" in page.table.item(flagged, 7).text() or page.rows[flagged].flags
    page.seed.setValue(2026)
    page.percent.setValue(50)
    assert page.draw_sample() and len(page.sampled) == 1
    window.grab().save(str(ARTIFACTS / "review-queue.png"))

    assert page.open_visit(recorded)
    view = page.record_view
    player = view.player
    assert player.reader is not None and player.chapter_list.count() == 17
    item = world.form.items[12]
    offset = _answer_offset(records, recorded, item.id)
    row = next(index for index in range(player.chapter_list.count())
               if player.chapter_list.item(index).data(Qt.ItemDataRole.UserRole) == offset)
    rect = player.chapter_list.visualItemRect(player.chapter_list.item(row))
    qtbot.mouseClick(player.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert player.position_ms == offset
    assert player.frame_shown and not player.current_pixmap().isNull()
    window.grab().save(str(ARTIFACTS / "review-record.png"))

    paused_item = world.form.items[8]
    view.answers_table.cellClicked.emit(8, 0)
    assert player.position_ms == _answer_offset(records, recorded, paused_item.id)
    assert not player.frame_shown and "如厕" in player.state_label.text()
    view.tabs.setCurrentIndex(3)
    window.grab().save(str(ARTIFACTS / "review-record-paused.png"))

    attempts = iter([("", "wrong-passphrase"), ("", REVIEWER_PASSPHRASE)])

    def answer_dialog(dialog: ReviewDecisionDialog) -> int:
        reason, passphrase = next(attempts)
        dialog.passphrase_edit.setText(passphrase)
        dialog.grab().save(str(ARTIFACTS / "review-decision-dialog.png"))
        return 1

    monkeypatch.setattr(ReviewDecisionDialog, "exec", answer_dialog)
    shown = []
    monkeypatch.setattr("assessment_app.ui.review.review_record_view.show_error",
                        lambda parent, title, error, language: shown.append(type(error).__name__))
    assert not view.take_decision("approve")
    assert shown == ["WrongPassphrase"]
    with unit_of_work(records.engine) as session:
        assert session.scalars(select(Review)).all() == []
    assert view.take_decision("approve")
    with unit_of_work(records.engine) as session:
        assert session.get(Case, world.case_id).status == "closed"
        assert session.scalar(select(Review.decision)) == "approved"
    assert not view.approve_button.isEnabled() and view.export_button.isEnabled()
    assert "审核通过" in view.decision_label.text() or "approved" in view.decision_label.text()
    window.grab().save(str(ARTIFACTS / "review-approved.png"))
    view.back_button.click()
    assert window.review.stack.currentWidget() is page.queue_view
    assert {row.review_status for row in page.rows} == {"approved", "pending"}


def test_assessors_do_not_see_the_review_page(main_window):
    assert main_window.navigation.isRowHidden(REVIEW)
    main_window.show_page(REVIEW)
    assert main_window.stack.currentWidget() is not main_window.review


def test_without_an_agency_server_the_page_shows_no_server_line_and_no_claims(reviewer_window):
    window, world, recorded, calm = reviewer_window
    window.navigation.setCurrentRow(REVIEW)
    page = window.review
    assert page.remote is None and page.desk_bar.isHidden()
    assert all(button.isHidden() for button in (page.claim_button, page.claim_next_button, page.release_button))
    assert page.import_button.isVisible() and page.table.isColumnHidden(8)
    assert page.source().remote is False
