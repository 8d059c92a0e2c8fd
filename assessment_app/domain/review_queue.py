# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's queue: review statuses and what a filter means. One definition for the laptop's
queue (services/review_queue.py, filtered in Python) and the agency server's shared queue
(agency/review_queue.py, the same filter as SQL; tests/agency/test_review_queue.py checks that
both select the same records)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PENDING = "pending"
REVIEW_STATUSES = (PENDING, "approved", "returned", "recheck_ordered")
ANY_FLAG = "any"


@dataclass(frozen=True)
class QueueFilter:
    """Combined with AND; None means any. `flag` is a ReviewFlagCode value or "any"."""

    review_status: str | None = None
    expert_id: str | None = None  # either of the record's two experts
    grade_code: int | None = None
    flag: str | None = None

    def used(self) -> dict[str, object]:
        return {key: value for key, value in vars(self).items() if value is not None}


def matches(filters: QueueFilter, *, review_status: str, expert_ids: Iterable[str], grade_code: int | None,
            flag_codes: Iterable[str]) -> bool:
    if filters.review_status is not None and review_status != filters.review_status:
        return False
    if filters.expert_id is not None and filters.expert_id not in tuple(expert_ids):
        return False
    if filters.grade_code is not None and grade_code != filters.grade_code:
        return False
    codes = tuple(flag_codes)
    if filters.flag == ANY_FLAG:
        return bool(codes)
    return filters.flag is None or filters.flag in codes
