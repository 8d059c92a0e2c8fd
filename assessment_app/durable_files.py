# SPDX-License-Identifier: GPL-3.0-or-later
"""Writing files so that a crash or power cut leaves either the old or the new file, never half.

Below every layer (beside errors.py): storage, security (the key file), recording and bundle all
write durably, and none of them may depend on another just for this.

Pattern: write a temporary file in the same directory, fsync it, rename it over the target,
fsync the directory (the rename itself is only durable once the directory entry is on disk).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_directory(directory: Path) -> None:
    # Windows cannot open a directory for fsync; NTFS journals metadata, so there is nothing to do.
    if os.name == "nt":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def temporary_sibling(target: Path, tag: str = "tmp") -> Path:
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(6)}")


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces `target` durably, on error it vanishes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_sibling(target)
    stream = open(temporary, "xb")
    try:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(temporary, target)
        fsync_directory(target.parent)
    except BaseException:
        # Closing flushes the buffer, which fails again on a full disk: the file must go anyway.
        with contextlib.suppress(OSError):
            stream.close()
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_output(target) as stream:
        stream.write(data)
