# SPDX-License-Identifier: GPL-3.0-or-later
"""The supervision dashboard's SQL on a small hand-made agency whose answers are worked out by
hand below: grade distribution with the chi-square test, 重度 share by month, review outcomes,
visits per day (days in the agency's time zone), duration percentiles, answer changes, dual-entry
agreement, frequent re-applicants, the filters, and the CSV export."""

from __future__ import annotations

import datetime
import math
import zoneinfo

import pytest
from sqlalchemy import text

from assessment_app.agency.chi_square import chi_square_sf
from assessment_app.agency.dashboard_queries import UNKNOWN_DISTRICT, Context, DashboardFilter, run_query
from assessment_app.agency.database import transaction
from assessment_app.agency.review_settings import read_settings
from assessment_app.agency.table_csv import table_csv

from tests.agency.desk import hand_made, insert_hand_made

LOCAL = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str, clock: str = "10:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LOCAL)


@pytest.fixture
def small(agency):
    """Six visits (and an older version of one):

    visit  start (local)       grade  experts  minutes  status            changes  dual   district
    v1     2026-01-10 09:00    0      A B      10       approved          2        15/17  东城区
    v2     2026-02-01 00:30    1      A B      20       returned          0        -      东城区  (UTC: Jan 31)
    v3     2026-01-31 23:30    1      A C      30       approved          5 (flag) 17/17  东城区
    v4     2026-01-20 10:00    3      B C      40       recheck_ordered   0        -      (none)
    v5     2026-02-15 10:00    3      A C      50       pending           1        -      东城区  (version 2)
    v6     2026-02-16 10:00    5      B C      60       approved          0        -      长宁区
    v7     2026-02-10 10:00    3      A C      45       returned          0        -      东城区  (version 1 of v5's case)
    """
    key = agency.records_key
    rows = [
        hand_made(key, visit="v1", assessors=("A", "B"), grade=0, started=at("2026-01-10", "09:00"), duration_minutes=10,
                  status="approved", changes=2, dual=(15, 17)),
        hand_made(key, visit="v2", assessors=("A", "B"), grade=1, started=at("2026-02-01", "00:30"), duration_minutes=20,
                  status="returned"),
        hand_made(key, visit="v3", assessors=("A", "C"), grade=1, started=at("2026-01-31", "23:30"), duration_minutes=30,
                  status="approved", changes=5, dual=(17, 17)),
        hand_made(key, visit="v4", assessors=("B", "C"), grade=3, started=at("2026-01-20"), duration_minutes=40,
                  status="recheck_ordered", district=None),
        hand_made(key, visit="v5", assessors=("A", "C"), grade=3, started=at("2026-02-15"), duration_minutes=50,
                  changes=1, case="case-5", version=2),
        hand_made(key, visit="v6", assessors=("B", "C"), grade=5, started=at("2026-02-16"), duration_minutes=60,
                  status="approved", district="长宁区"),
        hand_made(key, visit="v7", assessors=("A", "C"), grade=3, started=at("2026-02-10"), duration_minutes=45,
                  status="returned", case="case-5", version=1),
    ]
    rows[2]["flag_codes"] = ["many_changes"]
    insert_hand_made(agency, rows)
    with transaction(agency.engine) as session:
        assert session.execute(text("SELECT visit_id FROM review_records WHERE NOT is_newest")).scalars().all() == ["v7"]
    return agency


def query(agency, name: str, **filters) -> dict:
    with transaction(agency.engine) as session:
        context = Context(DashboardFilter(**filters), read_settings(session))
        return run_query(session, name, context, key=agency.records_key, names={"A": "甲"})


def by(rows: list[dict], *keys: str) -> dict:
    return {tuple(row[key] for key in keys) if len(keys) > 1 else row[keys[0]]: row for row in rows}


def test_grade_distribution_and_the_chi_square_test(small):
    table = query(small, "grade_distribution")
    rows = by(table["rows"], "assessor", "grade_code")
    # Agency (newest versions, each visit once): grades 0:1, 1:2, 3:2, 5:1 of 6.
    assert [rows[("A", grade)]["agency_count"] for grade in (0, 1, 3, 5)] == [1, 2, 2, 1]
    # A: v1 (0), v2 (1), v3 (1), v5 (3): observed 1, 2, 1, 0; expected 4 × (1/6, 2/6, 2/6, 1/6).
    assert [rows[("A", grade)]["observed"] for grade in (0, 1, 3, 5)] == [1, 2, 1, 0]
    assert [rows[("A", grade)]["expected"] for grade in (0, 1, 3, 5)] == pytest.approx([2 / 3, 4 / 3, 4 / 3, 2 / 3])
    # X² = (1/3)²/(2/3) + (2/3)²/(4/3) + (1/3)²/(4/3) + (2/3)²/(2/3) = 1/6 + 1/3 + 1/12 + 2/3 = 1.25, df 3.
    assert rows[("A", 0)]["chi_square"] == pytest.approx(1.25)
    assert rows[("A", 0)]["degrees_of_freedom"] == 3
    assert rows[("A", 0)]["p_value"] == pytest.approx(chi_square_sf(1.25, 3))
    # Adjusted residual for grade 5: (0 − 2/3) / √(2/3 × 5/6) = −2/√5.
    assert rows[("A", 5)]["residual"] == pytest.approx(-2 / math.sqrt(5))
    assert rows[("A", 0)]["share"] == pytest.approx(0.25) and rows[("A", 0)]["assessor_name"] == "甲"
    # Nobody has 30 visits: no one is tested, no one is an outlier.
    assert table["test"]["assessors_tested"] == 0 and not any(row["outlier"] for row in table["rows"])
    # The assessor filter shows one assessor, still against the whole agency.
    only = by(query(small, "grade_distribution", assessor="C")["rows"], "assessor", "grade_code")
    assert {assessor for assessor, _ in only} == {"C"}
    assert only[("C", 3)]["expected"] == pytest.approx(4 * 2 / 6)


def test_severe_share_by_month_and_visits_per_day_count_in_the_agencys_time_zone(small):
    months = by(query(small, "severe_share_by_month")["rows"], "month")
    # January: v1 (0), v3 (1), v4 (3); February: v2 (1, at 00:30 local), v5 (3), v6 (5).
    assert {month: (row["visits"], row["severe"]) for month, row in months.items()} == {
        "2026-01": (3, 1), "2026-02": (3, 2)}
    assert months["2026-02"]["severe_share"] == pytest.approx(2 / 3)
    days = {row["day"]: row["visits"] for row in query(small, "visits_per_day")["rows"]}
    assert days == {"2026-01-10": 1, "2026-01-20": 1, "2026-01-31": 1, "2026-02-01": 1, "2026-02-15": 1,
                    "2026-02-16": 1}


def test_review_outcomes_count_every_version(small):
    rows = by(query(small, "review_outcomes")["rows"], "assessor")
    agency = rows[None]
    assert (agency["records"], agency["decided"], agency["approved"], agency["returned"],
            agency["recheck_ordered"]) == (7, 6, 3, 2, 1)
    assert agency["returned_rate"] == pytest.approx(2 / 6) and agency["assessor_name"] == "全机构"
    # A: v1 approved, v2 returned, v3 approved, v5 pending, v7 returned.
    assert (rows["A"]["records"], rows["A"]["decided"], rows["A"]["returned"]) == (5, 4, 2)
    assert rows["A"]["returned_rate"] == pytest.approx(0.5) and rows["A"]["recheck_rate"] == 0


def test_visit_duration_percentiles(small):
    rows = by(query(small, "visit_duration")["rows"], "assessor")
    # Agency: 10, 20, 30, 40, 50, 60 minutes → median 35, quartiles 22.5 and 47.5 (percentile_cont).
    assert (rows[None]["median_minutes"], rows[None]["quartile1_minutes"], rows[None]["quartile3_minutes"]) == (
        pytest.approx(35), pytest.approx(22.5), pytest.approx(47.5))
    # A: 10, 20, 30, 50 → median 25, quartiles 17.5 and 35.
    assert (rows["A"]["visits"], rows["A"]["median_minutes"], rows["A"]["quartile1_minutes"],
            rows["A"]["quartile3_minutes"]) == (4, pytest.approx(25), pytest.approx(17.5), pytest.approx(35))


def test_answer_changes_and_dual_entry_agreement(small):
    changes = by(query(small, "answer_changes")["rows"], "assessor")
    assert (changes[None]["changes"], changes[None]["visits_with_changes"], changes[None]["flagged_visits"]) == (8, 3, 1)
    assert changes[None]["changes_per_visit"] == pytest.approx(8 / 6)
    assert (changes["A"]["changes"], changes["A"]["changes_per_visit"], changes["B"]["changes"]) == (
        8, pytest.approx(2.0), 2)
    dual = by(query(small, "dual_entry_agreement")["rows"], "assessor")
    assert (dual[None]["dual_entry_visits"], dual[None]["items_alike"], dual[None]["items"]) == (2, 32, 34)
    assert dual["A"]["agreement_rate"] == pytest.approx(32 / 34)
    assert dual["B"]["agreement_rate"] == pytest.approx(15 / 17) and dual["C"]["agreement_rate"] == pytest.approx(1)


def test_filters_by_period_district_and_assessor(small):
    def days(**filters) -> list[str]:
        return [row["day"] for row in query(small, "visits_per_day", **filters)["rows"]]

    assert days(since=datetime.date(2026, 2, 1), until=datetime.date(2026, 2, 15)) == ["2026-02-01", "2026-02-15"]
    assert days(district="长宁区") == ["2026-02-16"]
    assert days(district=UNKNOWN_DISTRICT) == ["2026-01-20"]
    assert days(assessor="B") == ["2026-01-10", "2026-01-20", "2026-02-01", "2026-02-16"]
    outcomes = query(small, "review_outcomes", assessor="B")["rows"]
    assert [row["assessor"] for row in outcomes] == [None, "B"]  # the agency row stays for comparison


def test_each_table_exports_as_csv_with_a_bom(small):
    table = query(small, "visit_duration")
    data = table_csv(table, "zh_CN")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "评估人员,姓名,评估次数,用时中位数（分钟）,下四分位（分钟）,上四分位（分钟）,用时过短次数"
    assert lines[1].startswith(",全机构,6,35,22.5,47.5,")
    english = table_csv(query(small, "grade_distribution"), "en").decode("utf-8-sig").split("\r\n")
    assert english[0].startswith("assessor,name,visits,grade code,grade,")


def test_frequent_reapplicants_follow_the_reapplication_rule(agency):
    key = agency.records_key
    person, other = "110101194001011234", "110101194502022345"
    rows = [hand_made(key, visit=f"x{n}", assessors=("A", "B"), grade=2, started=start,
                      case_created=start - datetime.timedelta(days=2), application_type=kind, applicant=person,
                      name="测试反复")
            for n, (start, kind) in enumerate(((at("2026-01-05"), "initial"), (at("2026-03-01"), "reassessment"),
                                               (at("2026-06-01"), "reassessment")))]
    rows.append(hand_made(agency.records_key, visit="y1", assessors=("A", "B"), grade=2, started=at("2026-03-01"),
                          applicant=other, name="测试一次"))
    insert_hand_made(agency, rows, flags=True)
    table = query(agency, "frequent_reapplicants")
    assert len(table["rows"]) == 1
    row = table["rows"][0]
    # Policy 183 days and 2 a year: March is too soon; June too soon and the third within a year.
    assert (row["applicant_name"], row["resident_id"], row["applications"], row["too_soon"], row["too_frequent"]) == (
        "测试反复", person, 3, 2, 1)
    with transaction(agency.engine) as session:
        flags = dict(session.execute(text("SELECT visit_id, flag_codes FROM review_records")).all())
    assert "early_reassessment" in flags["x1"] and "early_reassessment" not in flags["x0"]
