# SPDX-License-Identifier: GPL-3.0-or-later
"""The server's audit trail: every certificate issued, workstation revoked, bundle received and
registered, as rows of a SHA-256 hash chain in PostgreSQL (append-only by trigger).

    hash = SHA-256( bytes.fromhex(previous_hash) || canonical_json({sequence, at, actor, action,
                                                                    subject, detail}) )

Appends are serialised by a transaction-level advisory lock, so two servers or workers never
fork the chain; the event commits with the change it describes, or not at all.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from forms.canonical import canonical_json_bytes

from assessment_app.agency.models import AuditEvent

GENESIS_HASH = hashlib.sha256(b"ltc-agency audit v1").hexdigest()
_APPEND_LOCK = 0x4C544341  # any constant: the advisory lock that serialises appends


def _wall(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(previous_hash: str, sequence: int, at: datetime.datetime, actor: str, action: str, subject: str,
               detail: dict) -> str:
    body = {"sequence": sequence, "at": _wall(at), "actor": actor, "action": action, "subject": subject,
            "detail": detail}
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical_json_bytes(body)).hexdigest()


def append_event(session: Session, *, actor: str, action: str, subject: str, detail: dict | None = None,
                 now: datetime.datetime) -> AuditEvent:
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})
    last = session.scalar(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(1))
    sequence, previous = (1, GENESIS_HASH) if last is None else (last.sequence + 1, last.hash)
    at = now.astimezone(datetime.timezone.utc)
    detail = dict(detail or {})
    event = AuditEvent(sequence=sequence, at=at, actor=actor, action=action, subject=subject, detail=detail,
                       previous_hash=previous, hash=event_hash(previous, sequence, at, actor, action, subject, detail))
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class TrailCheck:
    ok: bool
    count: int
    broken_at: int | None = None


def verify_trail(session: Session) -> TrailCheck:
    previous, count = GENESIS_HASH, 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)):
        count += 1
        expected = event_hash(previous, event.sequence, event.at, event.actor, event.action, event.subject,
                              event.detail)
        if event.sequence != count or event.previous_hash != previous or event.hash != expected:
            return TrailCheck(False, count, event.sequence)
        previous = event.hash
    return TrailCheck(True, count)
