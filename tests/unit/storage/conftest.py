# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for storage and data-key tests: real SQLCipher files in tmp_path, never the real keyring."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.subkeys import SubKeys, derive_subkeys
from assessment_app.storage.database import connect_sqlcipher, create_database, open_database
from assessment_app.storage.paths import DataLayout

# Argon2id's minimum cost: the tests check the wrapping logic, not the hardness of the KDF.
FAST_KDF = Argon2idParams(memory_kib=64, iterations=1, lanes=1)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    DataLayout(directory).ensure_directories()
    return directory


@pytest.fixture
def layout(data_dir: Path) -> DataLayout:
    return DataLayout(data_dir)


@pytest.fixture
def data_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def subkeys(data_key: bytes) -> SubKeys:
    return derive_subkeys(data_key)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    key = os.urandom(32)
    path = tmp_path_factory.mktemp("template") / "cases.db"
    create_database(path, key)
    return path, key


@pytest.fixture
def engine(layout: DataLayout, subkeys: SubKeys, template_database: tuple[Path, bytes]) -> Iterator[Engine]:
    """A migrated database under this test's key, in the test's data directory.

    Copied from a session template and re-keyed (SQLCipher rewrites every page): running the
    migrations for each test would dominate the suite's time. test_migrations and test_database
    exercise the real creation path.
    """
    template, template_key = template_database
    shutil.copyfile(template, layout.database)
    connection = connect_sqlcipher(layout.database, template_key)
    connection.execute(f"PRAGMA rekey = \"x'{subkeys.database.hex()}'\"")
    connection.close()
    engine = open_database(layout.database, subkeys.database)
    yield engine
    engine.dispose()


@pytest.fixture
def tiny_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs: a disk that really fills up (Linux, root only; skipped elsewhere)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def all_bytes_under(directory: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}
