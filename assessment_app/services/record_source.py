# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the reviewer's records are: one interface the 审核 page and its services speak to, with
two homes behind it. `LocalRecordSource` is the workstation's own database (imported bundles and
visits made here: single-workstation mode, as before); `RemoteRecordSource`
(services/remote_records.py) is the agency server's shared queue, reached through a reviewer's
signed-in desk connection. The review rules (queue filter, flags, decision page and its
signature) are the same functions in both: the local source calls the review services, the remote
one gets the server's results of the same domain rules and signs the decision here.

    source = LocalRecordSource(records, actor)            # or RemoteRecordSource(...)
    rows = source.queue(QueueFilter(review_status="pending"))
    view = source.record(rows[0].visit_id, "zh_CN")
    reader = source.recording(view.row.visit_id)          # frames decoded in memory only
    outcome = source.decide(visit_id, "approve", "", passphrase=…, now=…)
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Protocol

from assessment_app.domain.review_queue import QueueFilter
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.playback import RecordingReader
from assessment_app.services import review_decision, review_publicity, review_queue, review_record
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import DecisionOutcome, DecisionState
from assessment_app.services.review_queue import QueueRow, Sample
from assessment_app.services.review_record import RecordView


class RecordSource(Protocol):
    remote: bool  # the agency server's shared queue (claims, agency-wide sample and 公示)
    expert_key: str  # which attribute of an expert (services/experts.py) the expert filter takes

    def queue(self, filters: QueueFilter = QueueFilter()) -> list[QueueRow]: ...

    def record(self, visit_id: str, language: str = "zh_CN") -> RecordView: ...

    def recording(self, visit_id: str) -> RecordingReader:
        """The visit's video, decrypted in memory only; RecordingError no_recording without one."""

    def decision_state(self, visit_id: str) -> DecisionState: ...

    def decide(self, visit_id: str, decision: str, reason: str, *, passphrase: str,
               now: datetime.datetime) -> DecisionOutcome: ...

    def draw_sample(self, percent: float, seed: int, *, now: datetime.datetime,
                    filters: QueueFilter = QueueFilter()) -> Sample: ...

    def export_publicity(self, destination: Path, *, now: datetime.datetime, language: str = "zh_CN") -> int: ...

    def close(self) -> None: ...


class LocalRecordSource:
    """The workstation's own records, for the signed-in `actor`."""

    remote = False
    expert_key = "expert_id"

    def __init__(self, records: CaseRecords, actor):
        self.records, self.actor = records, actor

    def queue(self, filters: QueueFilter = QueueFilter()) -> list[QueueRow]:
        return review_queue.review_queue(self.records, filters, actor=self.actor)

    def record(self, visit_id: str, language: str = "zh_CN") -> RecordView:
        return review_record.record_view(self.records, visit_id, language, actor=self.actor)

    def recording(self, visit_id: str) -> RecordingReader:
        root = self.records.layout.recordings
        if not (Path(root) / visit_id).is_dir():
            raise RecordingError("no_recording")
        return RecordingReader(Path(root), visit_id, self.records.data_key)

    def decision_state(self, visit_id: str) -> DecisionState:
        return review_decision.decision_state(self.records, visit_id, actor=self.actor)

    def decide(self, visit_id: str, decision: str, reason: str, *, passphrase: str,
               now: datetime.datetime) -> DecisionOutcome:
        return review_decision.decide(self.records, visit_id, decision, reason, actor=self.actor,
                                      passphrase=passphrase, now=now)

    def draw_sample(self, percent: float, seed: int, *, now: datetime.datetime,
                    filters: QueueFilter = QueueFilter()) -> Sample:
        return review_queue.draw_sample(self.records, percent, seed, actor=self.actor, now=now, filters=filters)

    def export_publicity(self, destination: Path, *, now: datetime.datetime, language: str = "zh_CN") -> int:
        return review_publicity.export_publicity(self.records, destination, actor=self.actor, now=now,
                                                 language=language)

    def close(self) -> None:
        pass
