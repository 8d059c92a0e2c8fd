# SPDX-License-Identifier: GPL-3.0-or-later
"""Receiving a bundle, part by part, resumably: the use cases behind the tus endpoints and
`ltc-agency import` (one path for both). docs/formats/agency-api.md describes the protocol.

PostgreSQL holds the truth about every upload (its acknowledged offset); the store holds the
bytes. A PATCH takes a session-level advisory lock on its upload (released by PostgreSQL itself
if the server dies), cuts the staged object back to the acknowledged offset, appends what
arrives, fsyncs, and only then moves the offset. When the last part is complete the bundle
becomes `uploaded` and its verification job is queued, in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from assessment_app.agency import jobs
from assessment_app.agency.audit import append_event
from assessment_app.agency.database import database_errors, transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import RECEIVING, UPLOADED, Bundle, Upload
from assessment_app.agency.store import BundleStore
from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.parts import INDEX_FILE, PartInfo, read_index

_WRITEBACK_EVERY = 4 * 1024 * 1024
CHECKPOINT_EVERY = 32 * 1024 * 1024  # acknowledged durably within a long PATCH (no checksum)
_LOCK_NAMESPACE = 0x4C54  # first key of the two-key advisory lock; the second is the upload id's hash


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def bundle_prefix(bundle_id: str) -> str:
    return f"bundles/{bundle_id}"


def part_key(bundle_id: str, part_name: str) -> str:
    return f"{bundle_prefix(bundle_id)}/{part_name}"


def staging_key(upload_id: str) -> str:
    return f"incoming/{upload_id}"


def parse_index(index_bytes: bytes) -> list[PartInfo]:
    """The parts an index.json lists, checked by the bundle layer's own reader."""
    with tempfile.TemporaryDirectory(prefix="ltc-agency-index-") as directory:
        Path(directory, INDEX_FILE).write_bytes(index_bytes)
        try:
            return read_index(Path(directory))
        except BundleError as error:
            raise AgencyError("index_invalid", f"{error.reason}: {error.detail or ''}") from None


def register_bundle(engine: Engine, store: BundleStore, index_bytes: bytes, *, source: str,
                    workstation_id: str | None, now: datetime.datetime) -> tuple[str, bool]:
    """(bundle id, created): the bundle that this index describes, made known once; the same
    index again (a retried or duplicate upload) finds the same bundle."""
    bundle_id = hashlib.sha256(index_bytes).hexdigest()
    parts = parse_index(index_bytes)
    with transaction(engine) as session:
        if session.get(Bundle, bundle_id) is not None:
            return bundle_id, False
    store.put(f"{bundle_prefix(bundle_id)}/{INDEX_FILE}", [index_bytes])
    with transaction(engine) as session:
        inserted = session.execute(text("""
            INSERT INTO bundles (id, index_json, part_count, total_bytes, source, workstation_id, status, created_at)
            VALUES (:id, :index, :count, :total, :source, :workstation, :status, :now)
            ON CONFLICT (id) DO NOTHING"""), {
            "id": bundle_id, "index": index_bytes, "count": len(parts), "total": sum(part.size for part in parts),
            "source": source, "workstation": workstation_id, "status": RECEIVING, "now": now}).rowcount == 1
        if inserted:
            append_event(session, actor=_actor(source, workstation_id), action="bundle_receiving", subject=bundle_id,
                         detail={"parts": len(parts), "bytes": sum(part.size for part in parts)}, now=now)
    return bundle_id, inserted


def _actor(source: str, workstation_id: str | None) -> str:
    return f"workstation:{workstation_id}" if workstation_id else f"{source}:operator"


@dataclass(frozen=True)
class UploadState:
    id: str
    bundle_id: str
    part_name: str
    length: int
    offset: int
    complete: bool


def _state(upload: Upload) -> UploadState:
    return UploadState(upload.id, upload.bundle_id, upload.part_name, upload.length, upload.offset,
                       upload.completed_at is not None)


def create_upload(engine: Engine, store: BundleStore, bundle_id: str, part_name: str, length: int,
                  now: datetime.datetime) -> UploadState:
    """The upload of one listed part, created once (tus creation); asked again, the same one."""
    with transaction(engine) as session:
        bundle = session.get(Bundle, bundle_id)
        if bundle is None:
            raise AgencyError("bundle_unknown", bundle_id)
        listed = {part.name: part for part in parse_index(bundle.index_json)}
        if part_name not in listed:
            raise AgencyError("part_unknown", part_name)
        if listed[part_name].size != length:
            raise AgencyError("part_length_mismatch", f"{part_name}: {length} ≠ {listed[part_name].size}")
        session.execute(text("""
            INSERT INTO uploads (id, bundle_id, part_name, length, "offset", created_at, updated_at)
            VALUES (:id, :bundle, :part, :length, 0, :now, :now)
            ON CONFLICT ON CONSTRAINT uploads_one_per_part DO NOTHING"""),
                        {"id": secrets.token_hex(16), "bundle": bundle_id, "part": part_name, "length": length,
                         "now": now})
        upload = session.scalar(select(Upload).where(Upload.bundle_id == bundle_id, Upload.part_name == part_name))
        state = _state(upload)
    return _finish_if_complete(engine, store, state, now)


def upload_state(engine: Engine, store: BundleStore, upload_id: str, now: datetime.datetime) -> UploadState:
    with transaction(engine) as session:
        upload = session.get(Upload, upload_id)
        if upload is None:
            raise AgencyError("upload_unknown", upload_id)
        state = _state(upload)
    return _finish_if_complete(engine, store, state, now)


def _finish_if_complete(engine: Engine, store: BundleStore, state: UploadState, now: datetime.datetime) -> UploadState:
    # A server that died between acknowledging the last byte and publishing the part left this.
    if state.offset == state.length and not state.complete:
        finish_part(engine, store, state.id, now)
        return UploadState(**{**state.__dict__, "complete": True})
    return state


def finish_part(engine: Engine, store: BundleStore, upload_id: str, now: datetime.datetime) -> None:
    """Publish a fully received part; when it was the bundle's last, hand the bundle over to
    verification. Idempotent: redoing it after a crash at any point gives the same end state."""
    with transaction(engine) as session:
        upload = session.get(Upload, upload_id, with_for_update=True)
        if upload is None or upload.completed_at is not None or upload.offset != upload.length:
            return
        store.publish(staging_key(upload.id), part_key(upload.bundle_id, upload.part_name))
        upload.completed_at = now
        bundle = session.get(Bundle, upload.bundle_id, with_for_update=True)
        session.flush()
        _hand_over_if_received(session, bundle, now)


def _hand_over_if_received(session: Session, bundle: Bundle, now: datetime.datetime) -> None:
    complete = session.scalar(text("SELECT count(*) FROM uploads WHERE bundle_id = :id AND completed_at IS NOT NULL")
                              .bindparams(id=bundle.id))
    if bundle.status != RECEIVING or complete != bundle.part_count:
        return
    bundle.status, bundle.uploaded_at = UPLOADED, now
    jobs.enqueue(session, bundle.id, now)
    append_event(session, actor=_actor(bundle.source, bundle.workstation_id), action="bundle_uploaded",
                 subject=bundle.id, detail={"bytes": bundle.total_bytes}, now=now)


def parse_checksum(header: str | None) -> bytes | None:
    """tus checksum extension: `sha256 <base64 digest>`; other algorithms are refused."""
    if header is None:
        return None
    algorithm, _, value = header.strip().partition(" ")
    if algorithm.lower() != "sha256":
        raise AgencyError("checksum_algorithm_unsupported", algorithm)
    try:
        digest = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise AgencyError("checksum_malformed", value[:80]) from None
    if len(digest) != 32:
        raise AgencyError("checksum_malformed", value[:80])
    return digest


class Patch:
    """One PATCH of one upload: `open`, then `write` what arrives, then `commit` (or `abandon`).
    Holds a database connection (for the advisory lock) and the staged object until closed."""

    def __init__(self, engine: Engine, store: BundleStore, upload_id: str, clock=now_utc):
        self.engine, self.store, self.upload_id, self.clock = engine, store, upload_id, clock
        self._failed: AgencyError | None = None
        self._connection: Connection | None = None
        self._locked = False
        self._unsynced = 0
        self._staged = None
        self._digest = hashlib.sha256()
        self.checksum: bytes | None = None  # the piece's expected SHA-256 (tus checksum), when given
        self.state: UploadState | None = None
        self.received = 0

    def lock(self) -> None:
        """The upload's advisory lock, or AgencyError upload_busy (another PATCH is running)."""
        with database_errors():
            self._connection = self.engine.connect()
            self._locked = bool(self._connection.execute(text("SELECT pg_try_advisory_lock(:ns, hashtext(:id))"),
                                                         {"ns": _LOCK_NAMESPACE, "id": self.upload_id}).scalar())
            self._connection.commit()  # the session-level lock outlives the transaction
        if not self._locked:
            raise AgencyError("upload_busy", self.upload_id)

    def open(self, offset: int, workstation: str | None = None, checksum: bytes | None = None) -> UploadState:
        """Lock the upload and check `offset` against the acknowledged one; with `workstation`,
        an upload of another workstation's bundle is as unknown as a missing one. With
        `checksum`, what arrives is hashed and `commit` refuses it unless it matches."""
        self.checksum = checksum
        self.lock()
        with database_errors():
            row = self._connection.execute(text(
                'SELECT u.id, u.bundle_id, u.part_name, u.length, u."offset", u.completed_at IS NOT NULL AS complete, '
                "b.workstation_id FROM uploads u JOIN bundles b ON b.id = u.bundle_id WHERE u.id = :id"),
                {"id": self.upload_id}).first()
            self._connection.commit()
        if row is None or (workstation is not None and row.workstation_id != workstation):
            raise AgencyError("upload_unknown", self.upload_id)
        self.state = UploadState(row.id, row.bundle_id, row.part_name, row.length, row.offset, row.complete)
        if self.state.complete:
            raise AgencyError("upload_complete", self.upload_id)
        if offset != self.state.offset:
            raise AgencyError("offset_mismatch", f"{offset} ≠ {self.state.offset}")
        self._staged = self.store.staged(staging_key(self.upload_id))
        self._staged.truncate(self.state.offset)  # bytes past the acknowledged offset were never acknowledged
        return self.state

    @property
    def room(self) -> int:
        return self.state.length - self.state.offset - self.received

    def write(self, data: bytes) -> None:
        """Append what arrived. Without a checksum, every CHECKPOINT_EVERY bytes are made durable
        and acknowledged at once, so a long PATCH cut off (or a server killed) mid-way loses at
        most that much. After a failed write every later one fails too: nothing is written past
        a gap."""
        if self._failed is not None:
            raise self._failed
        try:
            if len(data) > self.room:
                raise AgencyError("upload_too_long",
                                  f"{self.state.offset + self.received + len(data)} > {self.state.length}")
            self._staged.write(data)
            if self.checksum is not None:
                self._digest.update(data)
            self.received += len(data)
            self._unsynced += len(data)
            if self._unsynced >= _WRITEBACK_EVERY:
                self._staged.start_writeback()
                self._unsynced = 0
            if self.checksum is None and self.received >= CHECKPOINT_EVERY and self.room:
                self._acknowledge(self.clock())
        except AgencyError as error:
            self._failed = error
            raise

    def _acknowledge(self, now: datetime.datetime) -> int:
        self._staged.sync()
        new_offset = self.state.offset + self.received
        with database_errors():
            moved = self._connection.execute(text(
                'UPDATE uploads SET "offset" = :new, updated_at = :now WHERE id = :id AND "offset" = :old'),
                {"new": new_offset, "now": now, "id": self.upload_id, "old": self.state.offset}).rowcount
            self._connection.commit()
        if moved != 1:
            raise AgencyError("offset_mismatch", self.upload_id)
        self.state = UploadState(**{**self.state.__dict__, "offset": new_offset})
        self.received = 0
        return new_offset

    def commit(self, now: datetime.datetime) -> int:
        """Make the received bytes durable and acknowledge them; returns the new offset."""
        if self._failed is not None:
            raise self._failed
        if self.checksum is not None and self._digest.digest() != self.checksum:
            raise AgencyError("checksum_mismatch", self.upload_id)
        new_offset = self._acknowledge(now)
        if new_offset == self.state.length:
            finish_part(self.engine, self.store, self.upload_id, now)
        return new_offset

    def abandon(self) -> None:
        """Drop what was not acknowledged (a cut connection with a checksum, a bad checksum, a full disk)."""
        if self._staged is not None and self.state is not None:
            try:
                self._staged.truncate(self.state.offset)
            except AgencyError:
                pass  # the next PATCH truncates again before writing
        self.received = 0

    def close(self) -> None:
        if self._staged is not None:
            self._staged.close()
        if self._connection is not None:
            try:
                if self._locked:
                    self._connection.execute(text("SELECT pg_advisory_unlock(:ns, hashtext(:id))"),
                                             {"ns": _LOCK_NAMESPACE, "id": self.upload_id})
                    self._connection.commit()
            except Exception:  # noqa: BLE001 - a lost connection has released its locks already
                self._connection.invalidate()
            finally:
                self._connection.close()


def terminate_upload(engine: Engine, store: BundleStore, upload_id: str) -> None:
    """tus termination: forget an upload of a bundle still being received, bytes and all."""
    patch = Patch(engine, store, upload_id)
    try:
        patch.lock()
        with transaction(engine) as session:
            upload = session.get(Upload, upload_id, with_for_update=True)
            if upload is None:
                raise AgencyError("upload_unknown", upload_id)
            bundle = session.get(Bundle, upload.bundle_id, with_for_update=True)
            if bundle.status != RECEIVING:
                raise AgencyError("bundle_already_received", bundle.id)
            store.remove(staging_key(upload_id))
            store.remove(part_key(upload.bundle_id, upload.part_name))
            session.delete(upload)
    finally:
        patch.close()
