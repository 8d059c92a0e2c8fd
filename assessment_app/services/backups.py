"""Backup and restore of a whole data directory (database, attachments, key file).

Restore verifies the entire backup before anything is replaced (storage/backup.py); the
database must not be open while it is swapped, so callers close their CaseRecords first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assessment_app.security.data_key import DataKeyStore
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.backup import BackupSummary, RestoreSummary, create_backup, restore_backup
from assessment_app.storage.paths import resolve_data_dir


def create_backup_file(records: CaseRecords, destination: Path, backup_passphrase: str | None = None) -> BackupSummary:
    """Encrypted under the data key, and also under `backup_passphrase` when given (for another computer)."""
    return create_backup(records.layout.root, records.data_key, destination, passphrase=backup_passphrase)


def restore_backup_file(data_dir: str | Path | None, backup_path: Path, backup_passphrase: str | None, *,
                        open_current: Callable[[], CaseRecords]) -> RestoreSummary:
    """Restore with the backup passphrase, or else with this computer's current data key."""
    if backup_passphrase is not None:
        secret: bytes | str = backup_passphrase
    else:
        with open_current() as records:
            secret = records.data_key
    root = resolve_data_dir(data_dir)
    return restore_backup(backup_path, root, secret, key_store=DataKeyStore(root))
