# SPDX-License-Identifier: GPL-3.0-or-later
"""Checkpoints of the station audit chain, kept outside the database so that a cut tail shows.

The chain's hashes prove only that nothing changed before its head; whoever deletes the last
events of the station chain (with the data key, say) leaves a shorter chain that verifies. A
checkpoint says how long the chain was and what its head was, with a counter that grows with
every update, so a checkpoint kept elsewhere turns "cut" into "detected":

    checkpoint = {"format", "version", "chain", "origin", "counter", "count", "head", "at"}
    mac        = hex(HMAC-SHA256(anchor key, "ltc-assess audit anchor v1\\n" || canonical(checkpoint)))

`origin` is the hash of the chain's first event (it names the chain, whatever the data
directory is called), `count`/`head` its length and last hash, `counter` the number of updates
so far (it keeps growing across a restore, when `count` goes back), `at` the wall clock. The
anchor key is derived from the data key (security/subkeys.py): the MAC stops an edited anchor
file, not an attacker who also holds the data key and rewrites the anchor as well; against that
one, the checkpoints that left the machine (in every backup and every exported bundle, where the
two experts' signature covers them) bound what can be rewritten. Spec: docs/formats/audit-log.md.
Pure: storage and time are the caller's (storage/anchor_store.py, services/audit_anchoring.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from assessment_app.errors import AppError
from forms.canonical import canonical_json_bytes

FORMAT = "ltc-assess-audit-anchor"
VERSION = 1
MAC_CONTEXT = b"ltc-assess audit anchor v1\n"
_HEX = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"format", "version", "chain", "origin", "counter", "count", "head", "at"}


class AnchorInvalid(AppError, ValueError):
    """reason malformed (not a checkpoint of this format) or bad_mac (altered, or made under another
    data key)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason + (f" ({detail})" if detail else ""))
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    origin: str  # hash of event 1
    counter: int
    count: int
    head: str
    at: str  # audit_chain.format_wall_time

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "chain": self.chain, "origin": self.origin,
                "counter": self.counter, "count": self.count, "head": self.head, "at": self.at}


def seal(checkpoint: Checkpoint, key: bytes) -> dict[str, Any]:
    """The checkpoint with its MAC: what is stored and what backups and bundles carry."""
    return {**checkpoint.body(), "mac": _mac(checkpoint.body(), key)}


def unseal(document: object, key: bytes) -> Checkpoint:
    """The checkpoint of a sealed document, or AnchorInvalid."""
    checkpoint = parse(document)
    if not hmac.compare_digest(str(document.get("mac", "")), _mac(checkpoint.body(), key)):
        raise AnchorInvalid("bad_mac")
    return checkpoint


def parse(document: object) -> Checkpoint:
    """The checkpoint's values, checked for shape only (no MAC): for a reader without the key,
    such as the agency reading a bundle's manifest, whose signature vouches for it instead."""
    if not isinstance(document, dict) or not _FIELDS <= set(document) or not set(document) <= _FIELDS | {"mac"}:
        raise AnchorInvalid("malformed", "keys")
    if document["format"] != FORMAT or document["version"] != VERSION:
        raise AnchorInvalid("malformed", "format")
    for name in ("counter", "count"):
        if type(document[name]) is not int or document[name] < 0:
            raise AnchorInvalid("malformed", name)
    for name in ("origin", "head"):
        if not isinstance(document[name], str) or not _HEX.fullmatch(document[name]):
            raise AnchorInvalid("malformed", name)
    if not isinstance(document["chain"], str) or not isinstance(document["at"], str):
        raise AnchorInvalid("malformed", "chain")
    return Checkpoint(document["chain"], document["origin"], document["counter"], document["count"],
                      document["head"], document["at"])


def _mac(body: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, MAC_CONTEXT + canonical_json_bytes(body), hashlib.sha256).hexdigest()
