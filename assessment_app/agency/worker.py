# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency worker`: verify received bundles with the workstation's twelve checks
(assessment_app.bundle.verification.verify_bundle, as it is) and register each one — verified,
quarantined with the reasons, or a duplicate of one registered before.

A verified bundle's record enters the review desk in the same transaction as its registration
(record_extraction.py, review_registration.py), so it is verified and reviewable together.

Any number of workers, on any machine that reaches the database and the store. A job is claimed
under a lease (jobs.py) that a heartbeat thread renews; registration and the job's completion
commit in one transaction that checks the claim is still this worker's, so a worker killed or cut
off mid-job registers nothing, and the job is taken over once its lease runs out.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, or_, select
from sqlalchemy.exc import IntegrityError

from assessment_app.agency import jobs
from assessment_app.agency.audit import append_event
from assessment_app.agency.authority import trusted_cas
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import DUPLICATE, QUARANTINED, UPLOADED, VERIFIED, Bundle
from assessment_app.agency.record_extraction import ExtractedRecord, extract_record
from assessment_app.agency.records_key import RecordsKey
from assessment_app.agency.review_registration import register_review_record
from assessment_app.agency.store import BundleStore
from assessment_app.agency.uploads import bundle_prefix, now_utc, parse_index
from assessment_app.bundle.age_format import parse_identities
from assessment_app.bundle.parts import INDEX_FILE
from assessment_app.bundle.verification import read_identity, verify_bundle
from assessment_app.security.trust import TrustAnchors

log = logging.getLogger("ltc_agency.worker")
MAX_ATTEMPTS = 5  # a bundle that kills its worker this often is quarantined for a person to look at


def check_identity(path: Path) -> None:
    """Fail at start-up, not per bundle: a missing key must not quarantine every bundle."""
    try:
        parse_identities(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise AgencyError("identity_unusable", f"{path}: {error}") from None
    except Exception as error:  # noqa: BLE001 - the age layer's typed error, whatever its detail
        raise AgencyError("identity_unusable", f"{path}: {getattr(error, 'reason', error)}") from None


def register(engine: Engine, job: jobs.ClaimedJob, report_json: dict, failures: list[dict], ok: bool,
             now: datetime.datetime, review: tuple[ExtractedRecord, RecordsKey] | None = None) -> str | None:
    """Register the outcome; None when the job is no longer this worker's (nothing written).
    A verified bundle's record enters the review desk in the same transaction (`review`)."""
    manifest = report_json.get("manifest") or {}
    for _ in range(3):
        try:
            with transaction(engine) as session:
                if not jobs.complete(session, job, now):
                    return None
                bundle = session.get(Bundle, job.bundle_id, with_for_update=True)
                if bundle.status != UPLOADED:
                    return bundle.status  # registered already (cannot happen while fenced; kept as a guard)
                bundle.bundle_uuid = manifest.get("bundle_id")
                bundle.case_id, bundle.visit_id = manifest.get("case_id"), manifest.get("visit_id")
                version = manifest.get("record_version")
                bundle.record_version = version if isinstance(version, int) else None
                bundle.manifest_sha256 = report_json.get("manifest_sha256")
                bundle.report = {key: value for key, value in report_json.items() if key != "manifest"}
                bundle.reasons = failures
                bundle.status = _decide(session, bundle) if ok else QUARANTINED
                bundle.registered_at = now
                if bundle.status == VERIFIED and review is not None:
                    register_review_record(session, review[0], review[1], bundle_id=bundle.id,
                                           workstation_id=bundle.workstation_id, now=now)
                append_event(session, actor=f"worker:{job.worker}", action="bundle_registered", subject=bundle.id,
                             detail={"status": bundle.status, "attempt": job.attempt, "bundle_id": bundle.bundle_uuid,
                                     "visit_id": bundle.visit_id, "duplicate_of": bundle.duplicate_of,
                                     "reasons": [failure["reason"] for failure in failures]}, now=now)
                return bundle.status
        except IntegrityError:
            continue  # another copy of the same visit was verified at this very moment: decide again
    raise AgencyError("database_unavailable", "registration kept conflicting")


def _decide(session, bundle: Bundle) -> str:
    """Verified, or a duplicate of a verified bundle: the same bundle id or manifest (uploaded
    again, exported twice), or the same record version of the same visit (an old bundle replayed)."""
    same = session.scalar(select(Bundle).where(Bundle.status == VERIFIED, Bundle.id != bundle.id, or_(
        Bundle.bundle_uuid == bundle.bundle_uuid, Bundle.manifest_sha256 == bundle.manifest_sha256,
        (Bundle.visit_id == bundle.visit_id) & (Bundle.record_version >= (bundle.record_version or 0)))).limit(1))
    if same is None:
        return VERIFIED
    bundle.duplicate_of = same.id
    return DUPLICATE


class Worker:
    def __init__(self, engine: Engine, store: BundleStore, identity: Path, *, records_key: RecordsKey | None = None,
                 lease_seconds: float = 60.0, name: str | None = None, poll_seconds: float = 5.0, clock=now_utc):
        if records_key is None:
            # Without it a verified record could not enter the review desk: refuse to start.
            raise AgencyError("setting_missing", "[review] records_key / LTC_AGENCY_RECORDS_KEY")
        self.engine, self.store, self.identity, self.records_key = engine, store, Path(identity), records_key
        self.lease_seconds, self.poll_seconds, self.clock = lease_seconds, poll_seconds, clock
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"

    def run_one(self) -> str | None:
        """Claim and verify one job; the registered status, or None when there was no job (or the
        claim was lost to another worker before registration)."""
        with transaction(self.engine) as session:
            job = jobs.claim(session, self.name, self.lease_seconds)
        if job is None:
            return None
        log.info("bundle %s: attempt %d", job.bundle_id, job.attempt)
        if job.attempt > MAX_ATTEMPTS:
            failure = {"code": "worker", "passed": False, "reason": "verification_abandoned",
                       "detail": f"{job.attempt - 1} attempts", "information": None}
            return register(self.engine, job, {"ok": False, "checks": [failure]}, [failure], False, self.clock())
        with _Heartbeat(self.engine, job, self.lease_seconds):
            prefix = bundle_prefix(job.bundle_id)
            if self.store.stat(f"{prefix}/{INDEX_FILE}") is None:
                # The store (a NAS mount) is not there: not the bundle's fault, try again later.
                raise AgencyError("store_failed", f"{prefix} is not readable")
            with transaction(self.engine) as session:
                anchors = TrustAnchors(trusted_cas(session))
            # The trusted time is the server's clock at verification, not what a signer claims.
            report = verify_bundle(self.store.local_directory(prefix), self.identity, anchors, now=self.clock())
            review = None
            if report.ok:
                # What the reviewers read, taken by random access from the bundle just verified.
                with transaction(self.engine) as session:
                    index_json = session.get(Bundle, job.bundle_id).index_json
                extracted = extract_record(self.store, job.bundle_id, parse_index(index_json),
                                           read_identity(self.identity), report.manifest)
                review = (extracted, self.records_key)
        report_json = {**report.to_json(), "manifest": report.manifest}
        failures = [failure.to_json() for failure in report.failures]
        status = register(self.engine, job, report_json, failures, report.ok, self.clock(), review)
        log.info("bundle %s: %s", job.bundle_id, status or "lease lost, not registered")
        return status

    def run(self, stop: threading.Event, *, until_idle: bool = False) -> int:
        """Work until `stop` is set (or, with `until_idle`, until no job is waiting); returns how
        many bundles this worker registered. Database and store outages are waited out."""
        done, delay = 0, 0.5
        while not stop.is_set():
            try:
                status = self.run_one()
                delay = 0.5
            except AgencyError as error:
                log.warning("worker: %s (%s); retrying in %.0f s", error.reason, error.detail, delay)
                stop.wait(delay)
                delay = min(delay * 2, 30.0)
                continue
            except Exception:  # noqa: BLE001 - a worker outlives what it cannot handle: logged, the job's lease runs out
                log.exception("worker: unexpected error; retrying in %.0f s", delay)
                stop.wait(delay)
                delay = min(delay * 2, 30.0)
                continue
            if status is not None:
                done += 1
                continue
            if until_idle:
                break
            self._wait_for_work(stop)
        return done

    def _wait_for_work(self, stop: threading.Event) -> None:
        """Sleep until a bundle is queued (LISTEN/NOTIFY) or the poll interval passes."""
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                raw = connection.connection.driver_connection
                raw.execute(f"LISTEN {jobs.CHANNEL}")
                deadline = time.monotonic() + self.poll_seconds
                while not stop.is_set() and time.monotonic() < deadline:
                    if any(True for _ in raw.notifies(timeout=min(1.0, self.poll_seconds), stop_after=1)):
                        return
        except Exception as error:  # noqa: BLE001 - an outage: the loop's next claim reports it
            log.debug("listen failed: %s", error)
            stop.wait(min(1.0, self.poll_seconds))


class _Heartbeat:
    """Renews the job's lease every third of it, in its own thread and transactions."""

    def __init__(self, engine: Engine, job: jobs.ClaimedJob, lease_seconds: float):
        self.engine, self.job, self.lease = engine, job, lease_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job.id}", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with transaction(self.engine) as session:
                    if not jobs.renew(session, self.job, self.lease):
                        log.warning("bundle %s: lease lost", self.job.bundle_id)
                        return
            except Exception as error:  # noqa: BLE001 - keep beating; a lost lease is fenced at registration
                log.warning("lease renewal failed: %s", error)

    def __enter__(self) -> "_Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
