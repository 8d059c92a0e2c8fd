# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the data lives: the platform's user data directory, or the one given with --data-dir.

Layout (docs/decisions/0001-encryption-at-rest.md):

    cases.db                      SQLCipher database (+ cases.db-wal, cases.db-shm while open)
    attachments/<2 hex>/<sha256 of ciphertext>.bin
    keystore.json                 the data key's id and its passphrase-wrapped copy
    backups/                      default place for backup files
    .restore-<id>/                only while a restore is being verified or swapped in
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "ltc-assess"
DATABASE_FILE = "cases.db"
# SQLite keeps these next to the database; they belong to it and move with it.
DATABASE_SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
ATTACHMENTS_DIR = "attachments"
KEYSTORE_FILE = "keystore.json"
BACKUPS_DIR = "backups"
RECORDINGS_DIR = "recordings"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_DIR_NAME))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    return Path(override).expanduser().resolve() if override else default_data_dir()


@dataclass(frozen=True)
class DataLayout:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def database_sidecars(self) -> tuple[Path, ...]:
        return tuple(self.root / (DATABASE_FILE + suffix) for suffix in DATABASE_SIDECAR_SUFFIXES)

    @property
    def attachments(self) -> Path:
        return self.root / ATTACHMENTS_DIR

    @property
    def keystore(self) -> Path:
        return self.root / KEYSTORE_FILE

    @property
    def backups(self) -> Path:
        return self.root / BACKUPS_DIR

    @property
    def recordings(self) -> Path:
        """<visit id>/chain-<n>/: sealed, encrypted video segments (docs/formats/video-segments.md)."""
        return self.root / RECORDINGS_DIR

    def ensure_directories(self) -> None:
        # 0o700: other local accounts have no business listing even the encrypted files.
        for directory in (self.root, self.attachments, self.backups):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
