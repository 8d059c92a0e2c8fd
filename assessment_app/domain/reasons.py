# SPDX-License-Identifier: GPL-3.0-or-later
"""How much someone must write when they explain themselves: the one home of every reason's
length rule. The services check a reason with `reason_text`; the screens that ask for one show
and enforce the same `minimum_length`, so what the dialog accepts is what the service keeps.

A refusal is a FieldError naming the field the message catalogue words (reason,
correction_reason, discrepancy) with `empty`, `too_short` (detail: the minimum) or `too_long`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from assessment_app.domain.errors import FieldError


class ReasonKind(StrEnum):
    ANSWER_CHANGE = "answer_change"  # an answer changed during the visit
    DIFFERENCE_RESOLUTION = "difference_resolution"  # dual entry: why the agreed answer
    WARNING_CONFIRMATION = "warning_confirmation"  # a plausibility warning whose answers stand
    RECORDING_REFUSAL = "recording_refusal"  # the applicant or family refuse the recording
    IDENTITY_DISCREPANCY = "identity_discrepancy"  # how the person differs from the ID card
    RECORD_CORRECTION = "record_correction"  # a new version of a signed record
    REVIEW_RETURN = "review_return"  # the reviewer returns the record to the experts
    REVIEW_RECHECK = "review_recheck"  # the reviewer orders a 复核


@dataclass(frozen=True)
class ReasonRule:
    field: str  # the field a refusal names
    minimum: int  # characters after stripping white space
    maximum: int | None


RULES: Mapping[ReasonKind, ReasonRule] = MappingProxyType({
    # "笔误" is enough to explain a changed answer during the visit; blank is not.
    ReasonKind.ANSWER_CHANGE: ReasonRule("reason", 2, 500),
    ReasonKind.DIFFERENCE_RESOLUTION: ReasonRule("reason", 2, 500),
    ReasonKind.RECORDING_REFUSAL: ReasonRule("reason", 2, 500),
    # The reviewer reads why implausible answers stand: "已核实" says nothing of what was checked.
    ReasonKind.WARNING_CONFIRMATION: ReasonRule("reason", 4, 500),
    ReasonKind.IDENTITY_DISCREPANCY: ReasonRule("discrepancy", 1, 500),
    # "改错" is too little to explain a correction of a signed record to a reviewer.
    ReasonKind.RECORD_CORRECTION: ReasonRule("correction_reason", 4, None),
    # The experts must learn what to correct, the applicant why a 复核 was ordered.
    ReasonKind.REVIEW_RETURN: ReasonRule("reason", 1, None),
    ReasonKind.REVIEW_RECHECK: ReasonRule("reason", 1, None),
})


def minimum_length(kind: ReasonKind) -> int:
    return RULES[kind].minimum


def is_long_enough(kind: ReasonKind, text: str | None) -> bool:
    return len((text or "").strip()) >= RULES[kind].minimum


def reason_text(kind: ReasonKind, text: str | None) -> str:
    """The stripped reason, or FieldError (empty / too_short / too_long) on the kind's field."""
    rule = RULES[kind]
    value = (text or "").strip()
    if not value:
        raise FieldError(rule.field, "empty")
    if len(value) < rule.minimum:
        raise FieldError(rule.field, "too_short", rule.minimum)
    if rule.maximum is not None and len(value) > rule.maximum:
        raise FieldError(rule.field, "too_long", rule.maximum)
    return value
