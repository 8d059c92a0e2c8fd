# SPDX-License-Identifier: GPL-3.0-or-later
"""The backup file's envelope: preamble, plaintext header with key recipients, errors.

    magic            8 bytes  "LTCBAK" NUL 0x01
    payload_length   uint64 big-endian: bytes of payload after the header (only a hint, see below)
    header_length    uint32 big-endian
    header           UTF-8 JSON: format, version, created_at, chunk_size, recipients[]
    payload          chunked AES-256-GCM stream (chunked_aead.py) under a random file key

The file key is wrapped once per recipient: under the data key's backup sub-key (restore on the
same installation, or wherever that data key is) and optionally under an Argon2id key from a
backup passphrase (restore on a new laptop). The payload's context includes SHA-256 of magic and
header, so any change to the header fails the payload. payload_length is written last (seek
back) and is not authenticated: it only tells "truncated" from "tampered" in error messages.
Spec: docs/formats/backup.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assessment_app.security.passphrase_kdf import (
    SALT_BYTES,
    Argon2idParams,
    KdfRecordInvalid,
    derive_key_from_passphrase,
)
from assessment_app.security.subkeys import derive_subkeys
from assessment_app.storage.errors import StorageError

MAGIC = b"LTCBAK\x00\x01"
FORMAT = "ltc-assess-backup"
VERSION = 1
PREAMBLE_BYTES = len(MAGIC) + 8 + 4
PAYLOAD_LENGTH_OFFSET = len(MAGIC)
MAX_HEADER_BYTES = 64 * 1024
DATA_KEY_RECIPIENT = "data-key"
PASSPHRASE_RECIPIENT = "passphrase"
_PAYLOAD_CONTEXT_LABEL = b"ltc-assess backup v1 payload "


class BackupError(StorageError):
    reason = "backup_error"


class BackupNotFound(BackupError):
    reason = "backup_not_found"


class BackupUnsupported(BackupError):
    """reason "backup_not_a_backup", "backup_unsupported_version" or "backup_schema_too_new"."""

    reason = "backup_not_a_backup"


class BackupTruncated(BackupError):
    reason = "backup_truncated"


class BackupTampered(BackupError):
    """Authentication or a hash failed, or the content is inconsistent: not the file that was written."""

    reason = "backup_tampered"


class BackupWrongKey(BackupError):
    """reason "backup_wrong_key" (made under another data key) or "backup_has_no_passphrase"."""

    reason = "backup_wrong_key"


class BackupWrongPassphrase(BackupError):
    reason = "backup_wrong_passphrase"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _recipient_associated_data(kind: str) -> bytes:
    return b"ltc-assess backup v1 recipient " + kind.encode("ascii")


def _wrap(wrapping_key: bytes, file_key: bytes, kind: str, random_bytes: Callable[[int], bytes]) -> dict:
    nonce = random_bytes(12)
    sealed = AESGCM(wrapping_key).encrypt(nonce, file_key, _recipient_associated_data(kind))
    return {"type": kind, "nonce": _b64(nonce), "wrapped_file_key": _b64(sealed)}


def build_header(file_key: bytes, data_key: bytes, created_at: str, chunk_size: int, *,
                 passphrase: str | None = None, kdf_params: Argon2idParams | None = None,
                 random_bytes: Callable[[int], bytes] = os.urandom) -> bytes:
    keys = derive_subkeys(data_key)
    recipients = [{**_wrap(keys.backup, file_key, DATA_KEY_RECIPIENT, random_bytes), "key_id": keys.key_id}]
    if passphrase is not None:
        params = kdf_params or Argon2idParams()
        salt = random_bytes(SALT_BYTES)
        wrapping_key = derive_key_from_passphrase(passphrase, salt, params)
        recipients.append({**_wrap(wrapping_key, file_key, PASSPHRASE_RECIPIENT, random_bytes),
                           "kdf": params.to_record(salt)})
    header = {"format": FORMAT, "version": VERSION, "created_at": created_at,
              "chunk_size": chunk_size, "recipients": recipients}
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def preamble(header: bytes, payload_length: int = 0) -> bytes:
    return MAGIC + payload_length.to_bytes(8, "big") + len(header).to_bytes(4, "big") + header


def payload_context(header: bytes) -> bytes:
    return _PAYLOAD_CONTEXT_LABEL + hashlib.sha256(MAGIC + header).digest()


@dataclass(frozen=True)
class BackupHeader:
    raw: bytes
    fields: dict
    payload_length: int
    payload_offset: int

    @property
    def chunk_size(self) -> int:
        return self.fields["chunk_size"]

    @property
    def created_at(self) -> str:
        return self.fields["created_at"]

    def recipient(self, kind: str) -> dict | None:
        return next((r for r in self.fields["recipients"] if isinstance(r, dict) and r.get("type") == kind), None)


def read_header(stream: BinaryIO) -> BackupHeader:
    head = stream.read(PREAMBLE_BYTES)
    name = MAGIC[:6]  # "LTCBAK"; the two bytes after it are NUL and the format version
    if head[:len(name)] != name:
        if MAGIC.startswith(head):
            raise BackupTruncated("the file ends inside the preamble")
        raise BackupUnsupported("not a backup file")
    if len(head) >= len(MAGIC) and head[:len(MAGIC)] != MAGIC:
        raise BackupUnsupported(f"backup format version {head[7]}", reason="backup_unsupported_version")
    if len(head) < PREAMBLE_BYTES:
        raise BackupTruncated("the file ends inside the preamble")
    payload_length = int.from_bytes(head[PAYLOAD_LENGTH_OFFSET:PAYLOAD_LENGTH_OFFSET + 8], "big")
    header_length = int.from_bytes(head[PAYLOAD_LENGTH_OFFSET + 8:], "big")
    if header_length > MAX_HEADER_BYTES:
        raise BackupTampered(f"header length {header_length} is implausible")
    raw = stream.read(header_length)
    if len(raw) < header_length:
        raise BackupTruncated("the file ends inside the header")
    try:
        fields = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupTampered("the header is not JSON") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise BackupTampered("the header does not describe a backup")
    if fields.get("version") != VERSION:
        raise BackupUnsupported(f"backup format version {fields.get('version')!r}", reason="backup_unsupported_version")
    if (type(fields.get("chunk_size")) is not int or not isinstance(fields.get("recipients"), list)
            or not isinstance(fields.get("created_at"), str)):
        raise BackupTampered("the header lacks chunk_size, created_at or recipients")
    return BackupHeader(raw, fields, payload_length, PREAMBLE_BYTES + header_length)


def _unwrap(recipient: dict, wrapping_key: bytes, kind: str) -> bytes:
    try:
        nonce = base64.b64decode(recipient["nonce"], validate=True)
        sealed = base64.b64decode(recipient["wrapped_file_key"], validate=True)
        return AESGCM(wrapping_key).decrypt(nonce, sealed, _recipient_associated_data(kind))
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise BackupTampered(f"the {kind} recipient is unreadable") from None


def file_key_for(header: BackupHeader, secret: bytes | str) -> bytes:
    """Unwrap the file key with a data key (bytes) or a backup passphrase (str)."""
    if isinstance(secret, (bytes, bytearray)):
        keys = derive_subkeys(bytes(secret))
        recipient = header.recipient(DATA_KEY_RECIPIENT)
        if recipient is None or recipient.get("key_id") != keys.key_id:
            raise BackupWrongKey("the backup was made under another data key")
        try:
            return _unwrap(recipient, keys.backup, DATA_KEY_RECIPIENT)
        except InvalidTag:
            raise BackupTampered("the data-key recipient fails authentication") from None
    recipient = header.recipient(PASSPHRASE_RECIPIENT)
    if recipient is None:
        raise BackupWrongKey("the backup has no passphrase; restore it with its data key",
                             reason="backup_has_no_passphrase")
    try:
        params, salt = Argon2idParams.from_record(recipient.get("kdf"))
    except KdfRecordInvalid as error:
        raise BackupTampered(str(error)) from None
    try:
        return _unwrap(recipient, derive_key_from_passphrase(secret, salt, params), PASSPHRASE_RECIPIENT)
    except InvalidTag:
        raise BackupWrongPassphrase() from None
