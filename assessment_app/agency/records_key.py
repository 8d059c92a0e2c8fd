# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's server-side key (`[review] records_key`): what the server extracts from a
verified bundle for the reviewers is sealed under it, so nothing personal lies in plaintext in
PostgreSQL's files or on the store (the agency's NAS).

The key file holds 32 random bytes as 64 hex digits (comment lines with `#` allowed), created
once by `ltc-agency records-key create FILE` (mode 0600, never overwritten). Workers and the API
need it; the age identity, which opens every bundle, stays with the workers. Purposes get their
own subkeys (HKDF-SHA256, info `ltc-agency/review/v1/<purpose>`), and every sealed value names
what it is in its associated data, so a value copied to another row or column fails to open.
The database remembers the key's public id: a server started with another key refuses to run
(`records_key_mismatch`) instead of sealing new rows under a key the old rows do not open with.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessment_app.agency.errors import AgencyError

KEY_BYTES = 32
_LABEL = b"ltc-agency/review/v1/"
_NONCE = 12
_SEALED_VERSION = b"\x01"

# Purposes (part of the stored formats: changing a label makes stored values unreadable).
PAYLOAD_KEYS = "payload-keys"  # the STREAM key of each verified bundle
IDENTITY = "identity"  # applicant and informant identity shown on the queue and the record
PSEUDONYM = "applicant-pseudonym"  # HMAC of the resident ID: one applicant's records group together
OBJECTS = "objects"  # decision files in the store (sealed_objects.py)
KEY_ID = "key-id"


@dataclass(frozen=True)
class RecordsKey:
    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise AgencyError("records_key_invalid", f"{len(self.key)} bytes, not {KEY_BYTES}")
        # Derived once per purpose: a queue page opens fifty identities.
        object.__setattr__(self, "_subkeys", {})

    def subkey(self, purpose: str) -> bytes:
        subkeys = self.__dict__["_subkeys"]
        if purpose not in subkeys:
            subkeys[purpose] = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                    info=_LABEL + purpose.encode("ascii")).derive(self.key)
        return subkeys[purpose]

    @property
    def key_id(self) -> str:
        return self.subkey(KEY_ID)[:16].hex()

    def seal(self, purpose: str, what: str, plaintext: bytes) -> bytes:
        """version ‖ nonce ‖ AES-256-GCM(plaintext), associated data = purpose ‖ 0 ‖ `what`."""
        nonce = secrets.token_bytes(_NONCE)
        return _SEALED_VERSION + nonce + AESGCM(self.subkey(purpose)).encrypt(nonce, plaintext, _aad(purpose, what))

    def open(self, purpose: str, what: str, sealed: bytes) -> bytes:
        if len(sealed) < 1 + _NONCE + 16 or sealed[:1] != _SEALED_VERSION:
            raise AgencyError("sealed_value_damaged", what)
        try:
            return AESGCM(self.subkey(purpose)).decrypt(sealed[1:1 + _NONCE], sealed[1 + _NONCE:], _aad(purpose, what))
        except InvalidTag:
            raise AgencyError("sealed_value_damaged", what) from None

    def pseudonym(self, resident_id: str) -> str:
        """The same person → the same value, without the ID number (keyed, so no dictionary of
        the 10^17 possible numbers can reverse it without the key)."""
        return hmac.new(self.subkey(PSEUDONYM), resident_id.strip().upper().encode("ascii", "replace"),
                        hashlib.sha256).hexdigest()


def _aad(purpose: str, what: str) -> bytes:
    return purpose.encode("ascii") + b"\x00" + what.encode("utf-8")


def load_records_key(path: str | Path) -> RecordsKey:
    try:
        text = Path(path).read_text(encoding="ascii")
    except FileNotFoundError:
        raise AgencyError("records_key_missing", str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AgencyError("records_key_invalid", f"{path}: {error}") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    try:
        if len(lines) != 1:
            raise ValueError("one line of 64 hex digits expected")
        return RecordsKey(bytes.fromhex(lines[0]))
    except ValueError as error:
        raise AgencyError("records_key_invalid", f"{path}: {error}") from None


def create_records_key(path: str | Path) -> RecordsKey:
    """A new key file (mode 0600); an existing file is never overwritten."""
    path = Path(path)
    key = RecordsKey(secrets.token_bytes(KEY_BYTES))
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AgencyError("output_exists", str(path)) from None
    except OSError as error:
        raise AgencyError("output_unwritable", f"{path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write("# ltc-agency review desk records key: keep it with the server's backups, never on the NAS\n")
        stream.write(key.key.hex() + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    return key
