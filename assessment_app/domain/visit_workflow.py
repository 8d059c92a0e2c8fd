# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of a guided visit that need no storage: its outcomes, what blocks answering and
signing, and the informant's details (how long a reason must be: domain/reasons.py).

Codes here are stored and shown by code (messages/visit_text.py words them); never rename one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from assessment_app.domain.applicant import validate_phone
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.errors import AppError

DECLARATION_TEXT_VERSION = "2026-1"  # the wording of the 回避声明 shown to the experts
MAX_TEXT_LENGTH = 2000
INFORMANT_NAME_MAX = 50
INFORMANT_RELATION_MAX = 30


class VisitOutcome(StrEnum):
    COMPLETED = "completed"
    IDENTITY_MISMATCH = "identity_mismatch"  # 人证不一致
    REFUSED_RECORDING = "refused_recording"  # 拒绝录像
    CAMERA_UNAVAILABLE = "camera_unavailable"  # 无法录像（摄像头不可用）


class RecordingWaiver(StrEnum):
    """Why a visit goes on without recording (only when the agency allows it)."""

    CONSENT_REFUSED = "consent_refused"
    CAMERA_UNAVAILABLE = "camera_unavailable"


RECORDING_EVENT_KINDS = ("started", "paused", "resumed", "stopped", "camera_lost", "disk_stop", "low_disk")
# Pausing needs a reason (design §2.3: privacy during bathing or toileting, applicant's request).
RECORDING_KINDS_NEEDING_REASON = frozenset({"paused", "camera_lost", "disk_stop"})


class VisitError(AppError):
    """A visit step refused: `.reason` is a stable code, `.detail` the one fact a message needs."""

    reason = "visit_error"

    def __init__(self, reason: str | None = None, detail: object = None):
        if reason is not None:
            self.reason = reason
        self.detail = detail
        super().__init__(self.reason if detail is None else f"{self.reason}: {detail}")


@dataclass(frozen=True)
class Requirement:
    """One thing missing before the record can be signed: a code and the items/experts it names."""

    code: str
    subjects: tuple[str, ...] = ()


class SigningIncomplete(VisitError):
    """Signing refused; `.missing` lists every Requirement still open, in the order of the visit."""

    reason = "signing_incomplete"

    def __init__(self, missing: Iterable[Requirement]):
        self.missing: tuple[Requirement, ...] = tuple(missing)
        super().__init__(detail=", ".join(requirement.code for requirement in self.missing))


@dataclass(frozen=True)
class VisitSteps:
    """Where the steps before the items stand (read from the stored visit)."""

    declared_expert_ids: frozenset[str]
    expert_ids: tuple[str, str]
    identity_status: str  # pending / confirmed / mismatch
    informant_recorded: bool
    consent_status: str  # pending / given / refused
    recording_mode: str  # recorded / without_recording
    outcome: str | None
    locked: bool


def answering_blockers(steps: VisitSteps) -> list[Requirement]:
    """What must happen before items may be answered: both declarations, identity, consent."""
    blockers = []
    if steps.locked:
        blockers.append(Requirement("visit_locked"))
    elif steps.outcome is not None:
        blockers.append(Requirement("visit_ended", (steps.outcome,)))
    undeclared = tuple(expert for expert in steps.expert_ids if expert not in steps.declared_expert_ids)
    if undeclared:
        blockers.append(Requirement("declaration_missing", undeclared))
    if steps.identity_status != "confirmed":
        blockers.append(Requirement("identity_unconfirmed"))
    # A refusal lets the visit go on only when the agency allowed it (recording_mode then
    # says so); otherwise the visit has already ended with refused_recording.
    if steps.consent_status == "pending" and steps.recording_mode == "recorded":
        blockers.append(Requirement("consent_unresolved"))
    return blockers


def signing_blockers(steps: VisitSteps, *, unanswered: Iterable[str], unconfirmed_warnings: Iterable[str],
                     unresolved_differences: Iterable[str], has_conclusion: bool,
                     experts_without_signature: Iterable[str], informant_signed: bool) -> list[Requirement]:
    """Every requirement for signing still open. Empty list: the record may be signed and locked."""
    missing = answering_blockers(steps)
    if not steps.informant_recorded:
        missing.append(Requirement("informant_missing"))
    for code, subjects in (("unanswered_items", tuple(unanswered)),
                           ("unresolved_differences", tuple(unresolved_differences)),
                           ("unconfirmed_warnings", tuple(unconfirmed_warnings))):
        if subjects:
            missing.append(Requirement(code, subjects))
    if not has_conclusion:
        missing.append(Requirement("conclusion_missing"))
    unsigned = tuple(experts_without_signature)
    if unsigned:
        missing.append(Requirement("expert_signature_missing", unsigned))
    if not informant_signed:
        missing.append(Requirement("informant_signature_missing"))
    return missing


def required_text(field: str, text: str | None, *, minimum: int = 1, maximum: int = MAX_TEXT_LENGTH) -> str:
    """Free text that must say something: stripped, `minimum`..`maximum` characters."""
    value = (text or "").strip()
    if not value:
        raise FieldError(field, "empty")
    if len(value) < minimum:
        raise FieldError(field, "too_short", minimum)
    if len(value) > maximum:
        raise FieldError(field, "too_long", maximum)
    return value


@dataclass(frozen=True)
class Informant:
    """家属/照护人 who answers for the applicant and signs the record."""

    name: str
    relation: str
    phone: str


def validate_informant(name: str, relation: str, phone: str) -> Informant:
    """All three fields checked at once; FieldErrors names each wrong one (informant_name,
    informant_relation, informant_phone), phone by the intake's rules (mobile or landline)."""
    errors: list[FieldError] = []
    values: dict[str, str] = {}
    for field, text, maximum in (("informant_name", name, INFORMANT_NAME_MAX),
                                 ("informant_relation", relation, INFORMANT_RELATION_MAX)):
        try:
            values[field] = required_text(field, text, maximum=maximum)
        except FieldError as error:
            errors.append(error)
    try:
        values["informant_phone"] = validate_phone(phone or "")
    except FieldError as error:
        errors.append(FieldError("informant_phone", error.reason, error.detail))
    if errors:
        raise FieldErrors(errors)
    return Informant(values["informant_name"], values["informant_relation"], values["informant_phone"])
