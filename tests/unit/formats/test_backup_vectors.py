# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/backup/ decoded by the spec-only reader and restored by the application; its
damaged variants refused with the reason the spec gives, by both."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pytest

from assessment_app.security.subkeys import derive_subkeys
from assessment_app.storage.backup import restore_backup
from assessment_app.storage.backup_format import BackupError
from assessment_app.storage.database import connect_sqlcipher
from tests.conftest import VECTORS
from tests.unit.formats.readers.backup import hkdf, key_id, passphrase_key, read_backup
from tests.unit.formats.readers.chunked import Damaged

DIRECTORY = VECTORS / "backup"
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))
BACKUP = (DIRECTORY / "backup.ltcbak").read_bytes()
DATA_KEY = bytes.fromhex(INPUTS["data_key"])


@pytest.fixture(scope="module")
def with_key():
    return read_backup(BACKUP, DATA_KEY)


def test_the_layout_and_header(with_key):
    assert BACKUP[:8] == b"LTCBAK\x00\x01"
    assert int.from_bytes(BACKUP[8:16], "big") == len(BACKUP) - 20 - len(with_key.header_bytes) == EXPECTED["payload_length"]
    assert with_key.header_bytes.decode() == EXPECTED["header_text"]
    header = with_key.header
    assert (header["created_at"], header["chunk_size"]) == (INPUTS["created_at"], INPUTS["chunk_size"])
    assert [recipient["type"] for recipient in header["recipients"]] == ["data-key", "passphrase"]
    assert header["recipients"][0]["key_id"] == key_id(DATA_KEY) == EXPECTED["key_id"]
    assert hkdf(DATA_KEY, "ltc-assess/v1/backup").hex() == EXPECTED["data_key_wrapping_key"]


def test_both_recipients_unwrap_the_same_file_key(with_key):
    with_passphrase = read_backup(BACKUP, INPUTS["passphrase"])
    assert with_key.file_key == with_passphrase.file_key == bytes.fromhex(EXPECTED["file_key"])
    assert with_key.file_key == bytes.fromhex(INPUTS["random_bytes"]["drawn_hex"])[:32]
    # The passphrase is given decomposed; the key comes from its NFC form.
    assert INPUTS["passphrase"] != unicodedata.normalize("NFC", INPUTS["passphrase"])
    kdf = with_key.header["recipients"][1]["kdf"]
    assert passphrase_key(INPUTS["passphrase"], kdf).hex() == EXPECTED["passphrase_wrapping_key"]


def test_the_payload_holds_the_members_in_order_with_their_manifest(with_key):
    names = [member.name for member in with_key.members]
    assert names == INPUTS["members_in_order"] == [member["name"] for member in EXPECTED["members"]]
    assert names[0] == "data-key" and names[-1] == "manifest.json"
    assert all(member.mode == 0o600 and member.mtime == 0 and member.isreg() for member in with_key.members)
    assert with_key.chunks == EXPECTED["payload_chunks"] > 1
    assert hashlib.sha256(with_key.archive).hexdigest() == EXPECTED["tar_sha256"]
    assert with_key.contents["data-key"] == DATA_KEY
    for name, path in INPUTS["member_files"].items():
        assert with_key.contents[name] == (DIRECTORY / path).read_bytes(), name
    manifest = with_key.manifest
    assert [entry["name"] for entry in manifest["members"]] == names[:-1]
    assert manifest == EXPECTED["manifest"]
    assert (manifest["created_at"], manifest["key_id"]) == (INPUTS["created_at"], key_id(DATA_KEY))


@pytest.mark.parametrize("secret", ["data key", "passphrase"])
def test_the_application_restores_the_vector(secret, tmp_path):
    summary = restore_backup(DIRECTORY / "backup.ltcbak", tmp_path / "data",
                             DATA_KEY if secret == "data key" else INPUTS["passphrase"])
    assert summary.data_key == DATA_KEY and summary.created_at == INPUTS["created_at"]
    for name, path in INPUTS["member_files"].items():
        if name != "cases.db":  # opening it for its integrity check rewrites its header page
            assert (tmp_path / "data" / name).read_bytes() == (DIRECTORY / path).read_bytes(), name
    connection = connect_sqlcipher(tmp_path / "data" / "cases.db", derive_subkeys(DATA_KEY).database)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()
    assert revision == INPUTS["manifest_fields"]["schema_revision"]


def edited(edit: dict) -> bytes:
    data = bytearray(BACKUP)
    if "keep_bytes" in edit:
        del data[edit["keep_bytes"]:]
    if "flip_byte" in edit:
        data[edit["flip_byte"]] ^= 0x01
    if "replace" in edit:
        replacement = bytes.fromhex(edit["replace"]["hex"])
        data[edit["replace"]["offset"]:edit["replace"]["offset"] + len(replacement)] = replacement
    return bytes(data) + bytes.fromhex(edit.get("append_hex", ""))


@pytest.mark.parametrize("edit", INPUTS["damaged"], ids=lambda edit: edit["name"])
def test_damaged_backup_is_refused_with_the_same_reason_by_the_reader_and_the_application(edit, tmp_path):
    secret = edit.get("passphrase") or bytes.fromhex(edit.get("data_key", INPUTS["data_key"]))
    data = edited(edit)
    with pytest.raises(Damaged) as by_reader:
        read_backup(data, secret)
    (tmp_path / "damaged.ltcbak").write_bytes(data)
    with pytest.raises(BackupError) as by_application:
        restore_backup(tmp_path / "damaged.ltcbak", tmp_path / "data", secret)
    assert by_reader.value.reason == by_application.value.reason == edit["expect"]
