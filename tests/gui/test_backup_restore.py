# SPDX-License-Identifier: GPL-3.0-or-later
"""备份… then 恢复… through the window, by an administrator: the restored data is the data at
backup time, the window works on the reopened records once the person signed in again on them,
and a bad backup file changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from assessment_app.services.case_queries import search_cases
from assessment_app.storage.repositories import CaseQuery
from tests.gui.records_fixtures import OTHER_ID, VALID_ID, clerk, intake_request, register, reload_case_list

pytestmark = pytest.mark.gui


def choose_files(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


@pytest.fixture
def administrator(main_window, records, context):
    context.session = clerk(records)  # PG-M-001, the agency's administrator
    main_window.apply_session()
    return context.session


def test_restore_brings_back_the_state_of_the_backup(main_window, administrator, records, tmp_path, monkeypatch,
                                                     message_boxes):
    register(records, intake_request(VALID_ID))
    reload_case_list(main_window)
    backup_path = tmp_path / "usb" / "before"
    backup_path.parent.mkdir()
    choose_files(monkeypatch, backup_path)
    monkeypatch.setattr(main_window.backup, "ask_backup_passphrase", lambda: None)
    summary = main_window.backup.create_backup()
    assert summary.path.name == "before.ltcbak" and summary.path.exists()
    assert "加密备份已保存到" in message_boxes.texts("backupReport")[0]

    later_case = register(records, intake_request(OTHER_ID, name="李桂兰"))
    main_window.open_case(later_case)
    reload_case_list(main_window)
    assert main_window.case_list.model.total == 2

    choose_files(monkeypatch, summary.path)
    monkeypatch.setattr(main_window.backup, "confirm_restore", lambda path: True)
    signed_in_again = []

    def sign_in_on_restored(context, parent=None, clock=None):
        signed_in_again.append(clerk(context.records))
        return signed_in_again[-1]
    monkeypatch.setattr("assessment_app.ui.shell.main_window.sign_in", sign_in_on_restored)
    restored = main_window.backup.restore_backup()
    assert restored is not None
    assert "备份已完整校验并恢复" in message_boxes.texts("backupReport")[-1]
    reopened = main_window.context.records
    assert reopened is not records
    assert signed_in_again and main_window.context.session is signed_in_again[0]  # asked to sign in again
    assert search_cases(reopened, CaseQuery(), actor=main_window.context.session).total == 1
    main_window.case_list.searches.wait()
    assert main_window.case_list.model.total == 1
    assert [row.applicant_name for row in main_window.case_list.model.rows] == ["王秀英"]
    assert main_window.stack.currentWidget() is main_window.case_list
    reopened.close()


def test_a_damaged_backup_is_refused_and_the_data_stays(main_window, administrator, records, tmp_path, monkeypatch,
                                                        message_boxes):
    register(records, intake_request(VALID_ID))
    backup_path = tmp_path / "good.ltcbak"
    choose_files(monkeypatch, backup_path)
    monkeypatch.setattr(main_window.backup, "ask_backup_passphrase", lambda: None)
    main_window.backup.create_backup()
    data = bytearray(backup_path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.ltcbak"
    damaged.write_bytes(bytes(data))
    register(records, intake_request(OTHER_ID, name="李桂兰"))

    choose_files(monkeypatch, damaged)
    monkeypatch.setattr(main_window.backup, "confirm_restore", lambda path: True)
    assert main_window.backup.restore_backup() is None
    assert "现有数据未被改动" in message_boxes.texts("errorDialog")[0]
    assert main_window.context.records is records and main_window.context.session is administrator  # still working
    assert search_cases(records, CaseQuery(), actor=administrator).total == 2


def test_restore_asks_first_and_does_nothing_when_declined(main_window, administrator, records, tmp_path, monkeypatch,
                                                           message_boxes):
    backup_path = tmp_path / "any.ltcbak"
    backup_path.write_bytes(b"whatever")
    choose_files(monkeypatch, backup_path)
    assert main_window.backup.restore_backup() is None  # the fake user pressed the escape button: Cancel
    text = message_boxes.texts("confirmRestoreDialog")[0]
    assert "恢复前会先完整校验备份文件" in text and "不会替换任何数据" in text
    assert main_window.context.records is records
    assert search_cases(records, CaseQuery(), actor=administrator).total == 0


def test_backup_and_restore_are_offered_to_administrators_only(main_window, records, context):
    assert not main_window.backup_action.isEnabled() and not main_window.restore_action.isEnabled()  # an assessor
    context.session = clerk(records)
    main_window.apply_session()
    assert main_window.backup_action.isEnabled() and main_window.restore_action.isEnabled()
