# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared queue: the server's SQL filters select exactly what the laptop's rule
(domain/review_queue.matches) selects; pages, order and the opened names; the agency-wide
sample and 公示 list by the laptop's rules; the trust package's rules."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from sqlalchemy import text

from assessment_app.agency.database import transaction
from assessment_app.agency.demo_data import generate
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_lists import draw_sample, get_sample, publicity_entries
from assessment_app.agency.review_queue import Page, queue_page
from assessment_app.agency.review_trust import current_trust, record_trust_package
from assessment_app.agency.uploads import now_utc
from assessment_app.domain.review_flags import ReviewFlagCode
from assessment_app.domain.review_queue import ANY_FLAG, QueueFilter, matches
from assessment_app.domain.review_sampling import seeded_sample

from tests.agency.desk import build_people, trust

NOW = datetime.datetime(2027, 1, 10, tzinfo=datetime.timezone.utc)


@pytest.fixture
def year(agency):
    return generate(agency.engine, agency.records_key, seed=5, visits=600, assessor_count=8)


def _everything(agency) -> list[dict]:
    with transaction(agency.engine) as session:
        rows = session.execute(text("""SELECT visit_id, review_status, first_expert, second_expert, grade_code,
                                              flag_codes FROM review_records WHERE is_newest
                                       ORDER BY signed_at DESC, visit_id DESC""")).mappings().all()
    return [dict(row) for row in rows]


FILTERS = [QueueFilter(), QueueFilter(review_status="pending"), QueueFilter(review_status="returned"),
           QueueFilter(grade_code=4), QueueFilter(expert_id="DEMO-A-103"), QueueFilter(flag=ANY_FLAG),
           QueueFilter(flag="self_assessment_gap"), QueueFilter(flag="short_visit", review_status="approved"),
           QueueFilter(expert_id="DEMO-A-101", grade_code=3, review_status="approved"),
           QueueFilter(flag="answered_while_paused")]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.used().items()) or "all")
def test_the_sql_filter_selects_what_the_domain_rule_selects(agency, year, filters):
    expected = [row["visit_id"] for row in _everything(agency)
                if matches(filters, review_status=row["review_status"], expert_ids=(row["first_expert"],
                                                                                    row["second_expert"]),
                           grade_code=row["grade_code"], flag_codes=row["flag_codes"])]
    got = []
    with transaction(agency.engine) as session:
        number = 1
        while True:
            page = queue_page(session, agency.records_key, filters, Page(number, 37), {}, NOW)
            got += [row["visit_id"] for row in page["rows"]]
            if number * 37 >= page["total"]:
                break
            number += 1
    assert page["total"] == len(expected) and got == expected
    assert filters == QueueFilter() or len(expected) < 600


def test_the_demo_year_shows_every_kind_of_flag(agency, year):
    codes = {code for row in _everything(agency) for code in row["flag_codes"]}
    assert codes == set(ReviewFlagCode)


def test_queue_rows_carry_the_opened_identity_and_the_flag_messages(agency, year):
    with transaction(agency.engine) as session:
        page = queue_page(session, agency.records_key, QueueFilter(flag="self_assessment_gap"), Page(1, 5),
                          {"DEMO-A-101": "测试评估员"}, NOW)
    row = page["rows"][0]
    assert row["applicant_name"].startswith("测试") and row["resident_id"][:6].isdigit()
    flag = next(flag for flag in row["flags"] if flag["code"] == "self_assessment_gap")
    assert flag["message"]["zh_CN"].startswith("自评等级与评估结果相差") and "grades" in flag["message"]["en"]
    with pytest.raises(AgencyError):
        Page(1, 1000)
    with pytest.raises(AgencyError), transaction(agency.engine) as session:
        queue_page(session, agency.records_key, QueueFilter(flag="nonsense"), Page(1, 5), {}, NOW)


def test_the_agency_wide_sample_is_the_seeded_rule_over_the_servers_queue(agency, year):
    filters = QueueFilter(review_status="approved")
    with transaction(agency.engine) as session:
        sample = draw_sample(session, filters, 5, "2027-01 抽查", drawn_by="DEMO-R-001", now=NOW)
        stored = get_sample(session, sample["id"])
        event = session.execute(text("SELECT detail FROM audit_events WHERE action = 'review_sample_drawn'")).scalar_one()
    population = sorted(row["visit_id"] for row in _everything(agency) if row["review_status"] == "approved")
    assert stored["population"] == population
    assert sample["sample"] == list(seeded_sample(population, 5, "2027-01 抽查"))
    assert event["population_sha256"] == hashlib.sha256("\n".join(population).encode()).hexdigest()
    assert event["sample"] == sample["sample"] and len(sample["sample"]) == -(-len(population) * 5 // 100)


def test_the_publicity_list_is_the_approved_newest_decisions_masked(agency, year):
    with transaction(agency.engine) as session:
        entries = publicity_entries(session, agency.records_key, since=datetime.date(2026, 6, 1),
                                    until=datetime.date(2026, 6, 30))
        approved = session.execute(text("""SELECT count(*) FROM review_decisions WHERE decision = 'approved'
                                           AND decided_at >= '2026-06-01' AND decided_at < '2026-07-01'""")).scalar()
    assert len(entries) == approved > 0
    assert all(entry.name_masked.startswith("测") and "*" in entry.name_masked and "*" * 10 in entry.resident_id_masked
               and entry.decided_on.startswith("2026-06") for entry in entries)


def test_the_trust_package_must_be_newer_verified_and_this_agencys(agency):
    people = build_people(5)
    trust(agency, people)
    trust(agency, people)  # the same file again: nothing changes
    with pytest.raises(AgencyError) as refused, transaction(agency.engine) as session:
        record_trust_package(session, build_people(4).package, actor="test", now=now_utc())
    assert refused.value.reason == "trust_package_older"
    altered = people.package.replace("测试审核员002".encode(), "测试审核员00X".encode())
    with pytest.raises(AgencyError) as refused, transaction(agency.engine) as session:
        record_trust_package(session, altered, actor="test", now=now_utc())
    assert refused.value.reason == "trust_package_invalid"
    with transaction(agency.engine) as session:
        assert current_trust(session).package.sequence == 5
        # A row edited in the database is verified again when read, and refused.
        session.execute(text("UPDATE review_trust_packages SET package = :p, sha256 = 'edited'"), {"p": altered})
    with pytest.raises(AgencyError) as refused, transaction(agency.engine) as session:
        current_trust(session)
    assert refused.value.reason == "trust_package_invalid"
