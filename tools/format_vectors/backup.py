# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/backup/: one backup file (docs/formats/backup.md) with both recipients.

The members are the files of `data/`: a database snapshot, keystore.json and one attachment.
`data/cases.db` is made once (SQLCipher encrypts every page under a random IV, so it cannot be
remade byte for byte) and kept: a two-page database holding only `alembic_version`, snapshotted
by the application's own `VACUUM INTO`. Everything else is rebuilt from the constants below:
keystore.json and the attachment by the application's writers, the backup by
storage.backup.write_backup (what create_backup calls after its snapshot), with every random
byte drawn from SHAKE-256("ltc-assess backup vector").
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import tempfile
import unicodedata
from pathlib import Path

from keyring.backends import fail

from assessment_app.security.data_key import DataKeyStore
from assessment_app.security.passphrase_kdf import Argon2idParams, derive_key_from_passphrase
from assessment_app.security.subkeys import derive_subkeys
from assessment_app.storage.backup import _snapshot_database, write_backup
from assessment_app.storage.backup_format import file_key_for, payload_context, read_header
from assessment_app.storage.chunked_aead import CHUNK_OVERHEAD, decrypt_chunks
from assessment_app.storage.database import connect_sqlcipher
from tools.format_vectors import attachment
from tools.format_vectors.common import FixedRandom, json_file, sha256_hex

DATA_KEY = bytes(range(32))
# Typed decomposed (e + U+0301); the format derives the key from its NFC form.
PASSPHRASE = "备份口令 cafe\u0301"
# Argon2id's minimum memory for one lane: a vector checks the format, not the KDF's hardness.
KDF = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
KEYSTORE_PASSPHRASE = "管理员口令 vector"
CREATED_AT = "2025-03-01T08:00:00.000000Z"
APP_VERSION = "0.1.0"
CHUNK_SIZE = 4096  # small, so the payload has several chunks
RANDOM_LABEL = "ltc-assess backup vector"
SCHEMA_REVISION = "0004"
BACKUP_FILE = "backup.ltcbak"



def damaged(backup: bytes) -> list[dict]:
    """Edits of backup.ltcbak and the error restore_backup must give (docs/formats/backup.md,
    "Restore: what is checked, in order"). Edits: keep_bytes (cut), flip_byte (XOR 0x01),
    replace ({offset, hex}), append_hex; or another secret to restore with."""
    payload_offset = 20 + int.from_bytes(backup[16:20], "big")
    block = CHUNK_SIZE + CHUNK_OVERHEAD
    year = backup.index(CREATED_AT[:4].encode(), 20)
    return [
        {"name": "cut-at-chunk-boundary", "keep_bytes": payload_offset + 2 * block, "expect": "backup_truncated"},
        # Not a chunk boundary: the last chunk fails, and the file is shorter than its payload length says.
        {"name": "cut-inside-last-chunk", "keep_bytes": len(backup) - 5, "expect": "backup_truncated"},
        {"name": "cut-inside-header", "keep_bytes": 30, "expect": "backup_truncated"},
        # The header is still valid JSON, but the payload's context hashes it.
        {"name": "header-edited", "replace": {"offset": year, "hex": b"2026".hex()}, "expect": "backup_tampered"},
        {"name": "payload-byte-flipped", "flip_byte": payload_offset + 20, "expect": "backup_tampered"},
        {"name": "payload-length-plus-one",
         "replace": {"offset": 8, "hex": (len(backup) - payload_offset + 1).to_bytes(8, "big").hex()},
         "expect": "backup_tampered"},
        {"name": "byte-appended", "append_hex": "00", "expect": "backup_tampered"},
        {"name": "newer-version", "replace": {"offset": 7, "hex": "02"}, "expect": "backup_unsupported_version"},
        {"name": "not-a-backup", "replace": {"offset": 0, "hex": b"X".hex()}, "expect": "backup_not_a_backup"},
        {"name": "wrong-passphrase", "passphrase": "备份口令 café!", "expect": "backup_wrong_passphrase"},
        {"name": "other-data-key", "data_key": bytes(range(1, 33)).hex(), "expect": "backup_wrong_key"},
    ]


def make_database(path: Path) -> None:
    """The kept cases.db: the application's snapshot of a database that holds only its revision."""
    key = derive_subkeys(DATA_KEY).database
    with tempfile.TemporaryDirectory() as directory:
        live = Path(directory) / "live.db"
        connection = connect_sqlcipher(live, key, create=True)
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                           "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_REVISION,))
        connection.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        _snapshot_database(live, key, path)


def _keystore() -> bytes:
    # create() draws the data key first, then the Argon2id salt and the nonce.
    random = FixedRandom("ltc-assess backup vector keystore", prefix=DATA_KEY)
    with tempfile.TemporaryDirectory() as directory:
        store = DataKeyStore(Path(directory), fail.Keyring(), kdf_params=KDF, random_bytes=random)
        assert store.create(KEYSTORE_PASSPHRASE) == DATA_KEY
        return store.keystore_path.read_bytes()


def build(directory: Path) -> dict[str, bytes]:
    data = directory / "data"
    if not (data / "cases.db").exists():
        make_database(data / "cases.db")
    stored_name, attachment_file = attachment.encrypt(attachment.VECTORS[3])  # "from-data-key"
    files = {"data/keystore.json": _keystore(), f"data/attachments/{stored_name}": attachment_file}
    with tempfile.TemporaryDirectory() as staging:
        for name, content in files.items():
            (Path(staging) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(staging) / name).write_bytes(content)
        members = [("cases.db", data / "cases.db"), ("keystore.json", Path(staging) / "data/keystore.json"),
                   (f"attachments/{stored_name}", Path(staging) / f"data/attachments/{stored_name}")]
        random = FixedRandom(RANDOM_LABEL)
        output = io.BytesIO()
        write_backup(output, DATA_KEY, members,
                     {"created_at": CREATED_AT, "app_version": APP_VERSION, "schema_revision": SCHEMA_REVISION,
                      "key_id": derive_subkeys(DATA_KEY).key_id},
                     passphrase=PASSPHRASE, kdf_params=KDF, chunk_size=CHUNK_SIZE, random_bytes=random)
    backup = output.getvalue()
    files[BACKUP_FILE] = backup
    files["inputs.json"] = json_file({
        "format": "docs/formats/backup.md, version 1",
        "data_key": DATA_KEY.hex(), "passphrase": PASSPHRASE, "kdf": {"memory_kib": KDF.memory_kib,
                                                                     "iterations": KDF.iterations, "lanes": KDF.lanes},
        "created_at": CREATED_AT, "chunk_size": CHUNK_SIZE,
        "manifest_fields": {"app_version": APP_VERSION, "schema_revision": SCHEMA_REVISION},
        "members_in_order": ["data-key"] + [name for name, _ in members] + ["manifest.json"],
        "member_files": {name: f"data/{name}" for name, _ in members},
        "random_bytes": {"shake256_label": RANDOM_LABEL, "drawn_hex": random.drawn.hex(),
                         "order": "file key (32), data-key recipient nonce (12), Argon2id salt (16), "
                                  "passphrase recipient nonce (12), then one nonce (12) per payload chunk"},
        "keystore_passphrase": KEYSTORE_PASSPHRASE,
        "damaged": damaged(backup)})
    files["expected.json"] = json_file(_expected(backup))
    return files


def _expected(backup: bytes) -> dict:
    """The intermediate values a second implementation can compare step by step."""
    header = read_header(io.BytesIO(backup))
    file_key = file_key_for(header, DATA_KEY)
    payload = backup[header.payload_offset:]
    archive = b"".join(decrypt_chunks(io.BytesIO(payload), file_key, payload_context(header.raw), CHUNK_SIZE))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [{"name": info.name, "size": info.size,
                    "sha256": hashlib.sha256(tar.extractfile(info).read()).hexdigest()} for info in tar]
        manifest = tar.extractfile("manifest.json").read()
    passphrase_recipient = header.recipient("passphrase")
    salt = base64.b64decode(passphrase_recipient["kdf"]["salt"])
    keys = derive_subkeys(DATA_KEY)
    return {
        "file_size": len(backup), "file_sha256": sha256_hex(backup),
        "header_length": len(header.raw), "header_text": header.raw.decode("utf-8"),
        "payload_length": header.payload_length,
        "key_id": keys.key_id, "data_key_wrapping_key": keys.backup.hex(),
        "passphrase_nfc_utf8_hex": unicodedata.normalize("NFC", PASSPHRASE).encode("utf-8").hex(),
        "passphrase_wrapping_key": derive_key_from_passphrase(PASSPHRASE, salt, KDF).hex(),
        "file_key": file_key.hex(),
        "payload_context_hex": payload_context(header.raw).hex(),
        "payload_chunks": -(-len(payload) // (CHUNK_SIZE + CHUNK_OVERHEAD)),
        "tar_size": len(archive), "tar_sha256": sha256_hex(archive),
        "members": members, "manifest": json.loads(manifest), "manifest_sha256": sha256_hex(manifest)}
