# SPDX-License-Identifier: GPL-3.0-or-later
"""Works the upload queue (services/upload_queue.py) on a thread of its own, no Qt: one upload at a
time through the agency client (agency/client.py: resumes from the server's acknowledged offset,
retries a cut line with back-off), then the queue's own back-off between tries (30 s doubling to
30 minutes, domain/agency_upload.py), so an offline laptop keeps its queue and sends when it can.
It also asks the server what became of sent bundles (verified, quarantined) and keeps the answer,
and pulls the agency's decisions on them for the signed-in person who may import them
(services/decision_pull.py: who, when, and the back-off while offline).

Whoever shows it passes an observer: `progress(upload_id, TransferFigures)`, `changed()` and
`decisions(PullResult)` are called on the runner's thread (the GUI forwards them to its own
thread through signals).

On start, uploads cut by the end of the last run are queued again; on stop, the upload in hand
stops at its next block and goes back to the queue (the server keeps what it acknowledged).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from assessment_app.agency.client import RetryPolicy
from assessment_app.agency.errors import AgencyError
from assessment_app.domain.agency_upload import PERMANENT_FAILURES, TransferFigures, UploadState, transfer_figures
from assessment_app.services import upload_queue as queue
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.decision_pull import DecisionPuller, PullResult
from assessment_app.services.workstation_identity import UploadNotConfigured, open_agency_client

log = logging.getLogger("ltc_assess.upload")
POLL_SECONDS = 30.0  # an idle runner looks at the queue this often even unwoken
STATUS_SECONDS = 60.0  # how often a sent bundle's verdict is asked for while it is pending
SAVE_PROGRESS_SECONDS = 1.0
CANCEL_CHECK_SECONDS = 0.5
STATUS_RETRY = RetryPolicy(attempts=2, first_delay=0.5, max_delay=1.0)  # a status poll may simply fail


class UploadObserver(Protocol):
    def progress(self, upload_id: str, figures: TransferFigures) -> None: ...

    def changed(self) -> None: ...

    def decisions(self, result: PullResult) -> None: ...


class _Interrupted(Exception):
    """Raised inside the transfer's progress callback: the upload was cancelled or the runner stops."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UploadRunner:
    def __init__(self, records: Callable[[], CaseRecords], *, observer: UploadObserver | None = None,
                 clock: Callable[[], datetime] = utc_now, monotonic: Callable[[], float] = time.monotonic,
                 client_factory=open_agency_client, client_options: dict | None = None,
                 poll_seconds: float = POLL_SECONDS, status_seconds: float = STATUS_SECONDS,
                 actor: Callable[[], object] = lambda: None, decisions: DecisionPuller | None = None):
        """`actor()`: who is signed in now (their decisions are pulled, see services/decision_pull.py)."""
        self.records, self.observer, self.clock, self.monotonic = records, observer, clock, monotonic
        self.actor = actor
        self.decisions = decisions or DecisionPuller(monotonic=monotonic)
        self.client_factory, self.client_options = client_factory, dict(client_options or {})
        self.poll_seconds, self.status_seconds = poll_seconds, status_seconds
        self._stop, self._wake = threading.Event(), threading.Event()
        self._cases_to_refresh: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._last_status_poll = float("-inf")

    # --- control, from any thread ------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ltc-assess-upload", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Something was queued or retried: look at the queue now."""
        self._wake.set()

    def refresh_case(self, case_id: str) -> None:
        """Ask the server about this case at the next chance (the case page was opened)."""
        with self._lock:
            self._cases_to_refresh.add(case_id)
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the work ----------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            if queue.resume_after_restart(self.records(), self.clock()):
                self._changed()
        except Exception:  # noqa: BLE001 - a runner that cannot read the queue tries again below
            log.exception("the upload queue could not be read at start")
        while not self._stop.is_set():
            worked = False
            try:
                worked = self.run_once()
                self.refresh_statuses()
                self.pull_decisions()
            except Exception:  # noqa: BLE001 - e.g. the records being replaced by a restore: later
                log.exception("upload queue")
            if not worked:
                self._wake.wait(self._idle_seconds())
                self._wake.clear()

    def _idle_seconds(self) -> float:
        try:
            due = queue.seconds_until(queue.next_due_at(self.records()), self.clock())
        except Exception:  # noqa: BLE001 - see _run
            due = None
        return max(0.05, min(self.poll_seconds, due if due is not None else self.poll_seconds))

    def run_once(self) -> bool:
        """Send the next due upload, if any; True when one was attempted."""
        records = self.records()
        upload = queue.claim_next_upload(records, self.clock())
        if upload is None:
            return False
        self._changed()
        try:
            self._send(records, upload)
        finally:
            self._changed()
        return True

    def _send(self, records: CaseRecords, upload: queue.QueuedUpload) -> None:
        try:
            client = self.client_factory(records, **self.client_options)
        except (UploadNotConfigured, AgencyError) as error:
            queue.fail_upload(records, upload.upload_id, "upload_not_configured", error.reason, self.clock(),
                              permanent=True)
            return
        progress = _Progress(self, records, upload)
        try:
            status = client.upload_bundle(Path(upload.directory), progress)
        except _Interrupted:
            if self._stop.is_set():
                queue.release_upload(records, upload.upload_id, self.clock())
            return
        except AgencyError as error:
            log.info("upload %s: %s %s", upload.bundle_id, error.reason, error.detail)
            queue.fail_upload(records, upload.upload_id, error.reason, error.detail, self.clock(),
                              permanent=error.reason in PERMANENT_FAILURES)
            return
        except Exception as error:  # noqa: BLE001 - unexpected: kept as the reason, tried again later
            log.exception("upload %s", upload.bundle_id)
            queue.fail_upload(records, upload.upload_id, "internal_error", f"{type(error).__name__}: {error}",
                              self.clock(), permanent=False)
            return
        finally:
            client.close()
        queue.finish_upload(records, upload.upload_id, status, self.clock())
        self._last_status_poll = float("-inf")  # ask for the verdict soon

    def refresh_statuses(self, *, force: bool = False) -> bool:
        """Ask the server about the cases asked for and the sent bundles still awaiting a verdict;
        False when the server could not be asked (offline: the kept statuses stay shown)."""
        with self._lock:
            cases, self._cases_to_refresh = self._cases_to_refresh, set()
        now_monotonic = self.monotonic()
        due = force or now_monotonic - self._last_status_poll >= self.status_seconds
        records = self.records()
        pending = queue.bundles_awaiting_verdict(records, checked_before=self.clock()) if due else []
        if not cases and not pending:
            return True
        self._last_status_poll = now_monotonic
        try:
            client = self.client_factory(records, **{**self.client_options, "retry": STATUS_RETRY})
        except (UploadNotConfigured, AgencyError):
            return False
        statuses, unknown = [], []
        try:
            for case_id in cases:
                statuses += client.case_status(case_id)["bundles"]
            for server_bundle, _ in pending:
                try:
                    statuses.append(client.bundle_status(server_bundle))
                except AgencyError as error:
                    if not _unknown_to_server(error):
                        raise
                    unknown.append(server_bundle)
        except AgencyError as error:
            log.info("status: %s %s", error.reason, error.detail)
            return False
        finally:
            client.close()
            if statuses:
                queue.record_server_statuses(records, statuses, self.clock())
                self.decisions.request()  # the server answers: a decision may be waiting too
            if unknown:
                # Sent, yet the server does not know it (its database was restored from a backup
                # taken before): send it again, from wherever the server's offset now is.
                queue.send_again(records, unknown, self.clock())
                self.wake()
            if statuses or unknown:
                self._changed()
        return True

    def pull_decisions(self) -> PullResult | None:
        """The decisions waiting on the server, when due and someone here may import them."""
        result = self.decisions.pull_if_due(self.records(), actor=self.actor(), now=self.clock())
        if result is not None and self.observer is not None:
            self.observer.decisions(result)
        return result

    def _changed(self) -> None:
        if self.observer is not None:
            self.observer.changed()


def _unknown_to_server(error: AgencyError) -> bool:
    return error.reason == "server_refused" and error.detail.startswith("HTTP 404")


class _Progress:
    """The transfer's progress callback: figures for the observer, the acknowledged bytes saved
    now and then, and the place where a cancel or a stop interrupts the transfer."""

    def __init__(self, runner: UploadRunner, records: CaseRecords, upload: queue.QueuedUpload):
        self.runner, self.records, self.upload = runner, records, upload
        self.started = runner.monotonic()
        self.first_done: int | None = None
        self.saved_at = self.checked_at = self.started

    def __call__(self, done: int, total: int) -> None:
        runner, now = self.runner, self.runner.monotonic()
        if runner._stop.is_set():
            raise _Interrupted()
        if now - self.checked_at >= CANCEL_CHECK_SECONDS:
            self.checked_at = now
            if queue.upload_state(self.records, self.upload.upload_id) != UploadState.UPLOADING:
                raise _Interrupted()
        if self.first_done is None:
            self.first_done, self.started = done, now
        if runner.observer is not None:
            runner.observer.progress(self.upload.upload_id,
                                     transfer_figures(done, total, done - self.first_done, now - self.started))
        if now - self.saved_at >= SAVE_PROGRESS_SECONDS:
            self.saved_at = now
            queue.record_progress(self.records, self.upload.upload_id, done, runner.clock())


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """For callers that must block until the runner got somewhere (the CLI, tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
