# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/audit-log/: the 9-event vector chain (docs/formats/audit-log.md), written by
AuditChain and write_jsonl, and the tampering examples the spec gives, with the verdicts; and a
sealed checkpoint of that chain (the station chain's anchor, security/audit_anchor.seal), with
damaged copies and chains it must catch."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assessment_app.security.audit_anchor import MAC_CONTEXT, AnchorInvalid, Checkpoint, seal, unseal
from assessment_app.security.audit_chain import AuditChain, AuditEvent, ChainHead, verify_chain, write_jsonl
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey
from forms.canonical import canonical_json_bytes
from tools.format_vectors.common import json_file

CHAIN_FILE = "audit_chain_v1.jsonl"
ANCHOR_FILE = "anchor.json"
DATA_KEY = bytes(range(32))
ANCHOR_COUNTER, ANCHOR_AT = 42, "2025-03-01T08:00:00.000Z"
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


# Copies of the sealed checkpoint that fail (AnchorInvalid.reason); edits: `set` keys, `remove` a key,
# or another data key to check the MAC with.
DAMAGED_ANCHORS = [
    {"name": "counter-raised", "set": {"counter": ANCHOR_COUNTER + 1}, "expect": "bad_mac"},
    {"name": "count-lowered-to-hide-a-cut", "set": {"count": 6}, "expect": "bad_mac"},
    {"name": "other-data-key", "data_key": bytes(range(1, 33)).hex(), "expect": "bad_mac"},
    {"name": "mac-removed", "remove": "mac", "expect": "bad_mac"},
    {"name": "unknown-key", "set": {"note": "x"}, "expect": "malformed"},
    {"name": "version-2", "set": {"version": 2}, "expect": "malformed"},
    {"name": "head-not-hex", "set": {"head": "003A22F7" + "0" * 56}, "expect": "malformed"},
]
# The vector chain, changed, against the checkpoint (count 9, head of event 9): what `audit verify
# --chain station` reports. Edits: `keep` the first N events; `rewrite_from` N: event N gets
# `data` and it and every later event are hashed again (a chain rebuilt by someone with the key).
AGAINST_THE_CHAIN = [
    {"name": "intact", "edit": {}, "expect": {"reason": None, "broken_at": None}},
    {"name": "tail-cut-after-6", "edit": {"keep": 6}, "expect": {"reason": "truncated", "broken_at": 7}},
    {"name": "event-9-rewritten", "edit": {"rewrite_from": 9, "data": {"signed_head": {"count": 7, "hash": "0" * 64}}},
     "expect": {"reason": "head_mismatch", "broken_at": 9}},
    {"name": "event-5-rewritten", "edit": {"rewrite_from": 5, "data": {"item": "adl_eating", "old": "2", "new": "3",
                                                                       "reason": "家属补充：需他人喂食"}},
     "expect": {"reason": "head_mismatch", "broken_at": 9}},
]


def _anchor(events: list[AuditEvent]) -> dict:
    key = derive_subkey(DATA_KEY, AUDIT_ANCHOR)
    checkpoint = Checkpoint("station", events[0].hash, ANCHOR_COUNTER, len(events), events[-1].hash, ANCHOR_AT)
    sealed = seal(checkpoint, key)
    for damaged in DAMAGED_ANCHORS:  # the generator refuses to write a verdict the code does not give
        copy = {name: value for name, value in {**sealed, **damaged.get("set", {})}.items()
                if name != damaged.get("remove")}
        other = derive_subkey(bytes.fromhex(damaged["data_key"]), AUDIT_ANCHOR) if "data_key" in damaged else key
        try:
            unseal(copy, other)
            raise AssertionError(damaged["name"])
        except AnchorInvalid as error:
            assert error.reason == damaged["expect"], (damaged["name"], error.reason)
    for case in AGAINST_THE_CHAIN:
        result = verify_chain(_changed(events, case["edit"]), ChainHead(checkpoint.count, checkpoint.head))
        assert {"reason": result.reason, "broken_at": result.broken_at} == case["expect"], case["name"]
    return {"format": "docs/formats/audit-log.md, the station chain's anchor, version 1",
            "chain": CHAIN_FILE, "data_key": DATA_KEY.hex(), "anchor_key": key.hex(),
            "mac_message": (MAC_CONTEXT + canonical_json_bytes(checkpoint.body())).decode("utf-8"),
            "sealed": sealed, "damaged": DAMAGED_ANCHORS, "against_the_chain": AGAINST_THE_CHAIN}


def _changed(events: list[AuditEvent], edit: dict) -> list[AuditEvent]:
    if "keep" in edit:
        return events[:edit["keep"]]
    if "rewrite_from" not in edit:
        return events
    chain = AuditChain()
    changed = []
    for event in events:
        data = edit["data"] if event.sequence == edit["rewrite_from"] else event.data
        wall_time = datetime.fromisoformat(event.wall_time.replace("Z", "+00:00"))
        changed.append(chain.append(event.kind, wall_time=wall_time, actors=event.actors, case_id=event.case_id,
                                    visit_id=event.visit_id, monotonic_ms=event.monotonic_ms,
                                    video_offset_ms=event.video_offset_ms, data=data))
    return changed


def build(directory: Path) -> dict[str, bytes]:
    events = build_vector_chain()
    stream = io.BytesIO()
    write_jsonl(events, stream)
    return {CHAIN_FILE: stream.getvalue(), ANCHOR_FILE: json_file(_anchor(events)),
            "expected.json": json_file({
                "format": "docs/formats/audit-log.md, version 1",
                "genesis_hash": events[0].previous_hash,
                "head": {"count": len(events), "hash": events[-1].hash},
                "signed_head": events[-1].data["signed_head"],
                "hashes": [event.hash for event in events],
                "tampered": TAMPERED})}
