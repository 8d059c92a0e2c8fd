# SPDX-License-Identifier: GPL-3.0-or-later
"""The station chain, anchored: every committed station event moves a checkpoint kept outside the
database (storage/anchor_store.py), so deleting the chain's tail, or putting an older database
back, is detected by `verify_station_chain` (`ltc-assess audit verify --chain station`, exit 1).

How it hooks in: CaseRecords registers its StationAnchor for its engine when it opens; every
append to the station chain (services/audit_log.append_event) marks the session; after the
session commits, the checkpoint advances to the committed head. Only a commit moves it, so a
rolled-back use case leaves no trace, and a crash between commit and anchor leaves the anchor
behind the chain (still a prefix: nothing is flagged, the next event catches up). A failed write
(a full disk) is logged and leaves the anchor behind too, the one direction that is harmless.
The anchor only moves over a chain that still holds the anchored head: after a cut, the events
that follow (every sign-in, every `audit verify` adds some) never carry it past the cut.

A data directory is anchored when it is first opened by this version (a new one at creation):
an `audit_anchored` station event, whose commit writes the first checkpoint. From then on the
chain itself says it must have an anchor, and an anchor that went missing is reported, never
silently made again. A restore
(services/backups.py) is the one legitimate way back: an audited `backup_restored` event that
moves the anchor to the restored chain, saying what it replaced.
"""

from __future__ import annotations

import enum
import logging
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from keyring.backend import KeyringBackend
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from assessment_app.security.audit_anchor import Checkpoint
from assessment_app.security.audit_chain import ChainHead, ChainVerification, format_wall_time
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey
from assessment_app.storage.anchor_store import AnchorReading, AnchorStore
from assessment_app.storage.security_models import STATION_CHAIN, AuditRecord
from assessment_app.storage.unit_of_work import unit_of_work

_log = logging.getLogger(__name__)
_STATION_HEAD = "ltc_station_head"  # session.info: the station head this transaction wrote
_REBASE = "ltc_station_rebase"  # session.info: a restore moves the anchor back on purpose (the counter floor)
_STARTED = "ltc_station_anchor_started"  # session.info: this transaction wrote the audit_anchored event
ANCHORED_KIND, RESTORED_KIND = "audit_anchored", "backup_restored"


class AnchorState(enum.Enum):
    ACTIVE = "active"  # an anchor exists and verifies
    NOT_STARTED = "not_started"  # no anchor, and the chain never had one: opening the records starts it
    MISSING = "missing"  # no anchor, but the chain says it had one: deleted
    INVALID = "invalid"  # a copy exists but its MAC fails: altered, or made under another key


@dataclass
class StationAnchor:
    store: AnchorStore
    state: AnchorState
    problems: tuple[tuple[str, str], ...] = ()


_ANCHORS: "weakref.WeakKeyDictionary[Engine, StationAnchor]" = weakref.WeakKeyDictionary()


def attach_station_anchor(engine: Engine, data_dir, data_key: bytes,
                          keyring_backend: KeyringBackend | None = None) -> StationAnchor:
    """Called by case_records when the records open: from now on station events are anchored."""
    store = AnchorStore(data_dir, derive_subkey(data_key, AUDIT_ANCHOR), keyring_backend)
    anchor = StationAnchor(store, AnchorState.NOT_STARTED)
    _refresh_state(engine, anchor, store.read())
    _ANCHORS[engine] = anchor
    if anchor.state is AnchorState.NOT_STARTED:
        _start(engine)
    return anchor


def _start(engine: Engine) -> None:
    from assessment_app.services.audit_log import append_event, chain_head

    with unit_of_work(engine) as session:
        session.info[_STARTED] = True
        before = chain_head(session, STATION_CHAIN)
        append_event(session, STATION_CHAIN, ANCHORED_KIND, wall_time=datetime.now(timezone.utc),
                     data={"reason": "new_data_directory" if before.count == 0 else "existing_chain",
                           "events_before": before.count})


def station_anchor(engine: Engine) -> StationAnchor | None:
    return _ANCHORS.get(engine)


def after_station_event(session: Session, head: ChainHead, origin: str) -> None:
    session.info[_STATION_HEAD] = (head, origin)


def mark_rebase(session: Session, counter_floor: int) -> None:
    """This transaction puts the chain back (a restore): the anchor follows it when it commits,
    its counter above `counter_floor` (the counter of the anchor it replaces)."""
    session.info[_REBASE] = counter_floor


def current_checkpoint(engine: Engine) -> Checkpoint | None:
    anchor = _ANCHORS.get(engine)
    return None if anchor is None else anchor.store.read().checkpoint


def sealed_checkpoint(engine: Engine) -> dict[str, Any] | None:
    """The current checkpoint with its MAC, for a backup manifest or a bundle manifest."""
    anchor = _ANCHORS.get(engine)
    checkpoint = None if anchor is None else anchor.store.read().checkpoint
    return None if checkpoint is None else anchor.store.sealed(checkpoint)


@dataclass(frozen=True)
class StationVerification:
    """The chain checked from genesis and against the anchor. `reason` (when not ok) is the chain's
    own (hash_mismatch …), truncated / head_mismatch (the chain is shorter than, or differs from,
    what the anchor recorded: events were cut, or an older database was put back), anchor_missing
    or anchor_invalid."""

    chain: ChainVerification
    checkpoint: Checkpoint | None
    state: AnchorState
    restores: tuple[dict, ...]
    problems: tuple[tuple[str, str], ...]

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.state in (AnchorState.ACTIVE, AnchorState.NOT_STARTED)

    @property
    def reason(self) -> str | None:
        if not self.chain.ok:
            return self.chain.reason
        return None if self.ok else f"anchor_{self.state.value}"


def verify_station_chain(records, *, actor) -> StationVerification:
    """The station chain against its anchor, for an actor who may read the audit log."""
    from assessment_app.services.audit_log import stored_events_of_kind, verify_stored_chain

    anchor = _ANCHORS.get(records.engine)
    reading = anchor.store.read() if anchor is not None else AnchorReading(None)
    if anchor is not None:
        _refresh_state(records.engine, anchor, reading)
    checkpoint = reading.checkpoint
    expected = None if checkpoint is None else (checkpoint.count, checkpoint.head)
    chain = verify_stored_chain(records, STATION_CHAIN, expected, actor=actor)
    restores = tuple({**record["data"], "sequence": record["sequence"], "wall_time": record["wall_time"]}
                     for record in stored_events_of_kind(records, STATION_CHAIN, RESTORED_KIND))
    state = anchor.state if anchor is not None else AnchorState.NOT_STARTED
    return StationVerification(chain, checkpoint, state, restores, reading.problems)


# --- internals ----------------------------------------------------------------------------------

def _refresh_state(engine: Engine, anchor: StationAnchor, reading: AnchorReading) -> None:
    anchor.problems = reading.problems
    if reading.checkpoint is not None:
        anchor.state = AnchorState.ACTIVE
    elif reading.problems:
        anchor.state = AnchorState.INVALID
    else:
        with Session(engine) as session:
            started = session.scalar(select(AuditRecord.sequence).where(
                AuditRecord.chain == STATION_CHAIN, AuditRecord.kind == ANCHORED_KIND).limit(1))
        anchor.state = AnchorState.MISSING if started is not None else AnchorState.NOT_STARTED


def _holds(engine: Engine, checkpoint: Checkpoint) -> bool:
    """Whether the stored station chain still has the checkpoint's head at its count (the hash
    covers every event before it, so the whole anchored prefix is there)."""
    with Session(engine) as session:
        return session.scalar(select(AuditRecord.hash).where(
            AuditRecord.chain == STATION_CHAIN, AuditRecord.sequence == checkpoint.count)) == checkpoint.head


@event.listens_for(Session, "after_commit")
def _advance_after_commit(session: Session) -> None:
    marked = session.info.pop(_STATION_HEAD, None)
    rebase = session.info.pop(_REBASE, None)
    started = session.info.pop(_STARTED, False)
    if marked is None:
        return
    anchor = _ANCHORS.get(session.get_bind())
    if anchor is None:
        return
    head, origin = marked
    if started and anchor.state is AnchorState.NOT_STARTED:
        anchor.state = AnchorState.ACTIVE
    if anchor.state is not AnchorState.ACTIVE and rebase is None:
        return  # a missing or altered anchor stays as evidence until a restore puts the chain back
    try:
        stored = anchor.store.read().checkpoint
        if rebase is None and stored is not None and stored.count >= head.count:
            return  # another process anchored as far already
        if rebase is None and stored is not None and not _holds(session.get_bind(), stored):
            # The chain no longer holds the anchored head (its tail was cut, or an older database
            # was put back) and has grown past it since: moving the anchor would bury the evidence.
            return
        counter = max(stored.counter if stored is not None else 0, rebase or 0) + 1
        anchor.store.write(Checkpoint(STATION_CHAIN, origin, counter, head.count, head.hash,
                                      format_wall_time(datetime.now(timezone.utc))))
        anchor.state = AnchorState.ACTIVE
    except OSError as error:
        _log.warning("the station audit anchor could not be written (%s); it stays behind the chain", error)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    for key in (_STATION_HEAD, _REBASE, _STARTED):
        session.info.pop(key, None)
