# SPDX-License-Identifier: GPL-3.0-or-later
"""Review flags: what in a signed record deserves a reviewer's look (issue 9, item 9).

Pure rules over facts the services gather. A flag never blocks anything; it points the reviewer
at the record and says why. Thresholds are agency settings (ReviewFlagPolicy) with defaults
that follow the instrument:

- a visit shorter than `min_visit_minutes` for `reference_item_count` items (15 minutes for the
  17 items of 医保办发〔2021〕37号), scaled by the number of items of the record's form: asking
  or observing one item properly takes close to a minute with an elderly applicant;
- `max_answer_changes` or more changed answers (superseded rows) in one record;
- self-assessment and result apart by `grade_gap` or more grades;
- answers stamped while the recording was paused (the video cannot show how they were found);
- a 复评 too soon after the last grade (the intake's re-application rules, domain/reapplication.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from forms.model import Form, LocalizedText


class ReviewFlagCode(StrEnum):
    ANSWERED_WHILE_PAUSED = "answered_while_paused"
    SHORT_VISIT = "short_visit"
    MANY_CHANGES = "many_changes"
    SELF_ASSESSMENT_GAP = "self_assessment_gap"
    EARLY_REASSESSMENT = "early_reassessment"


# The agency settings that hold the policy (the laptop's settings table, the server's review_settings).
POLICY_SETTINGS = {
    "min_visit_minutes": "review.min_visit_minutes",
    "reference_item_count": "review.reference_item_count",
    "max_answer_changes": "review.max_answer_changes",
    "grade_gap": "review.grade_gap",
}


@dataclass(frozen=True)
class ReviewFlagPolicy:
    min_visit_minutes: int = 15
    reference_item_count: int = 17
    max_answer_changes: int = 5
    grade_gap: int = 2

    def __post_init__(self) -> None:
        for name in ("min_visit_minutes", "reference_item_count", "max_answer_changes", "grade_gap"):
            if getattr(self, name) < (0 if name == "min_visit_minutes" else 1):
                raise ValueError(f"{name} out of range: {getattr(self, name)}")

    def minimum_visit_seconds(self, item_count: int) -> int:
        return self.min_visit_minutes * 60 * item_count // self.reference_item_count


_MESSAGES = {
    ReviewFlagCode.ANSWERED_WHILE_PAUSED: LocalizedText(
        "录像暂停期间评定了 {count} 个项目：{items}",
        "{count} item(s) answered while the recording was paused: {items}"),
    ReviewFlagCode.SHORT_VISIT: LocalizedText(
        "评估用时 {minutes} 分钟，少于 {items} 个项目所需的 {minimum_minutes} 分钟",
        "The visit took {minutes} min, less than the {minimum_minutes} min {items} items need"),
    ReviewFlagCode.MANY_CHANGES: LocalizedText(
        "答案修改 {count} 次（提示阈值 {limit} 次）",
        "{count} answer changes (flagged from {limit})"),
    ReviewFlagCode.SELF_ASSESSMENT_GAP: LocalizedText(
        "自评等级与评估结果相差 {gap} 级",
        "Self-assessment and result differ by {gap} grades"),
    ReviewFlagCode.EARLY_REASSESSMENT: LocalizedText(
        "复评距上次评定过近：{detail}",
        "Reassessment soon after the last grade: {detail}"),
}


@dataclass(frozen=True)
class ReviewFlag:
    code: ReviewFlagCode
    detail: Mapping[str, object] = field(hash=False, default_factory=dict)

    def message(self, language: str = "zh_CN") -> str:
        detail = dict(self.detail)
        names = detail.pop("item_names", None)  # {language: "name, name"} when the caller knows the form
        if names:
            detail["items"] = names.get(language) or detail.get("items", "")
        return _MESSAGES[self.code].get(language).format(**detail)


@dataclass(frozen=True)
class PausedSpan:
    start_ms: int
    end_ms: int | None  # None: never resumed


@dataclass(frozen=True)
class VisitFacts:
    """What the rules look at, gathered from one record."""

    item_count: int
    duration_seconds: int | None  # None: the visit has no start or end time
    answer_offsets: Sequence[tuple[str, int | None]]  # current answers: (item id, video offset)
    pauses: Sequence[PausedSpan]
    answer_changes: int
    self_grade: int | None
    result_grade: int | None
    reapplication_messages: Sequence[str] = ()  # intake flags, already worded


@dataclass(frozen=True)
class AnswerStamp:
    """One row of a record's answer history, as both stores keep it."""

    item_id: str
    video_offset_ms: int | None
    wall_time: str | None
    superseded: bool


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def visit_duration_seconds(started_at: str | None, ended_at: str | None, signed_at: str | None,
                           answers: Iterable[AnswerStamp]) -> int | None:
    """Start to end of the visit; the end is the workflow's end, else the signature, else the last
    answer. None without a start or any end."""
    last_answer = max((answer.wall_time for answer in answers if answer.wall_time), default=None)
    end = ended_at or signed_at or last_answer
    if not started_at or not end:
        return None
    return int((_moment(end) - _moment(started_at)).total_seconds())


def visit_facts(*, item_count: int, started_at: str | None, ended_at: str | None, signed_at: str | None,
                answers: Sequence[AnswerStamp], recording_events: Iterable[tuple[str, int | None]],
                self_grade: int | None, result_grade: int | None,
                reapplication_messages: Sequence[str] = ()) -> VisitFacts:
    """The facts the rules look at, from a record's rows (the laptop's tables or a bundle's case.json)."""
    return VisitFacts(
        item_count=item_count, duration_seconds=visit_duration_seconds(started_at, ended_at, signed_at, answers),
        answer_offsets=[(answer.item_id, answer.video_offset_ms) for answer in answers if not answer.superseded],
        pauses=paused_spans(recording_events), answer_changes=sum(1 for answer in answers if answer.superseded),
        self_grade=self_grade, result_grade=result_grade, reapplication_messages=tuple(reapplication_messages))


def with_item_names(flag: ReviewFlag, form: Form) -> ReviewFlag:
    """The flag with the items it names spelled out in both languages (for its message)."""
    if flag.code != ReviewFlagCode.ANSWERED_WHILE_PAUSED:
        return flag
    ids = str(flag.detail["items"]).split(", ")
    names = {language: "、".join(form.items_by_id[item].name.get(language) for item in ids if item in form.items_by_id)
             for language in ("zh_CN", "en")}
    return ReviewFlag(flag.code, {**flag.detail, "item_names": names})


def paused_spans(events: Iterable[tuple[str, int | None]]) -> list[PausedSpan]:
    """Pauses from (kind, video offset) recording events in order: paused … resumed/stopped."""
    spans, opened = [], None
    for kind, offset in events:
        if offset is None:
            continue
        if kind == "paused" and opened is None:
            opened = offset
        elif kind in ("resumed", "stopped", "disk_stop") and opened is not None:
            spans.append(PausedSpan(opened, offset))
            opened = None
    if opened is not None:
        spans.append(PausedSpan(opened, None))
    return spans


def answered_while_paused(answer_offsets: Iterable[tuple[str, int | None]], pauses: Sequence[PausedSpan]) -> list[str]:
    return [item for item, offset in answer_offsets if offset is not None and any(
        span.start_ms <= offset and (span.end_ms is None or offset < span.end_ms) for span in pauses)]


def review_flags(facts: VisitFacts, policy: ReviewFlagPolicy = ReviewFlagPolicy()) -> tuple[ReviewFlag, ...]:
    flags = []
    paused = answered_while_paused(facts.answer_offsets, facts.pauses)
    if paused:
        flags.append(ReviewFlag(ReviewFlagCode.ANSWERED_WHILE_PAUSED, {"count": len(paused), "items": ", ".join(paused)}))
    minimum = policy.minimum_visit_seconds(facts.item_count)
    if facts.duration_seconds is not None and facts.duration_seconds < minimum:
        flags.append(ReviewFlag(ReviewFlagCode.SHORT_VISIT, {
            "minutes": facts.duration_seconds // 60, "minimum_minutes": -(-minimum // 60), "items": facts.item_count}))
    if facts.answer_changes >= policy.max_answer_changes:
        flags.append(ReviewFlag(ReviewFlagCode.MANY_CHANGES,
                                {"count": facts.answer_changes, "limit": policy.max_answer_changes}))
    if None not in (facts.self_grade, facts.result_grade) and abs(facts.self_grade - facts.result_grade) >= policy.grade_gap:
        flags.append(ReviewFlag(ReviewFlagCode.SELF_ASSESSMENT_GAP, {"gap": abs(facts.self_grade - facts.result_grade)}))
    if facts.reapplication_messages:
        flags.append(ReviewFlag(ReviewFlagCode.EARLY_REASSESSMENT, {"detail": "；".join(facts.reapplication_messages)}))
    return tuple(flags)
