# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's shared queue as a RecordSource (services/record_source.py): a reviewer
signed in from this workstation with their own signing key (services/agency_desk.py) sees the
server's queue with the same filters and flags, claims a record (the server decides who holds it,
under a row lock), reads it from the server's record view and files, plays its video by byte
range (services/remote_video.py: in memory only), and decides: the decision file is made and
signed HERE with the reviewer's key (review_decision.sign_decision, as for a local record) and
sent to the server, which checks signature, signer, record and claim before it stores it. The
sample and the 公示 list are the server's, agency-wide.

Every call checks on this workstation that the actor is still signed in and may review; the
server checks its own session and role. A refusal of the server is an AgencyError carrying the
server's own words in both languages (messages/agency_text.py).

    source = open_remote_source(records, actor, passphrase, connection, now=now)
    source.claim(visit_id); view = source.record(visit_id); source.decide(visit_id, "approve", "", …)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assessment_app.agency.review_client import ReviewClient
from assessment_app.domain.review_publicity import PublicityEntry
from assessment_app.domain.review_queue import PENDING, QueueFilter
from assessment_app.domain.roles import Permission
from assessment_app.domain.self_assessment import ItemComparison, SelfAssessmentComparison
from assessment_app.services import review_publicity
from assessment_app.services.agency_desk import (
    AgencyConnection,
    SignedInPerson,
    sign_in_to_desk,
    sign_out_of_desk,
)
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import DECISION_LANGUAGE, DecisionOutcome, DecisionState, sign_decision
from assessment_app.services.review_queue import QueueRow, Sample
from assessment_app.services.review_record import AnswerChange, AnswerLine, RecordingLine, RecordView
from assessment_app.services.remote_video import RemoteRecording
from assessment_app.storage.unit_of_work import unit_of_work

QUEUE_PAGE_SIZE = 200  # the server's largest page: the page shows the head of the shared queue


@dataclass(frozen=True)
class ServerFlag:
    """A flag as the server computed it (domain/review_flags.py's rules) and worded it."""

    code: str
    detail: Mapping[str, object] = field(hash=False, default_factory=dict)
    messages: Mapping[str, str] = field(hash=False, default_factory=dict)

    def message(self, language: str = "zh_CN") -> str:
        return self.messages.get(language) or self.messages.get("zh_CN") or self.code


def _flags(document: dict) -> tuple[ServerFlag, ...]:
    return tuple(ServerFlag(flag["code"], flag.get("detail") or {}, flag.get("message") or {})
                 for flag in document.get("flags") or [])


def _claim(document: dict) -> tuple[str | None, str | None]:
    claim = document.get("claim") or {}
    return claim.get("claimed_by"), claim.get("expires_at")


def queue_row(document: dict) -> QueueRow:
    """A row of the server's queue page, or the head of its record view, as the page's QueueRow."""
    applicant = document.get("applicant") or {}
    grade = ((document.get("result") or {}).get("grade") or {}) if "grade_code" not in document else {
        "code": document["grade_code"], "label": document.get("grade_label") or {}}
    experts = document.get("experts") or []
    numbers = tuple(expert["number"] for expert in experts) + ("", "")
    names = tuple(expert.get("name") or expert["number"] for expert in experts) + ("", "")
    claimed_by, expires_at = _claim(document)
    return QueueRow(document["visit_id"], document["case_id"], document["version"], document.get("task_number"),
                    document.get("applicant_name", applicant.get("name", "")),
                    document.get("resident_id", applicant.get("resident_id", "")),
                    document.get("application_type", ""), document.get("signed_at"), grade.get("code"),
                    grade.get("label") or {}, numbers[:2], names[:2], document.get("review_status") or PENDING,
                    document.get("review_reason"), _flags(document), claimed_by, expires_at)


def record_view(document: dict) -> RecordView:
    """The server's record view (agency/record_view.py) as the page's RecordView."""
    names = {expert["number"]: expert.get("name") or expert["number"] for expert in document.get("experts") or []}
    answers = tuple(AnswerLine(answer["item_id"], answer["item_label"], answer["option_id"], answer["option_label"],
                               answer["score"], answer.get("video_offset_ms"), answer.get("wall_time") or "",
                               answer.get("answered_by_name") or answer.get("answered_by") or "")
                    for answer in document.get("answers") or [])
    changes = tuple(AnswerChange(change["item_id"], change["item_label"], change["old_option"], change["new_option"],
                                 change.get("reason"), change.get("wall_time") or "",
                                 names.get(change.get("changed_by"), change.get("changed_by") or ""))
                    for change in document.get("changes") or [])
    events = tuple(RecordingLine(event["kind"], event.get("reason"), event.get("text"), event.get("video_offset_ms"),
                                 event.get("wall_time") or "")
                   for event in (document.get("recording") or {}).get("events") or [])
    compared = document.get("comparison")
    comparison = None if not compared else SelfAssessmentComparison(
        tuple(ItemComparison(item["item_id"], item.get("self_option"), item.get("expert_option"))
              for item in compared.get("items") or []),
        compared.get("self_grade"), compared.get("expert_grade"), compared.get("expert_version"))
    row = queue_row(document)
    return RecordView(row, answers, document.get("result") or {}, comparison, changes, events, row.flags)


class RemoteRecordSource:
    """The agency server's review desk for one reviewer signed in on this workstation. One HTTPS
    connection: call it from one thread at a time."""

    remote = True
    expert_key = "expert_number"

    def __init__(self, records: CaseRecords, actor, client: ReviewClient, person: SignedInPerson):
        self.records, self.actor, self.client, self.person = records, actor, client, person

    def _authorize(self, permission: Permission = Permission.REVIEW, now: datetime.datetime | None = None) -> None:
        with unit_of_work(self.records.engine) as session:
            authorize(session, self.records, self.actor, permission, now=now)

    # -- the shared queue and claims -------------------------------------------------------------

    def queue(self, filters: QueueFilter = QueueFilter()) -> list[QueueRow]:
        self._authorize()
        page = self.client.queue(filters, page_size=QUEUE_PAGE_SIZE)
        return [queue_row(row) for row in page["rows"]]

    def claim(self, visit_id: str) -> dict:
        """The claim (the server's: who, until when); AgencyError claimed_by_other when another holds it."""
        self._authorize()
        return self.client.claim(visit_id)

    def claim_next(self, filters: QueueFilter = QueueFilter()) -> str | None:
        """The visit id of the next unclaimed record of the filtered queue, now claimed; None when none is left."""
        self._authorize()
        claim = self.client.claim_next(filters)
        return claim["visit_id"] if claim else None

    def release(self, visit_id: str) -> None:
        self._authorize()
        self.client.release(visit_id)

    def holds_claim(self, row: QueueRow) -> bool:
        return row.claimed_by == self.person.expert_number

    # -- one record --------------------------------------------------------------------------------

    def record_document(self, visit_id: str, language: str = "zh_CN") -> dict:
        self._authorize()
        return self.client.record(visit_id, language)

    def record(self, visit_id: str, language: str = "zh_CN") -> RecordView:
        return record_view(self.record_document(visit_id, language))

    def recording(self, visit_id: str) -> RemoteRecording:
        document = self.record_document(visit_id)
        return RemoteRecording(self.client, visit_id, document.get("timeline"))

    def decision_state(self, visit_id: str) -> DecisionState:
        """What the screen may offer: deciding needs the reviewer's own claim (the server checks it
        again when the decision arrives). The server's decision files stay on the server."""
        document = self.record_document(visit_id)
        last = (document.get("decisions") or [None])[-1]
        claimed_by, _ = _claim(document)
        return DecisionState(last and last["review_id"], last and last["decision"], last and last["decided_at"],
                             last and (last.get("reason") or None),
                             document.get("review_status") == PENDING and claimed_by == self.person.expert_number,
                             False)

    def decide(self, visit_id: str, decision: str, reason: str, *, passphrase: str,
               now: datetime.datetime) -> DecisionOutcome:
        """Sign the decision here with the reviewer's key (the record's case, visit and hash as the
        server holds them), then send it; the server stores it or refuses (claim, record, signer).
        The claim is renewed first: a reviewer who watched past its expiry still decides, unless
        another reviewer took it over meanwhile (claimed_by_other, before anything is signed)."""
        document = self.record_document(visit_id)
        if _claim(document)[0] in (None, self.person.expert_number) and document.get("review_status") == PENDING:
            self.client.claim(visit_id)
        lines = tuple(flag.message(DECISION_LANGUAGE) for flag in _flags(document))
        data, pdf = sign_decision(self.records, actor=self.actor, case_id=document["case_id"], visit_id=visit_id,
                                  record_sha256=document["record_sha256"], decision=decision, reason=reason,
                                  passphrase=passphrase, now=now, validation_lines=lines)
        stored = self.client.decide(visit_id, pdf)
        return DecisionOutcome(stored["review_id"], stored["decision"], pdf, stored.get("new_case_id"))

    # -- agency-wide lists -------------------------------------------------------------------------

    def draw_sample(self, percent: float, seed: int, *, now: datetime.datetime,
                    filters: QueueFilter = QueueFilter()) -> Sample:
        """The server draws it (and logs it in its audit chain) over the agency's whole queue."""
        self._authorize(now=now)
        drawn = self.client.draw_sample(percent, str(seed), filters)
        population = self.client.sample(drawn["id"])["population"]
        return Sample(seed, percent, tuple(population), tuple(drawn["sample"]))

    def export_publicity(self, destination: Path, *, now: datetime.datetime, language: str = "zh_CN") -> int:
        """The agency-wide 公示 list (the server selects and masks), written here as CSV or PDF."""
        def from_server(since, until, language):
            answer = self.client.publicity(since=since and since.isoformat(), until=until and until.isoformat(),
                                           language=language)
            return [PublicityEntry(**entry) for entry in answer["entries"]]
        return review_publicity.export_publicity(self.records, destination, actor=self.actor, now=now,
                                                 language=language, entries_from=from_server)

    def close(self) -> None:
        """Sign out on the server (best effort) and close the connection."""
        sign_out_of_desk(self.client)


def open_remote_source(records: CaseRecords, actor, passphrase: str, connection: AgencyConnection, *,
                       now: datetime.datetime,
                       client_factory: Callable[..., ReviewClient] = ReviewClient) -> RemoteRecordSource:
    """Sign the reviewer in on the agency server with their signing key (Permission.REVIEW here,
    the reviewer role there)."""
    client, person = sign_in_to_desk(records, actor, passphrase, connection, Permission.REVIEW, now=now,
                                     client_factory=client_factory)
    return RemoteRecordSource(records, actor, client, person)
