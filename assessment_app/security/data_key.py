# SPDX-License-Identifier: GPL-3.0-or-later
"""The application's 32-byte data key: kept in the OS credential store, with a passphrase fallback.

Two homes, so that neither a laptop without a credential store nor a lost OS profile loses the
data: the key sits in the OS store (`keyring`, service "ltc-assess"), and `keystore.json` in the
data directory holds it wrapped with AES-256-GCM under an Argon2id key derived from the
administrator's passphrase. keystore.json always records the key's public id, so a stale
credential-store entry (e.g. left over from another data directory) is recognised and skipped.

Errors carry a stable `.reason` code; the UI and CLI turn it into zh_CN/en text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend

from assessment_app.durable_files import atomic_write_bytes
from assessment_app.errors import AppError
from assessment_app.security.passphrase_kdf import (
    DEFAULT_PARAMS,
    SALT_BYTES,
    Argon2idParams,
    KdfRecordInvalid,
    derive_key_from_passphrase,
)
from assessment_app.security.subkeys import DATA_KEY_BYTES, key_id

KEYRING_SERVICE = "ltc-assess"
KEYSTORE_FILE = "keystore.json"
KEYSTORE_FORMAT = "ltc-assess-keystore"
KEYSTORE_VERSION = 1
_KEYRING_VALUE_PREFIX = "ltc-data-key-v1:"
_WRAP_ASSOCIATED_DATA = b"ltc-assess keystore v1 data key"


class DataKeyError(AppError):
    reason = "data_key_error"

    def __init__(self, detail: str = "", *, reason: str | None = None):
        super().__init__(detail or self.reason)
        if reason is not None:
            self.reason = reason
        self.detail = detail


class NoKeyringAndNoPassphrase(DataKeyError):
    """No usable credential-store entry, and no passphrase given (or none to store one under).

    reason "passphrase_required" (unlock: ask the administrator's passphrase) or
    "no_key_storage" (create: neither a credential store nor a passphrase to keep the key).
    """

    reason = "passphrase_required"


class WrongPassphrase(DataKeyError):
    reason = "wrong_passphrase"


class KeystoreCorrupt(DataKeyError):
    reason = "keystore_corrupt"


class KeyNotFound(DataKeyError):
    """Neither the credential store nor keystore.json can supply the key of this data directory."""

    reason = "key_not_found"


class DataKeyExists(DataKeyError):
    """create() on a directory that already has a key: a new key would orphan the existing data."""

    reason = "key_exists"


class PassphraseEmpty(DataKeyError):
    reason = "passphrase_empty"


def keyring_username(data_dir: Path) -> str:
    """One credential-store entry per data directory, named by a hash of its absolute path."""
    normalised = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    return "data-key:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def _is_placeholder_backend(backend: KeyringBackend) -> bool:
    from keyring.backends import fail, null

    return isinstance(backend, (fail.Keyring, null.Keyring))


class DataKeyStore:
    def __init__(self, data_dir: Path, keyring_backend: KeyringBackend | None = None, *,
                 kdf_params: Argon2idParams = DEFAULT_PARAMS,
                 random_bytes: Callable[[int], bytes] = os.urandom):
        self.data_dir = Path(data_dir)
        self.keystore_path = self.data_dir / KEYSTORE_FILE
        self.keyring_username = keyring_username(self.data_dir)
        self._explicit_backend = keyring_backend
        self._kdf_params = kdf_params
        self._random_bytes = random_bytes

    # -- public API -------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.keystore_path.exists() or self._read_keyring_entry() is not None

    def create(self, admin_passphrase: str | None) -> bytes:
        if admin_passphrase == "":
            raise PassphraseEmpty()
        if self.exists():
            raise DataKeyExists(str(self.keystore_path))
        if admin_passphrase is None and not self.keyring_usable():
            raise NoKeyringAndNoPassphrase("no credential store and no passphrase", reason="no_key_storage")
        data_key = self._random_bytes(DATA_KEY_BYTES)
        # keystore.json first: if it cannot be written nothing has been stored anywhere yet.
        self._write_keystore(data_key, admin_passphrase)
        if not self.store_in_keyring(data_key) and admin_passphrase is None:
            self.keystore_path.unlink()
            raise NoKeyringAndNoPassphrase("the credential store refused the key", reason="no_key_storage")
        return data_key

    def unlock(self, passphrase: str | None = None, *, remember: bool = True) -> bytes:
        """The data key: from the credential store if it holds this directory's key, else the passphrase.

        After a successful passphrase unlock the key is put back into a usable credential store
        (unless remember=False), so that a rebuilt OS profile asks for the passphrase only once.
        """
        from_keyring = self._read_keyring_entry()
        try:
            keystore = self._read_keystore()
        except KeystoreCorrupt:
            if from_keyring is not None:
                return from_keyring  # the database open still tells a wrong key from a right one
            raise
        if from_keyring is not None and (keystore is None or keystore["key_id"] == key_id(from_keyring)):
            return from_keyring
        if keystore is None or keystore["passphrase_wrap"] is None:
            raise KeyNotFound(str(self.keystore_path))
        if passphrase is None:
            raise NoKeyringAndNoPassphrase("the key is only available with the administrator passphrase")
        data_key = self._unwrap(keystore["passphrase_wrap"], passphrase)
        if key_id(data_key) != keystore["key_id"]:
            raise KeystoreCorrupt("the unwrapped key does not match the recorded key id")
        if remember:
            self.store_in_keyring(data_key)
        return data_key

    def set_passphrase(self, data_key: bytes, new_passphrase: str) -> None:
        """Add or replace the passphrase fallback (the key itself does not change)."""
        if new_passphrase == "":
            raise PassphraseEmpty()
        self._write_keystore(data_key, new_passphrase)

    def keyring_usable(self) -> bool:
        backend = self._backend()
        return backend is not None and not _is_placeholder_backend(backend)

    def store_in_keyring(self, data_key: bytes) -> bool:
        """True if the credential store now holds the key; False if there is none or it refused."""
        backend = self._backend()
        if backend is None or _is_placeholder_backend(backend):
            return False
        value = _KEYRING_VALUE_PREFIX + base64.b64encode(data_key).decode("ascii")
        try:
            backend.set_password(KEYRING_SERVICE, self.keyring_username, value)
        except Exception:  # noqa: BLE001 - any backend failure (locked, no D-Bus) means "not stored"
            return False
        return True

    # -- credential store -------------------------------------------------------------------

    def _backend(self) -> KeyringBackend | None:
        if self._explicit_backend is not None:
            return self._explicit_backend
        try:
            return keyring.get_keyring()
        except Exception:  # noqa: BLE001 - a broken keyring configuration must not block unlock
            return None

    def _read_keyring_entry(self) -> bytes | None:
        """The key from the credential store, or None when the store is unusable, empty or garbled."""
        backend = self._backend()
        if backend is None or _is_placeholder_backend(backend):
            return None
        try:
            value = backend.get_password(KEYRING_SERVICE, self.keyring_username)
        except Exception:  # noqa: BLE001 - third-party backends raise anything; fall back to the passphrase
            return None
        if not value or not value.startswith(_KEYRING_VALUE_PREFIX):
            return None
        try:
            data_key = base64.b64decode(value[len(_KEYRING_VALUE_PREFIX):], validate=True)
        except (binascii.Error, ValueError):
            return None
        return data_key if len(data_key) == DATA_KEY_BYTES else None

    # -- keystore.json ----------------------------------------------------------------------

    def _write_keystore(self, data_key: bytes, passphrase: str | None) -> None:
        wrap = None
        if passphrase is not None:
            salt = self._random_bytes(SALT_BYTES)
            nonce = self._random_bytes(12)
            wrapping_key = derive_key_from_passphrase(passphrase, salt, self._kdf_params)
            wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, _WRAP_ASSOCIATED_DATA)
            wrap = {
                "kdf": self._kdf_params.to_record(salt),
                "cipher": "aes-256-gcm",
                "nonce": base64.b64encode(nonce).decode("ascii"),
                "wrapped_key": base64.b64encode(wrapped).decode("ascii"),
            }
        document = {"format": KEYSTORE_FORMAT, "version": KEYSTORE_VERSION,
                    "key_id": key_id(data_key), "passphrase_wrap": wrap}
        self.data_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(document, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(self.keystore_path, text.encode("utf-8"))

    def _read_keystore(self) -> dict | None:
        try:
            raw = self.keystore_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise KeystoreCorrupt(f"cannot read {self.keystore_path}: {error}") from None
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise KeystoreCorrupt(f"not JSON: {error}") from None
        if not isinstance(document, dict) or document.get("format") != KEYSTORE_FORMAT:
            raise KeystoreCorrupt("not a keystore file")
        if document.get("version") != KEYSTORE_VERSION:
            raise KeystoreCorrupt(f"unsupported keystore version {document.get('version')!r}")
        if not isinstance(document.get("key_id"), str):
            raise KeystoreCorrupt("key_id missing")
        wrap = document.get("passphrase_wrap")
        if wrap is not None and not isinstance(wrap, dict):
            raise KeystoreCorrupt("passphrase_wrap must be an object or null")
        return document

    def _unwrap(self, wrap: dict, passphrase: str) -> bytes:
        try:
            params, salt = Argon2idParams.from_record(wrap.get("kdf"))
            if wrap.get("cipher") != "aes-256-gcm":
                raise KeystoreCorrupt(f"unsupported cipher {wrap.get('cipher')!r}")
            nonce = base64.b64decode(wrap["nonce"], validate=True)
            wrapped = base64.b64decode(wrap["wrapped_key"], validate=True)
        except (KdfRecordInvalid, KeyError, TypeError, binascii.Error, ValueError) as error:
            raise KeystoreCorrupt(str(error)) from None
        if len(nonce) != 12 or len(wrapped) != DATA_KEY_BYTES + 16:
            raise KeystoreCorrupt("nonce or wrapped key has the wrong length")
        wrapping_key = derive_key_from_passphrase(passphrase, salt, params)
        try:
            return AESGCM(wrapping_key).decrypt(nonce, wrapped, _WRAP_ASSOCIATED_DATA)
        except InvalidTag:
            # A tag failure cannot tell a wrong passphrase from a flipped bit in wrapped_key;
            # the wrong passphrase is overwhelmingly the likelier cause in the field.
            raise WrongPassphrase() from None
