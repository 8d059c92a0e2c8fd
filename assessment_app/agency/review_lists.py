# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency-wide spot-check sample (抽查) and 公示 list, over the server's records, by the
laptop's own rules: domain/review_sampling.seeded_sample (anyone with the seed and the list of
ids can recompute the draw) and domain/review_publicity (which decisions are published, masked
name and ID number).

A sample is kept (`review_samples`: seed, percent, filters, the population and the sample) and
its draw is an audit event with the population's SHA-256, so it can be shown later that the
sample was not picked by hand.
"""

from __future__ import annotations

import datetime
import hashlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import RecordsKey
from assessment_app.agency.review_models import ReviewDecisionRow, ReviewRecord, ReviewSample
from assessment_app.agency.review_queue import filter_sql, open_identity
from assessment_app.domain.review_publicity import DecidedRecord, PublicityEntry, publicity_selection
from assessment_app.domain.review_queue import QueueFilter
from assessment_app.domain.review_sampling import seeded_sample

_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # as the decision file and the laptop store decided_at


def draw_sample(session: Session, filters: QueueFilter, percent: float, seed: str, *, drawn_by: str,
                now: datetime.datetime) -> dict:
    if not 0 <= percent <= 100:
        raise AgencyError("request_invalid", f"percent {percent} (0–100)")
    if not seed or len(seed) > 100:
        raise AgencyError("request_invalid", "seed: 1–100 characters")
    where, parameters = filter_sql(filters)
    population = sorted(session.execute(text(f"SELECT visit_id FROM review_records WHERE is_newest{where}"),
                                        parameters).scalars())
    chosen = list(seeded_sample(population, percent, seed))
    digest = hashlib.sha256("\n".join(population).encode("utf-8")).hexdigest()
    row = ReviewSample(seed=seed, percent=str(percent), filters=filters.used(), population_count=len(population),
                       population_sha256=digest, population=population, sample=chosen, drawn_by=drawn_by, drawn_at=now)
    session.add(row)
    session.flush()
    append_event(session, actor=f"reviewer:{drawn_by}", action="review_sample_drawn", subject=str(row.id),
                 detail={"seed": seed, "percent": str(percent), "filters": filters.used(),
                         "population_count": len(population), "population_sha256": digest, "sample": chosen}, now=now)
    return sample_json(row)


def sample_json(row: ReviewSample) -> dict:
    return {"id": row.id, "seed": row.seed, "percent": row.percent, "filters": row.filters,
            "population_count": row.population_count, "population_sha256": row.population_sha256,
            "sample": row.sample, "drawn_by": row.drawn_by, "drawn_at": row.drawn_at.isoformat()}


def get_sample(session: Session, sample_id: int) -> dict:
    row = session.get(ReviewSample, sample_id)
    if row is None:
        raise AgencyError("not_found", f"sample {sample_id}")
    return {**sample_json(row), "population": row.population}


def publicity_entries(session: Session, key: RecordsKey, *, since: datetime.date | None,
                      until: datetime.date | None, language: str = "zh_CN") -> list[PublicityEntry]:
    decided = session.execute(select(ReviewDecisionRow.visit_id, ReviewDecisionRow.review_id,
                                     ReviewDecisionRow.decision, ReviewDecisionRow.decided_at)).all()
    chosen = publicity_selection(
        [DecidedRecord(visit_id, review_id, decision, at.astimezone(datetime.timezone.utc).strftime(_TIMESTAMP))
         for visit_id, review_id, decision, at in decided], since=since, until=until)
    rows = {row.visit_id: row for row in session.scalars(select(ReviewRecord).where(
        ReviewRecord.visit_id.in_([entry.visit_id for entry in chosen])))}
    entries = []
    for entry in chosen:
        row = rows[entry.visit_id]
        identity = open_identity(key, row.visit_id, row.identity_sealed)
        label = ((row.record.get("result") or {}).get("grade") or {}).get("label") or {}
        entries.append(PublicityEntry.of(identity["applicant"]["name"], identity["applicant"]["resident_id"],
                                         label.get(language, ""), entry.decided_at[:10]))
    return entries
