# SPDX-License-Identifier: GPL-3.0-or-later
"""The walk-through of issue 18, laptop and server, offscreen against a live agency server and a
real PostgreSQL: on the laptop's main window an assessor presses 上传 on the case page; the upload
runner sends the bundle over mutual TLS; a verification worker verifies it; on the reviewer's own
workstation (its own records and workstation certificate, connected to the server) reviewer A
signs in to the shared queue on the 审核 page, claims the record, opens it, watches an item's video
(fetched from the server by byte range into memory) and approves, signing on the workstation; the
laptop's runner pulls the decision by itself and the case page shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assessment_app.agency.demo_link import link_demo_laptop
from assessment_app.agency.uploads import now_utc
from assessment_app.services.bundle_export import export_visit
from assessment_app.ui.review.review_decision_dialog import ReviewDecisionDialog
from assessment_app.ui.shell.main_window import REVIEW, MainWindow
from assessment_app.ui.shell.work_context import WorkContext

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE, PART_SIZE
from tests.agency.desk import build_people, trust
from tests.agency.harness import ServerThread
from tests.agency.supervision_world import connect_workstation
from tests.gui.records_fixtures import open_main_window
from tests.gui.conftest import compiled_translations, ui_language  # noqa: F401 - fixtures
from tests.unit.bundle.conftest import EXPORTED_AT, demo_records, demo_sign_in, make_laptop


@pytest.fixture
def laptop(tmp_path):
    made = make_laptop(tmp_path / "laptop")
    export_visit(made.records, made.visit_id, tmp_path / "out", signers=made.signers, now=EXPORTED_AT,
                 part_size=PART_SIZE)
    yield made
    made.records.close()


@pytest.fixture
def reviewer_station(tmp_path):
    """The reviewer's own workstation: the demo agency's records with the reviewer's signing key."""
    records = demo_records(tmp_path / "reviewer")
    yield records
    records.close()


def test_upload_verify_approve_and_the_laptop_shows_the_decision(qtbot, agency, laptop, reviewer_station, form,
                                                                 ui_language, monkeypatch):  # noqa: F811
    ui_language.switch("zh_CN")
    trust(agency, build_people())
    worker = agency.worker("w")
    with ServerThread(agency.config) as server:
        link_demo_laptop(agency.engine, laptop.records, now_utc(), server_url=server.url,
                         ca_passphrase=CA_PASSPHRASE, kdf_params=CHEAP_KDF)
        records = laptop.records
        context = WorkContext(records, form, data_dir=records.layout.root, language="zh_CN",
                              session=demo_sign_in(records, "DEMO-A-001"))
        window = MainWindow(context, ui_language, lambda: None)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        runner = window.uploads.runner
        # Quicker than a laptop's minutes, the same schedule otherwise.
        runner.poll_seconds = runner.status_seconds = 0.2
        runner.decisions.interval_seconds = 0.5
        window.uploads.start()
        try:
            window.open_case(laptop.world.case_id)
            page = window.case_detail
            qtbot.mouseClick(page.upload_panel.button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "已上传，待机构核验" in page.upload_panel.line.text(), timeout=60_000)

            assert worker.run_one() == "verified"
            qtbot.waitUntil(lambda: page.upload_panel.line.text().startswith("已上传 → 已核验"), timeout=30_000)

            # Reviewer A, on their own workstation, on the server's shared queue.
            connect_workstation(reviewer_station, server.url, agency.ca_pem, agency.workstation("审核工作站"))
            reviewer = WorkContext(reviewer_station, form, data_dir=reviewer_station.layout.root, language="zh_CN",
                                   session=demo_sign_in(reviewer_station, "DEMO-R-001"))
            desk_window = open_main_window(qtbot, reviewer, ui_language, reviewer_station.layout.root)
            desk_window.navigation.setCurrentRow(REVIEW)
            review = desk_window.review
            qtbot.keyClicks(review.desk_bar.passphrase, "demo-r-001")
            qtbot.mouseClick(review.desk_bar.sign_in_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: review.remote is not None, timeout=60_000)
            review.calls.wait()
            assert [row.case_id for row in review.rows] == [laptop.world.case_id]
            review.table.selectRow(0)
            qtbot.mouseClick(review.claim_button, Qt.MouseButton.LeftButton)
            review.calls.wait()
            assert review.rows[0].claimed_by == "DEMO-R-001"
            assert review.open_selected()
            review.calls.wait()
            view, player = review.record_view, review.record_view.player
            assert player.reader is not None and player.chapter_list.count() == 17
            segments = player.reader.timeline.segments
            player.seek(segments[-1].start_ms + 200)  # an item's stretch of video, from the server
            assert player.frame_shown and not player.current_pixmap().isNull()
            assert player.reader.requests >= 1

            def approve(dialog: ReviewDecisionDialog) -> int:
                dialog.passphrase_edit.setText("demo-r-001")
                return 1
            monkeypatch.setattr(ReviewDecisionDialog, "exec", approve)
            qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
            review.calls.wait()
            assert "审核通过" in view.decision_label.text()

            # Back on the laptop: nobody presses anything.
            panel = page.decision_panel
            qtbot.waitUntil(lambda: panel.line.isVisible(), timeout=30_000)
            assert panel.line.text().startswith("审核结论：通过 · 审核员 演示审核员（DEMO-R-001）· ")
            qtbot.waitUntil(lambda: "→ 已审核（通过）" in page.upload_panel.line.text(), timeout=10_000)
            assert page.status_badge.text() == "已办结"
        finally:
            window.uploads.stop()
