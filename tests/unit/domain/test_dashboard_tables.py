# SPDX-License-Identifier: GPL-3.0-or-later
"""How a workstation reads the server's dashboard tables (domain/dashboard_tables.py): numbers as
people read them, the grade test folded per assessor, re-applicants' ID numbers masked; and the
agency's refusals worded in the user's language (messages/agency_text.py)."""

from __future__ import annotations

import pytest

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_client import ReviewRefused
from assessment_app.domain import dashboard_tables as tables
from assessment_app.messages import describe_error


@pytest.mark.parametrize(("key", "value", "language", "text"), [
    ("returned_rate", 0.0734, "zh_CN", "7.3 %"),
    ("agreement_rate", 1.0, "en", "100.0 %"),
    ("p_value", 1.2345e-9, "zh_CN", "1.23e-09"),
    ("p_value", 0.4567, "zh_CN", "0.457"),
    ("p_value", 0.0, "en", "< 1e-300"),
    ("residual", -3.8961, "zh_CN", "-3.90"),
    ("median_minutes", 37.25, "zh_CN", "37.2"),
    ("visits", 150, "zh_CN", "150"),
    ("outlier", True, "zh_CN", "是"),
    ("tested", False, "en", "no"),
    ("grade_label", {"zh_CN": "重度失能Ⅰ级", "en": "Severe I"}, "en", "Severe I"),
    ("recheck_rate", None, "zh_CN", "—"),
    ("assessor_name", "全机构", "en", "whole agency"),
    ("day", "2026-03-01", "zh_CN", "2026-03-01"),
])
def test_cells_read_as_people_read_them(key, value, language, text):
    assert tables.cell_text(key, value, language) == text


def test_re_applicants_id_numbers_are_masked_and_other_tables_left_alone():
    people = {"query": tables.FREQUENT_REAPPLICANTS, "columns": [], "rows": [
        {"applicant_name": "测试王小英", "resident_id": "11010519491231002X", "applications": 3},
        {"applicant_name": "测试李", "resident_id": "", "applications": 2}]}
    shown = tables.masked(people)
    assert shown["rows"][0] == {"applicant_name": "测试王小英", "resident_id": "1101**********002X", "applications": 3}
    assert shown["rows"][1]["resident_id"] == ""
    assert people["rows"][0]["resident_id"] == "11010519491231002X"  # the server's table is not changed in place
    durations = {"query": tables.VISIT_DURATION, "columns": [], "rows": [{"assessor": "A", "visits": 3}]}
    assert tables.masked(durations) is durations


def _grade_rows(assessor: str, name: str, observed: list[int], outlier: bool) -> list[dict]:
    visits = sum(observed)
    return [{"assessor": assessor, "assessor_name": name, "visits": visits, "grade_code": code,
             "grade_label": {"zh_CN": f"等级{code}", "en": f"grade {code}"}, "observed": count,
             "share": count / visits, "agency_share": [0.5, 0.3, 0.2][code], "residual": [2.5, -0.5, -1.0][code],
             "chi_square": 9.1 if outlier else 1.0, "degrees_of_freedom": 2, "p_value": 0.001 if outlier else 0.6,
             "tested": True, "outlier": outlier} for code, count in enumerate(observed)]


def test_the_grade_table_folds_into_one_test_per_assessor():
    table = {"query": tables.GRADE_DISTRIBUTION, "columns": [],
             "rows": _grade_rows("A-1", "张明", [10, 20, 10], False) + _grade_rows("A-2", "A-2", [30, 5, 5], True),
             "test": {"alpha": 0.05, "assessors_tested": 2, "threshold": 0.025, "min_visits": 30, "outliers": ["A-2"]}}
    test = tables.grade_test(table, "zh_CN")
    assert test.grades == [(0, "等级0"), (1, "等级1"), (2, "等级2")]
    assert test.agency_shares == {0: 0.5, 1: 0.3, 2: 0.2} and test.threshold == 0.025 and test.outliers == ["A-2"]
    assert test.degrees_of_freedom == 2  # three grades given by the agency
    first, second = test.assessors
    assert (first.label, first.visits, first.outlier, first.degrees_of_freedom) == ("A-1 张明", 40, False, 2)
    assert second.label == "A-2" and second.outlier and second.p_value == 0.001
    assert second.shares == {0: 0.75, 1: 0.125, 2: 0.125} and second.residuals == {0: 2.5, 1: -0.5, 2: -1.0}


def test_the_servers_refusal_is_shown_as_the_server_worded_it():
    refused = ReviewRefused(403, "role_not_allowed", "", {"zh_CN": "您的角色不能执行此操作。", "en": "Your role may not."})
    assert describe_error(refused, "zh_CN") == "您的角色不能执行此操作。"
    assert describe_error(refused, "en") == "Your role may not."
    # Raised on this side of the connection: the agency's own catalogue.
    assert describe_error(AgencyError("server_unreachable", "127.0.0.1:9"), "en") == \
        "The agency server cannot be reached (127.0.0.1:9)."


def test_the_messages_name_the_connection_file_the_service_reads():
    from assessment_app.messages import agency_text
    from assessment_app.services import agency_desk

    assert agency_text.CONNECTION_FILE == agency_desk.CONNECTION_FILE
