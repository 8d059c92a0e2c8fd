# SPDX-License-Identifier: GPL-3.0-or-later
"""The stored audit log: append events inside a use case's transaction, export and verify a chain.

Each chain is a separate hash chain (security/audit_chain.py, docs/formats/audit-log.md):
`station` for what happens on the workstation (logins, provisioning, case intake), and one per
visit, named by the visit id, so a visit's chain can travel in its bundle and be verified alone.

Actors are expert numbers (评估人员编号), not the database's UUIDs: the number is what the
expert's certificate names and what a reviewer at the agency can look up; a UUID means
something only on the laptop that made it.

Exporting and verifying a stored chain is for a signed-in actor who may read the audit log
(domain/roles.py); `chain_events` serves use cases that already authorised their actor (a
visit's chain travelling in its bundle).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.security.audit_chain import (
    GENESIS_HASH,
    AuditEvent,
    AuditLogReadError,
    ChainHead,
    ChainVerification,
    build_event,
    iter_jsonl,
    verify_chain,
)
from assessment_app.services.audit_anchoring import after_station_event
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Expert
from assessment_app.storage.security_models import STATION_CHAIN, AuditRecord
from assessment_app.storage.unit_of_work import unit_of_work
from forms.canonical import StrictJsonError, canonical_json_bytes, loads_strict

__all__ = ["STATION_CHAIN", "actors_for", "append_event", "append_station_event", "chain_events", "chain_head",
           "chain_verification", "export_chain", "stored_events_of_kind", "verify_jsonl", "verify_stored_chain"]


def chain_head(session: Session, chain: str) -> ChainHead:
    row = session.execute(select(AuditRecord.sequence, AuditRecord.hash).where(AuditRecord.chain == chain)
                          .order_by(AuditRecord.sequence.desc()).limit(1)).first()
    return ChainHead(0, GENESIS_HASH) if row is None else ChainHead(row.sequence, row.hash)


def append_event(session: Session, chain: str, kind: str, *, wall_time: datetime, actors: Iterable[str] = (),
                 case_id: str | None = None, visit_id: str | None = None, monotonic_ms: int | None = None,
                 video_offset_ms: int | None = None, data: Mapping[str, Any] | None = None) -> AuditEvent:
    """Append the next event of `chain` in the caller's transaction: it commits with the change
    it describes or not at all. Two writers racing for the same head cannot fork the chain: the
    second insert hits the (chain, sequence) primary key and the insert trigger, and its whole
    use case rolls back."""
    event = build_event(chain_head(session, chain), kind, wall_time=wall_time, actors=actors, case_id=case_id,
                        visit_id=visit_id, monotonic_ms=monotonic_ms, video_offset_ms=video_offset_ms, data=data)
    session.add(AuditRecord(
        chain=chain, sequence=event.sequence, kind=event.kind, wall_time=event.wall_time,
        monotonic_ms=event.monotonic_ms, actors_json=_json_text(list(event.actors)), case_id=event.case_id,
        visit_id=event.visit_id, video_offset_ms=event.video_offset_ms, data_json=_json_text(event.data),
        previous_hash=event.previous_hash, hash=event.hash))
    session.flush()  # the next append in this transaction must see this one as the head
    if chain == STATION_CHAIN:
        # The anchor moves to this head once the transaction commits (services/audit_anchoring.py).
        origin = event.hash if event.sequence == 1 else session.scalar(
            select(AuditRecord.hash).where(AuditRecord.chain == chain, AuditRecord.sequence == 1))
        after_station_event(session, ChainHead(event.sequence, event.hash), origin)
    return event


def actors_for(session: Session, expert_ids: Iterable[str | None]) -> tuple[str, ...]:
    """The expert numbers of `expert_ids`, in order, skipping None; an unknown id is kept as is
    rather than dropped, so the log never hides that someone acted."""
    actors = []
    for expert_id in expert_ids:
        if expert_id is None:
            continue
        number = session.scalar(select(Expert.expert_number).where(Expert.id == expert_id))
        actors.append(number or expert_id)
    return tuple(actors)


def append_station_event(session: Session, kind: str, *, now: datetime, actor_ids: Iterable[str | None] = (),
                         case_id: str | None = None, data: Mapping[str, Any] | None = None) -> AuditEvent:
    """An event of the workstation chain by experts given by id (what the case services hold)."""
    return append_event(session, STATION_CHAIN, kind, wall_time=now, actors=actors_for(session, actor_ids),
                        case_id=case_id, data=data)


def export_chain(records: CaseRecords, chain: str, *, actor) -> list[AuditEvent]:
    """Every event of `chain` in sequence order; raises MalformedEvent if a stored row is damaged
    (verify_stored_chain reports the same damage as a broken link instead)."""
    _authorize_reading(records, actor)
    return chain_events(records, chain)


def chain_events(records: CaseRecords, chain: str) -> list[AuditEvent]:
    """export_chain for a use case that has authorised its actor already."""
    return [AuditEvent.from_dict(record) for record in _stored_records(records, chain)]


def verify_stored_chain(records: CaseRecords, chain: str, expected_head: tuple[int, str] | None = None, *,
                        actor) -> ChainVerification:
    """Walk the stored chain from genesis. Rows are read in sequence order, so a row whose number
    was changed shows up where its number puts it, and its hash (which covers the number) breaks."""
    _authorize_reading(records, actor)
    return chain_verification(records, chain, expected_head)


def chain_verification(records: CaseRecords, chain: str,
                       expected_head: tuple[int, str] | None = None) -> ChainVerification:
    """verify_stored_chain for a use case that has authorised its actor already."""
    return verify_chain(_stored_records(records, chain), expected_head)


def _authorize_reading(records: CaseRecords, actor) -> None:
    # Imported here: authorization writes its refusals through this module.
    from assessment_app.domain.roles import Permission
    from assessment_app.services.authorization import authorize

    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_AUDIT)


def verify_jsonl(data: bytes, expected_head: tuple[int, str] | None = None) -> ChainVerification:
    """Verify an exported JSONL file on its own. A line that cannot be read breaks the chain at
    that position (reason malformed, detail: line and problem), unless it already broke earlier."""
    events = []
    try:
        for event in iter_jsonl(io.BytesIO(data)):
            events.append(event)
    except AuditLogReadError as error:
        before = verify_chain(events)
        if not before.ok:
            return before
        return ChainVerification(False, before.head, "malformed", len(events) + 1,
                                 {"line": error.line, "problem": error.reason, "detail": error.detail})
    return verify_chain(events, expected_head)


def stored_events_of_kind(records: CaseRecords, chain: str, kind: str) -> list[dict[str, Any]]:
    """The stored events of one kind, as records (damaged JSON stays a string, see _parsed), for a
    use case that has authorised its actor already (audit_anchoring.verify_station_chain)."""
    with unit_of_work(records.engine) as session:
        rows = session.scalars(select(AuditRecord).where(AuditRecord.chain == chain, AuditRecord.kind == kind)
                               .order_by(AuditRecord.sequence)).all()
        return [_record_dict(row) for row in rows]


def _stored_records(records: CaseRecords, chain: str) -> list[dict[str, Any]]:
    with unit_of_work(records.engine) as session:
        rows = session.scalars(select(AuditRecord).where(AuditRecord.chain == chain)
                               .order_by(AuditRecord.sequence)).all()
        return [_record_dict(row) for row in rows]


def _record_dict(row: AuditRecord) -> dict[str, Any]:
    return {"sequence": row.sequence, "kind": row.kind, "wall_time": row.wall_time,
            "monotonic_ms": row.monotonic_ms, "actors": _parsed(row.actors_json), "case_id": row.case_id,
            "visit_id": row.visit_id, "video_offset_ms": row.video_offset_ms, "data": _parsed(row.data_json),
            "previous_hash": row.previous_hash, "hash": row.hash}


def _parsed(text: str) -> object:
    # Damaged JSON stays a string: verify_chain then names the event as malformed at its sequence.
    # Read as strictly as an exported file would be (no duplicate keys, no floats).
    try:
        return loads_strict(text)
    except (StrictJsonError, TypeError):
        return text


def _json_text(value: object) -> str:
    return canonical_json_bytes(value).decode("utf-8")
