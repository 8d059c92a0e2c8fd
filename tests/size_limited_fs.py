# SPDX-License-Identifier: GPL-3.0-or-later
"""A real, size-limited filesystem for disk-full tests: a tmpfs mounted for the duration of a
`with` block (root only; the test is skipped elsewhere or when the machine forbids mounting)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def size_limited_filesystem(mount_point: Path, size: str) -> Iterator[Path]:
    """`size` as mount(8) takes it, e.g. "3m" or "96k"."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a size-limited tmpfs needs root")
    mount_point.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
