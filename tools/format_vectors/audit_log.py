"""tests/vectors/audit-log/: the 9-event vector chain (docs/formats/audit-log.md), written by
AuditChain and write_jsonl, and the tampering examples the spec gives, with the verdicts."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assessment_app.security.audit_chain import AuditChain, AuditEvent, write_jsonl
from tools.format_vectors.common import json_file

CHAIN_FILE = "audit_chain_v1.jsonl"
START = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=8)))
ASSESSORS = ("DEMO-0001", "DEMO-0002")

# docs/formats/audit-log.md, "Verification": edits of the vector chain and what a verifier reports.
TAMPERED = [
    {"name": "event-5-data-edited", "edit": {"set_data": {"position": 5, "data": {"item": "adl_eating", "old": "2",
                                                                             "new": "3", "reason": "家属补充：需他人喂食"}}},
     "expect": {"reason": "hash_mismatch", "broken_at": 5}},
    {"name": "event-4-deleted", "edit": {"delete": 4}, "expect": {"reason": "previous_mismatch", "broken_at": 4}},
    {"name": "events-6-and-7-swapped", "edit": {"swap": [6, 7]},
     "expect": {"reason": "previous_mismatch", "broken_at": 6}},
    {"name": "forged-event-inserted-after-3", "edit": {"insert_forged_after": 3},
     "expect": {"reason": "previous_mismatch", "broken_at": 5}},
    {"name": "cut-after-6-against-the-signed-head", "edit": {"keep": 6, "expected_head": 8},
     "expect": {"reason": "truncated", "broken_at": 7}},
]


def build_vector_chain() -> list[AuditEvent]:
    """Two experts log in, record, answer, correct an answer with a reason, pause for privacy,
    and sign the head of the first 8 events."""
    chain = AuditChain()
    case, visit = "case-0001", "visit-0001"

    def at(seconds: int) -> dict:
        return {"wall_time": START + timedelta(seconds=seconds, milliseconds=250)}

    events = [
        chain.append("login", **at(0), actors=ASSESSORS[:1], data={"method": "passphrase"}),
        chain.append("login", **at(20), actors=ASSESSORS[1:], data={"method": "passphrase"}),
        chain.append("recording_started", **at(60), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=0, video_offset_ms=0, data={"segment": 1}),
        chain.append("answer_given", **at(150), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=90_000, video_offset_ms=90_000,
                     data={"item": "adl_eating", "new": "2"}),
        chain.append("answer_changed", **at(400), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=340_000, video_offset_ms=340_000,
                     data={"item": "adl_eating", "old": "2", "new": "1", "reason": "家属补充：需他人喂食"}),
        chain.append("recording_paused", **at(600), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=540_000, video_offset_ms=540_000, data={"reason": "privacy_bathing"}),
        chain.append("recording_resumed", **at(780), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=720_000, video_offset_ms=540_000, data={}),
        chain.append("recording_stopped", **at(1800), actors=ASSESSORS, case_id=case, visit_id=visit,
                     monotonic_ms=1_740_000, video_offset_ms=1_560_000, data={}),
    ]
    head = chain.head
    events.append(chain.append("signature", **at(1900), actors=ASSESSORS, case_id=case, visit_id=visit,
                               monotonic_ms=1_840_000,
                               data={"signed_head": {"count": head.count, "hash": head.hash}}))
    return events


def build(directory: Path) -> dict[str, bytes]:
    events = build_vector_chain()
    stream = io.BytesIO()
    write_jsonl(events, stream)
    return {CHAIN_FILE: stream.getvalue(),
            "expected.json": json_file({
                "format": "docs/formats/audit-log.md, version 1",
                "genesis_hash": events[0].previous_hash,
                "head": {"count": len(events), "hash": events[-1].hash},
                "signed_head": events[-1].data["signed_head"],
                "hashes": [event.hash for event in events],
                "tampered": TAMPERED})}
