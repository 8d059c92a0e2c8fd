# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a bundle import keeps its scratch in a data directory, and the start-up sweep of what an
interrupted import left there. Kept apart from bundle_staging (which loads the bundle code) so
that opening the data directory stays light.

Everything here is ciphertext: the scratch directory is sealed under a key that lived only in
the importing process, the partial recording under this workstation's key but never listed in a
chain. A crash leaves it behind; nothing else reads it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SCRATCH_PREFIX = ".bundle-import-"  # in the data directory
PARTIAL_PREFIX = ".import-"  # in recordings/: a recording being imported


def import_leftovers(data_root: Path, recordings: Path) -> list[Path]:
    """What imports (running, or interrupted by a crash) keep in a data directory."""
    return [*data_root.glob(f"{SCRATCH_PREFIX}*"), *recordings.glob(f"{PARTIAL_PREFIX}*")]


def sweep_import_leftovers(data_root: Path, recordings: Path) -> list[Path]:
    """Remove every import's scratch: only when no other process has the directory open (at
    start-up), since an import running elsewhere would lose its files."""
    removed = import_leftovers(data_root, recordings)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
