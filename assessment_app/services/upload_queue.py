# SPDX-License-Identifier: GPL-3.0-or-later
"""The laptop's upload queue, persisted in the workstation database (storage/upload_models.py):
what an expert asked to send to the agency, how far each upload got, and what the server said.

People act through the use cases at the top (queue a case's bundle, cancel, retry, look); each
checks the signed-in actor and writes a station audit event. The sending itself is done by the
upload runner (services/upload_runner.py) through the functions below them, on behalf of whoever
queued the bundle: it moves ciphertext only, and survives a restart (an upload found `uploading`
at start was cut by the restart and is queued again, resuming from the server's offset).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from assessment_app.bundle.parts import INDEX_FILE
from assessment_app.domain.agency_upload import (
    ACTIVE_STATES, CANCELLABLE_STATES, RETRYABLE_STATES, CaseUploadStage, CaseUploadStatus, UploadState, case_stage,
    retry_delay,
)
from assessment_app.domain.roles import Permission
from assessment_app.domain.visit_status import LOCKED_VISIT_STATUSES
from assessment_app.errors import AppError, ReasonAndDetail
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Applicant, Case, Visit, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.storage.upload_models import AgencyBundleStatus, AgencyUpload, BundleExport


class UploadQueueError(ReasonAndDetail, AppError):
    """reason: nothing_exported (the case has no exported bundle to send), bundle_directory_missing
    (the bundle folder is not where it was written, e.g. the USB stick is out: `.detail` the path),
    not_this_bundle (a folder chosen by hand is not a bundle this laptop exported for the case),
    upload_unknown, not_cancellable, not_retryable."""


@dataclass(frozen=True)
class QueuedUpload:
    upload_id: str
    bundle_id: str
    case_id: str
    directory: str
    server_bundle: str
    state: str
    done_bytes: int
    total_bytes: int
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    last_error_detail: str | None
    created_at: str
    server_status: str | None = None
    reasons: tuple[str, ...] = ()
    applicant_name: str | None = None  # for the queue's list (a signed-in reader's view)
    reason_details: tuple[str, ...] = ()  # beside `reasons`, what the server said of each


def _reasons(status: AgencyBundleStatus | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kept reasons of a quarantine: (codes, details), in the server's order."""
    entries = json.loads(status.reasons_json) if status is not None else []
    return tuple(entry["reason"] for entry in entries), tuple(entry.get("detail") or "" for entry in entries)


def _view(row: AgencyUpload, status: AgencyBundleStatus | None = None, name: str | None = None) -> QueuedUpload:
    reasons, details = _reasons(status)
    return QueuedUpload(row.id, row.bundle_id, row.case_id, row.directory, row.server_bundle, row.state, row.done_bytes,
                        row.total_bytes, row.attempts, row.next_attempt_at, row.last_error, row.last_error_detail,
                        row.created_at, status.status if status else None, reasons, name, details)


def _index_sha256(directory: Path) -> str:
    try:
        return hashlib.sha256((directory / INDEX_FILE).read_bytes()).hexdigest()
    except OSError:
        raise UploadQueueError("bundle_directory_missing", str(directory)) from None


# --- what people do ------------------------------------------------------------------------------

def enqueue_case_upload(records: CaseRecords, case_id: str, now: datetime, *, actor,
                        directory: str | Path | None = None) -> QueuedUpload:
    """Queue the newest exported bundle of the case (its signed, locked visit) for the agency.
    `directory`: the bundle folder when it is no longer where the export wrote it (chosen by hand;
    it must be that bundle). Queuing a bundle that is queued already returns its row (a failed or
    cancelled one is started again)."""
    with unit_of_work(records.engine) as session:
        expert = authorize(session, records, actor, Permission.EXPORT_BUNDLE, now=now)
        export = _newest_export(session, case_id)
        if export is None:
            raise UploadQueueError("nothing_exported", case_id)
        folder = Path(directory) if directory is not None else Path(export.directory)
        if directory is not None and folder.name != f"bundle-{export.bundle_id}":
            raise UploadQueueError("not_this_bundle", folder.name)
        server_bundle = _index_sha256(folder)
        row = session.scalar(select(AgencyUpload).where(AgencyUpload.bundle_id == export.bundle_id))
        stamp = utc_timestamp(now)
        if row is None:
            row = AgencyUpload(bundle_id=export.bundle_id, case_id=case_id, done_bytes=0, total_bytes=export.bytes,
                               attempts=0, created_at=stamp, enqueued_by=expert.id)
            session.add(row)
        elif row.state in ACTIVE_STATES or row.state == UploadState.SENT:
            return _view(row)
        row.directory, row.server_bundle, row.state, row.updated_at = str(folder), server_bundle, UploadState.QUEUED, stamp
        row.attempts, row.next_attempt_at, row.last_error, row.last_error_detail = 0, None, None, None
        session.flush()
        append_station_event(session, "upload_queued", now=now, actor_ids=[expert.id], case_id=case_id,
                             data={"bundle_id": export.bundle_id, "server_bundle": server_bundle})
        return _view(row)


def _change(records: CaseRecords, upload_id: str, now: datetime, actor, allowed, state: UploadState, kind: str,
            refusal: str) -> QueuedUpload:
    with unit_of_work(records.engine) as session:
        expert = authorize(session, records, actor, Permission.EXPORT_BUNDLE, now=now)
        row = session.get(AgencyUpload, upload_id)
        if row is None:
            raise UploadQueueError("upload_unknown", upload_id)
        if row.state not in allowed:
            raise UploadQueueError(refusal, row.state)
        row.state, row.updated_at, row.next_attempt_at = state, utc_timestamp(now), None
        if state == UploadState.QUEUED:
            row.attempts, row.last_error, row.last_error_detail = 0, None, None
        append_station_event(session, kind, now=now, actor_ids=[expert.id], case_id=row.case_id,
                             data={"bundle_id": row.bundle_id, "done_bytes": row.done_bytes})
        return _view(row)


def cancel_upload(records: CaseRecords, upload_id: str, now: datetime, *, actor) -> QueuedUpload:
    """Stop it (a running transfer stops at its next block); the bundle stays exported on disk."""
    return _change(records, upload_id, now, actor, CANCELLABLE_STATES, UploadState.CANCELLED, "upload_cancelled",
                   "not_cancellable")


def retry_upload(records: CaseRecords, upload_id: str, now: datetime, *, actor) -> QueuedUpload:
    """Start a failed, cancelled or waiting upload again now, from the server's offset."""
    return _change(records, upload_id, now, actor, RETRYABLE_STATES, UploadState.QUEUED, "upload_retried",
                   "not_retryable")


def list_uploads(records: CaseRecords, *, actor, limit: int = 200) -> list[QueuedUpload]:
    """The queue, newest first, with the server's last word on each."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        rows = session.execute(select(AgencyUpload, Applicant.name).join(Case, Case.id == AgencyUpload.case_id)
                               .join(Applicant, Applicant.id == Case.applicant_id)
                               .order_by(AgencyUpload.created_at.desc()).limit(limit)).all()
        return [_view(row, session.get(AgencyBundleStatus, row.server_bundle), name) for row, name in rows]


def _newest_export(session, case_id: str) -> BundleExport | None:
    return session.scalar(select(BundleExport).join(Visit, Visit.id == BundleExport.visit_id).where(
        BundleExport.case_id == case_id, Visit.status.in_(LOCKED_VISIT_STATUSES))
        .order_by(BundleExport.exported_at.desc()).limit(1))


def case_upload_status(records: CaseRecords, case_id: str, *, actor) -> CaseUploadStatus:
    """What the case page shows: the newest bundle of the case sent (or being sent) to the agency,
    with the server's verdict as last heard (kept here, so it shows offline too), and whether the
    newest export is still to be sent (after a quarantine the case is exported again)."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        export = _newest_export(session, case_id)
        unsent = export is not None and session.scalar(
            select(AgencyUpload.id).where(AgencyUpload.bundle_id == export.bundle_id)) is None
        row = session.scalar(select(AgencyUpload).where(AgencyUpload.case_id == case_id)
                             .order_by(AgencyUpload.created_at.desc()).limit(1))
        status = session.get(AgencyBundleStatus, row.server_bundle) if row is not None else session.scalar(
            select(AgencyBundleStatus).where(AgencyBundleStatus.case_id == case_id)
            .order_by(AgencyBundleStatus.checked_at.desc()).limit(1))
        stage = case_stage(row.state if row else None, status.status if status else None)
        if stage is CaseUploadStage.NONE:
            return CaseUploadStatus(stage, export_unsent=unsent)
        reasons, details = _reasons(status)
        if row is not None and row.last_error and stage in (CaseUploadStage.FAILED, CaseUploadStage.WAITING):
            reasons, details = (row.last_error,), (row.last_error_detail or "",)
        return CaseUploadStatus(stage, row.id if row else None, row.bundle_id if row else status.bundle_id,
                                row.done_bytes if row else 0, row.total_bytes if row else 0, reasons,
                                status.checked_at if status else None, details, unsent)


# --- what the runner does ------------------------------------------------------------------------

def resume_after_restart(records: CaseRecords, now: datetime) -> int:
    """Uploads found `uploading` were cut by the end of the last run: queue them again."""
    with unit_of_work(records.engine) as session:
        rows = session.scalars(select(AgencyUpload).where(AgencyUpload.state == UploadState.UPLOADING)).all()
        for row in rows:
            row.state, row.updated_at = UploadState.QUEUED, utc_timestamp(now)
        return len(rows)


def claim_next_upload(records: CaseRecords, now: datetime) -> QueuedUpload | None:
    """The oldest upload that is due (queued, or waiting past its time), marked `uploading`."""
    stamp = utc_timestamp(now)
    with unit_of_work(records.engine) as session:
        row = session.scalar(select(AgencyUpload).where(
            (AgencyUpload.state == UploadState.QUEUED)
            | ((AgencyUpload.state == UploadState.WAITING) & (AgencyUpload.next_attempt_at <= stamp)))
            .order_by(AgencyUpload.created_at).limit(1))
        if row is None:
            return None
        row.state, row.updated_at = UploadState.UPLOADING, stamp
        return _view(row)


def next_due_at(records: CaseRecords) -> datetime | None:
    """When the earliest waiting upload is due (None: nothing waits)."""
    with unit_of_work(records.engine) as session:
        stamp = session.scalar(select(AgencyUpload.next_attempt_at).where(AgencyUpload.state == UploadState.WAITING)
                               .order_by(AgencyUpload.next_attempt_at).limit(1))
    return None if stamp is None else datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def upload_state(records: CaseRecords, upload_id: str) -> str | None:
    with unit_of_work(records.engine) as session:
        row = session.get(AgencyUpload, upload_id)
        return None if row is None else row.state


def record_progress(records: CaseRecords, upload_id: str, done_bytes: int, now: datetime) -> None:
    """How far the server acknowledged; progress resets the failure count (a flaky line that moves
    forward is not failing)."""
    with unit_of_work(records.engine) as session:
        row = session.get(AgencyUpload, upload_id)
        if row is not None and done_bytes > row.done_bytes:
            row.done_bytes, row.attempts, row.updated_at = min(done_bytes, row.total_bytes), 0, utc_timestamp(now)


def finish_upload(records: CaseRecords, upload_id: str, server_status: dict, now: datetime) -> None:
    """Every byte is on the server: `sent`, with the server's status kept."""
    with unit_of_work(records.engine) as session:
        row = session.get(AgencyUpload, upload_id)
        if row is None or row.state != UploadState.UPLOADING:
            return
        row.state, row.done_bytes, row.sent_at = UploadState.SENT, row.total_bytes, utc_timestamp(now)
        row.updated_at, row.last_error, row.last_error_detail = row.sent_at, None, None
        store_server_status(session, server_status, now)
        append_station_event(session, "upload_sent", now=now, case_id=row.case_id,
                             data={"bundle_id": row.bundle_id, "server_bundle": row.server_bundle,
                                   "bytes": row.total_bytes})


def fail_upload(records: CaseRecords, upload_id: str, reason: str, detail: str, now: datetime, *,
                permanent: bool) -> None:
    """A failed try: `waiting` for the back-off (or `failed` when trying again cannot help)."""
    with unit_of_work(records.engine) as session:
        row = session.get(AgencyUpload, upload_id)
        if row is None or row.state != UploadState.UPLOADING:
            return  # cancelled meanwhile: the person's choice stands
        row.attempts += 1
        row.last_error, row.last_error_detail, row.updated_at = reason, detail[:500], utc_timestamp(now)
        if permanent:
            row.state, row.next_attempt_at = UploadState.FAILED, None
        else:
            row.state = UploadState.WAITING
            row.next_attempt_at = utc_timestamp(now + retry_delay(row.attempts))


def release_upload(records: CaseRecords, upload_id: str, now: datetime) -> None:
    """The runner stops (the application closes): an upload in hand goes back to the queue."""
    with unit_of_work(records.engine) as session:
        row = session.get(AgencyUpload, upload_id)
        if row is not None and row.state == UploadState.UPLOADING:
            row.state, row.updated_at = UploadState.QUEUED, utc_timestamp(now)


def send_again(records: CaseRecords, server_bundles: list[str], now: datetime) -> int:
    """Sent bundles the server no longer knows go back into the queue (on behalf of whoever queued
    them; the station chain says why)."""
    with unit_of_work(records.engine) as session:
        rows = session.scalars(select(AgencyUpload).where(AgencyUpload.server_bundle.in_(server_bundles),
                                                          AgencyUpload.state == UploadState.SENT)).all()
        for row in rows:
            row.state, row.done_bytes, row.attempts, row.updated_at = UploadState.QUEUED, 0, 0, utc_timestamp(now)
            row.sent_at = None
            append_station_event(session, "upload_retried", now=now, case_id=row.case_id,
                                 data={"bundle_id": row.bundle_id, "done_bytes": 0, "cause": "unknown_to_server"})
        return len(rows)


def store_server_status(session, status: dict, now: datetime) -> None:
    """Keep the server's status of one bundle (a GET /v1/bundles/… or /v1/cases/… answer entry)."""
    key = status["bundle"]
    row = session.get(AgencyBundleStatus, key) or AgencyBundleStatus(server_bundle=key)
    row.bundle_id, row.case_id, row.status = status.get("bundle_id"), status.get("case_id"), status["status"]
    row.reasons_json = json.dumps([{"reason": reason.get("reason"), "detail": str(reason.get("detail") or "")[:300]}
                                   for reason in status.get("reasons") or []], ensure_ascii=False)
    row.duplicate_of, row.registered_at = status.get("duplicate_of"), status.get("registered_at")
    row.checked_at = utc_timestamp(now)
    session.merge(row)


def record_server_statuses(records: CaseRecords, statuses: list[dict], now: datetime) -> None:
    with unit_of_work(records.engine) as session:
        for status in statuses:
            store_server_status(session, status, now)


def bundles_awaiting_verdict(records: CaseRecords, *, checked_before: datetime) -> list[tuple[str, str]]:
    """(server bundle, case id) of sent bundles whose final status is not known yet and that were
    not asked about since `checked_before`."""
    final = ("verified", "quarantined", "duplicate")
    with unit_of_work(records.engine) as session:
        rows = session.execute(select(AgencyUpload.server_bundle, AgencyUpload.case_id, AgencyBundleStatus.status,
                                      AgencyBundleStatus.checked_at)
                               .outerjoin(AgencyBundleStatus, AgencyBundleStatus.server_bundle == AgencyUpload.server_bundle)
                               .where(AgencyUpload.state == UploadState.SENT)).all()
    limit = utc_timestamp(checked_before)
    return [(bundle, case) for bundle, case, status, checked in rows
            if status not in final and (checked is None or checked < limit)]


def seconds_until(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (moment - now) / timedelta(seconds=1))
