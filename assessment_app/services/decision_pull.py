# SPDX-License-Identifier: GPL-3.0-or-later
"""The laptop pulls the agency's decisions on the cases it uploaded (no Qt). Each signed decision
file is fetched into memory (never written to disk), applied by the same import a file from a USB
stick goes through (services/review_decision.import_decision_bytes: the reviewer's signature, the
agency's CA and revocation lists, the reviewer role in the held package, the record hash this
laptop signed; the file is kept as an encrypted attachment of the case), and only then
acknowledged, so a decision is never marked delivered without being applied. A 复核 order opens
the linked review case, as the import does. A decision this laptop refuses is not acknowledged: it
stays on the server and is listed again at the next pull (a newer agency package may make it
acceptable); the refusal is kept in memory for the case page and written once to the audit chain.

Who imports. Applying a decision changes a case, so it is done by a person: the expert signed in
on this laptop, when their role may import decisions (Permission.IMPORT_DECISION: assessors and
administrators). The automatic pull of the upload runner asks `granted()` first and simply waits
while nobody, or only someone without that permission, is signed in (no refused attempt is
written to the audit chain for it); the pull on demand (获取审核结果) is an attempt by the person
who pressed it and is authorised, and refused, like any use case.

When. The runner pulls after its uploads and status questions (DecisionPuller.pull_if_due): at
once when someone who may import signs in or the server just answered about a bundle, then every
AUTOMATIC_PULL_SECONDS; while the server cannot be reached it backs off as the upload queue does
(domain/agency_upload.retry_delay: 30 s doubling to 30 minutes).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from assessment_app.agency.errors import AgencyError
from assessment_app.domain.agency_upload import retry_delay
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize, granted
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import ImportedDecision, import_decision_bytes
from assessment_app.services.review_errors import ReviewError
from assessment_app.services.workstation_identity import open_review_client, upload_configured
from assessment_app.storage.unit_of_work import unit_of_work

log = logging.getLogger("ltc_assess.decisions")
AUTOMATIC_PULL_SECONDS = 300.0  # decisions take days; a GET every five minutes costs the server nothing


@dataclass(frozen=True)
class RefusedDecision:
    """A decision on the server this laptop did not accept (`error`: the import's ReviewError,
    worded by messages/review_text.py); what the server listed about it, for the case page."""

    review_id: str
    case_id: str | None
    decision: str | None
    reviewer_number: str | None
    decided_at: str | None
    error: ReviewError


@dataclass
class PullResult:
    applied: list[ImportedDecision] = field(default_factory=list)
    already_here: list[str] = field(default_factory=list)  # review ids imported before (acknowledged now)
    refused: list[RefusedDecision] = field(default_factory=list)  # kept on the server for later


def pull_decisions(client, records: CaseRecords, *, actor, now: datetime.datetime) -> PullResult:
    """Each decision for this laptop's cases (`client`: agency/review_client.ReviewClient as this
    workstation), imported by the signed-in `actor`, then acknowledged; one the laptop refuses is
    left on the server. An unreachable server or a refusal of the listing raises AgencyError."""
    result = PullResult()
    for entry in client.decisions():
        review_id = entry["review_id"]
        pdf = client.decision_file(review_id)
        try:
            result.applied.append(import_decision_bytes(records, pdf, actor=actor, now=now))
        except ReviewError as error:
            if error.reason != "decision_already_imported":
                result.refused.append(RefusedDecision(review_id, entry.get("case_id"), entry.get("decision"),
                                                      entry.get("reviewer_number"), entry.get("decided_at"), error))
                continue
            result.already_here.append(review_id)
        client.delivered(review_id)
    return result


class DecisionPuller:
    """One pull at a time (the runner's thread and a button may ask together), the back-off while
    the server is out of reach, and the refusals of the last pull, by case."""

    def __init__(self, *, client_factory: Callable[..., object] = open_review_client,
                 client_options: dict | None = None, monotonic: Callable[[], float] = time.monotonic,
                 interval_seconds: float = AUTOMATIC_PULL_SECONDS):
        self.client_factory, self.client_options = client_factory, dict(client_options or {})
        self.monotonic, self.interval_seconds = monotonic, interval_seconds
        self._lock = threading.Lock()
        self._refused: dict[str, RefusedDecision] = {}
        self._failures = 0
        self._due_at = float("-inf")
        self._last_actor_token: str | None = None

    def request(self) -> None:
        """Pull at the next chance, whatever the schedule (the server just answered)."""
        self._due_at = float("-inf")

    def refusals(self, case_id: str) -> list[RefusedDecision]:
        with self._lock:
            return [refused for refused in self._refused.values() if refused.case_id == case_id]

    def pull(self, records: CaseRecords, *, actor, now: datetime.datetime) -> PullResult:
        """On demand, by the signed-in `actor` (NotSignedIn / PermissionDenied otherwise);
        UploadNotConfigured when this laptop has no server, AgencyError when it cannot be reached."""
        with unit_of_work(records.engine) as session:
            authorize(session, records, actor, Permission.IMPORT_DECISION, now=now)
        return self._pull(records, actor, now)

    def pull_if_due(self, records: CaseRecords, *, actor, now: datetime.datetime) -> PullResult | None:
        """The runner's pull: None when it is not due, nobody here may import decisions, this
        laptop has no server, or the server cannot be reached (then it backs off)."""
        token = getattr(actor, "token", None)
        if token != self._last_actor_token:
            self._last_actor_token = token
            self.request()  # someone else signed in: they may import what waited for them
        if self.monotonic() < self._due_at or Permission.IMPORT_DECISION not in granted(records, actor):
            return None
        if upload_configured(records) is not None:
            return None
        try:
            return self._pull(records, actor, now)
        except AppError as error:  # out of reach (backing off), or signed out meanwhile: later
            log.info("decisions: %s", error)
            return None

    def _pull(self, records: CaseRecords, actor, now: datetime.datetime) -> PullResult:
        with self._lock:
            try:
                client = self.client_factory(records, **self.client_options)
                try:
                    result = pull_decisions(client, records, actor=actor, now=now)
                finally:
                    client.close()
            except AgencyError:
                self._failures += 1
                self._due_at = self.monotonic() + retry_delay(self._failures).total_seconds()
                raise
            self._failures = 0
            self._due_at = self.monotonic() + self.interval_seconds
            new = [refused for refused in result.refused if refused.review_id not in self._refused]
            self._refused = {refused.review_id: refused for refused in result.refused}
        if new:
            _audit_refusals(records, actor, new, now)
        return result


def _audit_refusals(records: CaseRecords, actor, refused: list[RefusedDecision], now: datetime.datetime) -> None:
    """A decision that did not verify is an event the agency may need to trace (a forged or
    revoked signature): written once per run of the app, not at every pull."""
    try:
        with unit_of_work(records.engine) as session:
            importer = authorize(session, records, actor, Permission.IMPORT_DECISION, now=now)
            for entry in refused:
                append_station_event(session, "review_decision", now=now, actor_ids=[importer.id], data={
                    "action": "refused", "review_id": entry.review_id, "case_id": entry.case_id,
                    "reason": entry.error.reason, "detail": None if entry.error.detail is None
                    else str(entry.error.detail)})
    except AppError as error:  # signed out meanwhile: the refusal is shown and comes again anyway
        log.info("decision refusal not audited: %s", error)
