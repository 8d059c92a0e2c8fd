# SPDX-License-Identifier: GPL-3.0-or-later
"""Claims on the shared queue: a reviewer takes a record before deciding it, so no two reviewers
work on the same one. The database decides, never this process: a claim is a conditional update
of the record's row under its row lock (`SELECT … FOR UPDATE`), and "the next record" is taken with
`FOR UPDATE SKIP LOCKED`, so concurrent reviewers on any number of servers each get another one.

A claim lasts `review.claim_minutes` (an agency setting) from the moment it is taken or renewed;
its holder may renew or release it; once it has expired anyone may take it over. Only pending
records (no decision yet, the newest version of their case) can be claimed. Every claim is kept
in `review_claims` with how it ended (released, taken_over, decided, superseded).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_models import ReviewClaim, ReviewRecord
from assessment_app.agency.review_queue import filter_sql
from assessment_app.agency.review_settings import claim_duration, read_settings
from assessment_app.domain.review_queue import PENDING, QueueFilter


@dataclass(frozen=True)
class Claim:
    visit_id: str
    reviewer: str
    claimed_at: datetime.datetime
    expires_at: datetime.datetime
    taken_over_from: str | None = None

    def to_json(self) -> dict:
        return {"visit_id": self.visit_id, "claimed_by": self.reviewer, "claimed_at": self.claimed_at.isoformat(),
                "expires_at": self.expires_at.isoformat(), "taken_over_from": self.taken_over_from}


def claim_record(session: Session, visit_id: str, reviewer: str, now: datetime.datetime) -> Claim:
    """Claim (or renew one's own claim on) a record. AgencyError record_unknown,
    record_not_pending, claimed_by_other (detail: who, until when)."""
    row = session.get(ReviewRecord, visit_id, with_for_update=True)
    if row is None:
        raise AgencyError("record_unknown", visit_id)
    if row.review_status != PENDING or not row.is_newest:
        raise AgencyError("record_not_pending", f"{visit_id}: {row.review_status}")
    if row.claimed_by not in (None, reviewer) and row.claim_expires_at > now:
        raise AgencyError("claimed_by_other", f"{row.claimed_by} {row.claim_expires_at.isoformat()}")
    return _take(session, row, reviewer, now)


def claim_next(session: Session, reviewer: str, now: datetime.datetime, filters: QueueFilter = QueueFilter()
               ) -> Claim | None:
    """The first unclaimed (or expired) pending record of the queue in queue order, claimed;
    None when there is none. Rows other reviewers are claiming at this moment are skipped."""
    where, parameters = filter_sql(filters)
    visit_id = session.execute(text(f"""
        SELECT visit_id FROM review_records
        WHERE is_newest AND review_status = 'pending' AND (claimed_by IS NULL OR claim_expires_at <= :now)
              {where}
        ORDER BY signed_at DESC NULLS LAST, visit_id DESC
        LIMIT 1 FOR UPDATE SKIP LOCKED"""), {**parameters, "now": now}).scalar()
    if visit_id is None:
        return None
    return _take(session, session.get(ReviewRecord, visit_id), reviewer, now)


def _take(session: Session, row: ReviewRecord, reviewer: str, now: datetime.datetime) -> Claim:
    expires = now + claim_duration(read_settings(session))
    previous = row.claimed_by
    if previous == reviewer:
        session.execute(update(ReviewClaim).where(ReviewClaim.visit_id == row.visit_id, ReviewClaim.reviewer == reviewer,
                                                  ReviewClaim.ended_at.is_(None)).values(expires_at=expires))
        row.claim_expires_at = expires
        session.flush()
        return Claim(row.visit_id, reviewer, row.claimed_at, expires)
    if previous is not None:
        _end(session, row.visit_id, now, "taken_over")
    row.claimed_by, row.claimed_at, row.claim_expires_at = reviewer, now, expires
    session.add(ReviewClaim(visit_id=row.visit_id, reviewer=reviewer, claimed_at=now, expires_at=expires))
    session.flush()
    return Claim(row.visit_id, reviewer, now, expires, previous)


def release_claim(session: Session, visit_id: str, reviewer: str, now: datetime.datetime) -> None:
    """AgencyError claim_not_held unless `reviewer` holds an unexpired claim on the record."""
    row = session.get(ReviewRecord, visit_id, with_for_update=True)
    require_claim(row, visit_id, reviewer, now)
    row.claimed_by = row.claimed_at = row.claim_expires_at = None
    _end(session, visit_id, now, "released")


def require_claim(row: ReviewRecord | None, visit_id: str, reviewer: str, now: datetime.datetime) -> None:
    """The rule a decision is held to as well: the reviewer holds an unexpired claim."""
    if row is None:
        raise AgencyError("record_unknown", visit_id)
    if row.claimed_by is not None and row.claimed_by != reviewer and row.claim_expires_at > now:
        raise AgencyError("claimed_by_other", f"{row.claimed_by} {row.claim_expires_at.isoformat()}")
    if row.claimed_by != reviewer or row.claim_expires_at <= now:
        raise AgencyError("claim_not_held", visit_id)


def end_claim_by_decision(session: Session, row: ReviewRecord, now: datetime.datetime) -> None:
    row.claimed_by = row.claimed_at = row.claim_expires_at = None
    _end(session, row.visit_id, now, "decided")


def _end(session: Session, visit_id: str, now: datetime.datetime, how: str) -> None:
    session.execute(update(ReviewClaim).where(ReviewClaim.visit_id == visit_id, ReviewClaim.ended_at.is_(None))
                    .values(ended_at=now, ended_how=how))


def claims_of(session: Session, reviewer: str, now: datetime.datetime) -> list[Claim]:
    rows = session.execute(select(ReviewRecord.visit_id, ReviewRecord.claimed_at, ReviewRecord.claim_expires_at)
                           .where(ReviewRecord.claimed_by == reviewer, ReviewRecord.claim_expires_at > now)
                           .order_by(ReviewRecord.claimed_at)).all()
    return [Claim(visit_id, reviewer, claimed_at, expires_at) for visit_id, claimed_at, expires_at in rows]
