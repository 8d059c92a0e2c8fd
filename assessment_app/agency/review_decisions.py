# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions on the server: the reviewer signs the decision file (docs/formats/review-decision.md)
on their own workstation with their own key, as `services/review_decision.decide` makes it, and
sends it here. It is stored only when

1. the file is what a laptop would accept (services/review_decision_file.verified_decision): the
   one `Reviewer` signature intact, covering the whole file, chaining to the agency's CA, valid
   when made and not revoked now by the agency's newest package, made by the reviewer it names;
2. the signer is the reviewer signed in on this request, and the package lists them as a
   reviewer (an assessor's or administrator's key decides nothing: the laptops would refuse it);
3. it is about this record as verified (visit, case and record hash), the newest version of its
   case, not decided yet;
4. the signer holds the claim on the record (a record claimed by another reviewer is refused).

Then, in one transaction: the file sealed into the store, the decision row, the record's status,
the claim ended, an audit event. Laptops pull the decisions on the records they uploaded
(`pending_for_workstation`, `decision_file`) and say when they have applied one (`mark_delivered`).
"""

from __future__ import annotations

import datetime
import hashlib

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from assessment_app.agency.audit import append_event
from assessment_app.agency.claims import end_claim_by_decision, require_claim
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import RecordsKey
from assessment_app.agency.review_models import ReviewDecisionRow, ReviewRecord
from assessment_app.agency.review_trust import REVIEWER, current_trust
from assessment_app.agency.reviewer_sessions import Reviewer
from assessment_app.agency.sealed_objects import get_sealed, put_sealed
from assessment_app.agency.store import BundleStore
from assessment_app.domain.review_queue import PENDING
from assessment_app.services.review_decision_file import DecisionFileRejected, verified_decision

MAX_DECISION_BYTES = 16 * 1024 * 1024
DECISIONS = ("approved", "returned", "recheck_ordered")


def _utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def receive_decision(engine: Engine, store: BundleStore, key: RecordsKey, pdf: bytes, *, visit_id: str,
                     reviewer: Reviewer, now: datetime.datetime) -> dict:
    with transaction(engine) as session:
        trust = current_trust(session)
    try:
        decision, status = verified_decision(pdf, trust.package.trust_anchors, trust.trusted_time(now))
    except DecisionFileRejected as error:
        raise AgencyError(error.reason, error.detail) from None
    signer = decision["reviewer_number"]
    if signer != reviewer.expert_number:
        raise AgencyError("decision_not_yours", f"{signer} ≠ {reviewer.expert_number}")
    entry = trust.expert(signer)
    if entry is None or entry.role != REVIEWER:
        raise AgencyError("signer_not_a_reviewer", f"{signer}: {entry.role if entry else 'unknown'}")
    if decision.get("decision") not in DECISIONS or decision.get("visit_id") != visit_id:
        raise AgencyError("decision_record_mismatch", f"{decision.get('visit_id')} ≠ {visit_id}")
    object_key = f"decisions/{hashlib.sha256(decision['review_id'].encode('utf-8')).hexdigest()}.sealed"
    stored = False
    try:
        with transaction(engine) as session:
            row = session.get(ReviewRecord, visit_id, with_for_update=True)
            if row is None:
                raise AgencyError("record_unknown", visit_id)
            if decision.get("case_id") != row.case_id or decision.get("record_sha256") != row.record_sha256:
                raise AgencyError("decision_record_mismatch", visit_id)
            if session.get(ReviewDecisionRow, decision["review_id"]) is not None:
                raise AgencyError("decision_already_stored", decision["review_id"])
            if row.review_status != PENDING:
                raise AgencyError("record_not_pending", f"{visit_id}: {row.review_status}")
            if not row.is_newest:
                raise AgencyError("record_superseded", visit_id)
            require_claim(row, visit_id, reviewer.expert_number, now)
            put_sealed(store, key, object_key, pdf)
            stored = True
            session.add(ReviewDecisionRow(
                review_id=decision["review_id"], visit_id=visit_id, case_id=row.case_id,
                record_sha256=row.record_sha256, decision=decision["decision"], reason=decision.get("reason") or "",
                reviewer_number=signer, decided_at=_utc(decision["decided_at"]), new_case_id=decision.get("new_case_id"),
                received_at=now, received_from=reviewer.workstation_id, object_key=object_key,
                pdf_sha256=hashlib.sha256(pdf).hexdigest()))
            row.review_status, row.review_reason = decision["decision"], decision.get("reason") or None
            row.decided_at = _utc(decision["decided_at"])
            end_claim_by_decision(session, row, now)
            append_event(session, actor=f"reviewer:{signer}", action="review_decision_stored",
                         subject=visit_id, detail={"review_id": decision["review_id"], "decision": decision["decision"],
                                                   "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                                                   "signing_time": status.signing_time.isoformat()
                                                   if status.signing_time else None}, now=now)
    except IntegrityError:
        raise AgencyError("record_not_pending", visit_id) from None
    except BaseException:
        if stored:
            store.remove(object_key)
        raise
    return decision_summary(decision)


def decision_summary(decision: dict) -> dict:
    return {key: decision.get(key) for key in ("review_id", "case_id", "visit_id", "record_sha256", "decision",
                                                "reason", "reviewer_number", "reviewer_name", "decided_at",
                                                "new_case_id")}


def _row_json(row: ReviewDecisionRow) -> dict:
    return {"review_id": row.review_id, "case_id": row.case_id, "visit_id": row.visit_id, "decision": row.decision,
            "reason": row.reason, "reviewer_number": row.reviewer_number, "decided_at": row.decided_at.isoformat(),
            "new_case_id": row.new_case_id, "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
            "file": f"/v1/decisions/{row.review_id}"}


def pending_for_workstation(engine: Engine, workstation_id: str, *, include_delivered: bool = False) -> list[dict]:
    """Decisions on the records this workstation uploaded, oldest first (not yet delivered unless asked)."""
    with transaction(engine) as session:
        statement = (select(ReviewDecisionRow).join(ReviewRecord, ReviewRecord.visit_id == ReviewDecisionRow.visit_id)
                     .where(ReviewRecord.workstation_id == workstation_id)
                     .order_by(ReviewDecisionRow.received_at, ReviewDecisionRow.review_id))
        if not include_delivered:
            statement = statement.where(ReviewDecisionRow.delivered_at.is_(None))
        return [_row_json(row) for row in session.scalars(statement)]


def _own_decision(session, review_id: str, workstation_id: str | None) -> ReviewDecisionRow:
    row = session.get(ReviewDecisionRow, review_id)
    if row is not None and workstation_id is not None:
        owner = session.scalar(select(ReviewRecord.workstation_id).where(ReviewRecord.visit_id == row.visit_id))
        row = row if owner == workstation_id else None
    if row is None:
        # Another workstation's decision is as unknown as a missing one: no probing.
        raise AgencyError("decision_unknown", review_id)
    return row


def decision_file(engine: Engine, store: BundleStore, key: RecordsKey, review_id: str,
                  workstation_id: str | None) -> bytes:
    """The signed file; `workstation_id` None: any (a reviewer's view)."""
    with transaction(engine) as session:
        object_key = _own_decision(session, review_id, workstation_id).object_key
    if object_key is None:
        raise AgencyError("file_unknown", f"{review_id}: a synthetic decision has no file")
    return get_sealed(store, key, object_key)


def mark_delivered(engine: Engine, review_id: str, workstation_id: str, now: datetime.datetime) -> dict:
    with transaction(engine) as session:
        row = _own_decision(session, review_id, workstation_id)
        if row.delivered_at is None:
            row.delivered_at = now
        return _row_json(row)
