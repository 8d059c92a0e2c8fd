# SPDX-License-Identifier: GPL-3.0-or-later
"""The walk-through of issue 18, laptop and server, offscreen against a live agency server and a
real PostgreSQL: on the laptop's main window an assessor presses 上传 on the case page; the upload
runner sends the bundle over mutual TLS; a verification worker verifies it; a reviewer on their own
workstation (its own records and workstation certificate) signs in to the review desk with their
signing key, claims the record, reads it, signs the approval with their key and sends it
(services/review_decision.sign_decision + ReviewClient, the calls the reviewer's screen makes);
the laptop's runner pulls the decision by itself and the case page shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assessment_app.agency.demo_link import link_demo_laptop
from assessment_app.agency.review_client import ReviewClient
from assessment_app.agency.uploads import now_utc
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.experts import list_experts
from assessment_app.services.review_decision import sign_decision
from assessment_app.services.signing_identities import unlock_signing_key
from assessment_app.ui.shell.main_window import MainWindow
from assessment_app.ui.shell.work_context import WorkContext

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE, PART_SIZE
from tests.agency.desk import build_people, trust
from tests.agency.harness import ServerThread
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
                                                                 ui_language):  # noqa: F811
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

            # The reviewer, on their workstation.
            reviewer = demo_sign_in(reviewer_station, "DEMO-R-001")
            reviewer_id = next(expert.expert_id for expert in list_experts(reviewer_station)
                               if expert.expert_number == "DEMO-R-001")
            key, certificate = unlock_signing_key(reviewer_station, reviewer_id, "demo-r-001", now=now_utc())
            station = agency.workstation("审核工作站")
            desk = ReviewClient(server.url, ca_pem=agency.ca_pem, certificate=station.certificate, key=station.key)
            desk.sign_in(key, certificate)
            claim = desk.claim_next()
            view = desk.record(claim["visit_id"])
            assert view["case_id"] == laptop.world.case_id
            _, pdf = sign_decision(reviewer_station, actor=reviewer, case_id=view["case_id"],
                                   visit_id=claim["visit_id"], record_sha256=view["record_sha256"], decision="approve",
                                   reason="", passphrase="demo-r-001", now=now_utc())
            assert desk.decide(claim["visit_id"], pdf)["decision"] == "approved"
            desk.close()

            # Back on the laptop: nobody presses anything.
            panel = page.decision_panel
            qtbot.waitUntil(lambda: panel.line.isVisible(), timeout=30_000)
            assert panel.line.text().startswith("审核结论：通过 · 审核员 演示审核员（DEMO-R-001）· ")
            qtbot.waitUntil(lambda: "→ 已审核（通过）" in page.upload_panel.line.text(), timeout=10_000)
            assert page.status_badge.text() == "已办结"
        finally:
            window.uploads.stop()
