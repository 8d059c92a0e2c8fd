# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of sending bundles to the agency server, in one place: the states of an upload in the
laptop's queue, how long to wait before trying again, what the server's statuses mean, and what a
case shows (上传中 → 已上传 → 已核验 / 已隔离（原因）).

Pure: services/upload_queue.py stores the states, the screens show `CaseUploadStatus`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta


class UploadState(enum.StrEnum):
    QUEUED = "queued"  # waiting its turn
    UPLOADING = "uploading"  # bytes are moving (a restart finds it here and queues it again)
    WAITING = "waiting"  # the network or the server failed: tried again at next_attempt_at
    FAILED = "failed"  # refused, or the bundle is gone: a person must act (retry or cancel)
    CANCELLED = "cancelled"  # stopped by a person; what the server holds stays there
    SENT = "sent"  # every byte acknowledged: the server verifies it now


# States in which the queue still works on an upload by itself.
ACTIVE_STATES = frozenset({UploadState.QUEUED, UploadState.UPLOADING, UploadState.WAITING})
# States from which a person may start it again.
RETRYABLE_STATES = frozenset({UploadState.FAILED, UploadState.CANCELLED, UploadState.WAITING})
CANCELLABLE_STATES = ACTIVE_STATES

# A laptop may be offline for days: it keeps trying, never more often than every 30 minutes, so
# a working line is found within half an hour and a dead one costs nothing.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=30)


def retry_delay(failures: int) -> timedelta:
    """Exponential back-off: 30 s after the first failure, doubling, at most 30 minutes."""
    if failures < 1:
        return timedelta(0)
    return min(LONGEST_RETRY, FIRST_RETRY * 2 ** min(failures - 1, 16))


# The agency's statuses (docs/formats/agency-api.md); the last three are final.
RECEIVING, UPLOADED, VERIFIED, QUARANTINED, DUPLICATE = "receiving", "uploaded", "verified", "quarantined", "duplicate"
SERVER_STATUSES = (RECEIVING, UPLOADED, VERIFIED, QUARANTINED, DUPLICATE)
FINAL_SERVER_STATUSES = frozenset({VERIFIED, QUARANTINED, DUPLICATE})

# Refusals after which trying again cannot help until a person acts (the client's reason codes).
PERMANENT_FAILURES = frozenset({"server_refused", "bundle_not_a_directory", "part_unreadable", "part_changed",
                                "bundle_directory_missing", "upload_not_configured"})


class CaseUploadStage(enum.StrEnum):
    """What the case page says about the newest bundle of the case that went to the agency."""

    NONE = "none"
    QUEUED = "queued"
    UPLOADING = "uploading"
    WAITING = "waiting"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UPLOADED = "uploaded"  # on the server, not yet verified
    VERIFIED = "verified"
    QUARANTINED = "quarantined"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class CaseUploadStatus:
    stage: CaseUploadStage
    upload_id: str | None = None  # the queue's row, whose transfer figures a screen may follow
    bundle_id: str | None = None
    done_bytes: int = 0
    total_bytes: int = 0
    reasons: tuple[str, ...] = ()  # the failed checks of a quarantine, or the last error of an upload
    checked_at: str | None = None  # when the server last said so (the status may be shown offline)
    details: tuple[str, ...] = ()  # beside `reasons`: the specifics of each
    export_unsent: bool = False  # the case's newest exported bundle is not in the queue yet


def case_stage(upload_state: str | None, server_status: str | None) -> CaseUploadStage:
    """The server's verdict wins once the bytes are there; before that the queue's state."""
    if server_status in FINAL_SERVER_STATUSES or (server_status == UPLOADED and upload_state in (None, "sent")):
        return CaseUploadStage(server_status)
    if upload_state is None:
        return CaseUploadStage.UPLOADED if server_status == RECEIVING else CaseUploadStage.NONE
    if upload_state == UploadState.SENT:
        return CaseUploadStage.UPLOADED
    return CaseUploadStage(upload_state)


@dataclass(frozen=True)
class TransferFigures:
    done: int
    total: int
    bytes_per_second: float | None
    seconds_left: float | None


def transfer_figures(done: int, total: int, moved_since_start: int, elapsed_seconds: float) -> TransferFigures:
    """MB done of total, the rate over this run of the transfer, and the time left at that rate."""
    rate = moved_since_start / elapsed_seconds if elapsed_seconds > 0 and moved_since_start > 0 else None
    left = (total - done) / rate if rate else None
    return TransferFigures(done, total, rate, left)
