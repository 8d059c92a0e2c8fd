# SPDX-License-Identifier: GPL-3.0-or-later
"""`case.json` of a bundle: the database rows of the visit (applicant, case, visit, workflow,
declarations, answers, dual entries, notes, confirmed warnings, recording events, attachment
links), so the reviewer's workstation holds the visit in the same tables as a local one.

Expert ids are laptop-local UUIDs: every expert column travels as the expert number
(评估人员编号), which the certificates name and the agency knows, and is mapped back to the
reviewer's own expert rows on import. Answer ids are laptop-local too: `superseded_by` travels
as the position of the superseding answer in the history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.storage.models import (
    Answer,
    Applicant,
    Attachment,
    Case,
    DualEntry,
    Expert,
    RecordingEvent,
    Visit,
    VisitAttachment,
    VisitDeclaration,
    VisitItemNote,
    VisitWorkflow,
    WarningConfirmation,
)

CASE_ROWS_FORMAT = "ltc-assess-case-rows/v1"
# (key in case.json, model, columns naming an expert, columns not carried)
_LISTED = (("declarations", VisitDeclaration, ("expert_id",), ()),
           ("dual_entries", DualEntry, ("expert_id",), ("id",)),
           ("notes", VisitItemNote, ("written_by",), ()),
           ("warnings", WarningConfirmation, ("confirmed_by",), ()),
           ("recording_events", RecordingEvent, ("expert_id",), ("id",)))
_SINGLE = (("case", Case, ("created_by",)), ("visit", Visit, ("corrected_by",)),
           ("workflow", VisitWorkflow, ("first_expert_id", "second_expert_id")))
_ANSWER_EXPERTS = ("answered_by", "second_expert_id")


def _row(instance, expert_columns, numbers: dict[str, str], skip=()) -> dict[str, Any]:
    row = {}
    for column in instance.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(instance, column.key)
        row[column.key] = numbers.get(value, value) if column.key in expert_columns and value else value
    return row


def case_rows(session: Session, visit_id: str, attachment_files: dict[str, str]) -> dict[str, Any]:
    """The rows of `visit_id`; `attachment_files` maps attachment id → its path in the bundle."""
    numbers = {expert.id: expert.expert_number for expert in session.scalars(select(Expert))}
    visit = session.get(Visit, visit_id)
    case = session.get(Case, visit.case_id)
    document: dict[str, Any] = {"format": CASE_ROWS_FORMAT,
                                "applicant": _row(session.get(Applicant, case.applicant_id), (), numbers)}
    for key, model, experts in _SINGLE:
        instance = {"case": case, "visit": visit}.get(key) or session.get(model, visit_id)
        document[key] = _row(instance, experts, numbers)
    for key, model, experts, skip in _LISTED:
        rows = session.scalars(select(model).where(model.visit_id == visit_id).order_by(*_order(model)))
        document[key] = [_row(row, experts, numbers, skip) for row in rows]
    answers = list(session.scalars(select(Answer).where(Answer.visit_id == visit_id).order_by(Answer.id)))
    position = {answer.id: index for index, answer in enumerate(answers)}
    document["answers"] = [{**_row(answer, _ANSWER_EXPERTS, numbers, ("id", "superseded_by")),
                            "superseded_by": position.get(answer.superseded_by)} for answer in answers]
    links = session.execute(select(VisitAttachment, Attachment)
                            .join(Attachment, Attachment.id == VisitAttachment.attachment_id)
                            .where(VisitAttachment.visit_id == visit_id)
                            .order_by(Attachment.created_at, Attachment.id))
    document["attachments"] = [
        {"file": attachment_files[attachment.id],
         "attachment": _row(attachment, (), numbers, ("stored_name",)),
         "link": _row(link, ("expert_id",), numbers)}
        for link, attachment in links if attachment.id in attachment_files]
    return document


def _order(model) -> tuple:
    if "id" in model.__table__.columns:
        return (model.id,)
    return tuple(model.__table__.primary_key.columns)


def expert_numbers_in(document: dict[str, Any]) -> set[str]:
    """Every expert number the rows name (the importer must know each one)."""
    found: set[str] = set()
    for key, _, experts in _SINGLE:
        found |= {document[key][column] for column in experts if document[key].get(column)}
    for key, _, experts, _ in _LISTED:
        found |= {row[column] for row in document[key] for column in experts if row.get(column)}
    found |= {row[column] for row in document["answers"] for column in _ANSWER_EXPERTS if row.get(column)}
    found |= {item["link"]["expert_id"] for item in document["attachments"] if item["link"].get("expert_id")}
    return found


def add_case_rows(session: Session, document: dict[str, Any], expert_ids: dict[str, str], *,
                  final_visit_status: str, case_status: str, stored_attachments: dict[str, Any]) -> None:
    """Insert the rows (in the caller's transaction). The visit goes in open and is closed at the
    end: the answers' triggers refuse new answers on a signed visit, rightly, on every other path."""
    def mapped(row: dict, experts) -> dict:
        return {key: expert_ids[value] if key in experts and value else value for key, value in row.items()}

    applicant = session.scalar(select(Applicant).where(Applicant.resident_id == document["applicant"]["resident_id"]))
    applicant_id = applicant.id if applicant is not None else document["applicant"]["id"]
    if applicant is None:
        session.add(Applicant(**document["applicant"]))
    if session.get(Case, document["case"]["id"]) is None:
        session.add(Case(**{**mapped(document["case"], ("created_by",)), "applicant_id": applicant_id,
                            "status": case_status}))
    session.flush()
    session.add(Visit(**{**mapped(document["visit"], ("corrected_by",)), "status": "in_visit"}))
    session.flush()
    session.add(VisitWorkflow(**mapped(document["workflow"], ("first_expert_id", "second_expert_id"))))
    for key, model, experts, _ in _LISTED:
        for row in document[key]:
            session.add(model(**mapped(row, experts)))
    session.flush()
    added = []
    for row in document["answers"]:
        answer = Answer(**{**mapped(row, _ANSWER_EXPERTS), "superseded_by": None})
        session.add(answer)
        session.flush()  # ids in history order: "highest id" stays "given last"
        added.append(answer)
    for answer, row in zip(added, document["answers"]):
        if row["superseded_by"] is not None:
            answer.superseded_by = added[row["superseded_by"]].id
    for item in document["attachments"]:
        stored = stored_attachments[item["file"]]
        session.add(Attachment(**{**item["attachment"], "stored_name": stored.stored_name}))
        session.flush()
        session.add(VisitAttachment(**mapped(item["link"], ("expert_id",))))
    session.flush()
    session.get(Visit, document["visit"]["id"]).status = final_visit_status
    session.flush()
