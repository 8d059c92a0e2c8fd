# SPDX-License-Identifier: GPL-3.0-or-later
"""The data key: credential store first, passphrase fallback, precise errors, no key in plain files."""

from __future__ import annotations

import base64
import json
import unicodedata

import pytest
from keyring.backend import KeyringBackend

from assessment_app.security.data_key import (
    KEYRING_SERVICE,
    DataKeyExists,
    DataKeyStore,
    KeyNotFound,
    KeystoreCorrupt,
    NoKeyringAndNoPassphrase,
    PassphraseEmpty,
    WrongPassphrase,
)
from assessment_app.security.subkeys import derive_subkeys, key_id
from tests.conftest import InMemoryKeyring
from tests.unit.storage.conftest import FAST_KDF

PASSPHRASE = "管理员口令-correct horse"


def store(data_dir, backend=None) -> DataKeyStore:
    return DataKeyStore(data_dir, backend, kdf_params=FAST_KDF)


class BrokenKeyring(KeyringBackend):
    """A credential store that exists but fails, like a locked GNOME keyring over a dead D-Bus."""

    priority = 1

    def get_password(self, service, username):
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def set_password(self, service, username, password):
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def delete_password(self, service, username):
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")


def test_key_created_with_a_keyring_unlocks_without_passphrase(data_dir, memory_keyring):
    key = store(data_dir, memory_keyring).create(None)
    assert len(key) == 32
    assert store(data_dir, memory_keyring).unlock() == key
    assert [service for service, _ in memory_keyring.entries] == [KEYRING_SERVICE]


def test_two_data_directories_do_not_share_a_keyring_entry(tmp_path, memory_keyring):
    first = store(tmp_path / "one", memory_keyring).create(None)
    second = store(tmp_path / "two", memory_keyring).create(None)
    assert first != second
    assert len(memory_keyring.entries) == 2
    assert store(tmp_path / "one", memory_keyring).unlock() == first
    assert store(tmp_path / "two", memory_keyring).unlock() == second


def test_default_backend_in_tests_is_the_fail_keyring(data_dir):
    key_store = store(data_dir)  # no backend injected: keyring's process-wide one (fail, by conftest)
    assert not key_store.keyring_usable()
    key = key_store.create(PASSPHRASE)
    assert store(data_dir).unlock(PASSPHRASE) == key


def test_without_keyring_unlock_asks_for_the_passphrase(data_dir):
    store(data_dir).create(PASSPHRASE)
    with pytest.raises(NoKeyringAndNoPassphrase) as raised:
        store(data_dir).unlock()
    assert raised.value.reason == "passphrase_required"


def test_without_keyring_and_without_passphrase_create_refuses_and_stores_nothing(data_dir):
    with pytest.raises(NoKeyringAndNoPassphrase) as raised:
        store(data_dir).create(None)
    assert raised.value.reason == "no_key_storage"
    assert not (data_dir / "keystore.json").exists()


def test_lost_os_profile_is_recovered_with_the_passphrase_and_keyring_refilled(data_dir, memory_keyring):
    key = store(data_dir, memory_keyring).create(PASSPHRASE)
    new_profile = InMemoryKeyring()
    with pytest.raises(NoKeyringAndNoPassphrase):
        store(data_dir, new_profile).unlock()
    assert store(data_dir, new_profile).unlock(PASSPHRASE) == key
    assert store(data_dir, new_profile).unlock() == key  # remembered: no passphrase next time


def test_a_failing_keyring_falls_back_to_the_passphrase(data_dir, memory_keyring):
    key = store(data_dir, memory_keyring).create(PASSPHRASE)
    assert store(data_dir, BrokenKeyring()).unlock(PASSPHRASE) == key


def test_a_keyring_entry_for_another_key_is_not_trusted(data_dir, memory_keyring):
    key = store(data_dir, memory_keyring).create(PASSPHRASE)
    (entry,) = memory_keyring.entries
    memory_keyring.entries[entry] = "ltc-data-key-v1:" + base64.b64encode(bytes(32)).decode()
    with pytest.raises(NoKeyringAndNoPassphrase):
        store(data_dir, memory_keyring).unlock()
    assert store(data_dir, memory_keyring).unlock(PASSPHRASE) == key


def test_wrong_passphrase_is_named(data_dir):
    store(data_dir).create(PASSPHRASE)
    with pytest.raises(WrongPassphrase) as raised:
        store(data_dir).unlock("管理员口令-wrong horse")
    assert raised.value.reason == "wrong_passphrase"


def test_passphrase_is_compared_after_unicode_normalisation(data_dir):
    composed = "Café-口令"
    key = store(data_dir).create(composed)
    assert store(data_dir).unlock(unicodedata.normalize("NFD", composed)) == key


@pytest.mark.parametrize("damage", [
    lambda doc: "{not json",
    lambda doc: json.dumps({**doc, "format": "something-else"}),
    lambda doc: json.dumps({**doc, "version": 99}),
    lambda doc: json.dumps({**doc, "passphrase_wrap": {**doc["passphrase_wrap"], "wrapped_key": "AAAA"}}),
    lambda doc: json.dumps({**doc, "passphrase_wrap": {**doc["passphrase_wrap"], "nonce": "not base64!"}}),
    lambda doc: json.dumps({**doc, "passphrase_wrap": {
        **doc["passphrase_wrap"], "kdf": {**doc["passphrase_wrap"]["kdf"], "memory_kib": 1 << 40}}}),
    lambda doc: json.dumps({**doc, "key_id": "0" * 32}),
], ids=["not-json", "format", "version", "short-wrapped-key", "bad-nonce", "absurd-kdf-memory", "key-id"])
def test_corrupt_keystore_is_reported_as_such(data_dir, damage):
    store(data_dir).create(PASSPHRASE)
    path = data_dir / "keystore.json"
    path.write_text(damage(json.loads(path.read_text())), encoding="utf-8")
    with pytest.raises(KeystoreCorrupt) as raised:
        store(data_dir).unlock(PASSPHRASE)
    assert raised.value.reason == "keystore_corrupt"


def test_corrupt_keystore_does_not_block_a_keyring_unlock(data_dir, memory_keyring):
    key = store(data_dir, memory_keyring).create(PASSPHRASE)
    (data_dir / "keystore.json").write_text("garbage", encoding="utf-8")
    assert store(data_dir, memory_keyring).unlock() == key


def test_no_key_anywhere_is_key_not_found(data_dir, memory_keyring):
    with pytest.raises(KeyNotFound) as raised:
        store(data_dir, memory_keyring).unlock(PASSPHRASE)
    assert raised.value.reason == "key_not_found"


def test_keyring_only_key_lost_with_the_profile_is_key_not_found(data_dir, memory_keyring):
    store(data_dir, memory_keyring).create(None)
    with pytest.raises(KeyNotFound):
        store(data_dir, InMemoryKeyring()).unlock(PASSPHRASE)


def test_create_never_replaces_an_existing_key(data_dir, memory_keyring):
    store(data_dir, memory_keyring).create(PASSPHRASE)
    with pytest.raises(DataKeyExists):
        store(data_dir, memory_keyring).create(PASSPHRASE)


def test_empty_passphrase_is_refused(data_dir, memory_keyring):
    with pytest.raises(PassphraseEmpty):
        store(data_dir, memory_keyring).create("")


def test_changing_the_passphrase_keeps_the_key(data_dir):
    key = store(data_dir).create(PASSPHRASE)
    store(data_dir).set_passphrase(key, "新口令")
    assert store(data_dir).unlock("新口令") == key
    with pytest.raises(WrongPassphrase):
        store(data_dir).unlock(PASSPHRASE)


def test_keystore_file_holds_no_key_material_in_the_clear(data_dir):
    key = store(data_dir).create(PASSPHRASE)
    text = (data_dir / "keystore.json").read_text(encoding="utf-8")
    keys = derive_subkeys(key)
    for secret in (key, keys.database, keys.attachments, keys.backup):
        assert secret.hex() not in text and base64.b64encode(secret).decode() not in text
    assert json.loads(text)["key_id"] == key_id(key)


def test_subkeys_are_distinct_stable_and_hidden_from_repr():
    key = bytes(range(32))
    keys = derive_subkeys(key)
    assert len({keys.database, keys.attachments, keys.backup, key}) == 4
    assert derive_subkeys(key) == keys
    assert keys.database.hex() not in repr(keys)
