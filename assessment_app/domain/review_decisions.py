# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's decisions on a signed record: the words the reviewer and the decision page use,
the values stored in reviews.decision (a check constraint in storage/models.py), which of them
close the case, and which need a reason (domain/reasons.py says how long).

Stored values are written into signed decision files: never rename one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from assessment_app.domain.reasons import ReasonKind, minimum_length

# The decision as the reviewer takes it -> the value stored in reviews.decision.
DECISIONS: Mapping[str, str] = MappingProxyType({"approve": "approved", "return": "returned",
                                                  "review": "recheck_ordered"})
REPORT_WORDS: Mapping[str, str] = MappingProxyType({stored: word for word, stored in DECISIONS.items()})
REVIEW_DECISIONS = tuple(DECISIONS.values())
# Approval ends the case; a 复核 ends it too and opens a new, linked review case. A returned
# record stays open: the experts correct it as a new version.
CASE_CLOSING_DECISIONS = frozenset({"approved", "recheck_ordered"})
_REASONS: Mapping[str, ReasonKind] = MappingProxyType({"return": ReasonKind.REVIEW_RETURN,
                                                       "review": ReasonKind.REVIEW_RECHECK})


def reason_kind(decision: str) -> ReasonKind | None:
    """The kind of reason a decision needs; None: a remark is optional (approval)."""
    return _REASONS.get(decision)


def reason_minimum(decision: str) -> int:
    kind = reason_kind(decision)
    return 0 if kind is None else minimum_length(kind)


def closes_case(stored_decision: str | None) -> bool:
    return stored_decision in CASE_CLOSING_DECISIONS
