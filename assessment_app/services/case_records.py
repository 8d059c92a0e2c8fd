# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening the encrypted case records of one data directory: key, database, attachment store.

Every use case that touches cases receives an open `CaseRecords`; nothing else opens the
database. First use creates the data key (in the OS credential store, and wrapped under the
administrator passphrase when one is given) and an empty database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from keyring.backend import KeyringBackend
from sqlalchemy import Engine

from assessment_app.security.data_key import DataKeyStore
from assessment_app.security.subkeys import derive_subkeys
from assessment_app.services.audit_anchoring import attach_station_anchor
from assessment_app.storage.attachments import AttachmentStore
from assessment_app.storage.backup import recover_interrupted_operations
from assessment_app.storage.database import open_database
from assessment_app.storage.directory_claims import DirectoryClaim
from assessment_app.storage.paths import DataLayout, resolve_data_dir


class DataState(enum.Enum):
    NEW = "new"  # nothing here yet: initialise_case_records() must run first
    EXISTS = "exists"  # a key is recorded; open_case_records() (maybe with the passphrase)


@dataclass
class CaseRecords:
    layout: DataLayout
    engine: Engine
    attachments: AttachmentStore
    key_id: str
    data_key: bytes = field(repr=False)
    # The sign-in tokens that services/accounts.login issued on these records and that no logout
    # has ended: a session value made up elsewhere authorises nothing (services/authorization.py).
    live_sessions: dict[str, str] = field(default_factory=dict, repr=False)
    claim: DirectoryClaim | None = field(default=None, repr=False)

    def close(self) -> None:
        # The pooled connections hold the database key; drop them as soon as we are done.
        self.engine.dispose()
        if self.claim is not None:
            self.claim.release()
            self.claim = None

    def __enter__(self) -> "CaseRecords":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def data_state(data_dir: str | Path | None, keyring_backend: KeyringBackend | None = None) -> DataState:
    layout = DataLayout(resolve_data_dir(data_dir))
    store = DataKeyStore(layout.root, keyring_backend)
    return DataState.EXISTS if store.exists() or layout.database.exists() else DataState.NEW


def _open(layout: DataLayout, data_key: bytes, *, create: bool,
          keyring_backend: KeyringBackend | None = None) -> CaseRecords:
    keys = derive_subkeys(data_key)
    claim = DirectoryClaim(layout.root)
    if not claim.others_alive():
        # Scratch only a crashed process can have left (an interrupted segment needed for a
        # resume stays): swept before anything here records.
        from assessment_app.recording.sweep import sweep_recordings
        from assessment_app.services.import_leftovers import sweep_import_leftovers

        sweep_recordings(layout.recordings)
        sweep_import_leftovers(layout.root, layout.recordings)
    engine = open_database(layout.database, keys.database, create=create)
    # From here on every committed station event moves the chain's anchor (audit_anchoring.py).
    attach_station_anchor(engine, layout.root, data_key, keyring_backend)
    return CaseRecords(layout, engine, AttachmentStore(layout.attachments, keys.attachments), keys.key_id, data_key,
                       claim=claim)


def initialise_case_records(data_dir: str | Path | None, admin_passphrase: str | None,
                            keyring_backend: KeyringBackend | None = None) -> CaseRecords:
    """A new data directory: data key (credential store and/or passphrase wrap) and empty database.
    A weak administrator passphrase is refused (accounts.WeakPassphrase) before anything is made."""
    if admin_passphrase is not None:
        from assessment_app.services.accounts import require_strong_passphrase  # accounts imports this module

        require_strong_passphrase(admin_passphrase, "data_key")
    layout = DataLayout(resolve_data_dir(data_dir))
    layout.ensure_directories()
    data_key = DataKeyStore(layout.root, keyring_backend).create(admin_passphrase)
    return _open(layout, data_key, create=True, keyring_backend=keyring_backend)


def open_case_records(data_dir: str | Path | None, passphrase: str | None = None,
                      keyring_backend: KeyringBackend | None = None) -> CaseRecords:
    """Unlock and open; raises the data-key and storage errors unchanged (each has a `.reason`)."""
    layout = DataLayout(resolve_data_dir(data_dir))
    recover_interrupted_operations(layout.root)  # a restore cut short by a crash is finished or undone first
    data_key = DataKeyStore(layout.root, keyring_backend).unlock(passphrase)
    return _open(layout, data_key, create=False, keyring_backend=keyring_backend)


def open_case_records_with_key(data_dir: str | Path | None, data_key: bytes,
                               keyring_backend: KeyringBackend | None = None) -> CaseRecords:
    """Open with a key already in hand (the one a restore just brought back)."""
    return _open(DataLayout(resolve_data_dir(data_dir)), data_key, create=False, keyring_backend=keyring_backend)
