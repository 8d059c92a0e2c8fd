"""The laptop pulls the agency's decisions on the cases it uploaded: each signed decision file is
fetched into memory (never written), applied by the same import a file from a USB stick goes
through (services/review_decision.import_decision_bytes: the reviewer's signature, the agency's
CA and revocation lists, the reviewer role in the held package, the record hash this laptop
signed), and only then acknowledged, so a decision is never marked delivered without being
applied. A 复核 order opens the linked review case on the laptop, as the import does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from assessment_app.agency.review_client import ReviewClient
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.review_decision import ImportedDecision, ReviewError, import_decision_bytes


@dataclass
class PullResult:
    applied: list[ImportedDecision] = field(default_factory=list)
    already_here: list[str] = field(default_factory=list)  # review ids imported before (acknowledged now)
    refused: list[tuple[str, str, object]] = field(default_factory=list)  # (review id, reason, detail): kept for later


def pull_decisions(client: ReviewClient, records: CaseRecords, *, actor, now: datetime.datetime) -> PullResult:
    """Each decision for this laptop's cases, imported by the signed-in `actor` who may import
    decisions, then acknowledged; one the laptop refuses stays on the server, listed again."""
    result = PullResult()
    for entry in client.decisions():
        pdf = client.decision_file(entry["review_id"])
        try:
            result.applied.append(import_decision_bytes(records, pdf, actor=actor, now=now))
        except ReviewError as error:
            if error.reason != "decision_already_imported":
                result.refused.append((entry["review_id"], error.reason, error.detail))
                continue
            result.already_here.append(entry["review_id"])
        client.delivered(entry["review_id"])
    return result
