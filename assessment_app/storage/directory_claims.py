# SPDX-License-Identifier: GPL-3.0-or-later
"""Which processes have a data directory open: one lock file per process under `.in-use/`.

The start-up sweep removes scratch that only a crashed process can have left; run while the
GUI records, it would take the file of a segment being sealed. So each process that opens the
records holds an exclusive lock on a file of its own, and the sweep runs only when no other
such lock is held. A lock file whose lock nobody holds is a crashed process's: it is removed.
Only exclusive, non-blocking locks are used, which POSIX (flock) and Windows (msvcrt) both have.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from pathlib import Path

IN_USE_DIR = ".in-use"


def _try_lock(handle) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised by the Windows CI build
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DirectoryClaim:
    """This process's claim on `root`; `release()` (or process exit) ends it."""

    def __init__(self, root: Path):
        self.directory = Path(root) / IN_USE_DIR
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = self.directory / f"{uuid.uuid4().hex}.lock"
        self._handle = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        if not _try_lock(self._handle):
            raise OSError(f"cannot lock {self.path}")

    def others_alive(self) -> bool:
        """Whether another process holds the directory now; stale claims are removed on the way."""
        alive = False
        for path in self.directory.glob("*.lock"):
            if path == self.path:
                continue
            try:
                handle = open(path, "a+b")  # noqa: SIM115
            except OSError:
                alive = True  # cannot tell: assume it is in use
                continue
            with handle:
                if not _try_lock(handle):
                    alive = True
                    continue
            with contextlib.suppress(OSError):
                path.unlink()
        return alive

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            with contextlib.suppress(OSError):
                os.unlink(self.path)
