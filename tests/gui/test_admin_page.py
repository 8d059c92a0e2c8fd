# SPDX-License-Identifier: GPL-3.0-or-later
"""管理: every signed-in person sees it, with exactly the actions the services grant them (an
administrator imports packages and changes settings, whoever may read the audit log verifies it,
each person manages only their own signing certificate); the audit log is verified with its count
and head; a provisioning package is imported only after its CA fingerprint is confirmed, and an
altered one is refused by its signature with nothing changed; in the demo agency a signing
certificate is generated for oneself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from assessment_app.security.provisioning import build_demo_provisioning
from assessment_app.services.audit_log import STATION_CHAIN, verify_stored_chain
from assessment_app.services.experts import list_experts
from assessment_app.services.provisioning_import import ensure_demo_agency, pinned_fingerprint
from assessment_app.services.signing_identities import active_identity
from assessment_app.ui.shell.main_window import ADMINISTRATION
from tests.actors import add_person
from tests.gui.records_fixtures import CHEAP_KDF, NOW, give_passphrase, open_main_window, sign_in_as

pytestmark = pytest.mark.gui


@pytest.fixture
def admin_page(main_window, records, context):
    give_passphrase(records, add_person(records, "AD-0001", "administrator", "管理员丁"))
    sign_in_as(context, "AD-0001")
    main_window.apply_session()
    main_window.navigation.setCurrentRow(ADMINISTRATION)
    assert main_window.stack.currentWidget() is main_window.administration
    return main_window.administration


def package_file(tmp_path, tamper: bool = False):
    data = bytearray(build_demo_provisioning(NOW, b"\x07" * 32).package_bytes)
    if tamper:
        at = data.index(b'"code": "DEMO"') + len(b'"code": "DEM')
        data[at] ^= 0x01  # DEMO -> DEMN: still valid JSON, no longer what was signed
    path = tmp_path / "agency.ltc-provisioning.json"
    path.write_bytes(bytes(data))
    return path


def test_the_page_offers_each_person_what_their_role_grants(main_window, admin_page, context):
    assert not main_window.navigation.isRowHidden(ADMINISTRATION)
    assert not admin_page.demo_note.isVisible()
    assert admin_page.import_button.isVisible() and admin_page.audit_group.isVisible()
    assert admin_page.visit_settings.save_button.isVisible()
    sign_in_as(context, "PG-0001")  # an assessor: their own certificate, the rest read only
    main_window.apply_session()
    main_window.navigation.setCurrentRow(ADMINISTRATION)
    assert main_window.stack.currentWidget() is admin_page
    assert not admin_page.import_button.isVisible() and not admin_page.audit_group.isVisible()
    assert not admin_page.visit_settings.save_button.isVisible()
    assert not any(editor.isEnabled() for editor in admin_page.visit_settings.editors.values())
    numbers = [admin_page.table.item(row, 1).text() for row in range(admin_page.table.rowCount())]
    admin_page.table.selectRow(numbers.index("AD-0001"))
    assert not admin_page.p12_button.isEnabled()  # someone else's identity
    admin_page.table.selectRow(numbers.index("PG-0001"))
    assert admin_page.p12_button.isEnabled()


def test_verifying_the_audit_log_names_its_events_and_head(admin_page, qtbot, records, context):
    qtbot.mouseClick(admin_page.findChild(QPushButton, "verifyAuditButton"), Qt.MouseButton.LeftButton)
    head = verify_stored_chain(records, STATION_CHAIN, actor=context.session).head
    text = admin_page.findChild(QLabel, "auditResult").text()
    assert text.startswith(f"审计日志完好：共 {head.count} 条事件。") and head.count >= 2
    assert head.hash[:4] + " " + head.hash[4:8] in text


def test_a_tampered_package_is_refused_by_its_signature_and_nothing_changes(admin_page, records, tmp_path, context,
                                                                            monkeypatch, message_boxes):
    path = package_file(tmp_path, tamper=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    experts_before = list_experts(records)
    head_before = verify_stored_chain(records, STATION_CHAIN, actor=context.session).head
    assert admin_page.import_provisioning() is None
    assert "签名与内容不符，文件可能被改动过" in message_boxes.texts("errorDialog")[0]
    assert "未做任何更改" in message_boxes.texts("errorDialog")[0]
    assert message_boxes.texts("fingerprintConfirmation") == []  # refused before anything was asked
    assert pinned_fingerprint(records) is None
    assert list_experts(records) == experts_before
    assert verify_stored_chain(records, STATION_CHAIN, actor=context.session).head == head_before


def test_a_package_is_imported_only_after_the_fingerprint_is_confirmed(admin_page, records, tmp_path, monkeypatch,
                                                                       message_boxes):
    path = package_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    assert admin_page.import_provisioning() is None  # the fake user pressed Escape: Cancel
    assert pinned_fingerprint(records) is None
    message_boxes.answer_next("confirmFingerprintButton")
    result = admin_page.import_provisioning()
    assert result is not None and result.agency_code == "DEMO" and len(result.experts_added) == 4
    assert message_boxes.texts("fingerprintConfirmation")[-1] == "演示机构（DEMO），演示配置包，共 4 人。"
    assert admin_page.findChild(QLabel, "agency:name").text() == "演示机构"
    assert admin_page.findChild(QLabel, "agency:fingerprint").text().split("\n")[0] == " ".join(
        result.signer_ca_fingerprint[i:i + 4] for i in range(0, 32, 4))
    assert admin_page.table.rowCount() == len(list_experts(records))


@pytest.fixture
def demo_window(qtbot, records, context, data_dir, ui_language):
    ensure_demo_agency(records, NOW, b"\x05" * 32, kdf_params=CHEAP_KDF)
    context.demo = True
    sign_in_as(context, "DEMO-A-002", "demo-a-002")  # the second demo assessor
    return open_main_window(qtbot, context, ui_language, data_dir)


def test_in_the_demo_agency_an_assessor_generates_their_own_demo_certificate(
        demo_window, records, monkeypatch, message_boxes):
    assert demo_window.demo_banner.isVisible()
    demo_window.navigation.setCurrentRow(ADMINISTRATION)
    page = demo_window.administration
    assert page.demo_note.isVisible() and page.demo_note.text().startswith("演示模式")
    assert "DEMO-M-001" in page.demo_note.text() and not page.import_button.isVisible()
    assert page.findChild(QLabel, "agency:kind").text() == "演示机构（虚构，仅供培训）"
    numbers = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    page.table.selectRow(numbers.index("DEMO-A-001"))
    assert page.issue_demo_certificate() is None and not page.demo_certificate_button.isEnabled()  # not theirs
    row = numbers.index("DEMO-A-002")
    page.table.selectRow(row)
    before = active_identity(records, page.selected_expert().expert_id)
    monkeypatch.setattr(page, "ask_secrets", lambda title, explanation, fields: ["demo-a-002"])
    identity = page.issue_demo_certificate()
    assert identity is not None and identity.fingerprint != before.fingerprint
    assert page.table.item(row, 4).text().startswith("有效期至 ")
    assert message_boxes.texts("identityResult")[0].startswith("演示评估员乙（DEMO-A-002） 现在可以签名。")


def test_the_demo_administrator_may_use_the_page_s_actions(demo_window, context, records):
    sign_in_as(context, "DEMO-M-001", "demo-m-001")
    demo_window.apply_session()
    demo_window.navigation.setCurrentRow(ADMINISTRATION)
    page = demo_window.administration
    assert page.import_button.isVisible() and page.audit_group.isVisible()
    assert page.visit_settings.save_button.isVisible() and demo_window.backup_action.isEnabled()
    assert page.verify_audit().ok


def test_a_refusal_by_the_service_is_shown_as_its_message_whatever_the_screen_offered(main_window, admin_page,
                                                                                       context):
    sign_in_as(context, "PG-0001")  # an assessor; the save button is hidden, the service decides anyway
    main_window.apply_session()
    panel = admin_page.visit_settings
    panel.editors["visit.allow_without_recording"].setChecked(True)
    assert not panel.save()
    assert panel.result.text() == "评估员无权更改机构设置，未做任何更改。"
