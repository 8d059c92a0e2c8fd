# SPDX-License-Identifier: GPL-3.0-or-later
"""Claims on the shared queue, decided by PostgreSQL: ten reviewers at once each get other records,
a claim held by one is refused to another, an expired claim is taken over, a released one is free."""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
from sqlalchemy import text

from assessment_app.agency.claims import claim_next, claim_record, claims_of, release_claim
from assessment_app.agency.database import transaction
from assessment_app.agency.demo_data import generate
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_settings import change_setting
from assessment_app.domain.review_queue import QueueFilter

T0 = datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.timezone.utc)


def _pending(agency, visits: int):
    generate(agency.engine, agency.records_key, seed=7, visits=visits, assessor_count=12)
    with transaction(agency.engine) as session:
        session.execute(text("UPDATE review_records SET review_status = 'pending', decided_at = NULL"))
    return agency


@pytest.fixture
def queued(agency):
    """1,000 records waiting (a demo year, all still pending)."""
    return _pending(agency, 1000)


@pytest.fixture
def few(agency):
    return _pending(agency, 60)


def test_ten_reviewers_claiming_at_once_claim_every_record_exactly_once(queued):
    claimed: dict[str, list[str]] = {}
    errors = []
    start = threading.Barrier(10)

    def reviewer(number: str) -> None:
        mine = claimed.setdefault(number, [])
        try:
            start.wait()
            while True:
                with transaction(queued.engine) as session:  # each claim: its own connection and transaction
                    claim = claim_next(session, number, T0)
                if claim is None:
                    return
                mine.append(claim.visit_id)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=reviewer, args=(f"DEMO-R-{n:03d}",)) for n in range(1, 11)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    every = [visit for visits in claimed.values() for visit in visits]
    assert len(every) == 1000 and len(set(every)) == 1000
    assert sum(1 for visits in claimed.values() if visits) >= 2  # they really worked side by side
    with transaction(queued.engine) as session:
        holders = Counter(dict(session.execute(text(
            "SELECT claimed_by, count(*) FROM review_records GROUP BY claimed_by")).all()))
        history = session.execute(text("SELECT count(*), count(DISTINCT visit_id) FROM review_claims")).one()
    assert holders == Counter({number: len(visits) for number, visits in claimed.items() if visits})
    assert tuple(history) == (1000, 1000)


def test_ten_reviewers_racing_for_the_same_records_get_each_one_once(queued):
    with transaction(queued.engine) as session:
        wanted = session.execute(text("SELECT visit_id FROM review_records ORDER BY visit_id LIMIT 50")).scalars().all()
    won: list[tuple[str, str]] = []
    refused = Counter()
    start = threading.Barrier(10)

    def reviewer(number: str) -> None:
        start.wait()
        for visit in wanted:
            try:
                with transaction(queued.engine) as session:
                    won.append((visit, claim_record(session, visit, number, T0).reviewer))
            except AgencyError as error:
                refused[error.reason] += 1

    threads = [threading.Thread(target=reviewer, args=(f"DEMO-R-{n:03d}",)) for n in range(1, 11)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(visit for visit, _ in won) == sorted(wanted)
    assert refused == Counter({"claimed_by_other": 50 * 9})


def test_a_claim_is_refused_to_others_until_it_expires_then_taken_over(few):
    with transaction(few.engine) as session:
        change_setting(session, "review.claim_minutes", "30", actor="test", now=T0)
        first = claim_next(session, "DEMO-R-001", T0)
    with pytest.raises(AgencyError) as refused, transaction(few.engine) as session:
        claim_record(session, first.visit_id, "DEMO-R-002", T0 + datetime.timedelta(minutes=29))
    assert refused.value.reason == "claimed_by_other" and "DEMO-R-001" in refused.value.detail
    with transaction(few.engine) as session:
        taken = claim_record(session, first.visit_id, "DEMO-R-002", T0 + datetime.timedelta(minutes=31))
    assert (taken.reviewer, taken.taken_over_from) == ("DEMO-R-002", "DEMO-R-001")
    with pytest.raises(AgencyError) as refused, transaction(few.engine) as session:
        release_claim(session, first.visit_id, "DEMO-R-001", T0 + datetime.timedelta(minutes=32))
    assert refused.value.reason == "claimed_by_other"
    with transaction(few.engine) as session:
        ended = session.execute(text("SELECT reviewer, ended_how FROM review_claims WHERE visit_id = :v ORDER BY id"),
                                {"v": first.visit_id}).all()
    assert [tuple(row) for row in ended] == [("DEMO-R-001", "taken_over"), ("DEMO-R-002", None)]


def test_claim_next_takes_an_expired_claim_before_nothing_and_skips_a_live_one(few):
    with transaction(few.engine) as session:
        session.execute(text("UPDATE review_records SET review_status = 'approved' WHERE visit_id NOT IN "
                             "(SELECT visit_id FROM review_records ORDER BY visit_id LIMIT 2)"))
        a = claim_next(session, "DEMO-R-001", T0)
        b = claim_next(session, "DEMO-R-002", T0)
        assert claim_next(session, "DEMO-R-003", T0 + datetime.timedelta(minutes=5)) is None
        taken = claim_next(session, "DEMO-R-003", T0 + datetime.timedelta(minutes=31))
    assert taken.visit_id in (a.visit_id, b.visit_id) and taken.taken_over_from in ("DEMO-R-001", "DEMO-R-002")


def test_a_holder_renews_and_releases_and_the_record_is_free_again(few):
    with transaction(few.engine) as session:
        claim = claim_next(session, "DEMO-R-001", T0, QueueFilter(grade_code=5))
        renewed = claim_record(session, claim.visit_id, "DEMO-R-001", T0 + datetime.timedelta(minutes=20))
        assert renewed.expires_at == T0 + datetime.timedelta(minutes=50)
        assert [held.visit_id for held in claims_of(session, "DEMO-R-001", T0)] == [claim.visit_id]
        grade = session.execute(text("SELECT grade_code FROM review_records WHERE visit_id = :v"),
                                {"v": claim.visit_id}).scalar_one()
        assert grade == 5
        release_claim(session, claim.visit_id, "DEMO-R-001", T0 + datetime.timedelta(minutes=21))
        assert claim_record(session, claim.visit_id, "DEMO-R-002", T0 + datetime.timedelta(minutes=22)).reviewer == \
            "DEMO-R-002"
    with pytest.raises(AgencyError) as refused, transaction(few.engine) as session:
        release_claim(session, claim.visit_id, "DEMO-R-001", T0 + datetime.timedelta(minutes=23))
    assert refused.value.reason == "claimed_by_other"


def test_only_a_pending_newest_record_can_be_claimed(few):
    with transaction(few.engine) as session:
        decided, older = session.execute(text("SELECT visit_id FROM review_records ORDER BY visit_id LIMIT 2"))\
            .scalars().all()
        session.execute(text("UPDATE review_records SET review_status = 'approved' WHERE visit_id = :v"), {"v": decided})
        session.execute(text("UPDATE review_records SET is_newest = false WHERE visit_id = :v"), {"v": older})
    for visit, reason in ((decided, "record_not_pending"), (older, "record_not_pending"), ("nope", "record_unknown")):
        with pytest.raises(AgencyError) as refused, transaction(few.engine) as session:
            claim_record(session, visit, "DEMO-R-001", T0)
        assert refused.value.reason == reason
