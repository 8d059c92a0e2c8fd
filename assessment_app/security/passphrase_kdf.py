# SPDX-License-Identifier: GPL-3.0-or-later
"""Passphrase -> 256-bit key with Argon2id (RFC 9106), as used by the keystore and backups.

The parameters travel with every wrapped key (keystore.json, backup headers), so they can be
raised later without breaking old files; `from_record` bounds them so a tampered file cannot
make the application allocate gigabytes or spin for minutes.
"""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from assessment_app.errors import AppError

KDF_NAME = "argon2id"
SALT_BYTES = 16
KEY_BYTES = 32
_MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB: more than any laptop we provision should be asked for
_MAX_ITERATIONS = 64
_MAX_LANES = 16


class KdfRecordInvalid(AppError, ValueError):
    """A stored KDF record is missing fields, has the wrong types or out-of-range values."""

    reason = "kdf_record_invalid"


@dataclass(frozen=True)
class Argon2idParams:
    # RFC 9106 section 4, second recommended option (64 MiB, t=3, p=4): about 0.25 s on a 2020s
    # laptop, which an administrator waits for once per unlock without noticing.
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def to_record(self, salt: bytes) -> dict:
        return {
            "name": KDF_NAME,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "salt": base64.b64encode(salt).decode("ascii"),
        }

    @staticmethod
    def from_record(record: object) -> tuple[Argon2idParams, bytes]:
        if not isinstance(record, dict) or record.get("name") != KDF_NAME:
            raise KdfRecordInvalid("kdf is not argon2id")
        try:
            params = Argon2idParams(record["memory_kib"], record["iterations"], record["lanes"])
            salt = base64.b64decode(record["salt"], validate=True)
        except (KeyError, TypeError, ValueError) as error:
            raise KdfRecordInvalid(f"kdf record unreadable: {error}") from None
        for value in (params.memory_kib, params.iterations, params.lanes):
            if type(value) is not int:
                raise KdfRecordInvalid("kdf parameters must be integers")
        if not (1 <= params.lanes <= _MAX_LANES and 1 <= params.iterations <= _MAX_ITERATIONS
                and 8 * params.lanes <= params.memory_kib <= _MAX_MEMORY_KIB):
            raise KdfRecordInvalid("kdf parameters out of range")
        if len(salt) < SALT_BYTES:
            raise KdfRecordInvalid("kdf salt too short")
        return params, salt


DEFAULT_PARAMS = Argon2idParams()


def derive_key_from_passphrase(passphrase: str, salt: bytes, params: Argon2idParams = DEFAULT_PARAMS) -> bytes:
    # NFC so that the same passphrase typed through different input methods (composed vs.
    # decomposed forms) derives the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return kdf.derive(secret)
