# SPDX-License-Identifier: GPL-3.0-or-later
"""The guided visit as the experts live it, one use case per thing they do on the visit screen:
begin (two signed-in experts, both declarations), the identity step, consent and the recording,
the end of the item entry (dual entry: whose turn, then reconciliation), and signing. The visit
screen, the demo and the tests call these, so the order of the steps is written once.

`OpenVisit` is what the caller carries from step to step: the visit, its two experts in the
record's order, who holds the laptop and, in independent dual entry, whose ratings are being
entered. Each function checks again what the service below it checks; nothing here trusts the
screen.

Signing is all or nothing where it matters to the experts: both passphrases are checked (under
the lockout) before the recording is stopped, because the stop event is hashed into the record
that is signed. A mistyped passphrase leaves the visit recording and nothing signed.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from forms.model import Form

from assessment_app.domain.visit_entries import Difference
from assessment_app.domain.visit_workflow import SigningIncomplete, VisitError, validate_informant
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.services import visit_answers, visit_finish, visit_report, visit_session, visit_start
from assessment_app.services.accounts import SessionInfo, start_pair
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_recording import RecordingChoice, open_visit_recording, stop_visit_recording
from assessment_app.services.visit_start import StepResult
from assessment_app.services.visit_state import image_media_type
from assessment_app.storage.unit_of_work import unit_of_work

# What the experts draw at the moment of signing; everything else must be in the record before
# anyone is asked for a passphrase.
HANDWRITTEN = frozenset({"expert_signature_missing", "informant_signature_missing"})


@dataclass(frozen=True)
class OpenVisit:
    visit_id: str
    case_id: str
    experts: tuple[SessionInfo, SessionInfo]  # both signed in, in the record's order
    at_keyboard: SessionInfo  # who holds the laptop: acts in joint entry, reconciliation and finish
    dual_entry: bool
    entry_mode: str  # joint / independent / reconciling
    entering_expert_id: str | None = None  # independent dual entry: whose own ratings are entered

    @property
    def independent(self) -> bool:
        return self.entry_mode == "independent"

    @property
    def actor(self) -> SessionInfo:
        """Who acts now: in independent dual entry the expert whose turn it is (neither sees the
        other's ratings), else the expert at the keyboard."""
        if self.independent and self.entering_expert_id is not None:
            return next(expert for expert in self.experts if expert.expert_id == self.entering_expert_id)
        return self.at_keyboard

    @property
    def entering_index(self) -> int:
        """0 or 1: whose ratings are entered (always 0 outside independent dual entry)."""
        ids = [expert.expert_id for expert in self.experts]
        return ids.index(self.entering_expert_id) if self.entering_expert_id in ids else 0


def begin_visit(records: CaseRecords, case_id: str, first: SessionInfo, second: SessionInfo | None, *,
                now: datetime.datetime, monotonic_ns: int, form: Form | None = None) -> OpenVisit:
    """A new visit of the case by the two signed-in experts, each declaring no conflict of
    interest (回避声明), in one transaction: a refusal leaves no visit behind."""
    if second is None:
        raise VisitError("second_expert_missing")
    pair = start_pair(first, second)
    with unit_of_work(records.engine) as session:
        handle = visit_start.start_visit_in(session, records, case_id, pair, now=now, monotonic_ns=monotonic_ns,
                                            form=form)
        for expert in (pair.first, pair.second):
            visit_start.declare_in(session, records, handle.visit_id, actor=expert, now=now)
    mode = "independent" if handle.dual_entry else "joint"
    return OpenVisit(handle.visit_id, case_id, (pair.first, pair.second), pair.first, handle.dual_entry, mode,
                     pair.first.expert_id if handle.dual_entry else None)


@dataclass(frozen=True)
class ResumedVisit:
    visit: OpenVisit
    item_id: str | None  # where the items go on (the first the entering expert has not rated)
    reconciling: bool


def continue_visit(records: CaseRecords, visit_id: str, case_id: str, at_keyboard: SessionInfo,
                   other: SessionInfo, *, now: datetime.datetime, monotonic_ns: int) -> ResumedVisit:
    """An interrupted visit taken up by its two experts, both signed in again, in the mode it
    started in (whatever the agency's setting says today)."""
    resumed = visit_session.resume_visit(records, visit_id, start_pair(at_keyboard, other), now=now,
                                         monotonic_ns=monotonic_ns)
    by_id = {session.expert_id: session for session in (at_keyboard, other)}
    visit = OpenVisit(visit_id, case_id, tuple(by_id[expert_id] for expert_id in resumed.expert_ids), at_keyboard,
                      resumed.dual_entry, resumed.entry_mode, resumed.entering_expert_id)
    return ResumedVisit(visit, resumed.progress.current_item_id, resumed.entry_mode == "reconciling")


@dataclass(frozen=True)
class IdentityCheck:
    """What the experts found at the identity step. `matches` None: not said yet."""

    matches: bool | None
    id_card_jpeg: bytes | None
    face_jpeg: bytes | None
    discrepancy: str = ""
    informant_name: str = ""
    informant_relation: str = ""
    informant_phone: str = ""


def check_identity(records: CaseRecords, visit: OpenVisit, check: IdentityCheck, *, now: datetime.datetime,
                   monotonic_ns: int) -> StepResult:
    """人证核验: both photos (evidence either way), then either the informant and 人证一致, or the
    discrepancy, which ends the visit. The informant's fields are all checked before anything is
    stored."""
    if check.matches is None:
        raise VisitError("identity_not_answered")
    if check.id_card_jpeg is None or check.face_jpeg is None:
        raise VisitError("identity_photos_missing")
    if check.matches:
        validate_informant(check.informant_name, check.informant_relation, check.informant_phone)
    actor, visit_id = visit.actor, visit.visit_id
    visit_start.record_identity_photos(records, visit_id, check.id_card_jpeg, check.face_jpeg, actor=actor, now=now)
    if not check.matches:
        return visit_start.confirm_identity(records, visit_id, False, check.discrepancy, actor=actor, now=now,
                                            monotonic_ns=monotonic_ns)
    visit_start.record_informant(records, visit_id, check.informant_name, check.informant_relation,
                                 check.informant_phone, actor=actor, now=now)
    return visit_start.confirm_identity(records, visit_id, True, actor=actor, now=now, monotonic_ns=monotonic_ns)


@dataclass(frozen=True)
class RecordingStart:
    recording: RecordingSession | None  # None: no recording (the step says whether the visit goes on)
    step: StepResult


def start_recording(records: CaseRecords, visit: OpenVisit, *, choice: RecordingChoice,
                    settings: RecordingSettings, now: datetime.datetime, monotonic_ns: int) -> RecordingStart:
    """Start (or, after a resume, continue as a linked chain) the recording. A recorder that
    cannot start is the agency's rule for a missing camera: go on unrecorded, or end the visit."""
    try:
        recording = open_visit_recording(records, visit.visit_id, choice=choice, actor=visit.actor, now=now,
                                         settings=settings)
    except (RecordingError, OSError) as error:
        step = visit_start.report_camera_unavailable(records, visit.visit_id, str(error), actor=visit.actor,
                                                     now=now, monotonic_ns=monotonic_ns)
        return RecordingStart(None, step)
    return RecordingStart(recording, StepResult(True))


def consent_and_record(records: CaseRecords, visit: OpenVisit, signature_png: bytes, *, choice: RecordingChoice,
                       settings: RecordingSettings, now: datetime.datetime, monotonic_ns: int) -> RecordingStart:
    """Consent to recording signed on screen, then the recording starts."""
    visit_start.record_consent(records, visit.visit_id, signature_png, actor=visit.actor, now=now,
                               monotonic_ns=monotonic_ns)
    return start_recording(records, visit, choice=choice, settings=settings, now=now, monotonic_ns=monotonic_ns)


class NextStep(StrEnum):
    ITEMS = "items"  # the entering expert has items left
    HAND_OVER = "hand_over"  # dual entry: the first expert is done, the second rates every item
    RECONCILE = "reconcile"  # dual entry: both are done, the differences are listed
    FINISH = "finish"


@dataclass(frozen=True)
class AfterEntry:
    step: NextStep
    visit: OpenVisit  # with whose turn it is now
    item_id: str | None = None  # ITEMS: the first item the entering expert has not rated
    differences: tuple[Difference, ...] = ()  # RECONCILE


def finish_entry(records: CaseRecords, visit: OpenVisit, *, now: datetime.datetime,
                 monotonic_ns: int) -> AfterEntry:
    """The entering expert is done with the items: what comes next. In independent dual entry
    the first expert hands the laptop to the second, who rates every item without seeing the
    first ratings; when the second is done the ratings are compared. Otherwise the finish step
    (which lists anything still unanswered)."""
    if not visit.independent:
        return AfterEntry(NextStep.FINISH, visit)
    actor = visit.actor
    progress = visit_answers.visit_progress(records, visit.visit_id, actor=actor)
    if not progress.complete:
        return AfterEntry(NextStep.ITEMS, visit, progress.current_item_id)
    first, second = visit.experts
    if actor.expert_id == first.expert_id:
        return AfterEntry(NextStep.HAND_OVER, dataclasses.replace(visit, entering_expert_id=second.expert_id),
                          visit_answers.visit_progress(records, visit.visit_id, actor=second).current_item_id)
    differences = visit_answers.start_reconciliation(records, visit.visit_id, actor=actor, now=now,
                                                     monotonic_ns=monotonic_ns)
    return AfterEntry(NextStep.RECONCILE, dataclasses.replace(visit, entry_mode="reconciling", entering_expert_id=None),
                      differences=tuple(differences))


@dataclass(frozen=True)
class Handwriting:
    """The signatures drawn on screen (PNG): each expert's, in the order of OpenVisit.experts,
    and the informant's."""

    experts: tuple[bytes, bytes]
    informant: bytes


def sign_visit(records: CaseRecords, visit: OpenVisit, form: Form, passphrases: Sequence[str], *,
               handwriting: Handwriting | None, recording: RecordingSession | None,
               now: datetime.datetime) -> visit_report.SignedVisit:
    """Both experts sign and the record is locked. In this order, each step only once the one
    before succeeded: everything but the handwriting is in the record (SigningIncomplete with
    the whole list); both keys unlock with their passphrases (in the order of `visit.experts`);
    the handwritten signatures are stored; the recording stops (the stop event is part of the
    signed record); the report is signed with the unlocked keys and the record locked.
    `handwriting` None: the signatures were stored before."""
    actor, visit_id = visit.actor, visit.visit_id
    missing = visit_finish.signing_requirements(records, visit_id, actor=actor)
    if handwriting is not None:
        missing = [requirement for requirement in missing if requirement.code not in HANDWRITTEN]
        for drawn in (*handwriting.experts, handwriting.informant):
            image_media_type("signature", drawn, ("image/png",))
    if missing:
        raise SigningIncomplete(missing)
    unlocked = visit_report.unlock_signers(records, visit_id, list(zip(visit.experts, passphrases, strict=True)),
                                           now=now)
    if handwriting is not None:
        for expert, drawn in zip(visit.experts, handwriting.experts, strict=True):
            visit_finish.record_signature(records, visit_id, drawn, actor=expert, now=now)
        visit_finish.record_signature(records, visit_id, handwriting.informant, actor=actor, now=now, informant=True)
    visit_finish.ensure_signable(records, visit_id, actor=actor)
    if recording is not None:
        stop_visit_recording(records, visit_id, recording, actor=actor, now=now)
    return visit_report.sign_unlocked(records, form, unlocked, now=now)
