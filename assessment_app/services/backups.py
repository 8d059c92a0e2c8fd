"""Backup and restore of a whole data directory (database, attachments, key file).

Restore verifies the entire backup before anything is replaced (storage/backup.py); the
database must not be open while it is swapped, so callers close their CaseRecords first.

Every backup carries the station chain's sealed checkpoint (services/audit_anchoring.py). A
restore puts an older chain back on purpose, so it is itself an audited, anchored event: a
`backup_restored` station event names the backup's checkpoint (and whether the restored chain
still matches it) and the anchor it replaces, and the anchor moves to the restored chain. An
older database copied back by hand has no such event: the anchor calls it truncated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from keyring.backend import KeyringBackend

from assessment_app.errors import AppError
from assessment_app.security.audit_anchor import AnchorInvalid, Checkpoint, unseal
from assessment_app.security.data_key import DataKeyStore
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey
from assessment_app.services.audit_anchoring import current_checkpoint, mark_rebase, sealed_checkpoint
from assessment_app.services.audit_log import STATION_CHAIN, append_station_event, chain_head, verify_stored_chain
from assessment_app.services.case_records import CaseRecords, DataState, data_state, open_case_records_with_key
from assessment_app.storage.backup import BackupSummary, RestoreSummary, create_backup, restore_backup
from assessment_app.storage.paths import resolve_data_dir
from assessment_app.storage.unit_of_work import unit_of_work


def create_backup_file(records: CaseRecords, destination: Path, backup_passphrase: str | None = None) -> BackupSummary:
    """Encrypted under the data key, and also under `backup_passphrase` when given (for another computer)."""
    return create_backup(records.layout.root, records.data_key, destination, passphrase=backup_passphrase,
                         station_checkpoint=sealed_checkpoint(records.engine))


def restore_backup_file(data_dir: str | Path | None, backup_path: Path, backup_passphrase: str | None, *,
                        open_current: Callable[[], CaseRecords], now: datetime | None = None,
                        actor_id: str | None = None,
                        keyring_backend: KeyringBackend | None = None) -> RestoreSummary:
    """Restore with the backup passphrase, or else with this computer's current data key; then
    record the restore in the restored station chain and move its anchor there."""
    root = resolve_data_dir(data_dir)
    previous = None
    if backup_passphrase is not None:
        secret: bytes | str = backup_passphrase
        if data_state(root, keyring_backend) is DataState.EXISTS:
            try:  # the anchor being replaced, when the current data still opens
                with open_current() as records:
                    previous = current_checkpoint(records.engine)
            except AppError:
                previous = None
    else:
        with open_current() as records:
            secret = records.data_key
            previous = current_checkpoint(records.engine)
    summary = restore_backup(backup_path, root, secret, key_store=DataKeyStore(root, keyring_backend))
    with open_case_records_with_key(root, summary.data_key, keyring_backend) as restored:
        record_restore(restored, summary, previous, now or datetime.now(timezone.utc), actor_id=actor_id)
    return summary


def record_restore(records: CaseRecords, summary: RestoreSummary, previous: Checkpoint | None, now: datetime, *,
                   actor_id: str | None = None) -> None:
    """The `backup_restored` event, anchored: what was put back, and what it replaced."""
    backup_checkpoint, matches = None, None
    if summary.station_checkpoint is not None:
        try:
            backup_checkpoint = unseal(summary.station_checkpoint, derive_subkey(summary.data_key, AUDIT_ANCHOR))
        except AnchorInvalid:
            backup_checkpoint = None
        if backup_checkpoint is not None:
            # The backup's chain must still hold the head the anchor had when the backup was made.
            matches = verify_stored_chain(records, STATION_CHAIN,
                                          (backup_checkpoint.count, backup_checkpoint.head)).ok
    floor = max(previous.counter if previous else 0, backup_checkpoint.counter if backup_checkpoint else 0)
    with unit_of_work(records.engine) as session:
        restored_events = chain_head(session, STATION_CHAIN).count
        mark_rebase(session, floor)
        append_station_event(session, "backup_restored", now=now, actor_ids=[actor_id], data={
            "backup_created_at": summary.created_at, "restored_events": restored_events,
            "backup_checkpoint": _facts(backup_checkpoint), "backup_chain_matches_checkpoint": matches,
            "replaced_anchor": _facts(previous)})


def _facts(checkpoint: Checkpoint | None) -> dict | None:
    if checkpoint is None:
        return None
    return {"counter": checkpoint.counter, "count": checkpoint.count, "head": checkpoint.head, "at": checkpoint.at}
