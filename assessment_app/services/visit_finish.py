# SPDX-License-Identifier: GPL-3.0-or-later
"""Finishing a visit: completeness and plausibility, the result, conclusion, signatures and lock,
each by a signed-in expert of the visit (visit_state.visit_for)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.canonical import canonical_json_bytes, canonical_sha256
from scoring import score

from assessment_app.domain.case_types import CaseStatus
from assessment_app.domain.visit_entries import unanswered_items
from assessment_app.domain.visit_plausibility import PlausibilityWarning, plausibility_warnings, rule_codes
from assessment_app.domain.visit_workflow import (
    Requirement,
    SigningIncomplete,
    VisitError,
    VisitOutcome,
    required_text,
    signing_blockers,
)
from assessment_app.domain.reasons import ReasonKind, reason_text
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.self_assessment import SelfAssessmentComparison, comparison_in
from assessment_app.services.visit_answers import unresolved_differences
from assessment_app.services.visit_record import document_in
from assessment_app.services.visit_state import (
    LoadedVisit,
    audit,
    image_media_type,
    move_case,
    require_open,
    steps_of,
    store_attachment,
    touch,
    visit_attachments,
    visit_for,
    visit_for_pair,
)
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.storage.models import WarningConfirmation, utc_timestamp
from assessment_app.storage.repositories import CaseRepository, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class FinishCheck:
    unanswered: tuple[str, ...]  # item ids in the official order: they block signing
    warnings: tuple[PlausibilityWarning, ...]  # every warning that fires, confirmed or not
    unconfirmed_warnings: tuple[str, ...]  # codes still needing a reason
    unresolved_differences: tuple[str, ...]  # dual entry: item ids

    @property
    def ready(self) -> bool:
        return not (self.unanswered or self.unconfirmed_warnings or self.unresolved_differences)


def _answers(session: Session, visit_id: str) -> dict[str, str]:
    return {item: answer.option_id for item, answer in VisitRepository(session).current_answers(visit_id).items()}


def _confirmed(session: Session, visit_id: str) -> dict[str, WarningConfirmation]:
    return {row.code: row for row in
            session.scalars(select(WarningConfirmation).where(WarningConfirmation.visit_id == visit_id))}


def _check(session: Session, loaded: LoadedVisit) -> FinishCheck:
    answers = _answers(session, loaded.visit.id)
    warnings = tuple(plausibility_warnings(loaded.visit.form_id, answers))
    confirmed = _confirmed(session, loaded.visit.id)
    return FinishCheck(tuple(unanswered_items(loaded.form(), answers)), warnings,
                       tuple(w.code for w in warnings if w.code not in confirmed),
                       tuple(unresolved_differences(session, loaded)))


def confirmed_warnings(records: CaseRecords, visit_id: str, *, actor) -> dict[str, str]:
    """warning code -> the experts' reason, for every warning confirmed so far."""
    with unit_of_work(records.engine) as session:
        visit_for(session, records, visit_id, actor)
        return {code: row.reason for code, row in _confirmed(session, visit_id).items()}


def finish_check(records: CaseRecords, visit_id: str, *, actor) -> FinishCheck:
    with unit_of_work(records.engine) as session:
        return _check(session, visit_for(session, records, visit_id, actor))


def confirm_warning(records: CaseRecords, visit_id: str, code: str, reason: str, *, actor,
                    now: datetime.datetime) -> None:
    """The experts looked again and the answers stand: the reason goes into the record."""
    text = reason_text(ReasonKind.WARNING_CONFIRMATION, reason)
    expert_id = actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        if code not in rule_codes(loaded.visit.form_id):
            raise VisitError("unknown_warning", code)
        row = session.get(WarningConfirmation, (visit_id, code))
        old = None if row is None else row.reason
        if row is None:
            row = WarningConfirmation(visit_id=visit_id, code=code)
            session.add(row)
        row.reason, row.confirmed_by, row.confirmed_at = text, expert_id, utc_timestamp(now)
        touch(loaded, now)
        audit(session, loaded, "warning_confirmed", now=now, data={"code": code, "old": old, "new": text})


def conclude(records: CaseRecords, visit_id: str, conclusion: str, care_notes: str | None, *,
             actor, now: datetime.datetime) -> None:
    """评估结论 (required) and care notes (optional)."""
    conclusion_text = required_text("conclusion", conclusion)
    notes = (care_notes or "").strip() or None
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        workflow = loaded.workflow
        old = [workflow.conclusion, workflow.care_notes]
        workflow.conclusion, workflow.care_notes = conclusion_text, notes
        touch(loaded, now)
        audit(session, loaded, "conclusion_recorded", now=now, data={"old": old, "new": [conclusion_text, notes]})


@dataclass(frozen=True)
class PreviousGrade:
    case_id: str
    visit_id: str
    signed_at: str | None
    grade_code: int
    grade_label: dict[str, str]


@dataclass(frozen=True)
class VisitResult:
    result: dict[str, Any]  # ScoreResult.to_dict(): dimensions, levels, grade, full trace
    self_assessment: SelfAssessmentComparison | None
    previous: PreviousGrade | None


def visit_result(records: CaseRecords, visit_id: str, *, actor) -> VisitResult:
    """The score of the complete record, beside the self-assessment and the applicant's previous grade.
    Incomplete answers raise scoring's AnswersError (finish_check lists them first)."""
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor)
        form = loaded.form()
        result = score(form, _answers(session, visit_id)).to_dict()
        previous = _previous_grade(session, loaded)
        return VisitResult(result, comparison_in(session, loaded.visit.case_id, form), previous)


def _previous_grade(session: Session, loaded: LoadedVisit) -> PreviousGrade | None:
    for case in CaseRepository(session).prior_cases(loaded.case.applicant_id, excluding_case_id=loaded.case.id):
        signed = [visit for visit in VisitRepository(session).versions(case.id)
                  if visit.status in LOCKED_VISIT_STATUSES and visit.result_json]
        if signed:
            grade = json.loads(signed[-1].result_json)["grade"]
            return PreviousGrade(case.id, signed[-1].id, signed[-1].signed_at, grade["code"], grade["label"])
    return None


# -- signatures and requirements ------------------------------------------------------------

def record_signature(records: CaseRecords, visit_id: str, signature_png: bytes, *, actor, now: datetime.datetime,
                     informant: bool = False) -> str:
    """A handwritten signature image (PNG): the acting expert's own, or (`informant`) the
    informant's, which the acting expert records. Signing again replaces it in force (the newest
    counts); returns the attachment id."""
    media_type = image_media_type("signature", signature_png, ("image/png",))
    expert_id = None if informant else actor.expert_id
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        purpose = "informant_signature" if expert_id is None else "expert_signature"
        attachment = store_attachment(records, session, loaded, signature_png, kind="signature",
                                      media_type=media_type, purpose=purpose, now=now, expert_id=expert_id)
        touch(loaded, now)
        audit(session, loaded, "signature", now=now, actor_ids=(actor.expert_id,),
              data={"signer": "expert" if expert_id else "informant", "image_sha256": attachment.plaintext_sha256})
        return attachment.id


def _requirements(session: Session, loaded: LoadedVisit) -> list[Requirement]:
    check = _check(session, loaded)
    signatures = visit_attachments(session, loaded.visit.id)
    signed_experts = {link.expert_id for link, _ in signatures if link.purpose == "expert_signature"}
    return signing_blockers(
        steps_of(session, loaded), unanswered=check.unanswered, unconfirmed_warnings=check.unconfirmed_warnings,
        unresolved_differences=check.unresolved_differences, has_conclusion=loaded.workflow.conclusion is not None,
        experts_without_signature=[expert for expert in loaded.expert_ids if expert not in signed_experts],
        informant_signed=any(link.purpose == "informant_signature" for link, _ in signatures))


def signing_requirements(records: CaseRecords, visit_id: str, *, actor) -> list[Requirement]:
    """Everything still missing before the record may be signed; empty when it may."""
    with unit_of_work(records.engine) as session:
        return _requirements(session, visit_for(session, records, visit_id, actor))


def ensure_signable(records: CaseRecords, visit_id: str, *, actor) -> None:
    """SigningIncomplete with the whole list, before anyone is asked for a passphrase."""
    missing = signing_requirements(records, visit_id, actor=actor)
    if missing:
        raise SigningIncomplete(missing)


def lock_visit(records: CaseRecords, visit_id: str, report_pdf: bytes, signer_fingerprints: list[str] | tuple[str, ...],
               *, signers, now: datetime.datetime, expected_record_sha256: str | None = None,
               monotonic_ns: int | None = None) -> str:
    """Store the signed report, fix the result and the record hash, and lock: visit and case become
    signed. `signers`: the sessions of both experts of the visit. Refused with SigningIncomplete
    while anything is missing, and with record_changed when `expected_record_sha256` (the hash
    printed in the report) no longer matches. Returns the hash."""
    if not isinstance(report_pdf, (bytes, bytearray)) or not report_pdf.startswith(b"%PDF-"):
        raise VisitError("report_not_pdf")
    fingerprints = [str(fingerprint) for fingerprint in signer_fingerprints]
    if len(fingerprints) != 2 or len(set(fingerprints)) != 2:
        raise VisitError("two_signers_required", len(set(fingerprints)))
    with unit_of_work(records.engine) as session:
        loaded = visit_for_pair(session, records, visit_id, signers, now=now)
        missing = _requirements(session, loaded)
        if missing:
            raise SigningIncomplete(missing)
        document = document_in(session, loaded)
        record_sha256 = canonical_sha256(document)
        if expected_record_sha256 is not None and expected_record_sha256 != record_sha256:
            raise VisitError("record_changed", record_sha256)
        report = store_attachment(records, session, loaded, bytes(report_pdf), kind="other",
                                  media_type="application/pdf", purpose="signed_report", now=now,
                                  original_name="report.pdf")
        workflow, visit = loaded.workflow, loaded.visit
        workflow.record_sha256 = record_sha256
        workflow.signer_fingerprints_json = canonical_json_bytes(fingerprints).decode("utf-8")
        workflow.outcome, workflow.ended_at = VisitOutcome.COMPLETED.value, utc_timestamp(now)
        touch(loaded, now)
        visit.result_json = canonical_json_bytes(document["result"]).decode("utf-8")
        visit.status, visit.signed_at = "signed", utc_timestamp(now)
        move_case(loaded.case, CaseStatus.SIGNED, now)
        audit(session, loaded, "visit_locked", now=now, monotonic_ns=monotonic_ns,
              data={"record_sha256": record_sha256, "report_sha256": report.plaintext_sha256,
                    "signers": fingerprints})
        audit(session, loaded, "visit_finished", now=now, monotonic_ns=monotonic_ns,
              data={"outcome": VisitOutcome.COMPLETED.value, "grade": document["result"]["grade"]["code"]})
        return record_sha256
