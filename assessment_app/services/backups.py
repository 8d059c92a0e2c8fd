"""Backup and restore of a whole data directory (database, attachments, key file), by a signed-in
actor who may (domain/roles.py); both are in the station's audit chain.

Restore verifies the entire backup before anything is replaced (storage/backup.py). The database
must not be open while it is swapped: the service closes the caller's CaseRecords after the
authorisation and before the swap; the caller opens the restored records afterwards (and signs
in again: the restored accounts are the backup's). A new, empty workstation (no agency yet, so
nobody to sign in) restores with the data key and the backup's passphrase as its only authority,
as it imports its first provisioning package.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from assessment_app.domain.roles import Permission
from assessment_app.security.data_key import DataKeyStore
from assessment_app.services.accounts import require_strong_passphrase
from assessment_app.services.audit_log import STATION_CHAIN, append_event, append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords, open_case_records_with_key
from assessment_app.storage.backup import BackupSummary, RestoreSummary, create_backup, restore_backup
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work


def create_backup_file(records: CaseRecords, destination: Path, backup_passphrase: str | None = None, *, actor,
                       now: datetime.datetime) -> BackupSummary:
    """Encrypted under the data key, and also under `backup_passphrase` when given (for another computer)."""
    with unit_of_work(records.engine) as session:
        administrator = authorize(session, records, actor, Permission.BACKUP, now=now)
    if backup_passphrase is not None:
        require_strong_passphrase(backup_passphrase, "backup")
    summary = create_backup(records.layout.root, records.data_key, destination, passphrase=backup_passphrase)
    with unit_of_work(records.engine) as session:
        append_station_event(session, "backup_created", now=now, actor_ids=[administrator.id], data={
            "members": summary.member_count, "bytes": summary.file_bytes,
            "passphrase_protected": summary.has_passphrase, "key_id": summary.key_id})
    return summary


def restore_backup_file(records: CaseRecords, backup_path: Path, backup_passphrase: str | None, *, actor,
                        now: datetime.datetime) -> RestoreSummary:
    """Restore with the backup passphrase, or else with this computer's current data key.
    `actor`: the signed-in administrator; None only on a workstation without an agency.
    `records` is closed whatever happens; the event goes into the restored station chain."""
    try:
        with unit_of_work(records.engine) as session:
            if session.get(Agency, 1) is None and actor is None:
                number = None  # a new laptop: the data key and the backup passphrase are the authority
            else:
                number = authorize(session, records, actor, Permission.RESTORE, now=now).expert_number
        secret: bytes | str = backup_passphrase if backup_passphrase is not None else records.data_key
    finally:
        records.close()
    root = records.layout.root
    summary = restore_backup(backup_path, root, secret, key_store=DataKeyStore(root))
    # By number, not by id: the restored records may not know this workstation's expert rows.
    with open_case_records_with_key(root, summary.data_key) as restored, unit_of_work(restored.engine) as session:
        append_event(session, STATION_CHAIN, "backup_restored", wall_time=now, actors=(number,) if number else (),
                     data={"created_at": summary.created_at, "members": summary.member_count})
    return summary
