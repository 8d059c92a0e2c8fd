# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency demo-data`: a year of records, deterministic for a seed, whose grade-distribution
test flags the one skewed assessor and nobody else."""

from __future__ import annotations

from sqlalchemy import text

from assessment_app.agency.dashboard_queries import Context, DashboardFilter, run_query
from assessment_app.agency.database import open_engine, transaction
from assessment_app.agency.demo_data import generate
from assessment_app.agency.review_settings import read_settings


def test_the_outlier_test_flags_the_skewed_assessor_and_not_the_others(agency):
    summary = generate(agency.engine, agency.records_key, seed=2026, visits=5000)
    assert summary.visits == 5000 and len(summary.assessors) == 20
    with transaction(agency.engine) as session:
        table = run_query(session, "grade_distribution", Context(DashboardFilter(), read_settings(session)))
        pending, decided, flagged, districts = session.execute(text("""
            SELECT count(*) FILTER (WHERE review_status = 'pending'), count(*) FILTER (WHERE review_status <> 'pending'),
                   count(*) FILTER (WHERE flag_codes <> '{}'), count(DISTINCT district) FROM review_records""")).one()
    assert table["test"]["assessors_tested"] == 20
    assert table["test"]["outliers"] == [summary.skewed_assessor]
    p_values = {row["assessor"]: row["p_value"] for row in table["rows"]}
    assert p_values[summary.skewed_assessor] < 1e-6
    assert min(p for assessor, p in p_values.items() if assessor != summary.skewed_assessor) > table["test"]["threshold"]
    assert pending > 0 and decided > pending and flagged > 0 and districts == 5


def test_the_same_seed_gives_the_same_year(agency, pg_cluster):
    generate(agency.engine, agency.records_key, seed=11, visits=300)
    name = "t_demo_again"
    url = pg_cluster.create_database(name, template="agency_template")
    try:
        again = open_engine(url, pool_size=1, max_overflow=0)
        generate(again, agency.records_key, seed=11, visits=300)

        def facts(engine):
            with transaction(engine) as session:
                return session.execute(text("""SELECT visit_id, record_sha256, grade_code, first_expert, flag_codes,
                                                      review_status FROM review_records ORDER BY visit_id""")).all()
        assert facts(agency.engine) == facts(again)
        again.dispose()
    finally:
        pg_cluster.drop_database(name)
