# SPDX-License-Identifier: GPL-3.0-or-later
"""The 审核 page on the agency server's shared queue (pytest-qt, offscreen, real PostgreSQL and
server): the reviewer signs in to the server with their passphrase, claims the record, opens it,
plays its video — fetched by byte range into memory and decoded there, while a watcher scans every
file written anywhere by this process and everything new in the reviewer's data directory and
temporary directory for plaintext — and approves; the server then holds the decision signed on the
workstation. The attack: the claim lapses and another reviewer takes it over, and the approval is
refused by the server, said in the user's language. Screens at 1366×768 go to tests/artifacts/."""

from __future__ import annotations

from tests.gui.conftest import compiled_translations, ui_language  # noqa: F401 - fixtures; sets offscreen first

import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from forms import default_registry

from assessment_app.agency.database import transaction
from assessment_app.ui.review.review_decision_dialog import ReviewDecisionDialog
from assessment_app.ui.review.review_page import CLAIM_COLUMN
from assessment_app.ui.shell.main_window import REVIEW
from assessment_app.ui.shell.work_context import WorkContext

from tests.agency.remote_review_world import OTHER_REVIEWER, REVIEWER, people, remote_review_world  # noqa: F401
from tests.gui.records_fixtures import message_boxes, open_main_window  # noqa: F401
from tests.plaintext_scan import Watcher, signatures

pytestmark = pytest.mark.gui
# Written to tests/artifacts/ (docs/screenshots/ holds a copy made once: a test run leaves the checkout clean).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts"
WAIT_MS = 60_000


def _signed_in_page(qtbot, world, ui_language):  # noqa: F811
    context = WorkContext(world.records, default_registry().get("cn-ltc-2021"), language="zh_CN",
                          session=world.sign_in(REVIEWER))
    window = open_main_window(qtbot, context, ui_language, world.records.layout.root)
    window.navigation.setCurrentRow(REVIEW)
    page = window.review
    bar = page.desk_bar
    assert bar.isVisible() and bar.sign_in_button.isVisible() and not page.claim_button.isVisible()
    qtbot.keyClicks(bar.passphrase, "demo-r-001")
    qtbot.mouseClick(bar.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.remote is not None, timeout=WAIT_MS)
    page.calls.wait()  # the server's queue, fetched off the GUI thread
    assert REVIEWER in bar.line.text() and bar.passphrase.isHidden()
    assert page.claim_button.isVisible() and not page.import_button.isVisible()
    assert not page.table.isColumnHidden(CLAIM_COLUMN)
    assert [row.visit_id for row in page.rows] == [world.visit_id]
    return window, page


def _server(world) -> dict:
    with transaction(world.agency.engine) as session:
        return dict(session.execute(text("SELECT r.review_status, r.claimed_by, count(d.review_id) AS decisions "
                                         "FROM review_records r LEFT JOIN review_decisions d USING (visit_id) "
                                         "WHERE r.visit_id = :v GROUP BY r.visit_id"),
                                    {"v": world.visit_id}).mappings().one())


def _watched(world, tmp_path, monkeypatch) -> Watcher:
    applicant = world.other_desk().record(world.visit_id)["applicant"]
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("TMPDIR", str(temporary))
    watcher = Watcher(signatures(applicant["name"], applicant["resident_id"]),
                      [world.records.layout.root, temporary])
    sys.addaudithook(watcher.hook)  # cannot be removed: it is switched off after the test
    watcher.started = time.time() - 1
    return watcher


def test_a_reviewer_claims_watches_the_video_from_the_server_and_approves(qtbot, remote_review_world, ui_language,
                                                                          tmp_path, monkeypatch):  # noqa: F811
    world = remote_review_world
    watcher = _watched(world, tmp_path, monkeypatch)
    window, page = _signed_in_page(qtbot, world, ui_language)
    page.table.selectRow(0)
    qtbot.mouseClick(page.claim_button, Qt.MouseButton.LeftButton)
    page.calls.wait()
    assert page.rows[0].claimed_by == REVIEWER and _server(world)["claimed_by"] == REVIEWER
    assert page.table.item(0, CLAIM_COLUMN).text().startswith("您")
    SCREENSHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "review-remote-queue.png"))

    assert page.open_selected()
    page.calls.wait()
    view, player = page.record_view, page.record_view.player
    assert page.stack.currentWidget() is view
    assert player.reader is not None and player.chapter_list.count() == 17
    assert "您" in view.decision_label.text() and view.approve_button.isEnabled()
    assert not view.export_button.isEnabled()  # the decision file stays on the server
    segments = player.reader.timeline.segments
    watcher.enabled = True
    try:
        player.seek(segments[1].start_ms + 300)  # the item's segment, fetched by byte range
        assert player.frame_shown and not player.current_pixmap().isNull()
        player.seek(segments[0].start_ms)
        qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: player.position_ms >= segments[1].start_ms + 500, timeout=WAIT_MS)
        assert player.frame_shown and player.reader.requests >= 2
        player.pause()
        # An item answered after the video ended: its chapter jumps to the stop, said as such.
        row = player.chapter_list.count() - 1
        rect = player.chapter_list.visualItemRect(player.chapter_list.item(row))
        qtbot.mouseClick(player.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert not player.frame_shown and player.state_label.text() == "录像已停止"
        player.seek(segments[1].start_ms + 300)
    finally:
        watcher.enabled = False
    watcher.final_scan()
    assert watcher.findings == []
    assert window.grab().save(str(SCREENSHOTS / "review-remote-record.png"))
    # The watcher is live: the same segment written to a temporary file, as a careless player
    # would, is found.
    watcher.enabled = True
    try:
        with tempfile.NamedTemporaryFile(delete=False, suffix=".mp4") as careless:
            careless.write(player.reader.segment_bytes(segments[1]))
    finally:
        watcher.enabled = False
    watcher.final_scan()
    assert {(finding["path"], finding["found"]) for finding in watcher.findings} == {(careless.name, "MP4")}

    def approve(dialog: ReviewDecisionDialog) -> int:
        dialog.passphrase_edit.setText("demo-r-001")
        return 1
    monkeypatch.setattr(ReviewDecisionDialog, "exec", approve)
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    page.calls.wait()
    assert _server(world) == {"review_status": "approved", "claimed_by": None, "decisions": 1}
    assert "审核通过" in view.decision_label.text() and not view.approve_button.isEnabled()
    view.back_button.click()
    page.calls.wait()
    assert [row.review_status for row in page.rows] == ["approved"]


def test_an_approval_after_another_reviewer_took_the_claim_over_is_refused(qtbot, remote_review_world, ui_language,
                                                                          message_boxes, monkeypatch):  # noqa: F811
    world = remote_review_world
    window, page = _signed_in_page(qtbot, world, ui_language)
    page.table.selectRow(0)
    assert page.claim_selected()
    page.calls.wait()
    assert page.open_selected()
    page.calls.wait()
    view = page.record_view
    assert view.approve_button.isEnabled()
    with transaction(world.agency.engine) as session:  # the claim lapses while the record stays open
        session.execute(text("UPDATE review_records SET claim_expires_at = now() - interval '1 minute' "
                             "WHERE visit_id = :v"), {"v": world.visit_id})
    other = world.other_desk()
    assert other.claim(world.visit_id)["taken_over_from"] == REVIEWER

    def approve(dialog: ReviewDecisionDialog) -> int:
        dialog.passphrase_edit.setText("demo-r-001")
        return 1
    monkeypatch.setattr(ReviewDecisionDialog, "exec", approve)
    view.take_decision("approve")
    page.calls.wait()
    refusal = message_boxes.texts("errorDialog")
    assert len(refusal) == 1 and OTHER_REVIEWER in refusal[0] and not refusal[0].isascii()
    assert _server(world) == {"review_status": "pending", "claimed_by": OTHER_REVIEWER, "decisions": 0}
    view.back_button.click()
    page.calls.wait()
    assert page.rows[0].claimed_by == OTHER_REVIEWER
    assert page.table.item(0, CLAIM_COLUMN).text().startswith(OTHER_REVIEWER)
    page.table.selectRow(0)
    page.claim_selected()
    page.calls.wait()  # another's claim: refused, said
    assert len(message_boxes.texts("errorDialog")) == 2
    other.close()


def test_a_wrong_passphrase_keeps_the_local_records_and_signing_out_returns_to_them(
        qtbot, remote_review_world, ui_language, message_boxes):  # noqa: F811
    world = remote_review_world
    context = WorkContext(world.records, default_registry().get("cn-ltc-2021"), language="zh_CN",
                          session=world.sign_in(REVIEWER))
    window = open_main_window(qtbot, context, ui_language, world.records.layout.root)
    window.navigation.setCurrentRow(REVIEW)
    page, bar = window.review, window.review.desk_bar
    assert page.rows == []  # nothing imported on this workstation
    qtbot.keyClicks(bar.passphrase, "not-my-passphrase")
    qtbot.mouseClick(bar.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not bar.busy, timeout=WAIT_MS)
    assert page.remote is None and len(message_boxes.texts("errorDialog")) == 1
    assert "口令" in message_boxes.texts("errorDialog")[0]
    qtbot.keyClicks(bar.passphrase, "demo-r-001")
    qtbot.mouseClick(bar.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.remote is not None, timeout=WAIT_MS)
    page.calls.wait()
    assert [row.visit_id for row in page.rows] == [world.visit_id]
    qtbot.mouseClick(bar.sign_out_button, Qt.MouseButton.LeftButton)
    page.calls.wait()  # the sign-out, after what was on its way
    assert page.remote is None and page.rows == [] and page.import_button.isVisible()
    with transaction(world.agency.engine) as session:  # the server session ended too
        assert session.execute(text("SELECT count(*) FROM review_sessions WHERE ended_at IS NULL")).scalar_one() == 0
