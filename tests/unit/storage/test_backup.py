# SPDX-License-Identifier: GPL-3.0-or-later
"""Backup and restore: round trips, and every bad backup refused with the live data byte-identical."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from assessment_app.security.data_key import DataKeyStore
from assessment_app.security.subkeys import derive_subkeys
from assessment_app.storage import data_swap
from assessment_app.storage.attachments import AttachmentStore
from assessment_app.storage.backup import create_backup, recover_interrupted_operations, restore_backup
from assessment_app.storage.backup_format import (
    BackupError,
    BackupNotFound,
    BackupTampered,
    BackupTruncated,
    BackupUnsupported,
    BackupWrongKey,
    BackupWrongPassphrase,
)
from assessment_app.storage.database import open_database
from assessment_app.storage.errors import StorageFull
from assessment_app.storage.models import Applicant, Setting
from assessment_app.storage.paths import DataLayout
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.storage import builders
from tests.conftest import InMemoryKeyring
from tests.unit.storage.conftest import FAST_KDF, all_bytes_under

ADMIN_PASSPHRASE = "管理员口令"
BACKUP_PASSPHRASE = "备份口令 2025"
SMALL_CHUNK = 4096  # several payload chunks even for a small data directory


@pytest.fixture
def key_store(data_dir, memory_keyring) -> DataKeyStore:
    return DataKeyStore(data_dir, memory_keyring, kdf_params=FAST_KDF)


@pytest.fixture
def data_key(key_store) -> bytes:  # overrides conftest: a key with a keystore.json, as in the field
    return key_store.create(ADMIN_PASSPHRASE)


@pytest.fixture
def populated(engine, layout, subkeys) -> dict:
    ids = builders.seed_visit(engine, name="测试王五")
    attachments = AttachmentStore(layout.attachments, subkeys.attachments)
    stored = [attachments.put(os.urandom(size)) for size in (10, 5000, 70_000)]
    return {**ids, "attachments": stored}


def _backup(data_dir, data_key, destination, **options):
    return create_backup(data_dir, data_key, destination, kdf_params=FAST_KDF, chunk_size=SMALL_CHUNK, **options)


@pytest.fixture
def backup_file(populated, data_dir, data_key, tmp_path) -> Path:
    destination = tmp_path / "out" / "backup.ltcbak"
    _backup(data_dir, data_key, destination, passphrase=BACKUP_PASSPHRASE)
    return destination


def _applicant_names(database: Path, data_key: bytes) -> list[str]:
    engine = open_database(database, derive_subkeys(data_key).database)
    try:
        with unit_of_work(engine) as session:
            return sorted(session.scalars(select(Applicant.name)))
    finally:
        engine.dispose()


def test_restore_brings_back_exactly_the_backed_up_state(populated, engine, layout, data_key, backup_file, key_store):
    keystore_before = layout.keystore.read_bytes()
    with unit_of_work(engine) as session:
        session.add(builders.applicant("310101195002020021", name="备份之后"))
    engine.dispose()
    summary = restore_backup(backup_file, layout.root, data_key, key_store=key_store)
    assert summary.data_key == data_key and summary.member_count == 6
    assert _applicant_names(layout.database, data_key) == ["测试王五"]
    attachments = AttachmentStore(layout.attachments, derive_subkeys(data_key).attachments)
    for stored in populated["attachments"]:
        assert attachments.verify(stored.stored_name, stored.attachment_id, expected_sha256=stored.plaintext_sha256)
    assert layout.keystore.read_bytes() == keystore_before
    assert not list(layout.root.glob(".restore-*")) and not list(layout.root.glob(".backup-snapshot-*"))


def test_a_backup_restored_with_its_passphrase_on_a_new_laptop_brings_its_key(populated, engine, data_key,
                                                                              backup_file, tmp_path):
    engine.dispose()
    new_laptop = DataLayout(tmp_path / "new-laptop")
    new_keyring = InMemoryKeyring()
    new_store = DataKeyStore(new_laptop.root, new_keyring, kdf_params=FAST_KDF)
    new_store.create(ADMIN_PASSPHRASE)  # the new laptop had its own (different) key
    summary = restore_backup(backup_file, new_laptop.root, BACKUP_PASSPHRASE, key_store=new_store)
    assert summary.data_key == data_key
    assert new_store.unlock() == data_key  # from the credential store, matching the restored keystore
    assert DataKeyStore(new_laptop.root, InMemoryKeyring(), kdf_params=FAST_KDF).unlock(ADMIN_PASSPHRASE) == data_key
    assert _applicant_names(new_laptop.database, data_key) == ["测试王五"]


def test_a_backup_can_be_made_while_the_database_is_open_and_written(populated, engine, layout, data_key, tmp_path):
    with unit_of_work(engine) as session:
        session.add(Setting(key="before", value_json="1"))
    summary = _backup(layout.root, data_key, tmp_path / "live.ltcbak")
    with unit_of_work(engine) as session:
        session.add(Setting(key="after", value_json="1"))
    engine.dispose()
    assert summary.member_count == 6 and not summary.has_passphrase
    restore_backup(tmp_path / "live.ltcbak", layout.root, data_key)
    restored = open_database(layout.database, derive_subkeys(data_key).database)
    try:
        with unit_of_work(restored) as session:
            assert set(session.scalars(select(Setting.key))) == {"before"}
    finally:
        restored.dispose()


@pytest.fixture
def live_snapshot(populated, engine, layout, backup_file):
    """Close the database (as the app does before a restore) and record every byte of the data dir."""
    engine.dispose()
    (layout.root / "cases.db-wal").write_bytes(b"")  # sidecars belong to the live database too
    return all_bytes_under(layout.root)


def _refused(backup: Path, layout: DataLayout, secret, error: type[BackupError], before: dict) -> BackupError:
    with pytest.raises(error) as raised:
        restore_backup(backup, layout.root, secret)
    assert all_bytes_under(layout.root) == before, "a refused restore changed the live data"
    assert not list(layout.root.glob(".restore-*"))
    return raised.value


@pytest.mark.parametrize("keep", [0, 5, 19, 200, 5000, -4096, -1], ids=lambda k: f"keep{k}")
def test_a_truncated_backup_is_refused_and_nothing_changes(live_snapshot, layout, data_key, backup_file, tmp_path, keep):
    truncated = tmp_path / "truncated.ltcbak"
    truncated.write_bytes(backup_file.read_bytes()[:keep])
    error = _refused(truncated, layout, data_key, BackupTruncated, live_snapshot)
    assert error.reason == "backup_truncated"


def test_a_bit_flip_anywhere_is_refused_and_nothing_changes(live_snapshot, layout, data_key, backup_file, tmp_path):
    original = backup_file.read_bytes()
    flipped = tmp_path / "flipped.ltcbak"
    for offset in [8, 15, 40, 300, len(original) // 3, len(original) // 2, len(original) - 20, len(original) - 1]:
        data = bytearray(original)
        data[offset] ^= 0x04
        flipped.write_bytes(bytes(data))
        _refused(flipped, layout, data_key, BackupError, live_snapshot)


def test_a_flipped_payload_bit_is_named_tampering(live_snapshot, layout, data_key, backup_file, tmp_path):
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    (tmp_path / "flipped.ltcbak").write_bytes(bytes(data))
    error = _refused(tmp_path / "flipped.ltcbak", layout, data_key, BackupTampered, live_snapshot)
    assert error.reason == "backup_tampered"


def test_another_data_key_is_refused(live_snapshot, layout, backup_file):
    error = _refused(backup_file, layout, os.urandom(32), BackupWrongKey, live_snapshot)
    assert error.reason == "backup_wrong_key"


def test_a_wrong_passphrase_is_refused(live_snapshot, layout, backup_file):
    _refused(backup_file, layout, "备份口令 2024", BackupWrongPassphrase, live_snapshot)


def test_a_passphrase_for_a_backup_made_without_one_is_refused(populated, engine, layout, data_key, tmp_path):
    _backup(layout.root, data_key, tmp_path / "plain.ltcbak")
    engine.dispose()
    error = _refused(tmp_path / "plain.ltcbak", layout, BACKUP_PASSPHRASE, BackupWrongKey, all_bytes_under(layout.root))
    assert error.reason == "backup_has_no_passphrase"


def test_files_that_are_not_backups_are_named(live_snapshot, layout, data_key, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(100))
    _refused(tmp_path / "photo.jpg", layout, data_key, BackupUnsupported, live_snapshot)
    _refused(tmp_path / "missing.ltcbak", layout, data_key, BackupNotFound, live_snapshot)


def _failing_replace_at(call_number: int, error: BaseException):
    """os.replace that fails on its n-th call (journal writes and entry moves both count)."""
    real_replace, calls = os.replace, []

    def replace(source, target):
        calls.append(source)
        if len(calls) == call_number:
            raise error
        real_replace(source, target)

    return replace


# A swap here makes 10 renames: journal, 4 entries out, journal, 3 entries in, journal.
@pytest.mark.parametrize("crash_at", range(1, 11))
def test_a_crash_at_any_step_of_the_swap_is_rolled_back_at_next_start(live_snapshot, layout, data_key,
                                                                      backup_file, monkeypatch, crash_at):
    monkeypatch.setattr(data_swap.os, "replace", _failing_replace_at(crash_at, KeyboardInterrupt("power cut")))
    monkeypatch.setattr(data_swap, "_roll_back", lambda workspace: None)  # the process dies: no roll-back
    with pytest.raises(KeyboardInterrupt):
        restore_backup(backup_file, layout.root, data_key)
    monkeypatch.undo()
    recover_interrupted_operations(layout.root)
    assert all_bytes_under(layout.root) == live_snapshot
    assert not list(layout.root.glob(".restore-*"))


@pytest.mark.parametrize("fail_at", [3, 7])
def test_an_error_during_the_swap_puts_the_old_data_back_at_once(live_snapshot, layout, data_key, backup_file,
                                                                 monkeypatch, fail_at):
    monkeypatch.setattr(data_swap.os, "replace", _failing_replace_at(fail_at, PermissionError("file in use")))
    with pytest.raises(PermissionError):
        restore_backup(backup_file, layout.root, data_key)
    monkeypatch.undo()
    assert all_bytes_under(layout.root) == live_snapshot
    assert not list(layout.root.glob(".restore-*"))


def test_the_backup_file_is_replaced_only_when_complete(populated, layout, data_key, tmp_path):
    destination = tmp_path / "b.ltcbak"
    destination.write_bytes(b"previous backup")
    layout.database.rename(layout.root / "moved-away.db")
    with pytest.raises(Exception):
        _backup(layout.root, data_key, destination)
    assert destination.read_bytes() == b"previous backup"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".b.ltcbak")) == []
    assert not list(layout.root.glob(".backup-snapshot-*"))


def test_a_full_disk_at_the_destination_raises_storage_full_and_leaves_no_file(populated, layout, data_key,
                                                                               tiny_filesystem):
    AttachmentStore(layout.attachments, derive_subkeys(data_key).attachments).put(os.urandom(1536 * 1024))
    with pytest.raises(StorageFull):
        _backup(layout.root, data_key, tiny_filesystem / "backup.ltcbak")
    assert list(tiny_filesystem.iterdir()) == []
    assert not list(layout.root.glob(".backup-snapshot-*"))
