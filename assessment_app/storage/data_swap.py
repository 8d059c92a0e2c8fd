# SPDX-License-Identifier: GPL-3.0-or-later
"""Replacing the live data with a verified staging copy, so that a crash never leaves a mix.

The live data is several entries of the data directory (cases.db and its sidecars, attachments/,
keystore.json), so no single rename can swap it. A journal file makes the sequence recoverable:

    .restore-<id>/new/      the verified staging copy
    .restore-<id>/old/      live entries moved aside
    .restore-<id>/journal   {"phase": "moving-out" | "moving-in" | "done", "names", "old_names"}

moving-out: live entries go to old/; moving-in: staged entries come in; done: old/ is deleted.
After a crash in either moving phase, `recover_interrupted_swaps` puts the old data back (the
restore is then simply not done; the backup file is still there to try again). Without a journal
the staging was never swapped and is just deleted.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from assessment_app.durable_files import atomic_write_bytes, fsync_directory
from assessment_app.storage.paths import ATTACHMENTS_DIR, DATABASE_FILE, DATABASE_SIDECAR_SUFFIXES, KEYSTORE_FILE

WORKSPACE_PREFIX = ".restore-"
# The database's sidecars always move aside: an old -wal next to a new cases.db would be
# replayed into it by SQLite and corrupt it.
SWAPPABLE_NAMES = (DATABASE_FILE, *(DATABASE_FILE + s for s in DATABASE_SIDECAR_SUFFIXES),
                   ATTACHMENTS_DIR, KEYSTORE_FILE)


@dataclass(frozen=True)
class SwapWorkspace:
    root: Path

    @property
    def new(self) -> Path:
        return self.root / "new"

    @property
    def old(self) -> Path:
        return self.root / "old"

    @property
    def journal(self) -> Path:
        return self.root / "journal"

    @property
    def data_dir(self) -> Path:
        return self.root.parent


def new_workspace(data_dir: Path) -> SwapWorkspace:
    workspace = SwapWorkspace(Path(data_dir) / f"{WORKSPACE_PREFIX}{secrets.token_hex(6)}")
    workspace.new.mkdir(parents=True, mode=0o700)
    return workspace


def discard(workspace: SwapWorkspace) -> None:
    """Delete a workspace that was never swapped in, or whose swap finished or was rolled back.

    A workspace stuck mid-swap (its roll-back failed too) holds the old data in old/: it is left
    for recover_interrupted_swaps at the next start rather than deleted with the data in it.
    """
    if _journal_phase(workspace) in ("moving-out", "moving-in"):
        return
    shutil.rmtree(workspace.root, ignore_errors=True)


def _journal_phase(workspace: SwapWorkspace) -> str | None:
    try:
        return json.loads(workspace.journal.read_text(encoding="utf-8")).get("phase")
    except (OSError, ValueError, AttributeError):
        return None


def _write_journal(workspace: SwapWorkspace, phase: str, names: list[str], old_names: list[str]) -> None:
    record = {"phase": phase, "names": names, "old_names": old_names}
    atomic_write_bytes(workspace.journal, json.dumps(record).encode("utf-8"))


def swap_in(workspace: SwapWorkspace) -> None:
    """Make the staged entries live; on any error, put the old ones back and re-raise."""
    data_dir = workspace.data_dir
    staged = [name for name in SWAPPABLE_NAMES if (workspace.new / name).exists()]
    names = sorted(set(staged) | {DATABASE_FILE + suffix for suffix in DATABASE_SIDECAR_SUFFIXES})
    old_names = [name for name in names if (data_dir / name).exists()]
    _write_journal(workspace, "moving-out", names, old_names)
    try:
        workspace.old.mkdir(exist_ok=True)
        for name in old_names:
            os.replace(data_dir / name, workspace.old / name)
        fsync_directory(workspace.old)
        fsync_directory(data_dir)
        _write_journal(workspace, "moving-in", names, old_names)
        for name in staged:
            os.replace(workspace.new / name, data_dir / name)
        fsync_directory(data_dir)
        _write_journal(workspace, "done", names, old_names)
    except BaseException:
        _roll_back(workspace)
        raise
    discard(workspace)


def _roll_back(workspace: SwapWorkspace) -> None:
    """Undo a partial swap described by the journal. Safe to run again after a crash during it."""
    try:
        record = json.loads(workspace.journal.read_text(encoding="utf-8"))
        phase, names, old_names = record["phase"], record["names"], record["old_names"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # no readable journal: nothing was moved yet
    if phase not in ("moving-out", "moving-in"):
        return
    data_dir = workspace.data_dir
    workspace.new.mkdir(parents=True, exist_ok=True)
    for name in names:
        live, old = data_dir / name, workspace.old / name
        # A live entry is a staged one if the old entry is still aside or never existed.
        if live.exists() and (old.exists() or name not in old_names):
            if (workspace.new / name).exists():
                _remove(live)
            else:
                os.replace(live, workspace.new / name)
        if old.exists():
            os.replace(old, live)
    fsync_directory(data_dir)
    _write_journal(workspace, "rolled-back", names, old_names)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def recover_interrupted_swaps(data_dir: Path) -> list[str]:
    """Roll back swaps cut short by a crash and delete leftover workspaces; returns what was done."""
    actions = []
    for root in sorted(Path(data_dir).glob(f"{WORKSPACE_PREFIX}*")):
        if not root.is_dir():
            continue
        workspace = SwapWorkspace(root)
        if _journal_phase(workspace) in ("moving-out", "moving-in"):
            _roll_back(workspace)
            actions.append(f"rolled back interrupted restore {root.name}")
        else:
            actions.append(f"removed leftover restore workspace {root.name}")
        discard(workspace)
    return actions
