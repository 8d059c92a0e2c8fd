# SPDX-License-Identifier: GPL-3.0-or-later
"""The supervision dashboard's tables (统计与稽核) as a workstation shows them: their names and
titles, how each column's numbers are written (rates as percentages, p-values in scientific
notation when small), the grade test summarised per assessor, and what is masked before a
table is shown or saved.

The tables themselves are the agency server's (docs/formats/agency-api.md, "Dashboard tables");
this module only reads them. One home for these rules: the page, the CSV and the PDF all use it.

Masking: the re-applicant table lists people by name and ID number. A workstation shows and
saves the ID number masked as the 公示 list masks it (1101**********123X, domain/resident_id),
so neither the screen nor an exported file carries a whole ID number; the name stays, since a
reviewer follows a re-applicant up by name within the agency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from assessment_app.domain.resident_id import mask_resident_id

GRADE_DISTRIBUTION = "grade_distribution"
SEVERE_SHARE_BY_MONTH = "severe_share_by_month"
REVIEW_OUTCOMES = "review_outcomes"
VISITS_PER_DAY = "visits_per_day"
VISIT_DURATION = "visit_duration"
ANSWER_CHANGES = "answer_changes"
DUAL_ENTRY_AGREEMENT = "dual_entry_agreement"
FREQUENT_REAPPLICANTS = "frequent_reapplicants"

# In the order the page and the PDF show them.
TABLES = (GRADE_DISTRIBUTION, SEVERE_SHARE_BY_MONTH, REVIEW_OUTCOMES, VISITS_PER_DAY, VISIT_DURATION,
          ANSWER_CHANGES, DUAL_ENTRY_AGREEMENT, FREQUENT_REAPPLICANTS)

TITLES = {
    GRADE_DISTRIBUTION: ("评估等级分布（按评估人员）", "Grade distribution per assessor"),
    SEVERE_SHARE_BY_MONTH: ("重度失能占比（按月）", "Share of severe grades per month"),
    REVIEW_OUTCOMES: ("审核结果（按评估人员）", "Review outcomes per assessor"),
    VISITS_PER_DAY: ("每日评估次数", "Visits per day"),
    VISIT_DURATION: ("评估用时（按评估人员）", "Visit duration per assessor"),
    ANSWER_CHANGES: ("评估中修改答案（按评估人员）", "Answers changed during visits"),
    DUAL_ENTRY_AGREEMENT: ("双人录入一致率（按评估人员）", "Dual-entry agreement per assessor"),
    FREQUENT_REAPPLICANTS: ("频繁申请人员", "Frequent re-applicants"),
}

AGENCY_LABEL = ("全机构", "whole agency")  # the rows with assessor null

RATE_COLUMNS = frozenset({"share", "agency_share", "severe_share", "returned_rate", "recheck_rate", "agreement_rate"})
DECIMALS = {"expected": 1, "residual": 2, "chi_square": 2, "median_minutes": 1, "quartile1_minutes": 1,
            "quartile3_minutes": 1, "changes_per_visit": 2}
P_VALUE_COLUMNS = frozenset({"p_value"})
BOOLEAN_TEXT = {"zh_CN": ("是", "否"), "en": ("yes", "no")}
NOTABLE_RESIDUAL = 2.0  # |r| above it is notable (dashboard_queries' docstring; ~5 % two-sided)


def title(name: str, language: str) -> str:
    zh, en = TITLES.get(name, (name, name))
    return en if language == "en" else zh


def column_label(column: dict, language: str) -> str:
    return str(column.get("en" if language == "en" else "zh_CN") or column.get("zh_CN") or column["key"])


def cell_text(key: str, value, language: str) -> str:
    """One cell as people read it: rates as percentages, p-values in scientific notation below
    0.001, other fractions rounded, grade labels and yes/no in the reader's language."""
    language = "en" if language == "en" else "zh_CN"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return BOOLEAN_TEXT[language][0 if value else 1]
    if isinstance(value, dict):
        return str(value.get(language) or value.get("zh_CN") or "")
    if key == "assessor_name" and value == AGENCY_LABEL[0]:
        return AGENCY_LABEL[1 if language == "en" else 0]
    if isinstance(value, (int, float)) and key in P_VALUE_COLUMNS:
        if value == 0:
            return "< 1e-300"
        return f"{value:.2e}" if value < 0.001 else f"{value:.3f}"
    if isinstance(value, (int, float)) and key in RATE_COLUMNS:
        return f"{value * 100:.1f} %"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        return f"{value:.{DECIMALS.get(key, 2)}f}"
    return str(value)


def masked(table: dict) -> dict:
    """The table as a workstation may show and save it: the re-applicants' ID numbers masked."""
    if table.get("query") != FREQUENT_REAPPLICANTS:
        return table
    rows = [{**row, "resident_id": mask_resident_id(str(row["resident_id"]))} if row.get("resident_id") else row
            for row in table["rows"]]
    return {**table, "rows": rows}


def assessor_label(row: dict, language: str) -> str:
    """"DEMO-A-101 张明" (or only the number when the agency's package names nobody), 全机构 for
    the agency's row."""
    if row.get("assessor") is None:
        return AGENCY_LABEL[1 if language == "en" else 0]
    name = row.get("assessor_name")
    return row["assessor"] if not name or name == row["assessor"] else f"{row['assessor']} {name}"


@dataclass(frozen=True)
class AssessorTest:
    """One assessor's goodness-of-fit test against the agency's grade shares."""

    assessor: str
    label: str
    visits: int
    chi_square: float | None
    degrees_of_freedom: int
    p_value: float | None
    tested: bool
    outlier: bool
    residuals: dict[int, float | None] = field(default_factory=dict)  # by grade code
    shares: dict[int, float] = field(default_factory=dict)  # by grade code


@dataclass(frozen=True)
class GradeTest:
    grades: list[tuple[int, str]]  # (code, label) of the grades the agency gave, in code order
    agency_shares: dict[int, float]
    assessors: list[AssessorTest]
    alpha: float | None
    threshold: float | None  # α / m (Bonferroni)
    min_visits: int | None
    outliers: list[str]

    @property
    def degrees_of_freedom(self) -> int:
        """The same for every assessor: each is tested over the grades the agency gave."""
        return max(len(self.grades) - 1, 0)


def grade_test(table: dict, language: str) -> GradeTest:
    """The long grade_distribution table (a row per assessor and grade) folded per assessor."""
    grades: dict[int, str] = {}
    agency_shares: dict[int, float] = {}
    by_assessor: dict[str, dict] = {}
    for row in table["rows"]:
        code = row["grade_code"]
        grades.setdefault(code, cell_text("grade_label", row.get("grade_label") or {}, language) or str(code))
        agency_shares[code] = row["agency_share"]
        entry = by_assessor.setdefault(row["assessor"], {"row": row, "residuals": {}, "shares": {}})
        entry["residuals"][code] = row.get("residual")
        entry["shares"][code] = row.get("share") or 0.0
    test = table.get("test") or {}
    assessors = [AssessorTest(assessor, assessor_label(entry["row"], language), entry["row"]["visits"],
                              entry["row"].get("chi_square"), entry["row"].get("degrees_of_freedom") or 0,
                              entry["row"].get("p_value"), bool(entry["row"].get("tested")),
                              bool(entry["row"].get("outlier")), entry["residuals"], entry["shares"])
                 for assessor, entry in by_assessor.items()]
    return GradeTest(sorted(grades.items()), agency_shares, assessors, test.get("alpha"), test.get("threshold"),
                     test.get("min_visits"), list(test.get("outliers") or []))
