# SPDX-License-Identifier: GPL-3.0-or-later
"""A backup file, from docs/formats/backup.md."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.unit.formats.readers.chunked import Damaged, decrypt_chunks

MAGIC = bytes.fromhex("4C 54 43 42 41 4B 00 01")  # as the spec writes it
MAX_HEADER = 64 * 1024
_ATTACHMENT = re.compile(r"attachments/([0-9a-f]{2})/([0-9a-f]{64})\.bin")


@dataclass
class Backup:
    header_bytes: bytes
    header: dict
    file_key: bytes
    chunks: int
    archive: bytes
    members: list[tarfile.TarInfo]
    contents: dict[str, bytes]
    manifest: dict


def hkdf(key: bytes, info: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info.encode("ascii")).derive(key)


def key_id(data_key: bytes) -> str:
    return hkdf(data_key, "ltc-assess/v1/key-id", 16).hex()


def passphrase_key(passphrase: str, kdf: dict) -> bytes:
    return Argon2id(salt=base64.b64decode(kdf["salt"]), length=32, iterations=kdf["iterations"], lanes=kdf["lanes"],
                    memory_cost=kdf["memory_kib"]).derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def _unwrap(recipient: dict, wrapping_key: bytes) -> bytes:
    return AESGCM(wrapping_key).decrypt(base64.b64decode(recipient["nonce"]),
                                        base64.b64decode(recipient["wrapped_file_key"]),
                                        b"ltc-assess backup v1 recipient " + recipient["type"].encode("ascii"))


def _file_key(header: dict, secret: bytes | str) -> bytes:
    recipients = {recipient["type"]: recipient for recipient in header["recipients"]}
    if isinstance(secret, bytes):
        recipient = recipients.get("data-key")
        if recipient is None or recipient["key_id"] != key_id(secret):
            raise Damaged("backup_wrong_key")
        try:
            return _unwrap(recipient, hkdf(secret, "ltc-assess/v1/backup"))
        except InvalidTag:
            raise Damaged("backup_tampered") from None
    recipient = recipients.get("passphrase")
    if recipient is None:
        raise Damaged("backup_has_no_passphrase")
    try:
        return _unwrap(recipient, passphrase_key(secret, recipient["kdf"]))
    except InvalidTag:
        raise Damaged("backup_wrong_passphrase") from None


def read_backup(data: bytes, secret: bytes | str) -> Backup:
    """Every check of "Restore: what is checked" up to the database's own (step 5); Damaged(reason)."""
    if data[:6] != MAGIC[:6]:
        raise Damaged("backup_truncated" if MAGIC.startswith(data) else "backup_not_a_backup")
    if len(data) >= 8 and data[:8] != MAGIC:
        raise Damaged("backup_unsupported_version")
    if len(data) < 20:
        raise Damaged("backup_truncated")
    payload_length, header_length = int.from_bytes(data[8:16], "big"), int.from_bytes(data[16:20], "big")
    if header_length > MAX_HEADER:
        raise Damaged("backup_tampered")
    header_bytes = data[20:20 + header_length]
    if len(header_bytes) < header_length:
        raise Damaged("backup_truncated")
    try:
        header = json.loads(header_bytes)
    except ValueError:
        raise Damaged("backup_tampered") from None
    if header.get("format") != "ltc-assess-backup":
        raise Damaged("backup_tampered")
    if header.get("version") != 1:
        raise Damaged("backup_unsupported_version")
    file_key = _file_key(header, secret)
    payload = data[20 + header_length:]
    context = b"ltc-assess backup v1 payload " + hashlib.sha256(MAGIC + header_bytes).digest()
    try:
        archive, chunks = decrypt_chunks(payload, file_key, context, header["chunk_size"])
    except Damaged as damage:
        shorter = len(payload) < payload_length
        raise Damaged("backup_truncated" if damage.reason == "truncated" or shorter else "backup_tampered") from None
    if len(payload) != payload_length:
        raise Damaged("backup_tampered")
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        members = tar.getmembers()
        contents = {member.name: tar.extractfile(member).read() for member in members if member.isreg()}
    backup = Backup(header_bytes, header, file_key, chunks, archive, members, contents, {})
    backup.manifest = _checked_members(backup, secret)
    return backup


def _checked_members(backup: Backup, secret: bytes | str) -> dict:
    names = [member.name for member in backup.members]
    allowed = {"data-key", "cases.db", "keystore.json", "manifest.json"}
    if (len(set(names)) != len(names) or not all(name in allowed or _ATTACHMENT.fullmatch(name) for name in names)
            or not all(member.isreg() for member in backup.members) or "manifest.json" not in names):
        raise Damaged("backup_tampered")
    manifest = json.loads(backup.contents["manifest.json"])
    listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["members"]}
    found = {name: (len(data), hashlib.sha256(data).hexdigest())
             for name, data in backup.contents.items() if name != "manifest.json"}
    if listed != found:
        raise Damaged("backup_tampered")
    for name, data in backup.contents.items():
        match = _ATTACHMENT.fullmatch(name)
        if match and (hashlib.sha256(data).hexdigest() != match.group(2) or match.group(2)[:2] != match.group(1)):
            raise Damaged("backup_tampered")
    data_key = backup.contents["data-key"]
    recipient = next(r for r in backup.header["recipients"] if r["type"] == "data-key")
    if key_id(data_key) != recipient["key_id"] or key_id(data_key) != manifest["key_id"]:
        raise Damaged("backup_tampered")
    if isinstance(secret, bytes) and data_key != secret:
        raise Damaged("backup_tampered")
    return manifest
