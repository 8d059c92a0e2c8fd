# SPDX-License-Identifier: GPL-3.0-or-later
"""统计与稽核: the supervision dashboard's tables, each one SQL statement aggregated in PostgreSQL
(grouping, counting, percentiles, the chi-square statistic), filtered by period (days in the
agency's time zone), district and assessor. Python only adds what SQL has no function for — the
chi-square p-value (chi_square.py) and the outlier verdict — and opens the names of the few
applicants the re-applicant table lists.

The seeds ask for it: Changning's 2020 plan (seeds/004) wants a 评估结果纠偏机制, the ranking of
people who 频繁申请复评, and 提高评估等级的准确度; Zoucheng (seeds/002) runs 专项稽核 by a medical
audit team. Hence: each assessor's grade distribution against the agency's with a
goodness-of-fit test, the share of 重度 grades by month, review outcomes, visits per day and
their duration, answers changed, dual-entry agreement and frequent re-applicants.

Grade distribution test, per assessor a with n_a graded visits (each visit counts for both its
experts): expected E_g = n_a · p_g with p_g the agency's share of grade g (all visits in the
filter); X² = Σ_g (O_g − E_g)² / E_g over the grades the agency gave, df = that count − 1;
standardised (adjusted) residual r_g = (O_g − E_g) / √(E_g (1 − p_g)), |r| > 2 is notable. An
assessor is an outlier when p < α / m (Bonferroni over the m assessors with at least
`dashboard.min_visits_for_test` visits; α = `dashboard.outlier_alpha_permille` / 1000).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from assessment_app.agency.chi_square import chi_square_sf
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import RecordsKey
from assessment_app.agency.review_queue import open_identity
from assessment_app.agency.review_settings import (
    MIN_VISITS_FOR_TEST,
    OUTLIER_ALPHA_PERMILLE,
    TIME_ZONE,
    agency_zone,
)
from assessment_app.domain.grades import SEVERE_GRADE_CODES

UNKNOWN_DISTRICT = "未知"
WORK_MEM = "32MB"  # the filter value for records whose address names no district


@dataclass(frozen=True)
class DashboardFilter:
    since: datetime.date | None = None  # first day, inclusive
    until: datetime.date | None = None  # last day, inclusive
    district: str | None = None
    assessor: str | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise AgencyError("request_invalid", f"since {self.since} is after until {self.until}")


@dataclass(frozen=True)
class Context:
    filters: DashboardFilter
    settings: dict

    @property
    def zone_name(self) -> str:
        return self.settings[TIME_ZONE]


def scope(context: Context, *, newest_only: bool = True, by_assessor: bool = True) -> tuple[str, dict]:
    """WHERE conditions on review_records AS r (values bound). `by_assessor` False leaves the
    assessor filter to the caller (per-assessor tables compare an assessor with the agency)."""
    filters, zone = context.filters, agency_zone(context.settings)
    conditions, parameters = ["TRUE"], {"tz": context.zone_name}
    if newest_only:
        conditions.append("r.is_newest")
    if filters.since:
        conditions.append("r.started_at >= :since")
        parameters["since"] = datetime.datetime.combine(filters.since, datetime.time(), zone)
    if filters.until:
        conditions.append("r.started_at < :until")
        parameters["until"] = datetime.datetime.combine(filters.until + datetime.timedelta(days=1), datetime.time(),
                                                        zone)
    if filters.district == UNKNOWN_DISTRICT:
        conditions.append("r.district IS NULL")
    elif filters.district:
        conditions.append("r.district = :district")
        parameters["district"] = filters.district
    if filters.assessor and by_assessor:
        conditions.append("(r.first_expert = :assessor OR r.second_expert = :assessor)")
        parameters["assessor"] = filters.assessor
    return " AND ".join(conditions), parameters


# The facts the per-assessor tables aggregate (all in the covering index review_records_facts).
_FACTS = ("grade_code", "review_status", "duration_seconds", "answer_changes", "dual_entry", "agreement_equal",
          "agreement_total", "flag_codes")


def _assessed(context: Context, condition: str, *, newest_only: bool = True) -> tuple[str, dict]:
    """Each visit once for each of its two experts, as `r` (assessor and the visit's facts): two
    index-only scans joined by UNION ALL. The assessor filter keeps that expert's rows."""
    where, parameters = scope(context, newest_only=newest_only, by_assessor=False)
    branches = []
    for column in ("first_expert", "second_expert"):
        only = f" AND r.{column} = :assessor" if context.filters.assessor else ""
        branches.append(f"SELECT r.{column} AS assessor, {', '.join(f'r.{fact}' for fact in _FACTS)} "
                        f"FROM review_records r WHERE {where} AND {condition}{only}")
    if context.filters.assessor:
        parameters["assessor"] = context.filters.assessor
    return f"({' UNION ALL '.join(branches)}) AS r", parameters


def _grade_distribution(context: Context) -> tuple[str, dict]:
    where, parameters = scope(context, by_assessor=False)
    assessed, assessed_parameters = _assessed(context, "r.grade_code IS NOT NULL")
    return f"""
        WITH agency AS (SELECT r.grade_code, count(*)::float8 AS n FROM review_records r
                        WHERE {where} AND r.grade_code IS NOT NULL GROUP BY r.grade_code),
        total AS (SELECT sum(n) AS n FROM agency),
        per AS (SELECT r.assessor, r.grade_code, count(*) AS observed FROM {assessed} GROUP BY 1, 2),
        assessors AS (SELECT assessor, sum(observed)::float8 AS visits FROM per GROUP BY assessor),
        grid AS (SELECT a.assessor, a.visits, g.grade_code, g.n AS agency_count, g.n / t.n AS agency_share,
                        COALESCE(p.observed, 0)::float8 AS observed, a.visits * g.n / t.n AS expected
                 FROM assessors a CROSS JOIN agency g CROSS JOIN total t
                 LEFT JOIN per p ON p.assessor = a.assessor AND p.grade_code = g.grade_code)
        SELECT assessor, visits::bigint AS visits, grade_code, observed::bigint AS observed,
               agency_count::bigint AS agency_count, agency_share, expected,
               CASE WHEN agency_share < 1 THEN (observed - expected) / sqrt(expected * (1 - agency_share)) END
                   AS residual,
               sum((observed - expected) ^ 2 / expected) OVER (PARTITION BY assessor) AS chi_square,
               (count(*) OVER (PARTITION BY assessor) - 1)::int AS degrees_of_freedom
        FROM grid ORDER BY assessor, grade_code""", {**parameters, **assessed_parameters}


def _severe_share_by_month(context: Context) -> tuple[str, dict]:
    where, parameters = scope(context)
    parameters["severe"] = list(SEVERE_GRADE_CODES)
    return f"""
        SELECT to_char(date_trunc('month', r.started_at AT TIME ZONE :tz), 'YYYY-MM') AS month, count(*) AS visits,
               count(*) FILTER (WHERE r.grade_code = ANY(:severe)) AS severe,
               (count(*) FILTER (WHERE r.grade_code = ANY(:severe)))::float8 / count(*) AS severe_share
        FROM review_records r WHERE {where} AND r.started_at IS NOT NULL AND r.grade_code IS NOT NULL
        GROUP BY 1 ORDER BY 1""", parameters


def _per_assessor_and_agency(context: Context, columns: str, condition: str = "TRUE", *,
                             newest_only: bool = True) -> tuple[str, dict]:
    """`columns` aggregated once over the agency (each visit once), first, then per assessor; the
    assessor filter picks the assessor rows, the agency row stays the agency's, for comparison."""
    where, parameters = scope(context, newest_only=newest_only, by_assessor=False)
    assessed, assessed_parameters = _assessed(context, condition, newest_only=newest_only)
    return f"""
        SELECT NULL AS assessor, {columns} FROM review_records r WHERE {where} AND {condition}
        UNION ALL
        (SELECT r.assessor, {columns} FROM {assessed} GROUP BY r.assessor ORDER BY r.assessor)""", \
        {**parameters, **assessed_parameters}


def _review_outcomes(context: Context) -> tuple[str, dict]:
    # Every version counts: a record returned and corrected is still a return.
    return _per_assessor_and_agency(context, """
        count(*) AS records, count(*) FILTER (WHERE r.review_status <> 'pending') AS decided,
        count(*) FILTER (WHERE r.review_status = 'approved') AS approved,
        count(*) FILTER (WHERE r.review_status = 'returned') AS returned,
        count(*) FILTER (WHERE r.review_status = 'recheck_ordered') AS recheck_ordered,
        (count(*) FILTER (WHERE r.review_status = 'returned'))::float8
            / NULLIF(count(*) FILTER (WHERE r.review_status <> 'pending'), 0) AS returned_rate,
        (count(*) FILTER (WHERE r.review_status = 'recheck_ordered'))::float8
            / NULLIF(count(*) FILTER (WHERE r.review_status <> 'pending'), 0) AS recheck_rate""",
                                    newest_only=False)


def _visits_per_day(context: Context) -> tuple[str, dict]:
    where, parameters = scope(context)
    return f"""
        SELECT (r.started_at AT TIME ZONE :tz)::date AS day, count(*) AS visits
        FROM review_records r WHERE {where} AND r.started_at IS NOT NULL GROUP BY 1 ORDER BY 1""", parameters


def _visit_duration(context: Context) -> tuple[str, dict]:
    return _per_assessor_and_agency(context, """
        count(*) AS visits,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_seconds) / 60 AS median_minutes,
        percentile_cont(0.25) WITHIN GROUP (ORDER BY r.duration_seconds) / 60 AS quartile1_minutes,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY r.duration_seconds) / 60 AS quartile3_minutes,
        count(*) FILTER (WHERE r.flag_codes @> ARRAY['short_visit']) AS short_visits""",
                                    "r.duration_seconds IS NOT NULL")


def _answer_changes(context: Context) -> tuple[str, dict]:
    return _per_assessor_and_agency(context, """
        count(*) AS visits, sum(r.answer_changes) AS changes, avg(r.answer_changes)::float8 AS changes_per_visit,
        count(*) FILTER (WHERE r.answer_changes > 0) AS visits_with_changes,
        count(*) FILTER (WHERE r.flag_codes @> ARRAY['many_changes']) AS flagged_visits""")


def _dual_entry_agreement(context: Context) -> tuple[str, dict]:
    return _per_assessor_and_agency(context, """
        count(*) AS dual_entry_visits, sum(r.agreement_equal) AS items_alike, sum(r.agreement_total) AS items,
        sum(r.agreement_equal)::float8 / NULLIF(sum(r.agreement_total), 0) AS agreement_rate""",
                                    "r.dual_entry AND r.agreement_total IS NOT NULL")


def _frequent_reapplicants(context: Context) -> tuple[str, dict]:
    # The people the re-application rule flagged first (a small partial index), then all their
    # applications in the filter.
    where, parameters = scope(context, newest_only=False)
    return f"""
        WITH flagged AS (SELECT DISTINCT r.applicant_key FROM review_records r
                         WHERE cardinality(r.reapplication_codes) > 0 AND {where})
        SELECT r.applicant_key, count(DISTINCT r.case_id) AS applications,
               count(DISTINCT r.case_id) FILTER (WHERE 'too_frequent' = ANY(r.reapplication_codes)) AS too_frequent,
               count(DISTINCT r.case_id) FILTER (WHERE 'too_soon' = ANY(r.reapplication_codes)) AS too_soon,
               min(r.applied_on) AS first_applied, max(r.applied_on) AS last_applied,
               (array_agg(r.visit_id ORDER BY r.case_created_at DESC, r.version DESC))[1] AS latest_visit
        FROM review_records r JOIN flagged USING (applicant_key) WHERE {where}
        GROUP BY r.applicant_key
        ORDER BY applications DESC, last_applied DESC, r.applicant_key LIMIT 500""", parameters


@dataclass(frozen=True)
class Query:
    name: str
    statement: Callable[[Context], tuple[str, dict]]
    columns: tuple[tuple[str, str, str], ...]  # (key, zh_CN, en)


QUERIES = {query.name: query for query in (
    Query("grade_distribution", _grade_distribution, (
        ("assessor", "评估人员", "assessor"), ("assessor_name", "姓名", "name"), ("visits", "评估次数", "visits"),
        ("grade_code", "等级代码", "grade code"), ("grade_label", "评估等级", "grade"),
        ("observed", "该人员次数", "observed"), ("share", "该人员占比", "share"),
        ("agency_count", "全机构次数", "agency count"), ("agency_share", "全机构占比", "agency share"),
        ("expected", "期望次数", "expected"), ("residual", "标准化残差", "standardised residual"),
        ("chi_square", "卡方值", "chi-square"), ("degrees_of_freedom", "自由度", "df"), ("p_value", "P 值", "p-value"),
        ("tested", "参与检验", "tested"), ("outlier", "异常", "outlier"))),
    Query("severe_share_by_month", _severe_share_by_month, (
        ("month", "月份", "month"), ("visits", "评估次数", "visits"), ("severe", "重度失能次数", "severe"),
        ("severe_share", "重度失能占比", "severe share"))),
    Query("review_outcomes", _review_outcomes, (
        ("assessor", "评估人员", "assessor"), ("assessor_name", "姓名", "name"), ("records", "记录数", "records"),
        ("decided", "已审核", "decided"), ("approved", "通过", "approved"), ("returned", "退回", "returned"),
        ("recheck_ordered", "复核", "recheck ordered"), ("returned_rate", "退回率", "returned rate"),
        ("recheck_rate", "复核率", "recheck rate"))),
    Query("visits_per_day", _visits_per_day, (("day", "日期", "day"), ("visits", "评估次数", "visits"))),
    Query("visit_duration", _visit_duration, (
        ("assessor", "评估人员", "assessor"), ("assessor_name", "姓名", "name"), ("visits", "评估次数", "visits"),
        ("median_minutes", "用时中位数（分钟）", "median (min)"), ("quartile1_minutes", "下四分位（分钟）", "Q1 (min)"),
        ("quartile3_minutes", "上四分位（分钟）", "Q3 (min)"), ("short_visits", "用时过短次数", "short visits"))),
    Query("answer_changes", _answer_changes, (
        ("assessor", "评估人员", "assessor"), ("assessor_name", "姓名", "name"), ("visits", "评估次数", "visits"),
        ("changes", "修改答案次数", "answer changes"), ("changes_per_visit", "每次评估平均修改", "changes per visit"),
        ("visits_with_changes", "有修改的评估", "visits with changes"),
        ("flagged_visits", "修改过多提示", "flagged visits"))),
    Query("dual_entry_agreement", _dual_entry_agreement, (
        ("assessor", "评估人员", "assessor"), ("assessor_name", "姓名", "name"),
        ("dual_entry_visits", "双人录入评估", "dual-entry visits"), ("items_alike", "一致项目", "items alike"),
        ("items", "项目总数", "items"), ("agreement_rate", "一致率", "agreement rate"))),
    Query("frequent_reapplicants", _frequent_reapplicants, (
        ("applicant_name", "姓名", "name"), ("resident_id", "身份证号", "ID number"), ("district", "区县", "district"),
        ("applications", "申请次数", "applications"), ("too_frequent", "申请过频", "too frequent"),
        ("too_soon", "间隔过短", "too soon"), ("first_applied", "首次申请", "first application"),
        ("last_applied", "最近申请", "last application"))),
)}


def statement(name: str, context: Context) -> tuple[str, dict]:
    if name not in QUERIES:
        raise AgencyError("not_found", f"dashboard/{name}")
    return QUERIES[name].statement(context)


def run_query(session: Session, name: str, context: Context, *, key: RecordsKey | None = None,
              names: dict[str, str] | None = None, grade_labels: dict[int, dict] | None = None) -> dict:
    sql, parameters = statement(name, context)
    # Per-assessor percentiles sort 200,000 rows at 100,000 visits: in memory, not on disk.
    session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    rows = [dict(row) for row in session.execute(text(sql), parameters).mappings()]
    names, labels = names or {}, grade_labels or {}
    for row in rows:
        if "assessor" in row:
            row["assessor_name"] = names.get(row["assessor"], row["assessor"]) if row["assessor"] else "全机构"
    extra: dict = {}
    if name == "grade_distribution":
        extra = _judge_outliers(rows, context.settings)
        for row in rows:
            row["grade_label"] = labels.get(row["grade_code"], {})
            row["share"] = row["observed"] / row["visits"] if row["visits"] else None
    elif name == "frequent_reapplicants":
        rows = _with_identities(session, rows, key)
    return {"query": name, "filters": _filters_json(context.filters), "columns": [
        {"key": key_, "zh_CN": zh, "en": en} for key_, zh, en in QUERIES[name].columns],
        "rows": [{column: _plain(row.get(column)) for column, _, _ in QUERIES[name].columns} for row in rows], **extra}


def _judge_outliers(rows: list[dict], settings: dict) -> dict:
    minimum = settings[MIN_VISITS_FOR_TEST]
    alpha = settings[OUTLIER_ALPHA_PERMILLE] / 1000
    tested = sorted({row["assessor"] for row in rows if row["visits"] >= minimum and row["degrees_of_freedom"] >= 1})
    threshold = alpha / len(tested) if tested else None
    p_values = {}
    for row in rows:
        assessor = row["assessor"]
        if assessor not in p_values:
            p_values[assessor] = chi_square_sf(row["chi_square"], row["degrees_of_freedom"]) \
                if row["degrees_of_freedom"] >= 1 else None
        row["p_value"] = p_values[assessor]
        row["tested"] = assessor in tested
        row["outlier"] = bool(row["tested"] and threshold is not None and row["p_value"] < threshold)
    return {"test": {"alpha": alpha, "assessors_tested": len(tested), "threshold": threshold,
                     "min_visits": minimum,
                     "outliers": sorted({row["assessor"] for row in rows if row["outlier"]})}}


def _with_identities(session: Session, rows: list[dict], key: RecordsKey | None) -> list[dict]:
    if not rows or key is None:
        return rows
    found = {visit_id: (sealed, district) for visit_id, sealed, district in session.execute(
        text("SELECT visit_id, identity_sealed, district FROM review_records WHERE visit_id = ANY(:ids)"),
        {"ids": [row["latest_visit"] for row in rows]})}
    for row in rows:
        sealed, district = found[row["latest_visit"]]
        identity = open_identity(key, row["latest_visit"], sealed)
        row["applicant_name"] = identity["applicant"]["name"]
        row["resident_id"] = identity["applicant"]["resident_id"]
        row["district"] = district or UNKNOWN_DISTRICT
    return rows


def _filters_json(filters: DashboardFilter) -> dict:
    return {"since": filters.since.isoformat() if filters.since else None,
            "until": filters.until.isoformat() if filters.until else None,
            "district": filters.district, "assessor": filters.assessor}


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # sum() of integers
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def filter_choices(session: Session) -> dict:
    """What the filters can be set to: districts and assessors of the records, the time span."""
    districts = session.execute(text("SELECT DISTINCT district FROM review_records ORDER BY 1")).scalars().all()
    assessors = session.execute(text("""SELECT DISTINCT e.assessor FROM review_records r
                                        CROSS JOIN LATERAL (VALUES (r.first_expert), (r.second_expert)) AS e(assessor)
                                        ORDER BY 1""")).scalars().all()
    span = session.execute(text("SELECT min(started_at), max(started_at) FROM review_records")).one()
    return {"queries": list(QUERIES), "districts": [district or UNKNOWN_DISTRICT for district in districts],
            "assessors": assessors, "first_visit": _plain(span[0]), "last_visit": _plain(span[1])}
