# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's decision on a signed record: approve, return to the experts with a reason, or
order a 复核 (a new, linked case of application type review). The decision page is signed with
the reviewer's X.509 key before anything is stored; a wrong passphrase stores nothing.

The signed page, with the decision embedded (services/review_decision_file.py), is kept as an
attachment of the case and is the decision file the laptop imports: approved -> the case is
closed; returned -> the reason reaches the experts (the record is corrected as a new version,
design §2.5); 复核 -> the case is closed and the linked review case opened.

The laptop accepts a decision file only from a reviewer of its own agency: the signature covers
the whole file and chains to the agency's CA, the signer's certificate names (serialNumber) an
expert whom the held provisioning package lists as a reviewer, it is valid when it signed and not
revoked at the trusted time (the moment of import on this workstation), and the decision is about
the record hash this laptop signed. An assessor's key, a revoked reviewer, another agency or
another version of the record decides nothing here.

The reviewer is the signed-in actor who may review (domain/roles.py: reviewers, not
administrators); the laptop applies a decision file for an actor who may import decisions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.domain.case_types import ApplicationType, CaseStatus, transition
from assessment_app.domain.materials import checklist_for
from assessment_app.domain.review_decisions import DECISIONS, closes_case, reason_minimum
from assessment_app.domain.roles import Permission, may
from assessment_app.domain.visit_status import is_locked
from assessment_app.durable_files import atomic_write_bytes
from assessment_app.errors import os_errors_as
from assessment_app.reports.review_decision import render_review_decision
from assessment_app.reports.signing import sign_report
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_errors import ReviewError
from assessment_app.services.review_queue import flag_policy, latest_review, visit_flags
from assessment_app.services.review_decision_file import (
    FORMAT,
    FORMAT_VERSION,
    SUFFIX,
    DecisionFileRejected,
    embed_decision,
    verified_decision,
)
from assessment_app.services.signing_identities import agency_ca_certificates, unlock_signing_key
from assessment_app.services.trust_anchors import agency_trust_anchors, trusted_time
from assessment_app.storage.models import (
    Attachment,
    Case,
    Expert,
    Material,
    Review,
    Visit,
    VisitWorkflow,
    new_id,
    utc_timestamp,
)
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

# Whose signed decision a laptop applies: a reviewer the held provisioning package lists as such.
IMPORTABLE_REVIEWER_ROLE = "reviewer"
# The decision page is a legal document, in Chinese whatever the reviewer's interface language
# (like the report, services/visit_report.py): the record's flags are listed in it in this language.
DECISION_LANGUAGE = "zh_CN"


@dataclass(frozen=True)
class DecisionOutcome:
    review_id: str
    decision: str  # approved | returned | recheck_ordered
    decision_pdf: bytes
    new_case_id: str | None


@dataclass(frozen=True)
class ImportedDecision:
    review_id: str
    case_id: str
    visit_id: str
    decision: str
    reason: str
    new_case_id: str | None


def decision_file_name(review_id: str) -> str:
    return f"review-{review_id}{SUFFIX}"


def _close(case: Case, now: datetime.datetime) -> None:
    status = CaseStatus(case.status)
    if status is CaseStatus.SIGNED:
        # Reaching the reviewer means the record left the experts' hands.
        status = transition(status, CaseStatus.EXPORTED)
    case.status = transition(status, CaseStatus.CLOSED).value
    case.updated_at = utc_timestamp(now)


def _open_review_case(session: Session, origin: Case, case_id: str, now: datetime.datetime) -> None:
    timestamp = utc_timestamp(now)
    session.add(Case(id=case_id, applicant_id=origin.applicant_id, task_number=None,
                     application_type=ApplicationType.REVIEW.value, insurance_type=origin.insurance_type,
                     status=CaseStatus.INTAKE.value, planned_visit_date=None, created_at=timestamp, created_by=None,
                     updated_at=timestamp))
    session.flush()
    for requirement in checklist_for(ApplicationType.REVIEW):
        session.add(Material(case_id=case_id, code=requirement.code, received=False))


def _apply(records: CaseRecords, session: Session, decision: dict, pdf: bytes, reviewer_id: str,
           now: datetime.datetime) -> None:
    case = session.get(Case, decision["case_id"])
    stored = records.attachments.put(pdf)
    session.add(Attachment(id=stored.attachment_id, case_id=case.id, kind="other", media_type="application/pdf",
                           original_name=decision_file_name(decision["review_id"]), size=stored.size,
                           plaintext_sha256=stored.plaintext_sha256, stored_name=stored.stored_name,
                           created_at=utc_timestamp(now)))
    session.add(Review(id=decision["review_id"], visit_id=decision["visit_id"], reviewer_id=reviewer_id,
                       decision=decision["decision"], reason=decision["reason"] or None,
                       decided_at=decision["decided_at"]))
    if closes_case(decision["decision"]) and CaseStatus(case.status).is_open:
        _close(case, now)
    if decision["decision"] == "recheck_ordered" and session.get(Case, decision["new_case_id"]) is None:
        _open_review_case(session, case, decision["new_case_id"], now)
    session.flush()


def decide(records: CaseRecords, visit_id: str, decision: str, reason: str, *, actor, passphrase: str,
           now: datetime.datetime) -> DecisionOutcome:
    """`decision`: approve | return | review, by the acting reviewer, signed with their key
    (`passphrase`). Return and review need a reason (domain/review_decisions.py). The decision
    page lists the record's flags as the reviewer saw them, in DECISION_LANGUAGE."""
    with unit_of_work(records.engine) as session:
        reviewer = authorize(session, records, actor, Permission.REVIEW, now=now)
        reviewer_id = reviewer.id
        if decision not in DECISIONS:
            raise ReviewError("unknown_decision", decision)
        reason = (reason or "").strip()
        if len(reason) < reason_minimum(decision):
            raise ReviewError("reason_required", decision)
        visit = session.get(Visit, visit_id)
        if visit is None or not is_locked(visit.status):
            raise ReviewError("record_not_signed", visit_id)
        case = session.get(Case, visit.case_id)
        if not CaseStatus(case.status).is_open:
            raise ReviewError("case_closed", case.id)
        validation_lines = [flag.message(DECISION_LANGUAGE)
                            for flag in visit_flags(records, session, visit, flag_policy(session))]
        record_sha256 = session.get(VisitWorkflow, visit_id).record_sha256
    data, pdf = sign_decision(records, actor=actor, case_id=case.id, visit_id=visit_id, record_sha256=record_sha256,
                              decision=decision, reason=reason, passphrase=passphrase, now=now,
                              validation_lines=validation_lines)
    with unit_of_work(records.engine) as session:
        _apply(records, session, data, pdf, reviewer_id, now)
        append_station_event(session, "review_decision", now=now, actor_ids=[reviewer_id], case_id=case.id, data={
            "action": "decided", "review_id": data["review_id"], "visit_id": visit_id, "decision": data["decision"],
            "reason": data["reason"], "new_case_id": data["new_case_id"]})
    return DecisionOutcome(data["review_id"], data["decision"], pdf, data["new_case_id"])


def sign_decision(records: CaseRecords, *, actor, case_id: str, visit_id: str, record_sha256: str | None,
                  decision: str, reason: str, passphrase: str, now: datetime.datetime,
                  validation_lines: tuple[str, ...] = ()) -> tuple[dict, bytes]:
    """The decision and its signed file, stored nowhere, by the signed-in reviewer (`actor`): for
    a record held here (`decide`) or one on the agency server, whose view gives the case, visit
    and record hash (the server checks them again). `decision`: approve | return | review;
    return and review need a reason."""
    if decision not in DECISIONS:
        raise ReviewError("unknown_decision", decision)
    reason = (reason or "").strip()
    if decision != "approve" and not reason:
        raise ReviewError("reason_required", decision)
    with unit_of_work(records.engine) as session:
        reviewer = authorize(session, records, actor, Permission.REVIEW, now=now)
        reviewer_id = reviewer.id
        agency = session.get(Agency, 1)
        agency_name, trusted = agency.name, agency_ca_certificates(agency)
        reviewer_name, reviewer_number = reviewer.name, reviewer.expert_number
    key, certificate = unlock_signing_key(records, reviewer_id, passphrase, now=now)  # before anything is made
    stored_decision = DECISIONS[decision]
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "review_id": new_id(), "case_id": case_id,
            "visit_id": visit_id, "record_sha256": record_sha256, "decision": stored_decision, "reason": reason,
            "reviewer_number": reviewer_number, "reviewer_name": reviewer_name, "decided_at": utc_timestamp(now),
            "new_case_id": new_id() if stored_decision == "recheck_ordered" else None}
    pdf = render_review_decision(agency_name=agency_name, case_id=case_id, visit_id=visit_id, decision=decision,
                                 reason=reason or "—", reviewer_name=reviewer_name, reviewer_number=reviewer_number,
                                 decided_on=now.date(), record_hash=record_sha256 or "",
                                 validation_lines=validation_lines)
    pdf = sign_report(embed_decision(pdf, data), field_name="Reviewer", key=key, certificate=certificate,
                      ca_certificates=trusted, signer_name=reviewer_name, lock=True, when=now)
    return data, pdf


def decision_file(records: CaseRecords, review_id: str, *, actor) -> bytes:
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.REVIEW)
        attachment = session.scalar(select(Attachment).where(Attachment.original_name == decision_file_name(review_id)))
        if attachment is None:
            raise ReviewError("no_decision_file", review_id)
        return records.attachments.get(attachment.stored_name, attachment.id,
                                       expected_sha256=attachment.plaintext_sha256)


def export_decision(records: CaseRecords, review_id: str, destination: Path, *, actor) -> Path:
    """Write the decision file; a directory gets the file's standard name."""
    data = decision_file(records, review_id, actor=actor)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / decision_file_name(review_id)
    with os_errors_as("file_write_failed", destination):
        atomic_write_bytes(destination, data)
    return destination


def read_decision_file(records: CaseRecords, pdf: bytes, *, now: datetime.datetime | None = None) -> dict:
    """The decision, after checking the reviewer's signature covers the file, chains to this
    agency's CA, and was made with a certificate valid when it signed and not revoked at the
    trusted time (`now`, the moment of import)."""
    if not pdf.startswith(b"%PDF-"):
        raise ReviewError("decision_file_unreadable")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        if agency is None:
            raise ReviewError("not_provisioned")
        anchors, trusted_at = agency_trust_anchors(agency), trusted_time(session, now)
    try:
        return verified_decision(pdf, anchors, trusted_at)[0]
    except DecisionFileRejected as error:
        raise ReviewError(error.reason, error.detail) from None


def import_decision(records: CaseRecords, path: Path, *, actor, now: datetime.datetime) -> ImportedDecision:
    """Apply a decision file from the agency to the case on this laptop, by the acting expert."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.IMPORT_DECISION, now=now)
    try:
        pdf = Path(path).read_bytes()
    except OSError as error:
        raise ReviewError("decision_file_unreadable", error.strerror) from None
    return import_decision_bytes(records, pdf, actor=actor, now=now)


def import_decision_bytes(records: CaseRecords, pdf: bytes, *, actor, now: datetime.datetime) -> ImportedDecision:
    """The same for a decision file held in memory (pulled from the agency server: never written)."""
    with unit_of_work(records.engine) as session:
        importer_id = authorize(session, records, actor, Permission.IMPORT_DECISION, now=now).id
    decision = read_decision_file(records, pdf, now=now)
    with unit_of_work(records.engine) as session:
        if session.get(Review, decision["review_id"]) is not None:
            raise ReviewError("decision_already_imported", decision["review_id"])
        workflow = session.get(VisitWorkflow, decision["visit_id"])
        visit = session.get(Visit, decision["visit_id"])
        if workflow is None or visit is None or visit.case_id != decision["case_id"]:
            raise ReviewError("decision_unknown_record", decision["visit_id"])
        # Only the signed record this laptop holds can be decided on: not another version, and
        # not a record that was never signed (no hash) however the file spells "none".
        if workflow.record_sha256 is None or workflow.record_sha256 != decision["record_sha256"]:
            raise ReviewError("decision_record_mismatch", decision["visit_id"])
        reviewer = session.scalar(select(Expert).where(Expert.expert_number == decision["reviewer_number"]))
        if reviewer is None:
            raise ReviewError("unknown_reviewer", decision["reviewer_number"])
        if reviewer.provisioned_role != IMPORTABLE_REVIEWER_ROLE:
            # The certificate proves who signed; the agency's package says whether they may decide.
            raise ReviewError("signer_not_a_reviewer", f"{reviewer.expert_number}: {reviewer.provisioned_role}")
        _apply(records, session, decision, pdf, reviewer.id, now)
        append_station_event(session, "review_decision", now=now, actor_ids=[importer_id], case_id=decision["case_id"],
                             data={"action": "imported", "review_id": decision["review_id"],
                                   "visit_id": decision["visit_id"], "decision": decision["decision"],
                                   "reason": decision["reason"], "reviewer": decision["reviewer_number"]})
    return ImportedDecision(decision["review_id"], decision["case_id"], decision["visit_id"], decision["decision"],
                            decision["reason"], decision["new_case_id"])


@dataclass(frozen=True)
class DecisionState:
    """Where the decision on one record stands, and what the reviewer's screen may offer (the
    use cases check again when the reviewer acts)."""

    last_review_id: str | None
    last_decision: str | None  # approved | returned | recheck_ordered
    decided_at: str | None
    reason: str | None
    can_decide: bool  # the actor reviews, the record is signed, and no decision has closed the case
    can_export: bool  # the signed decision file can be written out


def decision_state(records: CaseRecords, visit_id: str, *, actor) -> DecisionState:
    with unit_of_work(records.engine) as session:
        reviews = may(authorize(session, records, actor, Permission.READ_CASES).role, Permission.REVIEW)
        last = latest_review(session, visit_id)
        visit = session.get(Visit, visit_id)
        case = session.get(Case, visit.case_id) if visit is not None else None
        open_record = (visit is not None and is_locked(visit.status) and case is not None
                       and CaseStatus(case.status).is_open)
        decided = None if last is None else last.decision
        return DecisionState(None if last is None else last.id, decided, None if last is None else last.decided_at,
                             None if last is None else last.reason,
                             reviews and open_record and not closes_case(decided), reviews and last is not None)
