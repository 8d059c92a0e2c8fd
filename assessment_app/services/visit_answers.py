# SPDX-License-Identifier: GPL-3.0-or-later
"""Answering the instrument: each answer saved the moment it is given, stamped with both experts,
wall and monotonic time and the video offset; changes need a reason; notes and photos per item.

Dual entry (agency setting visit.dual_entry): while the visit is in independent mode each
expert's ratings go to `dual_entries` under their own id and the services return only the
caller's own; `start_reconciliation` then lists the differences, copies the agreed items into
the visit's answers and stores the agreement; each difference is resolved with a reason.

The actor of every call is a signed-in expert of the visit (visit_state.visit_for); who entered
an answer, a note or a photo is that actor.
"""

from __future__ import annotations

import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.model import Form

from assessment_app.domain.visit_entries import Agreement, Difference, VisitProgress, compare_entries, progress
from assessment_app.domain.reasons import ReasonKind, reason_text
from assessment_app.domain.visit_workflow import VisitError, required_text
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_state import (
    LoadedVisit,
    audit,
    image_media_type,
    other_expert,
    require_answerable,
    require_expert,
    require_open,
    store_attachment,
    touch,
    visit_for,
)
from assessment_app.storage.models import Answer, DualEntry, VisitItemNote, utc_timestamp
from assessment_app.storage.repositories import VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


def _check_choice(form: Form, item_id: str, option_id: str) -> None:
    item = form.items_by_id.get(item_id)
    if item is None:
        raise VisitError("unknown_item", item_id)
    if option_id not in item.scores_by_option:
        raise VisitError("unknown_option", f"{item_id}={option_id}")


def _entries(session: Session, visit_id: str, expert_id: str) -> list[DualEntry]:
    return list(session.scalars(select(DualEntry).where(DualEntry.visit_id == visit_id, DualEntry.expert_id == expert_id)
                                .order_by(DualEntry.id)))


def _own_entries(session: Session, visit_id: str, expert_id: str) -> dict[str, DualEntry]:
    return {entry.item_id: entry for entry in _entries(session, visit_id, expert_id)}  # newest wins


def _stamped(loaded: LoadedVisit, item_id: str, option_id: str, expert_id: str, *, now: datetime.datetime,
             monotonic_ns: int, video_offset_ms: int | None, reason: str | None) -> Answer:
    return Answer(visit_id=loaded.visit.id, item_id=item_id, option_id=option_id, answered_by=expert_id,
                  second_expert_id=other_expert(loaded, expert_id), wall_time=utc_timestamp(now),
                  monotonic_ns=monotonic_ns, video_offset_ms=video_offset_ms, reason=reason)


def _give(records: CaseRecords, visit_id: str, item_id: str, option_id: str, *, actor,
          now: datetime.datetime, monotonic_ns: int, video_offset_ms: int | None, reason: str | None) -> None:
    changing = reason is not None
    expert_id = actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_answerable(session, loaded)
        _check_choice(loaded.form(), item_id, option_id)
        mode = loaded.workflow.entry_mode
        if mode == "reconciling":
            raise VisitError("reconciliation_started", item_id)
        if mode == "independent":
            previous = _own_entries(session, visit_id, expert_id).get(item_id)
            old = None if previous is None else previous.option_id
            actors: tuple[str | None, ...] = (expert_id,)
        else:
            previous_answer = VisitRepository(session).current_answer(visit_id, item_id)
            old = None if previous_answer is None else previous_answer.option_id
            actors = (expert_id, other_expert(loaded, expert_id))
        if changing and old is None:
            raise VisitError("not_answered_yet", item_id)
        if not changing and old is not None:
            raise VisitError("already_answered", item_id)
        if mode == "independent":
            session.add(DualEntry(visit_id=visit_id, expert_id=expert_id, item_id=item_id, option_id=option_id,
                                  wall_time=utc_timestamp(now), monotonic_ns=monotonic_ns,
                                  video_offset_ms=video_offset_ms, reason=reason))
            session.flush()
        else:
            VisitRepository(session).append_answer(_stamped(loaded, item_id, option_id, expert_id, now=now,
                                                            monotonic_ns=monotonic_ns,
                                                            video_offset_ms=video_offset_ms, reason=reason))
        touch(loaded, now)
        data = {"item": item_id, "mode": mode}
        data.update({"old": old, "new": option_id, "reason": reason} if changing else {"option": option_id})
        audit(session, loaded, "answer_changed" if changing else "answer_given", now=now, actor_ids=actors,
              monotonic_ns=monotonic_ns, video_offset_ms=video_offset_ms, data=data)


def answer_item(records: CaseRecords, visit_id: str, item_id: str, option_id: str, *, actor,
                now: datetime.datetime, monotonic_ns: int, video_offset_ms: int | None = None) -> None:
    """Save the first answer to an item (committed when this returns). `actor`: who entered it;
    the other expert of the visit is stamped as second expert. A given item needs change_answer."""
    _give(records, visit_id, item_id, option_id, actor=actor, now=now, monotonic_ns=monotonic_ns,
          video_offset_ms=video_offset_ms, reason=None)


def change_answer(records: CaseRecords, visit_id: str, item_id: str, option_id: str, reason: str, *,
                  actor, now: datetime.datetime, monotonic_ns: int,
                  video_offset_ms: int | None = None) -> None:
    """Change an earlier answer; the reason is required and logged with old -> new."""
    _give(records, visit_id, item_id, option_id, actor=actor, now=now, monotonic_ns=monotonic_ns,
          video_offset_ms=video_offset_ms, reason=reason_text(ReasonKind.ANSWER_CHANGE, reason))


def answers_seen_by(session: Session, loaded: LoadedVisit, expert_id: str | None) -> tuple[dict[str, str], list[str]]:
    """(item -> option, item ids in the order last answered) as `expert_id` may see them, in the
    caller's (already authorised) transaction."""
    if loaded.workflow.entry_mode == "independent":
        if expert_id is None:
            raise VisitError("expert_required")
        require_expert(loaded, expert_id)
        entries = _entries(session, loaded.visit.id, expert_id)
        return {entry.item_id: entry.option_id for entry in entries}, [entry.item_id for entry in entries]
    history = VisitRepository(session).answers(loaded.visit.id)
    current = {answer.item_id: answer.option_id for answer in history if answer.superseded_by is None}
    return current, [answer.item_id for answer in history]


def current_answers(records: CaseRecords, visit_id: str, *, actor) -> dict[str, str]:
    """item -> option in force. In independent dual entry only the actor's own ratings: neither
    expert sees the other's until reconciliation."""
    with unit_of_work(records.engine) as session:
        return answers_seen_by(session, visit_for(session, records, visit_id, actor), actor.expert_id)[0]


def visit_progress(records: CaseRecords, visit_id: str, *, actor) -> VisitProgress:
    """Answered / total per dimension, the current item (first unanswered in the official order)
    and the last one answered; in independent dual entry, of the actor's own ratings."""
    with unit_of_work(records.engine) as session:
        return progress_in(session, visit_for(session, records, visit_id, actor), actor.expert_id)


def progress_in(session: Session, loaded: LoadedVisit, expert_id: str | None) -> VisitProgress:
    answers, order = answers_seen_by(session, loaded, expert_id)
    return progress(loaded.form(), answers, order)


def set_item_note(records: CaseRecords, visit_id: str, item_id: str, note: str, *, actor,
                  now: datetime.datetime) -> None:
    text = required_text("note", note)
    expert_id = actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        _check_item(loaded, item_id)
        row = session.get(VisitItemNote, (visit_id, item_id))
        old = None if row is None else row.note
        if row is None:
            row = VisitItemNote(visit_id=visit_id, item_id=item_id)
            session.add(row)
        row.note, row.written_by, row.updated_at = text, expert_id, utc_timestamp(now)
        touch(loaded, now)
        audit(session, loaded, "item_note", now=now, actor_ids=(expert_id,),
              data={"item": item_id, "old": old, "new": text})


def item_notes(records: CaseRecords, visit_id: str, *, actor) -> dict[str, str]:
    with unit_of_work(records.engine) as session:
        visit_for(session, records, visit_id, actor)
        return {row.item_id: row.note for row in
                session.scalars(select(VisitItemNote).where(VisitItemNote.visit_id == visit_id))}


def add_item_photo(records: CaseRecords, visit_id: str, item_id: str, photo: bytes, *, actor,
                   now: datetime.datetime, video_offset_ms: int | None = None) -> str:
    """A photo for one item (JPEG or PNG), encrypted; returns the attachment id."""
    media_type = image_media_type("item_photo", photo)
    expert_id = actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        _check_item(loaded, item_id)
        attachment = store_attachment(records, session, loaded, photo, kind="photo", media_type=media_type,
                                      purpose="item_photo", now=now, item_id=item_id, expert_id=expert_id)
        touch(loaded, now)
        audit(session, loaded, "item_photo", now=now, actor_ids=(expert_id,), video_offset_ms=video_offset_ms,
              data={"item": item_id, "attachment": attachment.id, "sha256": attachment.plaintext_sha256})
        return attachment.id


def _check_item(loaded: LoadedVisit, item_id: str) -> None:
    if item_id not in loaded.form().items_by_id:
        raise VisitError("unknown_item", item_id)


# -- dual entry -----------------------------------------------------------------------------

def start_reconciliation(records: CaseRecords, visit_id: str, *, actor, now: datetime.datetime,
                         monotonic_ns: int) -> list[Difference]:
    """End the independent ratings (both experts must have rated every item): the items rated alike
    become the visit's answers, the agreement is stored, and the differences are returned."""
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_answerable(session, loaded)
        if loaded.workflow.entry_mode != "independent":
            raise VisitError("not_in_independent_entry", loaded.workflow.entry_mode)
        form = loaded.form()
        first_id, second_id = loaded.expert_ids
        first, second = _own_entries(session, visit_id, first_id), _own_entries(session, visit_id, second_id)
        incomplete = tuple(expert for expert, entries in ((first_id, first), (second_id, second))
                           if len(entries) < len(form.items))
        if incomplete:
            raise VisitError("entry_incomplete", incomplete)
        differences, agreement = compare_entries(form, {k: v.option_id for k, v in first.items()},
                                                 {k: v.option_id for k, v in second.items()})
        differing = {difference.item_id for difference in differences}
        visits = VisitRepository(session)
        for item in form.items:
            if item.id in differing:
                continue
            later = max(first[item.id], second[item.id], key=lambda entry: entry.id)
            visits.append_answer(Answer(visit_id=visit_id, item_id=item.id, option_id=later.option_id,
                                        answered_by=first_id, second_expert_id=second_id, wall_time=later.wall_time,
                                        monotonic_ns=later.monotonic_ns, video_offset_ms=later.video_offset_ms,
                                        reason=None))
        workflow = loaded.workflow
        workflow.entry_mode, workflow.agreement_equal, workflow.agreement_total = (
            "reconciling", agreement.equal, agreement.total)
        touch(loaded, now)
        audit(session, loaded, "reconciliation", now=now, monotonic_ns=monotonic_ns,
              data={"step": "start", "agreement": [agreement.equal, agreement.total],
                    "differences": sorted(differing)})
        return differences


def reconciliation(records: CaseRecords, visit_id: str, *, actor) -> list[Difference]:
    """Every difference of the dual entry with both ratings and, once resolved, the agreed answer."""
    with unit_of_work(records.engine) as session:
        return _differences(session, visit_for(session, records, visit_id, actor))


def _differences(session: Session, loaded: LoadedVisit) -> list[Difference]:
    if loaded.workflow.entry_mode != "reconciling":
        return []
    first_id, second_id = loaded.expert_ids
    first, second = _own_entries(session, loaded.visit.id, first_id), _own_entries(session, loaded.visit.id, second_id)
    differences, _ = compare_entries(loaded.form(), {k: v.option_id for k, v in first.items()},
                                     {k: v.option_id for k, v in second.items()})
    agreed = VisitRepository(session).current_answers(loaded.visit.id)
    return [Difference(d.item_id, d.first_option, d.second_option,
                       agreed[d.item_id].option_id if d.item_id in agreed else None,
                       agreed[d.item_id].reason if d.item_id in agreed else None) for d in differences]


def unresolved_differences(session: Session, loaded: LoadedVisit) -> list[str]:
    if loaded.workflow.dual_entry and loaded.workflow.entry_mode == "independent":
        return [item.id for item in loaded.form().items]  # nothing reconciled yet
    return [difference.item_id for difference in _differences(session, loaded) if not difference.resolved]


def resolve_difference(records: CaseRecords, visit_id: str, item_id: str, option_id: str, reason: str, *,
                       actor, now: datetime.datetime, monotonic_ns: int,
                       video_offset_ms: int | None = None) -> None:
    """The agreed answer of a difference becomes the visit's answer; the reason is required."""
    text = reason_text(ReasonKind.DIFFERENCE_RESOLUTION, reason)
    expert_id = actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_answerable(session, loaded)
        _check_choice(loaded.form(), item_id, option_id)
        difference = next((d for d in _differences(session, loaded) if d.item_id == item_id), None)
        if difference is None:
            raise VisitError("not_a_difference", item_id)
        VisitRepository(session).append_answer(_stamped(loaded, item_id, option_id, expert_id, now=now,
                                                        monotonic_ns=monotonic_ns, video_offset_ms=video_offset_ms,
                                                        reason=text))
        touch(loaded, now)
        audit(session, loaded, "reconciliation", now=now, monotonic_ns=monotonic_ns, video_offset_ms=video_offset_ms,
              data={"step": "resolve", "item": item_id, "first": difference.first_option,
                    "second": difference.second_option, "old": difference.resolved_option, "new": option_id,
                    "reason": text})


def agreement(records: CaseRecords, visit_id: str, *, actor) -> Agreement | None:
    """The stored agreement of a dual-entry visit (None before reconciliation or without dual entry)."""
    with unit_of_work(records.engine) as session:
        workflow = visit_for(session, records, visit_id, actor).workflow
        if workflow.agreement_total is None:
            return None
        return Agreement(workflow.agreement_equal, workflow.agreement_total)
