# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess-gui --demo` (what `make run` starts): the first start creates the demo agency and
200 synthetic cases in a data directory of its own, the demo banner is on screen, a demo login
works without any dialog before it; the second start creates nothing again; a real data
directory is refused in demo mode and left as it was."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.services.experts import list_experts
from assessment_app.storage.models import Case
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE, DEMO_CASES, demo_data_dir
from tests.gui.dialog_driver import drive_dialog, run_main, sign_in_step, when_main_window_shows
from tests.gui.records_fixtures import PASSPHRASE

pytestmark = pytest.mark.gui


def start_demo(qtbot, data_dir) -> tuple:
    drive_dialog(qtbot, "loginDialog", [sign_in_step(qtbot, "DEMO-A-001", "demo-a-001")])
    seen = when_main_window_shows(lambda window: (
        window.demo_banner is not None and window.demo_banner.isVisible(),
        window.demo_banner.text.text() if window.demo_banner else "",
        window.user_label.text(), window.case_list.model.total))
    assert run_main(["--demo", "--data-dir", str(data_dir)]) == 0
    return seen["result"]


def stored_counts(data_dir) -> tuple[int, int, list[str]]:
    with open_case_records(data_dir, DEMO_ADMIN_PASSPHRASE) as records:
        kinds = [event.kind for event in chain_events(records, STATION_CHAIN)]
        # Counted without a sign-in of our own, which would add to the chain being compared.
        with unit_of_work(records.engine) as session:
            cases = session.scalar(select(func.count()).select_from(Case))
        return len(list_experts(records)), cases, kinds


def test_demo_mode_creates_the_demo_agency_once_and_says_so_on_screen(qtbot, ui_language, tmp_path):
    data_dir = tmp_path / "demo"
    banner_shown, banner_text, user, cases_listed = start_demo(qtbot, data_dir)
    assert banner_shown and banner_text == "演示模式 · 演示机构（DEMO）— 仅用于培训与试用，数据均为虚构"
    assert user == "已登录：演示评估员甲（DEMO-A-001） · 评估员"
    experts, cases, kinds = stored_counts(data_dir)
    # 200 synthetic people, each with an open case, some also with an earlier one (for the 纠偏 flags).
    assert cases_listed == cases and cases >= DEMO_CASES
    assert (experts, kinds.count("provisioning_imported")) == (4, 1)
    # The synthetic cases were taken in by the demo administrator, signed in for it and out again;
    # then the demo assessor signed in, and out when the window closed.
    assert kinds[-5:] == ["login", "case_created", "logout", "login", "logout"]

    assert start_demo(qtbot, data_dir)[0]  # second start: the same data, nothing added
    assert stored_counts(data_dir)[:2] == (experts, cases)
    kinds_again = stored_counts(data_dir)[2]
    assert kinds_again.count("provisioning_imported") == 1
    assert kinds_again[len(kinds):] == ["login", "logout"]  # the second start only signed someone in and out


def test_the_demo_data_directory_is_apart_from_the_real_one():
    assert demo_data_dir(None).name == "demo" and demo_data_dir(None).parent.name == "ltc-assess"
    assert str(demo_data_dir("/somewhere/else")) == "/somewhere/else"


def test_a_real_data_directory_is_refused_in_demo_mode_and_left_alone(qtbot, ui_language, data_dir, monkeypatch):
    initialise_case_records(data_dir, PASSPHRASE).close()
    before = {path.name: path.read_bytes() for path in data_dir.iterdir() if path.is_file()}
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert run_main(["--demo", "--data-dir", str(data_dir)]) == 2
    ui_language.switch("zh_CN")
    assert "不是在演示模式下创建的" in messages[0] and "未做任何更改" in messages[0]
    assert {path.name: path.read_bytes() for path in data_dir.iterdir() if path.is_file()} == before
