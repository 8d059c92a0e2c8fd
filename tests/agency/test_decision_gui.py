# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions back on the laptop's main window, offscreen (pytest-qt) against a live agency server
on loopback and a real PostgreSQL: the case's bundle went up through the upload queue and was
verified; a reviewer decides on the server; 获取审核结果 (or the runner on its own) pulls it and
the case page says 已上传 → 已核验 → 已审核（通过） with the reviewer, date and reason; a 复核 order
shows the new review case and opens it; a decision the laptop refuses is said in Chinese and
stays on the server. The screenshot of the case page at 1366×768 goes to tests/artifacts/ (the
one in docs/screenshots/ is a copy of it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assessment_app.ui.shell.main_window import MainWindow
from assessment_app.ui.shell.work_context import WorkContext

from tests.agency.decisions_world import decision_world
from tests.agency.desk import ASSESSOR, build_people, signed_decision
from tests.agency.harness import ServerThread
from tests.gui.conftest import compiled_translations, ui_language  # noqa: F401 - fixtures
from tests.unit.bundle.conftest import demo_sign_in

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def people():
    return build_people()


@pytest.fixture
def world(agency, people, tmp_path):
    with ServerThread(agency.config) as server:
        made = decision_world(agency, people, tmp_path, server, upload=True)
        yield made
        made.laptop.records.close()


@pytest.fixture
def window(qtbot, world, form, ui_language):  # noqa: F811
    ui_language.switch("zh_CN")
    records = world.laptop.records
    context = WorkContext(records, form, data_dir=records.layout.root, language="zh_CN",
                          session=demo_sign_in(records, "DEMO-A-001"))
    made = MainWindow(context, ui_language, lambda: None)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    made.case_list.searches.wait()
    yield made
    made.uploads.stop()


def test_fetching_shows_the_approval_on_the_case_page(qtbot, world, window):
    window.open_case(world.case_id)
    page = window.case_detail
    panel = page.decision_panel
    assert page.upload_panel.line.text().startswith("已上传 → 已核验")
    assert panel.line.isHidden() and panel.pull_button.text() == "获取审核结果" and panel.pull_button.isEnabled()
    world.decide(decision="approved", reason="资料齐全，录像完整")
    qtbot.mouseClick(panel.pull_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.line.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: panel.pulling is None, timeout=30_000)
    assert panel.line.text().startswith("审核结论：通过 · 审核员 演示审核员（DEMO-R-001）· ")
    assert panel.line.text().endswith("理由：资料齐全，录像完整")
    assert page.upload_panel.line.text().startswith("已上传 → 已核验 → 已审核（通过）")
    assert panel.notice.text() == "已获取并应用 1 份新的审核结论。"
    assert page.status_badge.text() == "已办结" and panel.new_case_button.isHidden()
    assert world.waiting_on_server() == []
    SCREENSHOTS.mkdir(exist_ok=True)
    qtbot.wait(100)  # let the layout settle before the picture is taken
    assert window.grab().save(str(SCREENSHOTS / "case-page-decision-pulled.png"))
    window.context.language = "en"  # the stage words come from the catalogue in either language
    page.upload_panel.refresh()
    assert page.upload_panel.line.text().startswith("uploaded → verified → decided (approved)")
    window.context.language = "zh_CN"


def test_the_runner_pulls_a_recheck_order_by_itself_and_the_new_case_opens(qtbot, world, window):
    window.open_case(world.case_id)
    page = window.case_detail
    panel = page.decision_panel
    decided = world.decide(decision="recheck_ordered", reason="家属对第 3 项有异议，申请复核")
    window.uploads.start()  # as app.py does: the runner pulls for the signed-in assessor
    qtbot.waitUntil(lambda: panel.new_case_button.isVisible(), timeout=30_000)
    assert panel.line.text().startswith("审核结论：转入复核 · ")
    assert page.upload_panel.line.text().startswith("已上传 → 已核验 → 已审核（转入复核）")
    assert panel.new_case_button.text() == "打开复核案件"
    qtbot.mouseClick(panel.new_case_button, Qt.MouseButton.LeftButton)
    assert page.detail.case_id == decided["new_case_id"]
    assert window.stack.currentWidget() is page and "复核" in page.heading.text()
    window.case_list.reload()
    window.case_list.searches.wait()
    model = window.case_list.model
    assert decided["new_case_id"] in [model.case_id(row) for row in range(model.rowCount())]


def test_a_refused_decision_is_said_and_stays_on_the_server(qtbot, world, window, people, ui_language):  # noqa: F811
    window.open_case(world.case_id)
    panel = window.case_detail.decision_panel
    data, pdf = signed_decision(people, ASSESSOR, **world.facts())
    world.plant(pdf, data)
    panel.pull_button.click()
    qtbot.waitUntil(lambda: panel.pulling is None, timeout=30_000)
    assert panel.refusals.isVisible() and panel.refusals.property("look") == "fieldError"
    assert panel.refusals.text().startswith("机构服务器上有一份审核结论未被本机接受，已留在服务器上（本机未做任何更改）：签署人不是")
    assert panel.notice.text() == "机构服务器上没有新的审核结论。"
    assert panel.line.isHidden() and world.waiting_on_server() == [data["review_id"]]
    assert window.case_detail.status_badge.text() != "已办结"
    ui_language.switch("en")  # and in English
    try:
        window.context.language = "en"
        panel.refresh()
        assert panel.refusals.text().startswith("A decision on the agency server was not accepted by this laptop and "
                                              "stays there (nothing was changed): The signer is not a reviewer")
    finally:
        ui_language.switch("zh_CN")


def test_asking_the_agency_from_the_upload_queue_brings_the_decision_too(qtbot, world, window):
    window.open_case(world.case_id)
    page = window.case_detail
    runner = window.uploads.runner
    runner.poll_seconds = 0.2  # the runner looks often, but pulls on its own only every 5 minutes
    with qtbot.waitSignal(window.uploads.decisions_pulled, timeout=30_000) as first:
        window.uploads.start()
    assert first.args[0].applied == []  # its first pull (at start, for the signed-in assessor) found nothing
    world.decide(decision="returned", reason="录像中第 7 项未见演示")
    qtbot.wait(1000)
    assert page.decision_panel.line.isHidden()  # not due yet
    dialog = window.show_upload_queue()  # 上传队列 in the toolbar
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)  # 向机构查询
    qtbot.waitUntil(lambda: page.decision_panel.line.isVisible(), timeout=30_000)
    assert page.decision_panel.line.text().startswith("审核结论：退回 · ")
    assert page.upload_panel.line.text().startswith("已上传 → 已核验 → 已审核（退回）")
    assert page.decision_panel.line.property("look") == "fieldError"  # the experts have work to do


def test_a_server_out_of_reach_is_said_under_the_decision_line(qtbot, world, window):
    window.open_case(world.case_id)
    panel = window.case_detail.decision_panel
    world.server.__exit__(None, None, None)  # the line is down
    panel.pull_button.click()
    qtbot.waitUntil(lambda: panel.pulling is None, timeout=30_000)
    assert panel.notice.isVisible() and panel.notice.property("look") == "fieldError"
    assert panel.notice.text().startswith("未能获取审核结果：无法连接机构服务器")
    assert panel.pull_button.isEnabled()  # to try again later
