# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload screens offscreen (pytest-qt) against a real agency server on loopback: 上传 on the
case page sends the exported bundle through the queue's runner thread and the page follows it to
已核验; the queue dialog shows progress and cancels and retries; a laptop that cannot upload says
why and still exports. Screenshots at 1366×768 go to tests/artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from assessment_app.domain.agency_upload import TransferFigures
from assessment_app.services import upload_queue as queue
from assessment_app.services.bundle_export import export_visit
from assessment_app.ui.cases.case_detail_page import CaseDetailPage
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.uploads.upload_bridge import UploadBridge
from assessment_app.ui.uploads.upload_queue_dialog import UploadQueueDialog

from tests.agency.conftest import QUICK
from tests.gui.conftest import compiled_translations, ui_language  # noqa: F401 - fixtures
from tests.unit.bundle.conftest import EXPORTED_AT, make_laptop

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FAST_RUNNER = {"client_options": {"retry": QUICK, "chunk_size": 16 * 1024}, "poll_seconds": 0.2,
               "status_seconds": 0.2}


def _context(laptop, form, language="zh_CN"):
    return WorkContext(laptop.records, form, language=language, session=laptop.world.pair.first)


def _shot(qtbot, widget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    qtbot.wait(100)  # let the layout settle before the picture is taken
    widget.grab().save(str(ARTIFACTS / name))


@pytest.fixture
def page_and_bridge(qtbot, connected, form, ui_language):  # noqa: F811
    laptop = connected[0]
    context = _context(laptop, form)
    bridge = UploadBridge(context, runner_options=FAST_RUNNER)
    page = CaseDetailPage(context, uploads=bridge)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    yield page, bridge, connected
    bridge.stop()


def test_upload_on_the_case_page_follows_the_bundle_to_verified(qtbot, page_and_bridge):
    page, bridge, (laptop, agency, server, _) = page_and_bridge
    assert page.show_case(laptop.world.case_id)
    panel = page.upload_panel
    assert panel.button.text() == "上传" and panel.button.isEnabled() and panel.line.isHidden()
    bridge.start()
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已上传，待机构核验" in panel.line.text(), timeout=60_000)
    assert not panel.button.isEnabled()  # sent: nothing to press again
    _shot(qtbot, page, "upload-case-page-uploaded.png")
    agency.worker("w").run_one()
    page.show_case(laptop.world.case_id)  # opening the case asks the server again
    qtbot.waitUntil(lambda: "已上传 → 已核验" in panel.line.text(), timeout=30_000)
    _shot(qtbot, page, "upload-case-page-verified.png")
    dialog = UploadQueueDialog(page.context, bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "已上传 → 已核验"
    assert "MB" in dialog.table.item(0, 3).text() and "https://127.0.0.1" in dialog.server.text()
    _shot(qtbot, dialog, "upload-queue-dialog.png")


def test_progress_reaches_the_page_as_mb_rate_and_time_left(qtbot, page_and_bridge):
    page, bridge, (laptop, _, _, _) = page_and_bridge
    page.show_case(laptop.world.case_id)
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, page.context.now(),
                                       actor=laptop.world.pair.first)
    claimed = queue.claim_next_upload(laptop.records, page.context.now())  # as the runner marks it
    page.upload_panel.refresh()
    bridge.progressed.emit(claimed.upload_id, TransferFigures(3 * 1048576, 12 * 1048576, 1048576.0, 9.0))
    text = page.upload_panel.line.text()
    assert text.startswith("上传中 已传 3.0 MB / 共 12.0 MB") and "3.0 MB" in text and "12.0 MB" in text and "1.0 MB/s" in text and "0:09" in text
    assert queued.upload_id == claimed.upload_id
    _shot(qtbot, page, "upload-case-page-uploading.png")


def test_a_quarantine_is_shown_with_its_reason_and_in_english_too(qtbot, page_and_bridge, form):
    page, bridge, (laptop, _, _, _) = page_and_bridge
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, page.context.now(),
                                       actor=laptop.world.pair.first)
    queue.claim_next_upload(laptop.records, page.context.now())
    queue.finish_upload(laptop.records, queued.upload_id, {
        "bundle": queued.server_bundle, "status": "quarantined", "case_id": laptop.world.case_id,
        "bundle_id": queued.bundle_id, "reasons": [{"reason": "file_hash_mismatch", "detail": "report.pdf"},
                                                    {"reason": "report_signature_invalid", "detail": "签名 2"}]}, page.context.now())
    page.show_case(laptop.world.case_id)
    text = page.upload_panel.line.text()
    assert text.startswith("已上传 → 已隔离 — 文件 report.pdf 的哈希与清单不符") and "另有 1 项" in text
    assert page.upload_panel.line.property("look") == "fieldError"
    assert not page.upload_panel.button.isEnabled()  # the same bundle again would be quarantined again
    _shot(qtbot, page, "upload-case-page-quarantined.png")
    page.context.language = "en"
    page.upload_panel.refresh()
    assert page.upload_panel.line.text().startswith("uploaded → quarantined — ")


def test_the_queue_dialog_cancels_and_retries(qtbot, connected, form, ui_language):  # noqa: F811
    laptop = connected[0]
    context = _context(laptop, form)
    bridge = UploadBridge(context, runner_options=FAST_RUNNER)  # not started: the upload stays queued
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, context.now(), actor=context.session)
    dialog = UploadQueueDialog(context, bridge)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 420)
    dialog.show()
    assert dialog.table.item(0, 1).text() == "等待上传"
    assert not dialog.cancel_button.isEnabled()  # nothing selected yet
    dialog.select(queued.upload_id)
    assert dialog.cancel_button.isEnabled() and not dialog.retry_button.isEnabled()
    dialog.cancel_button.click()
    assert dialog.table.item(0, 1).text() == "上传已取消" and dialog.retry_button.isEnabled()
    dialog.retry_button.click()
    assert dialog.table.item(0, 1).text() == "等待上传"
    bridge.start()
    try:
        qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "已上传，待机构核验", timeout=60_000)
    finally:
        bridge.stop()


def test_a_laptop_that_cannot_upload_says_why_and_still_exports(qtbot, form, ui_language, tmp_path):  # noqa: F811
    laptop = make_laptop(tmp_path / "data", video=False)
    try:
        export_visit(laptop.records, laptop.visit_id, tmp_path, signers=laptop.signers, now=EXPORTED_AT)
        context = _context(laptop, form)
        page = CaseDetailPage(context)
        qtbot.addWidget(page)
        page.show_case(laptop.world.case_id)
        assert page.findChild(QPushButton, "exportBundleButton").isEnabled()
        assert not page.upload_panel.button.isEnabled()
        assert "机构配置包中没有本机的服务器连接信息" in page.upload_panel.button.toolTip()
    finally:
        laptop.records.close()
