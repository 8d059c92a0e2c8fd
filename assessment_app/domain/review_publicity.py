# SPDX-License-Identifier: GPL-3.0-or-later
"""The 公示 list: who was assessed with which grade, shown publicly with name and ID number masked.

Masking follows common public-notice practice (e.g. 王*英, 1101**********123X): the surname
and the last character of the given name stay, the rest is starred; the ID keeps its first and
last four characters (domain/resident_id.mask_resident_id), so neighbours can recognise an entry
while strangers learn nothing they could use.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from assessment_app.domain.resident_id import mask_resident_id

COLUMNS_ZH = ("序号", "姓名", "身份证号", "评估等级", "审核日期")
COLUMNS_EN = ("No.", "Name", "ID number", "Grade", "Decision date")


def mask_name(name: str) -> str:
    """王英 -> 王*, 王小英 -> 王*英, 欧阳小英 -> 欧**英; one character stays as it is starred."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class PublicityEntry:
    name_masked: str
    resident_id_masked: str
    grade_label: str
    decided_on: str  # YYYY-MM-DD

    @classmethod
    def of(cls, name: str, resident_id: str, grade_label: str, decided_on: str) -> "PublicityEntry":
        return cls(mask_name(name), mask_resident_id(resident_id), grade_label, decided_on)


@dataclass(frozen=True)
class DecidedRecord:
    """A decision as the 公示 rule sees it; `decided_at` is the stored UTC timestamp."""

    visit_id: str
    review_id: str
    decision: str
    decided_at: str


def publicity_selection(decisions: Iterable[DecidedRecord], *, since: datetime.date | None = None,
                        until: datetime.date | None = None) -> list[DecidedRecord]:
    """The records to publish: each visit's newest decision (by time, then review id), when it is
    an approval decided within [since, until] (UTC day of the decision); oldest first."""
    newest: dict[str, DecidedRecord] = {}
    for decided in sorted(decisions, key=lambda entry: (entry.decided_at, entry.review_id)):
        newest[decided.visit_id] = decided
    chosen = []
    for decided in newest.values():
        day = decided.decided_at[:10]
        if decided.decision != "approved" or (since and day < since.isoformat()) or (until and day > until.isoformat()):
            continue
        chosen.append(decided)
    return chosen
