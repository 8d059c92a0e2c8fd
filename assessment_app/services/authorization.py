# SPDX-License-Identifier: GPL-3.0-or-later
"""Every use case that reads personal data or changes anything names its actor: a signed-in
session issued by accounts.login on the same records. This module checks it, in the use case's
own transaction, against the database (the expert still exists, is active, and their role, as
the agency provisioned it, grants the permission), so a screen or command that forgets a check
cannot open a door the service keeps shut.

A refused attempt to change something (any permission but the read-only ones) is written to the
station's audit chain in a transaction of its own: the use case's transaction rolls back with
the refusal, the record of the attempt must not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from assessment_app.domain.roles import READ_ONLY_PERMISSIONS, Permission, PermissionDenied, permissions_of, require
from assessment_app.errors import AppError
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Expert
from assessment_app.storage.unit_of_work import unit_of_work


class NotSignedIn(AppError):
    """The session was not issued on these records, has ended, or its expert is no longer active."""

    reason = "not_signed_in"

    def __init__(self, expert_number: str | None = None):
        super().__init__(self.reason)
        self.expert_number = expert_number


def authorize(session: Session, records: CaseRecords, actor, permission: Permission, *,
              now: datetime | None = None) -> Expert:
    """The acting expert's row, or NotSignedIn / PermissionDenied. `actor` is an
    accounts.SessionInfo; its role is not trusted, the stored one is. `now` stamps the audit
    event of a refused change (the wall clock when the use case has no time of its own)."""
    try:
        expert = acting_expert(session, records, actor)
    except NotSignedIn:
        record_refusal(records, actor, None, permission, "not_signed_in", now)
        raise
    try:
        require(expert.role, permission)
    except PermissionDenied:
        record_refusal(records, actor, expert.id, permission, "role", now)
        raise
    return expert


def authorize_all(session: Session, records: CaseRecords, actors: Iterable, permission: Permission, *,
                  now: datetime | None = None) -> list[Expert]:
    """Each of several actors (the two experts of a visit) must hold the permission."""
    return [authorize(session, records, actor, permission, now=now) for actor in actors]


def acting_expert(session: Session, records: CaseRecords, actor) -> Expert:
    token = getattr(actor, "token", None)
    if actor is None or token is None or records.live_sessions.get(token) != actor.expert_id:
        raise NotSignedIn(getattr(actor, "expert_number", None))
    expert = session.get(Expert, actor.expert_id)
    if expert is None or not expert.active:
        raise NotSignedIn(actor.expert_number)
    return expert


def granted(records: CaseRecords, actor) -> frozenset[Permission]:
    """What the signed-in person may do now, for a screen to offer exactly that."""
    with unit_of_work(records.engine) as session:
        try:
            return permissions_of(acting_expert(session, records, actor).role)
        except NotSignedIn:
            return frozenset()


def record_refusal(records: CaseRecords, actor, expert_id: str | None, permission: Permission, cause: str,
                   now: datetime | None) -> None:
    """The station-chain event of a refused attempt to change something (nothing for a read):
    `cause` is role, not_signed_in, or a use case's own (not_visit_expert)."""
    if Permission(permission) in READ_ONLY_PERMISSIONS:
        return
    # The claimed number of a session nobody issued is kept as data, never as an actor: the
    # chain names as actors only people who proved who they are.
    data = {"permission": str(permission), "cause": cause}
    if expert_id is None:
        data["claimed_expert"] = getattr(actor, "expert_number", None)
    with unit_of_work(records.engine) as session:
        append_station_event(session, "permission_denied", now=now or datetime.now(timezone.utc),
                             actor_ids=[expert_id], data=data)
