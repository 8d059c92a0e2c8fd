# SPDX-License-Identifier: GPL-3.0-or-later
"""The start of a visit: two experts, their 回避声明, the applicant's identity, the informant and
the consent to recording. A step that ends the visit (人证不一致, 拒绝录像, no camera) records the
outcome and sends the case back to intake, so it can be scheduled again.

Every step names its actor: a signed-in expert of this visit who may conduct visits
(visit_state.visit_for); the start names both."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.model import Form
from forms.registry import default_registry

from assessment_app.domain.case_types import CaseStatus, is_visitable
from assessment_app.domain.visit_workflow import (
    DECLARATION_TEXT_VERSION,
    Informant,
    RecordingWaiver,
    VisitError,
    VisitOutcome,
    validate_informant,
)
from assessment_app.domain.reasons import ReasonKind, reason_text
from assessment_app.domain.roles import Permission
from assessment_app.services.accounts import PairRefused, VisitPair
from assessment_app.services.authorization import authorize_all
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_settings import settings_in
from assessment_app.services.visit_state import (
    LoadedVisit,
    audit,
    image_media_type,
    load_visit,
    move_case,
    require_open,
    store_attachment,
    touch,
    visit_attachments,
    visit_for,
)
from assessment_app.storage.models import Case, VisitDeclaration, Visit, VisitWorkflow, utc_timestamp
from assessment_app.storage.repositories import RecordNotFound, SettingsRepository, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work

DEFAULT_FORM_ID = "cn-ltc-2021"


@dataclass(frozen=True)
class VisitHandle:
    visit_id: str
    case_id: str
    version: int
    expert_ids: tuple[str, str]
    dual_entry: bool
    form_id: str
    form_version: str


@dataclass(frozen=True)
class StepResult:
    """After a step that may end the visit: whether it goes on, and the outcome if it ended."""

    continues: bool
    outcome: VisitOutcome | None = None
    without_recording: bool = False


def start_visit(records: CaseRecords, case_id: str, pair: VisitPair, *, now: datetime.datetime,
                monotonic_ns: int, form: Form | None = None) -> VisitHandle:
    """A new visit of the case by the pair (both signed in, both allowed to conduct visits); the
    case moves to in_visit. An earlier attempt that ended with an outcome stays as it is, and the
    new one supersedes it as the next version."""
    with unit_of_work(records.engine) as session:
        return start_visit_in(session, records, case_id, pair, now=now, monotonic_ns=monotonic_ns, form=form)


def start_visit_in(session: Session, records: CaseRecords, case_id: str, pair: VisitPair, *,
                   now: datetime.datetime, monotonic_ns: int, form: Form | None = None) -> VisitHandle:
    """start_visit in the caller's transaction (services/visit_flow.begin_visit adds the declarations)."""
    first, second = pair.expert_ids
    if first == second:
        raise PairRefused("same_person", pair.second.expert_number)
    form = form or default_registry().get(DEFAULT_FORM_ID)
    authorize_all(session, records, (pair.first, pair.second), Permission.CONDUCT_VISIT, now=now)
    case = session.get(Case, case_id)
    if case is None:
        raise RecordNotFound(f"case {case_id}")
    visits = VisitRepository(session)
    if case.status == CaseStatus.IN_VISIT:
        open_visit = next((visit.id for visit in reversed(visits.versions(case_id))), None)
        raise VisitError("visit_in_progress", open_visit)
    if not is_visitable(case.status):
        raise VisitError("case_not_visitable", case.status)
    settings = settings_in(SettingsRepository(session))
    visit = _new_visit(session, visits, case_id, first, form, now)
    visit.status, visit.started_at = "in_visit", utc_timestamp(now)
    session.add(VisitWorkflow(
        visit_id=visit.id, first_expert_id=first, second_expert_id=second, dual_entry=settings.dual_entry,
        entry_mode="independent" if settings.dual_entry else "joint", identity_status="pending",
        consent_status="pending", recording_mode="recorded", updated_at=utc_timestamp(now)))
    session.flush()
    if case.status == CaseStatus.INTAKE:
        move_case(case, CaseStatus.SCHEDULED, now)
    move_case(case, CaseStatus.IN_VISIT, now)
    loaded = load_visit(session, visit.id)
    audit(session, loaded, "visit_started", now=now, monotonic_ns=monotonic_ns,
          data={"case_id": case_id, "version": visit.version, "dual_entry": settings.dual_entry,
                "form": {"id": form.id, "version": form.version, "sha256": form.sha256}})
    return VisitHandle(visit.id, case_id, visit.version, (first, second), settings.dual_entry, form.id,
                       form.version)


def _new_visit(session: Session, visits: VisitRepository, case_id: str, first_expert: str, form: Form,
               now: datetime.datetime) -> Visit:
    versions = visits.versions(case_id)
    if not versions:
        return visits.add(Visit(case_id=case_id, version=1, form_id=form.id, form_version=form.version,
                                form_sha256=form.sha256, status="draft", created_at=utc_timestamp(now)))
    previous = versions[-1]
    workflow = session.get(VisitWorkflow, previous.id)
    if workflow is None or workflow.outcome is None:
        raise VisitError("visit_in_progress", previous.id)
    # The schema's only way to a second version is a correction with author and reason; the
    # reason names why the earlier attempt ended, so the history reads as what happened.
    return visits.add_correction(previous, corrected_by=first_expert, created_at=utc_timestamp(now),
                                 correction_reason=f"new visit after outcome {workflow.outcome}")


def declare_no_conflict(records: CaseRecords, visit_id: str, *, actor,
                        declaration_text_version: str = DECLARATION_TEXT_VERSION, now: datetime.datetime) -> None:
    """回避声明 of the acting expert: no kinship, employment or financial tie with the applicant or
    the care provider. Both experts' declarations are needed before any item is answered."""
    with unit_of_work(records.engine) as session:
        declare_in(session, records, visit_id, actor=actor, declaration_text_version=declaration_text_version, now=now)


def declare_in(session: Session, records: CaseRecords, visit_id: str, *, actor,
               declaration_text_version: str = DECLARATION_TEXT_VERSION, now: datetime.datetime) -> None:
    """declare_no_conflict in the caller's transaction."""
    expert_id = actor.expert_id
    loaded = visit_for(session, records, visit_id, actor, now=now)
    require_open(loaded)
    if session.get(VisitDeclaration, (visit_id, expert_id)) is not None:
        raise VisitError("already_declared", expert_id)
    session.add(VisitDeclaration(visit_id=visit_id, expert_id=expert_id, text_version=declaration_text_version,
                                 declared_at=utc_timestamp(now)))
    touch(loaded, now)
    audit(session, loaded, "conflict_declared", now=now, actor_ids=(expert_id,),
          data={"text_version": declaration_text_version})


def record_identity_photos(records: CaseRecords, visit_id: str, id_card_jpeg: bytes, face_jpeg: bytes, *,
                           actor, now: datetime.datetime) -> tuple[str, str]:
    """The photo of the ID card and of the applicant's face, encrypted; returns their attachment ids.
    Taking them again (a blurred photo) adds new ones; the newest pair is the one in force."""
    media = (image_media_type("id_card_photo", id_card_jpeg), image_media_type("face_photo", face_jpeg))
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        ids = tuple(store_attachment(records, session, loaded, data, kind="photo", media_type=media_type,
                                     purpose=purpose, now=now).id
                    for data, media_type, purpose in ((id_card_jpeg, media[0], "id_card_photo"),
                                                      (face_jpeg, media[1], "face_photo")))
        touch(loaded, now)
        audit(session, loaded, "identity_checked", now=now, data={"step": "photos", "attachments": list(ids)})
        return ids


def confirm_identity(records: CaseRecords, visit_id: str, matches: bool, discrepancy: str | None = None, *,
                     actor, now: datetime.datetime, monotonic_ns: int | None = None) -> StepResult:
    """人证一致, or the discrepancy (required), which ends the visit with identity_mismatch."""
    text = None if matches else reason_text(ReasonKind.IDENTITY_DISCREPANCY, discrepancy)
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        purposes = {link.purpose for link, _ in visit_attachments(session, visit_id)}
        if not {"id_card_photo", "face_photo"} <= purposes:
            raise VisitError("identity_photos_missing")
        loaded.workflow.identity_status = "confirmed" if matches else "mismatch"
        loaded.workflow.identity_discrepancy = text
        touch(loaded, now)
        audit(session, loaded, "identity_checked", now=now, monotonic_ns=monotonic_ns,
              data={"step": "decision", "matches": matches, "discrepancy": text})
        if matches:
            return StepResult(True)
        end_visit(session, loaded, VisitOutcome.IDENTITY_MISMATCH, text, now=now, monotonic_ns=monotonic_ns)
        return StepResult(False, VisitOutcome.IDENTITY_MISMATCH)


def record_informant(records: CaseRecords, visit_id: str, name: str, relation: str, phone: str, *,
                     actor, now: datetime.datetime) -> Informant:
    """The family member or carer who answers for the applicant (FieldErrors on bad input)."""
    informant = validate_informant(name, relation, phone)
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        workflow = loaded.workflow
        old = None if workflow.informant_name is None else [workflow.informant_name, workflow.informant_relation]
        workflow.informant_name, workflow.informant_relation, workflow.informant_phone = (
            informant.name, informant.relation, informant.phone)
        touch(loaded, now)
        # The phone number stays out of the audit chain: the chain is less protected than the record.
        audit(session, loaded, "informant_recorded", now=now,
              data={"old": old, "new": [informant.name, informant.relation]})
    return informant


def record_consent(records: CaseRecords, visit_id: str, signature_png: bytes, *, actor, now: datetime.datetime,
                   monotonic_ns: int | None = None) -> StepResult:
    """Consent to recording, signed by hand on screen (PNG)."""
    media_type = image_media_type("consent_signature", signature_png, ("image/png",))
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        if loaded.workflow.consent_status != "pending":
            raise VisitError("consent_already_recorded", loaded.workflow.consent_status)
        attachment = store_attachment(records, session, loaded, signature_png, kind="signature",
                                      media_type=media_type, purpose="consent_signature", now=now)
        loaded.workflow.consent_status = "given"
        touch(loaded, now)
        audit(session, loaded, "consent_recorded", now=now, monotonic_ns=monotonic_ns,
              data={"consent": "given", "signature": attachment.plaintext_sha256})
    return StepResult(True)


def record_consent_refusal(records: CaseRecords, visit_id: str, reason: str, *, actor, now: datetime.datetime,
                           monotonic_ns: int | None = None) -> StepResult:
    """A refusal with its reason. The agency setting visit.allow_without_recording decides: the
    visit goes on unrecorded, or it ends with refused_recording (拒绝录像)."""
    text = reason_text(ReasonKind.RECORDING_REFUSAL, reason)
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        if loaded.workflow.consent_status != "pending":
            raise VisitError("consent_already_recorded", loaded.workflow.consent_status)
        loaded.workflow.consent_status, loaded.workflow.consent_refusal_reason = "refused", text
        touch(loaded, now)
        audit(session, loaded, "consent_recorded", now=now, monotonic_ns=monotonic_ns,
              data={"consent": "refused", "reason": text})
        return _without_recording(session, loaded, RecordingWaiver.CONSENT_REFUSED, VisitOutcome.REFUSED_RECORDING,
                                  text, now=now, monotonic_ns=monotonic_ns)


def report_camera_unavailable(records: CaseRecords, visit_id: str, detail: str | None = None, *,
                              actor, now: datetime.datetime, monotonic_ns: int | None = None) -> StepResult:
    """No camera at the start: the same agency rule as a refusal (reason code camera_unavailable)."""
    with unit_of_work(records.engine) as session:
        loaded = visit_for(session, records, visit_id, actor, now=now)
        require_open(loaded)
        return _without_recording(session, loaded, RecordingWaiver.CAMERA_UNAVAILABLE,
                                  VisitOutcome.CAMERA_UNAVAILABLE, (detail or "").strip() or None,
                                  now=now, monotonic_ns=monotonic_ns)


def _without_recording(session: Session, loaded: LoadedVisit, waiver: RecordingWaiver, outcome: VisitOutcome,
                       detail: str | None, *, now: datetime.datetime, monotonic_ns: int | None) -> StepResult:
    if settings_in(SettingsRepository(session)).allow_without_recording:
        loaded.workflow.recording_mode, loaded.workflow.recording_waiver_code = "without_recording", waiver.value
        touch(loaded, now)
        audit(session, loaded, "recording_stopped", now=now, monotonic_ns=monotonic_ns,
              data={"reason": waiver.value, "detail": detail, "visit_continues": True})
        return StepResult(True, without_recording=True)
    end_visit(session, loaded, outcome, detail, now=now, monotonic_ns=monotonic_ns)
    return StepResult(False, outcome)


def end_visit(session: Session, loaded: LoadedVisit, outcome: VisitOutcome, detail: str | None, *,
              now: datetime.datetime, monotonic_ns: int | None = None) -> None:
    """End an unsigned visit with an outcome: its rows stay as evidence, the visit goes back to
    draft (it is no record in force) and the case back to intake to be scheduled again."""
    workflow = loaded.workflow
    workflow.outcome, workflow.outcome_detail, workflow.ended_at = outcome.value, detail, utc_timestamp(now)
    touch(loaded, now)
    loaded.visit.status = "draft"
    move_case(loaded.case, CaseStatus.INTAKE, now)
    audit(session, loaded, "visit_outcome", now=now, monotonic_ns=monotonic_ns,
          data={"outcome": outcome.value, "detail": detail})


def declared_experts(records: CaseRecords, visit_id: str, *, actor) -> tuple[str, ...]:
    with unit_of_work(records.engine) as session:
        visit_for(session, records, visit_id, actor)
        return tuple(session.scalars(select(VisitDeclaration.expert_id).where(VisitDeclaration.visit_id == visit_id)
                                     .order_by(VisitDeclaration.declared_at)))
