# SPDX-License-Identifier: GPL-3.0-or-later
"""Backup and restore of a whole data directory (database, attachments, key file), by a signed-in
actor who may (domain/roles.py); both are in the station's audit chain.

Restore verifies the entire backup before anything is replaced (storage/backup.py). The database
must not be open while it is swapped: the service closes the caller's CaseRecords after the
authorisation and before the swap; the caller opens the restored records afterwards (and signs
in again: the restored accounts are the backup's). A new, empty workstation (no agency yet, so
nobody to sign in) restores with the data key and the backup's passphrase as its only authority,
as it imports its first provisioning package.

Every backup carries the station chain's sealed checkpoint (services/audit_anchoring.py). A
restore puts an older chain back on purpose, so it is itself an audited, anchored event: a
`backup_restored` station event names the backup's checkpoint (and whether the restored chain
still matches it) and the anchor it replaces, and the anchor moves to the restored chain. An
older database copied back by hand has no such event: the anchor calls it truncated.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from keyring.backend import KeyringBackend

from assessment_app.domain.roles import Permission
from assessment_app.errors import os_errors_as
from assessment_app.security.audit_anchor import AnchorInvalid, Checkpoint, unseal
from assessment_app.security.data_key import DataKeyStore
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey
from assessment_app.services.accounts import require_strong_passphrase
from assessment_app.services.audit_anchoring import current_checkpoint, mark_rebase, sealed_checkpoint
from assessment_app.services.audit_log import (
    STATION_CHAIN, append_event, append_station_event, chain_head, chain_verification,
)
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords, open_case_records_with_key
from assessment_app.storage.backup import BackupSummary, RestoreSummary, create_backup, restore_backup
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

# The summaries are what these use cases return: the screens take their types from here.
__all__ = ["BackupSummary", "RestoreSummary", "create_backup_file", "record_restore", "restore_backup_file"]


def create_backup_file(records: CaseRecords, destination: Path, backup_passphrase: str | None = None, *, actor,
                       now: datetime.datetime) -> BackupSummary:
    """Encrypted under the data key, and also under `backup_passphrase` when given (for another computer)."""
    with unit_of_work(records.engine) as session:
        administrator = authorize(session, records, actor, Permission.BACKUP, now=now)
    if backup_passphrase is not None:
        require_strong_passphrase(backup_passphrase, "backup")
    with os_errors_as("file_write_failed", destination):
        summary = create_backup(records.layout.root, records.data_key, destination, passphrase=backup_passphrase,
                                station_checkpoint=sealed_checkpoint(records.engine))
    with unit_of_work(records.engine) as session:
        append_station_event(session, "backup_created", now=now, actor_ids=[administrator.id], data={
            "members": summary.member_count, "bytes": summary.file_bytes,
            "passphrase_protected": summary.has_passphrase, "key_id": summary.key_id})
    return summary


def restore_backup_file(records: CaseRecords, backup_path: Path, backup_passphrase: str | None, *, actor,
                        now: datetime.datetime, keyring_backend: KeyringBackend | None = None) -> RestoreSummary:
    """Restore with the backup passphrase, or else with this computer's current data key; then
    record the restore in the restored station chain and move its anchor there.
    `actor`: the signed-in administrator; None only on a workstation without an agency.
    `records` is closed whatever happens."""
    try:
        with unit_of_work(records.engine) as session:
            if session.get(Agency, 1) is None and actor is None:
                number = None  # a new laptop: the data key and the backup passphrase are the authority
            else:
                number = authorize(session, records, actor, Permission.RESTORE, now=now).expert_number
        secret: bytes | str = backup_passphrase if backup_passphrase is not None else records.data_key
        previous = current_checkpoint(records.engine)  # the anchor being replaced
    finally:
        records.close()
    root = records.layout.root
    with os_errors_as("file_read_failed", backup_path):
        summary = restore_backup(backup_path, root, secret, key_store=DataKeyStore(root, keyring_backend))
    with open_case_records_with_key(root, summary.data_key, keyring_backend) as restored:
        record_restore(restored, summary, previous, now, actor_number=number)
    return summary


def record_restore(records: CaseRecords, summary: RestoreSummary, previous: Checkpoint | None,
                   now: datetime.datetime, *, actor_number: str | None = None) -> None:
    """The `backup_restored` event, anchored: what was put back, and what it replaced. The actor
    is named by number: the restored records may not know this workstation's expert rows."""
    backup_checkpoint, matches = None, None
    if summary.station_checkpoint is not None:
        try:
            backup_checkpoint = unseal(summary.station_checkpoint, derive_subkey(summary.data_key, AUDIT_ANCHOR))
        except AnchorInvalid:
            backup_checkpoint = None
        if backup_checkpoint is not None:
            # The backup's chain must still hold the head the anchor had when the backup was made.
            matches = chain_verification(records, STATION_CHAIN,
                                         (backup_checkpoint.count, backup_checkpoint.head)).ok
    floor = max(previous.counter if previous else 0, backup_checkpoint.counter if backup_checkpoint else 0)
    with unit_of_work(records.engine) as session:
        restored_events = chain_head(session, STATION_CHAIN).count
        mark_rebase(session, floor)
        append_event(session, STATION_CHAIN, "backup_restored", wall_time=now,
                     actors=(actor_number,) if actor_number else (), data={
                         "backup_created_at": summary.created_at, "members": summary.member_count,
                         "restored_events": restored_events, "backup_checkpoint": _facts(backup_checkpoint),
                         "backup_chain_matches_checkpoint": matches, "replaced_anchor": _facts(previous)})


def _facts(checkpoint: Checkpoint | None) -> dict | None:
    if checkpoint is None:
        return None
    return {"counter": checkpoint.counter, "count": checkpoint.count, "head": checkpoint.head, "at": checkpoint.at}
