# SPDX-License-Identifier: GPL-3.0-or-later
"""What the reviewer sees of one record: answers with the scoring trace, the self-assessment
comparison, every change of an answer, the recording events, the flags and the chapters of the
video (each item at the moment it was assessed). For a signed-in actor who may review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from assessment_app.domain.review_flags import ReviewFlag
from assessment_app.domain.roles import Permission
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_queue import QueueRow, flag_policy, queue_row, visit_flags
from assessment_app.services.self_assessment import SelfAssessmentComparison, comparison_in
from assessment_app.storage.models import Answer, Expert, RecordingEvent, Visit
from assessment_app.storage.unit_of_work import unit_of_work
from forms import default_registry


@dataclass(frozen=True)
class AnswerLine:
    item_id: str
    item_label: str
    option_id: str
    option_label: str
    score: int
    video_offset_ms: int | None
    wall_time: str
    answered_by: str


@dataclass(frozen=True)
class AnswerChange:
    item_id: str
    item_label: str
    old_option: str
    new_option: str
    reason: str | None
    wall_time: str
    changed_by: str


@dataclass(frozen=True)
class RecordingLine:
    kind: str
    reason_code: str | None
    text: str | None
    video_offset_ms: int | None
    wall_time: str


@dataclass(frozen=True)
class RecordView:
    row: QueueRow
    answers: tuple[AnswerLine, ...]
    result: dict[str, Any]  # ScoreResult.to_dict() as stored at signing: dimensions, grade, trace
    comparison: SelfAssessmentComparison | None
    changes: tuple[AnswerChange, ...]
    recording_events: tuple[RecordingLine, ...]
    flags: tuple[ReviewFlag, ...]

    def chapters(self) -> list[tuple[str, int]]:
        """(item label, video offset) of every answer with a moment in the video, in visit order."""
        marked = [line for line in self.answers if line.video_offset_ms is not None]
        return [(line.item_label, line.video_offset_ms) for line in sorted(marked, key=lambda l: l.video_offset_ms)]


def record_view(records: CaseRecords, visit_id: str, language: str = "zh_CN", *, actor) -> RecordView:
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.REVIEW)
        row = queue_row(session, records, visit_id)
        visit = session.get(Visit, visit_id)
        form = default_registry().get(visit.form_id, visit.form_version)
        names = {expert.id: expert.name for expert in session.scalars(select(Expert))}
        rows = list(session.scalars(select(Answer).where(Answer.visit_id == visit_id).order_by(Answer.id)))
        by_id = {answer.id: answer for answer in rows}
        result = json.loads(visit.result_json) if visit.result_json else {}
        flags = visit_flags(records, session, visit, flag_policy(session))
        events = tuple(RecordingLine(event.kind, event.reason_code, event.text, event.video_offset_ms, event.wall_time)
                       for event in session.scalars(select(RecordingEvent).where(RecordingEvent.visit_id == visit_id)
                                                    .order_by(RecordingEvent.id)))
        comparison = comparison_in(session, row.case_id, form)

    def option_label(item_id: str, option_id: str) -> str:
        item = form.items_by_id[item_id]
        return next((option.text.get(language) for option in item.options if option.id == option_id), option_id)

    answers = []
    for item in form.items:
        current = next((a for a in rows if a.item_id == item.id and a.superseded_by is None), None)
        if current is None:
            continue
        score = next((option.score for option in item.options if option.id == current.option_id), 0)
        answers.append(AnswerLine(item.id, item.name.get(language), current.option_id,
                                  option_label(item.id, current.option_id), score, current.video_offset_ms,
                                  current.wall_time, names.get(current.answered_by, current.answered_by)))
    changes = tuple(
        AnswerChange(old.item_id, form.items_by_id[old.item_id].name.get(language), old.option_id,
                     by_id[old.superseded_by].option_id, by_id[old.superseded_by].reason,
                     by_id[old.superseded_by].wall_time,
                     names.get(by_id[old.superseded_by].answered_by, by_id[old.superseded_by].answered_by))
        for old in rows if old.superseded_by is not None and old.superseded_by in by_id)
    return RecordView(row, tuple(answers), result, comparison, changes, events, flags)
