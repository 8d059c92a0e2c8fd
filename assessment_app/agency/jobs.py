# SPDX-License-Identifier: GPL-3.0-or-later
"""The verification queue in PostgreSQL: one job per received bundle, claimed with
`FOR UPDATE SKIP LOCKED` under a lease that the working worker renews.

A worker killed with SIGKILL stops renewing; once its lease has run out, the next claim takes the
job over with `attempt + 1`. The old worker, should it come back, is fenced: its heartbeat and
its final registration both require its own attempt number, so it can neither extend a lease it
lost nor register a result (docs/decisions/0003-agency-server.md says why not procrastinate).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from assessment_app.agency.models import QUEUED, RUNNING

CHANNEL = "ltc_agency_jobs"


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    bundle_id: str
    attempt: int
    worker: str


def enqueue(session: Session, bundle_id: str, now: datetime.datetime) -> None:
    """Queue the bundle once (a second call for the same bundle does nothing) and wake a worker."""
    session.execute(text("""
        INSERT INTO verification_jobs (bundle_id, state, attempt, created_at)
        VALUES (:bundle, :queued, 0, :now) ON CONFLICT (bundle_id) DO NOTHING"""),
                    {"bundle": bundle_id, "queued": QUEUED, "now": now})
    session.execute(text(f"NOTIFY {CHANNEL}"))


def claim(session: Session, worker: str, lease_seconds: float) -> ClaimedJob | None:
    """The oldest queued job, or a running one whose lease ran out; None when there is none."""
    row = session.execute(text("""
        UPDATE verification_jobs SET state = :running, attempt = attempt + 1, worker = :worker,
               lease_until = now() + make_interval(secs => :lease)
        WHERE id = (SELECT id FROM verification_jobs
                    WHERE state = :queued OR (state = :running AND lease_until < now())
                    ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id, bundle_id, attempt"""),
                          {"running": RUNNING, "queued": QUEUED, "worker": worker, "lease": lease_seconds}).first()
    return None if row is None else ClaimedJob(row.id, row.bundle_id, row.attempt, worker)


def renew(session: Session, job: ClaimedJob, lease_seconds: float) -> bool:
    """Extend the lease; False when the job is no longer this worker's (taken over or finished)."""
    return session.execute(text("""
        UPDATE verification_jobs SET lease_until = now() + make_interval(secs => :lease)
        WHERE id = :id AND attempt = :attempt AND worker = :worker AND state = :running"""),
                           {"lease": lease_seconds, "id": job.id, "attempt": job.attempt, "worker": job.worker,
                            "running": RUNNING}).rowcount == 1


def complete(session: Session, job: ClaimedJob, now: datetime.datetime) -> bool:
    """Mark the job done in the caller's transaction, only if it is still this attempt's: the
    caller registers the result in the same transaction, so a fenced worker registers nothing."""
    return session.execute(text("""
        UPDATE verification_jobs SET state = 'done', finished_at = :now, lease_until = NULL
        WHERE id = :id AND attempt = :attempt AND worker = :worker AND state = :running"""),
                           {"now": now, "id": job.id, "attempt": job.attempt, "worker": job.worker,
                            "running": RUNNING}).rowcount == 1
