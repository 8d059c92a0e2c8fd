# SPDX-License-Identifier: GPL-3.0-or-later
"""An audit chain in its file form (JSONL), verified as docs/formats/audit-log.md says:
"Hash chain" and "Verification" (the checks in their order, the first failure named); and the
station chain's anchor, a checkpoint sealed with an HMAC under a key derived from the data key."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.unit.formats.readers.chunked import Damaged

GENESIS = hashlib.sha256(b"ltc-assess audit v1").hexdigest()
KEYS = {"sequence", "kind", "wall_time", "monotonic_ms", "actors", "case_id", "visit_id", "video_offset_ms",
        "data", "previous_hash", "hash"}


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(previous_hash: str, event: dict) -> str:
    body = {key: value for key, value in event.items() if key != "hash"}
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical(body)).hexdigest()


def read_lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def verify(events: list[dict], expected_head: tuple[int, str] | None = None) -> tuple[str | None, int | None]:
    """(reason, broken_at), or (None, None) for an intact chain."""
    previous = GENESIS
    for position, event in enumerate(events, start=1):
        if set(event) != KEYS:
            return "malformed", position
        if event_hash(event["previous_hash"], event) != event["hash"]:
            return "hash_mismatch", position
        if event["previous_hash"] != previous:
            return "previous_mismatch", position
        if event["sequence"] > position:
            later = any(other["sequence"] == position for other in events[position:])
            return ("sequence_order" if later else "sequence_gap"), position
        if event["sequence"] < position:
            return "sequence_order", position
        previous = event["hash"]
    if expected_head is not None:
        count, head_hash = expected_head
        if len(events) < count:
            return "truncated", len(events) + 1
        if events[count - 1]["hash"] != head_hash:
            return "head_mismatch", count
    return None, None


# --- "The station chain's anchor" ---------------------------------------------------------------

ANCHOR_KEYS = {"format", "version", "chain", "origin", "counter", "count", "head", "at"}
_HEX64 = re.compile(r"[0-9a-f]{64}")


def anchor_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ltc-assess/v1/audit-anchor").derive(data_key)


def anchor_mac(checkpoint: dict, key: bytes) -> str:
    body = {name: value for name, value in checkpoint.items() if name != "mac"}
    return hmac.new(key, b"ltc-assess audit anchor v1\n" + canonical(body), hashlib.sha256).hexdigest()


def read_checkpoint(document: dict, key: bytes) -> tuple[int, str]:
    """(count, head) of a sealed checkpoint, or Damaged("malformed" | "bad_mac")."""
    if not ANCHOR_KEYS <= set(document) <= ANCHOR_KEYS | {"mac"}:
        raise Damaged("malformed")
    if (document["format"], document["version"]) != ("ltc-assess-audit-anchor", 1):
        raise Damaged("malformed")
    if not all(type(document[name]) is int and document[name] >= 0 for name in ("counter", "count")):
        raise Damaged("malformed")
    if not all(isinstance(document[name], str) and _HEX64.fullmatch(document[name]) for name in ("origin", "head")):
        raise Damaged("malformed")
    if not hmac.compare_digest(str(document.get("mac", "")), anchor_mac(document, key)):
        raise Damaged("bad_mac")
    return document["count"], document["head"]
