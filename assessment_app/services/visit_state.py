# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared by the visit services: loading a visit for its actor (signed in, allowed to conduct
visits, one of this visit's two experts), the checks every step makes, its audit events (on the
visit's own chain) and its attachments."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.model import Form
from forms.registry import default_registry

from assessment_app.domain.case_types import CaseStatus, transition
from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission
from assessment_app.domain.visit_workflow import Requirement, VisitError, VisitSteps, answering_blockers
from assessment_app.services.audit_log import actors_for, append_event
from assessment_app.services.authorization import authorize, authorize_all, record_refusal
from assessment_app.services.case_records import CaseRecords
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import (
    Attachment,
    Case,
    VisitAttachment,
    VisitDeclaration,
    Visit,
    VisitWorkflow,
    utc_timestamp,
)
from assessment_app.storage.repositories import RecordNotFound

MAX_IMAGE_BYTES = 20 * 1024 * 1024
_IMAGE_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


class AnsweringBlocked(VisitError):
    """Items cannot be answered yet (or any more); `.missing` says what is open."""

    reason = "answering_blocked"

    def __init__(self, missing: list[Requirement]):
        self.missing = tuple(missing)
        super().__init__(detail=", ".join(requirement.code for requirement in self.missing))


@dataclass
class LoadedVisit:
    visit: Visit
    workflow: VisitWorkflow
    case: Case

    @property
    def expert_ids(self) -> tuple[str, str]:
        return self.workflow.first_expert_id, self.workflow.second_expert_id

    @property
    def locked(self) -> bool:
        return self.visit.status in LOCKED_VISIT_STATUSES

    def form(self) -> Form:
        return default_registry().get(self.visit.form_id, self.visit.form_version)


def load_visit(session: Session, visit_id: str) -> LoadedVisit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise RecordNotFound(f"visit {visit_id}")
    workflow = session.get(VisitWorkflow, visit_id)
    if workflow is None:
        raise VisitError("not_a_guided_visit", visit_id)
    return LoadedVisit(visit, workflow, session.get(Case, visit.case_id))


def visit_for(session: Session, records: CaseRecords, visit_id: str, actor, *,
              now: datetime.datetime | None = None) -> LoadedVisit:
    """The visit, for an actor who is signed in, may conduct visits and is one of its two experts
    (VisitError not_visit_expert otherwise, and the attempt is audited). Authorised before the
    visit is even looked up, so a refused actor learns nothing about it."""
    authorize(session, records, actor, Permission.CONDUCT_VISIT, now=now)
    loaded = load_visit(session, visit_id)
    if actor.expert_id not in loaded.expert_ids:
        record_refusal(records, actor, actor.expert_id, Permission.CONDUCT_VISIT, "not_visit_expert", now)
        raise VisitError("not_visit_expert", actor.expert_number)
    return loaded


def visit_for_pair(session: Session, records: CaseRecords, visit_id: str, actors, *,
                   now: datetime.datetime | None = None, mismatch: str = "pair_mismatch") -> LoadedVisit:
    """The visit for both its experts acting together (resume, signing): each signed in and the
    two of them exactly this visit's experts (VisitError `mismatch` otherwise)."""
    actors = tuple(actors)
    authorize_all(session, records, actors, Permission.CONDUCT_VISIT, now=now)
    loaded = load_visit(session, visit_id)
    if len(actors) != 2 or {actor.expert_id for actor in actors} != set(loaded.expert_ids):
        raise VisitError(mismatch, visit_id)
    return loaded


def steps_of(session: Session, loaded: LoadedVisit) -> VisitSteps:
    workflow = loaded.workflow
    declared = frozenset(session.scalars(select(VisitDeclaration.expert_id)
                                         .where(VisitDeclaration.visit_id == loaded.visit.id)))
    return VisitSteps(declared, loaded.expert_ids, workflow.identity_status, workflow.informant_name is not None,
                      workflow.consent_status, workflow.recording_mode, workflow.outcome, loaded.locked)


def require_open(loaded: LoadedVisit) -> None:
    """The visit still takes steps: not locked, not ended with an outcome."""
    if loaded.locked:
        raise VisitError("visit_locked", loaded.visit.id)
    if loaded.workflow.outcome is not None:
        raise VisitError("visit_ended", loaded.workflow.outcome)


def require_answerable(session: Session, loaded: LoadedVisit) -> None:
    missing = answering_blockers(steps_of(session, loaded))
    if missing:
        raise AnsweringBlocked(missing)


def require_expert(loaded: LoadedVisit, expert_id: str) -> None:
    if expert_id not in loaded.expert_ids:
        raise VisitError("not_visit_expert", expert_id)


def other_expert(loaded: LoadedVisit, expert_id: str) -> str:
    first, second = loaded.expert_ids
    return second if expert_id == first else first


def audit(session: Session, loaded: LoadedVisit, kind: str, *, now: datetime.datetime,
          actor_ids: tuple[str | None, ...] | None = None, monotonic_ns: int | None = None,
          video_offset_ms: int | None = None, data: Mapping[str, Any] | None = None) -> None:
    """An event on the visit's own chain (named by the visit id), in the caller's transaction."""
    append_event(session, loaded.visit.id, kind, wall_time=now,
                 actors=actors_for(session, loaded.expert_ids if actor_ids is None else actor_ids),
                 case_id=loaded.visit.case_id, visit_id=loaded.visit.id,
                 monotonic_ms=None if monotonic_ns is None else monotonic_ns // 1_000_000,
                 video_offset_ms=video_offset_ms, data=data)


def touch(loaded: LoadedVisit, now: datetime.datetime) -> None:
    loaded.workflow.updated_at = utc_timestamp(now)


def move_case(case: Case, target: CaseStatus, now: datetime.datetime) -> None:
    case.status = transition(case.status, target).value
    case.updated_at = utc_timestamp(now)


def image_media_type(field: str, data: bytes, allowed: tuple[str, ...] = ("image/jpeg", "image/png")) -> str:
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise FieldError(field, "empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise FieldError(field, "too_large", MAX_IMAGE_BYTES // (1024 * 1024))
    for magic, media_type in _IMAGE_SIGNATURES:
        if data.startswith(magic) and media_type in allowed:
            return media_type
    raise FieldError(field, "unsupported_type", "/".join(kind.split("/")[1].upper() for kind in allowed))


def store_attachment(records: CaseRecords, session: Session, loaded: LoadedVisit, data: bytes, *, kind: str,
                     media_type: str, purpose: str, now: datetime.datetime, item_id: str | None = None,
                     expert_id: str | None = None, original_name: str | None = None) -> Attachment:
    """Encrypt into the attachment store, then the rows (a crash in between leaves an orphan file,
    never a row pointing at nothing; see services/case_files.py)."""
    stored = records.attachments.put(bytes(data))
    attachment = Attachment(id=stored.attachment_id, case_id=loaded.visit.case_id, kind=kind, media_type=media_type,
                            original_name=original_name or f"{purpose}.{media_type.split('/')[1]}", size=stored.size,
                            plaintext_sha256=stored.plaintext_sha256, stored_name=stored.stored_name,
                            created_at=utc_timestamp(now))
    session.add(attachment)
    session.flush()
    session.add(VisitAttachment(attachment_id=attachment.id, visit_id=loaded.visit.id, purpose=purpose,
                                item_id=item_id, expert_id=expert_id))
    session.flush()
    return attachment


def visit_attachments(session: Session, visit_id: str, purpose: str | None = None) -> list[tuple[VisitAttachment, Attachment]]:
    statement = (select(VisitAttachment, Attachment).join(Attachment, Attachment.id == VisitAttachment.attachment_id)
                 .where(VisitAttachment.visit_id == visit_id))
    if purpose is not None:
        statement = statement.where(VisitAttachment.purpose == purpose)
    return [(link, attachment) for link, attachment in
            session.execute(statement.order_by(Attachment.created_at, Attachment.id))]
