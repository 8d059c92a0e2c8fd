# SPDX-License-Identifier: GPL-3.0-or-later
"""统计与稽核 on a reviewer's workstation, without a window (services/supervision.py) against the real
server: sign-in with the signing key for reviewers and administrators only, every table with the
flagged assessor, filters that reach the server, the server's CSV, re-applicants' ID numbers
masked in what is shown and saved, and the PDF with the embedded font. Attacks: an assessor, a
session signed out on the workstation, a wrong passphrase, a reversed period, a broken
connection file, a save into the data directory."""

from __future__ import annotations

import datetime
import io
import re
import subprocess

import pytest
from PIL import Image

from assessment_app.domain import dashboard_tables as tables
from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission, PermissionDenied
from assessment_app.messages import describe_error
from assessment_app.services.accounts import AccountError, logout
from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.agency_desk import CONNECTION_FILE, AgencyConnectionError, load_connection
from assessment_app.services.supervision import (
    DashboardFilter, SupervisionError, export_dashboard_pdf, export_table_csv, open_desk,
)

from tests.agency.supervision_world import ADMINISTRATOR, ASSESSOR, REVIEWER, supervision_world  # noqa: F401
from tests.unit.bundle.conftest import NOW

WHOLE_ID = re.compile(r"\d{17}[\dX]")
MASKED_ID = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
SIGNED_AT = NOW + datetime.timedelta(hours=1)


def _desk(world, number: str = REVIEWER):
    actor = world.sign_in(number)
    return actor, open_desk(world.records, actor, number.lower(), world.connection, now=SIGNED_AT)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 120), "#2f6db3").save(out, "PNG")
    return out.getvalue()


def test_a_reviewer_signs_in_with_the_signing_key_and_gets_every_table(supervision_world):
    world = supervision_world
    _, desk = _desk(world)
    assert (desk.person.expert_number, desk.person.role) == (REVIEWER, "reviewer")
    choices = desk.choices()
    assert choices.assessors == world.summary.assessors
    assert choices.first_visit.year == choices.last_visit.year == 2026 and len(choices.districts) >= 2
    shown = desk.tables()
    assert list(shown) == list(tables.TABLES) and all(shown[name]["rows"] for name in tables.TABLES)
    grade = shown[tables.GRADE_DISTRIBUTION]
    assert grade["test"]["outliers"] == [world.summary.skewed_assessor]
    test = tables.grade_test(grade, "zh_CN")
    flagged = [person for person in test.assessors if person.outlier]
    assert [person.assessor for person in flagged] == [world.summary.skewed_assessor]
    assert flagged[0].p_value < test.threshold and flagged[0].degrees_of_freedom == len(test.grades) - 1
    desk.close()


def test_an_administrator_sees_the_dashboard_too(supervision_world):
    _, desk = _desk(supervision_world, ADMINISTRATOR)
    assert desk.person.role == "administrator"
    assert desk.table(tables.VISITS_PER_DAY)["rows"]
    desk.close()


def test_an_assessor_is_refused_on_the_workstation_before_any_key_is_unlocked(supervision_world):
    world = supervision_world
    actor = world.sign_in(ASSESSOR)
    with pytest.raises(PermissionDenied) as refused:
        open_desk(world.records, actor, "not-even-tried", world.connection, now=SIGNED_AT)
    assert refused.value.permission == Permission.SUPERVISE
    assert "评估员无权查看统计与稽核" in describe_error(refused.value, "zh_CN")


def test_a_desk_stops_working_once_its_person_signed_out_on_the_workstation(supervision_world):
    world = supervision_world
    actor, desk = _desk(world)
    assert desk.table(tables.VISITS_PER_DAY)["rows"]
    logout(world.records, actor, SIGNED_AT)
    for call in (lambda: desk.table(tables.VISITS_PER_DAY), lambda: desk.csv(tables.VISIT_DURATION),
                 desk.choices):
        with pytest.raises(NotSignedIn):
            call()
    desk.close()


def test_a_wrong_passphrase_opens_no_session(supervision_world):
    world = supervision_world
    actor = world.sign_in(REVIEWER)
    with pytest.raises(AccountError):
        open_desk(world.records, actor, "wrong-passphrase", world.connection, now=SIGNED_AT)


def test_the_filters_reach_the_server(supervision_world):
    _, desk = _desk(supervision_world)
    whole = desk.table(tables.VISITS_PER_DAY)
    march = desk.table(tables.VISITS_PER_DAY, DashboardFilter(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)))
    assert march["filters"] == {"since": "2026-03-01", "until": "2026-03-31", "district": None, "assessor": None}
    assert march["rows"] and all(row["day"].startswith("2026-03") for row in march["rows"])
    assert sum(row["visits"] for row in march["rows"]) < sum(row["visits"] for row in whole["rows"])
    district = desk.choices().districts[0]
    one = desk.table(tables.VISITS_PER_DAY, DashboardFilter(district=district))
    assert one["filters"]["district"] == district
    assert sum(row["visits"] for row in one["rows"]) < sum(row["visits"] for row in whole["rows"])
    skewed = supervision_world.summary.skewed_assessor
    mine = desk.table(tables.REVIEW_OUTCOMES, DashboardFilter(assessor=skewed))
    assert [row["assessor"] for row in mine["rows"]] == [None, skewed]  # the agency stays for comparison
    with pytest.raises(SupervisionError) as reversed_period:
        DashboardFilter(datetime.date(2026, 4, 1), datetime.date(2026, 3, 1))
    assert "起始日期晚于截止日期" in describe_error(reversed_period.value, "zh_CN")
    desk.close()


def test_each_table_is_the_servers_csv_with_a_bom(supervision_world, tmp_path):
    world = supervision_world
    _, desk = _desk(world)
    for name in (tables.VISIT_DURATION, tables.GRADE_DISTRIBUTION):
        data = desk.csv(name, DashboardFilter(), "zh_CN")
        assert data == desk.client.dashboard(name, form="csv", language="zh_CN")
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8-sig").split("\r\n")
        assert lines[-1] == "" and len(lines) - 2 == len(desk.table(name)["rows"])
    english = desk.csv(tables.VISIT_DURATION, DashboardFilter(), "en").decode("utf-8-sig")
    assert english.startswith("assessor,name,visits,median (min)")
    saved = export_table_csv(desk, tables.VISIT_DURATION, DashboardFilter(), tmp_path / "用时.csv", now=SIGNED_AT)
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    events = [event for event in chain_events(world.records, STATION_CHAIN) if event.kind == "plaintext_copy_saved"]
    assert events[-1].data["kind"] == "dashboard_table" and events[-1].data["file_name"] == "用时.csv"
    with pytest.raises(FieldError) as refused:  # the data directory holds ciphertext only
        export_table_csv(desk, tables.VISIT_DURATION, DashboardFilter(), world.records.layout.root / "x.csv",
                         now=SIGNED_AT)
    assert refused.value.reason == "inside_data_directory"
    desk.close()


def test_re_applicants_id_numbers_are_masked_on_screen_and_in_the_csv(supervision_world):
    _, desk = _desk(supervision_world)
    raw = desk.client.dashboard(tables.FREQUENT_REAPPLICANTS)
    assert raw["rows"] and all(WHOLE_ID.fullmatch(row["resident_id"]) for row in raw["rows"])  # what needs masking
    shown = desk.table(tables.FREQUENT_REAPPLICANTS)
    assert [row["applicant_name"] for row in shown["rows"]] == [row["applicant_name"] for row in raw["rows"]]
    assert all(MASKED_ID.match(row["resident_id"]) for row in shown["rows"])
    data = desk.csv(tables.FREQUENT_REAPPLICANTS).decode("utf-8-sig")
    assert not WHOLE_ID.search(data)
    assert data.split("\r\n")[0].startswith("姓名,身份证号,区县,申请次数")
    assert len(data.split("\r\n")) - 2 == len(raw["rows"])
    desk.close()


def test_the_pdf_has_the_embedded_font_the_figures_and_no_whole_id_number(supervision_world, tmp_path):
    world = supervision_world
    _, desk = _desk(world)
    shown = desk.tables()
    path = export_dashboard_pdf(desk, shown, {tables.GRADE_DISTRIBUTION: _png()}, DashboardFilter(),
                                tmp_path / "统计与稽核.pdf", now=SIGNED_AT)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    listed = fonts.strip().splitlines()[2:]
    assert listed and all("WenQuanYi" in line and " yes " in line for line in listed), fonts
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "统计与稽核" in text and "演示机构" in text and world.summary.skewed_assessor in text
    assert "频繁申请人员" in text and not WHOLE_ID.search(text)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) >= 3  # the chart given (header lines + one image at least)
    pages = subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                           capture_output=True, check=True)
    assert pages.returncode == 0 and list(tmp_path.glob("page*.png"))
    events = [event for event in chain_events(world.records, STATION_CHAIN) if event.kind == "plaintext_copy_saved"]
    assert events[-1].data["kind"] == "dashboard_report"
    desk.close()


def test_the_connection_file_is_read_and_refused_clearly(tmp_path):
    assert load_connection(tmp_path) is None  # a workstation without a server
    (tmp_path / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    (tmp_path / CONNECTION_FILE).write_text('server_url = "https://agency.example:8443/"\nca_certificate = "ca.pem"\n'
                                            'workstation_certificate = "w.pem"\nworkstation_key = "/abs/w-key.pem"\n',
                                            encoding="utf-8")
    connection = load_connection(tmp_path)
    assert connection.server_url == "https://agency.example:8443"
    assert connection.certificate == tmp_path / "w.pem" and str(connection.key) == "/abs/w-key.pem"
    for text, problem in (('server_url = "http://agency.example"\nca_certificate = "ca.pem"\n'
                           'workstation_certificate = "w"\nworkstation_key = "k"\n', "server_url"),
                          ('server_url = "https://a"\n', "ca_certificate"), ("server_url = [", CONNECTION_FILE)):
        (tmp_path / CONNECTION_FILE).write_text(text, encoding="utf-8")
        with pytest.raises(AgencyConnectionError) as refused:
            load_connection(tmp_path)
        assert refused.value.reason == "connection_file_invalid" and problem in refused.value.detail
        assert CONNECTION_FILE in describe_error(refused.value, "zh_CN")
