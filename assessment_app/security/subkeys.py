# SPDX-License-Identifier: GPL-3.0-or-later
"""Keys derived from the data key with HKDF-SHA256, one per purpose.

Separate keys mean that a flaw in how one purpose uses its key (say, nonce reuse in attachment
encryption) does not expose the others, and that the data key itself is never fed to a cipher.
The `info` labels are part of the on-disk formats: changing one makes existing data unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DATA_KEY_BYTES = 32
_LABEL_PREFIX = b"ltc-assess/v1/"
DATABASE = "database"
ATTACHMENTS = "attachments"
BACKUP = "backup"
KEY_ID = "key-id"
AUDIT_ANCHOR = "audit-anchor"  # the MAC key of the station chain's checkpoints (security/audit_anchor.py)


def derive_subkey(data_key: bytes, purpose: str, length: int = 32) -> bytes:
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError(f"the data key must be {DATA_KEY_BYTES} bytes")
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None,
                info=_LABEL_PREFIX + purpose.encode("ascii")).derive(data_key)


def key_id(data_key: bytes) -> str:
    """A public fingerprint of the data key: tells which key a file expects without revealing it."""
    return derive_subkey(data_key, KEY_ID, 16).hex()


@dataclass(frozen=True)
class SubKeys:
    # repr=False: these objects end up in tracebacks and debug logs; the bytes must not.
    database: bytes = field(repr=False)
    attachments: bytes = field(repr=False)
    backup: bytes = field(repr=False)
    key_id: str


def derive_subkeys(data_key: bytes) -> SubKeys:
    return SubKeys(
        database=derive_subkey(data_key, DATABASE),
        attachments=derive_subkey(data_key, ATTACHMENTS),
        backup=derive_subkey(data_key, BACKUP),
        key_id=key_id(data_key),
    )
