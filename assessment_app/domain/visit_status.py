# SPDX-License-Identifier: GPL-3.0-or-later
"""The statuses of an assessment record (one version of a case's visit) and which of them are
locked. Stored in visits.status (a check constraint in storage/models.py) and written into
bundles: never rename one.

A record is locked once both experts signed it: its answers are closed (a database trigger) and
any change is a new version with author and reason (design §2.5), made only from the newest
version, once it is locked.
"""

from __future__ import annotations

from enum import StrEnum


class VisitStatus(StrEnum):
    DRAFT = "draft"  # a correction being made, or a visit that ended with an outcome
    IN_VISIT = "in_visit"
    SIGNED = "signed"
    EXPORTED = "exported"


VISIT_STATUSES = tuple(status.value for status in VisitStatus)
LOCKED_VISIT_STATUSES = (VisitStatus.SIGNED.value, VisitStatus.EXPORTED.value)


def is_locked(status: str | None) -> bool:
    return status in LOCKED_VISIT_STATUSES


def may_be_corrected(newest_status: str | None) -> bool:
    """A correction starts from the newest version of the record, and only once it is locked."""
    return is_locked(newest_status)
