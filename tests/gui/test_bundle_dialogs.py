# SPDX-License-Identifier: GPL-3.0-or-later
"""The export dialog (expert side) and the import dialog (reviewer side) around the bundle
services: progress with throughput and time left, Cancel that leaves nothing behind, a wrong
passphrase said in place; an import's report check by check, a second import of the same bundle
recognised, a damaged bundle quarantined with the place it was put aside."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QLineEdit

from assessment_app.services import bundle_export
from assessment_app.ui.cases.bundle_export_dialog import BundleExportDialog
from assessment_app.ui.review.bundle_import_dialog import BundleImportDialog
from assessment_app.ui.shell.work_context import WorkContext

from tests.unit.bundle.conftest import EXPORTED_AT, demo_records, demo_sign_in, exported, laptop  # noqa: F401

pytestmark = pytest.mark.gui


def _context(records, form, number: str) -> WorkContext:
    """The window's context with the demo expert `number` signed in."""
    context = WorkContext(records, form, data_dir=records.layout.root, language="zh_CN", now=lambda: EXPORTED_AT)
    context.session = demo_sign_in(records, number)
    return context


def _export_dialog(qtbot, laptop, form, out_dir) -> BundleExportDialog:  # noqa: F811
    dialog = BundleExportDialog(_context(laptop.records, form, "DEMO-A-001"), laptop.visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(out_dir))
    return dialog


def test_cancel_stops_the_export_and_says_the_partial_output_was_removed(
        qtbot, laptop, form, ui_language, tmp_path, monkeypatch):  # noqa: F811
    ui_language.switch("zh_CN")
    real_export = bundle_export.export_visit  # what export_signing_in calls once both experts signed in

    def paced_export(*args, progress, cancel, **options):
        def paced(done: int, total: int) -> None:
            progress(done, total)
            if done:
                cancel.wait(10)  # holds the worker until the user has seen the progress and cancelled
        return real_export(*args, progress=paced, cancel=cancel, **options)

    monkeypatch.setattr(bundle_export, "export_visit", paced_export)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dialog = _export_dialog(qtbot, laptop, form, out_dir)
    dialog.findChild(QLineEdit, "exportPassphrase:0").setText("demo-a-001")
    dialog.findChild(QLineEdit, "exportPassphrase:1").setText("demo-a-002")
    assert dialog.start()
    qtbot.waitUntil(lambda: "MB/s" in dialog.progress_text.text(), timeout=30000)
    assert 0 < dialog.progress.value() < dialog.progress.maximum()
    assert "MB" in dialog.progress_text.text() and not dialog.start_button.isEnabled()
    dialog.reject()  # Cancel while running: stops the export, the dialog stays
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running and dialog.problem.isVisible(), timeout=30000)
    assert "取消" in dialog.problem.text() or "cancelled" in dialog.problem.text()
    assert list(out_dir.iterdir()) == []
    assert dialog.result is None and dialog.start_button.isEnabled()
    assert all(field.text() == "" for field in dialog.passphrases)


def test_a_wrong_passphrase_is_said_in_place_and_nothing_is_written(qtbot, laptop, form, ui_language,
                                                                    tmp_path):  # noqa: F811
    ui_language.switch("zh_CN")
    dialog = _export_dialog(qtbot, laptop, form, tmp_path)
    assert not dialog.start()  # no passphrases yet
    assert dialog.problem.isVisible()
    dialog.findChild(QLineEdit, "exportPassphrase:0").setText("demo-a-001")
    dialog.findChild(QLineEdit, "exportPassphrase:1").setText("not-it")
    assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.running and dialog.problem.isVisible(), timeout=30000)
    assert "Traceback" not in dialog.problem.text() and dialog.problem.text()
    assert list(tmp_path.iterdir()) == []


def test_import_lists_every_check_knows_a_second_import_and_quarantines_a_damaged_bundle(
        qtbot, exported, form, ui_language, tmp_path):  # noqa: F811
    ui_language.switch("zh_CN")
    reviewer = demo_records(tmp_path / "agency")
    try:
        context = _context(reviewer, form, "DEMO-R-001")
        dialog = BundleImportDialog(context)
        qtbot.addWidget(dialog)
        dialog.show()
        opened = []
        dialog.open_requested.connect(opened.append)
        assert dialog.identity.text().endswith("agency-identity.txt")

        def run(bundle) -> None:
            dialog.bundle.setText(str(bundle))
            assert dialog.start()
            qtbot.waitUntil(lambda: not dialog.running, timeout=120000)

        run(exported.bundle)
        assert dialog.result.status == "imported"
        assert dialog.report.rowCount() == 12 and dialog.open_button.isVisible()

        damaged = tmp_path / "damaged"
        shutil.copytree(exported.bundle, damaged)
        part = sorted(path for path in damaged.iterdir() if path.name != "index.json")[-1]
        data = bytearray(part.read_bytes())
        data[len(data) // 2] ^= 0x01
        part.write_bytes(bytes(data))
        run(damaged)
        assert dialog.result.status == "quarantined"
        assert str(dialog.result.quarantine_path) in dialog.status.text()
        failed = [row for row in range(dialog.report.rowCount())
                  if dialog.report.item(row, 1).text() == dialog.tr("FAILED")]
        assert failed and dialog.report.item(failed[0], 2).text()  # a reason in words
        assert not dialog.open_button.isVisible()

        run(exported.bundle)
        assert dialog.result.status == "duplicate"
        assert not dialog.open_button.isVisible()
        assert opened == []
    finally:
        reviewer.close()
