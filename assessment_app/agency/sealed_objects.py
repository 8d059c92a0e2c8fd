# SPDX-License-Identifier: GPL-3.0-or-later
"""Small files the review desk keeps in the store (the NAS), sealed under the records key: the
chunked AES-256-GCM format of docs/formats/attachment.md, with the object's key in the context,
so an object copied under another name, altered or cut fails to open. Only ciphertext is ever
written; the plaintext is sealed in memory."""

from __future__ import annotations

import io

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import OBJECTS, RecordsKey
from assessment_app.agency.store import BundleStore
from assessment_app.storage.chunked_aead import ChunkedEncryptor, ChunkStreamError, decrypt_chunks

_CONTEXT = b"ltc-agency/sealed-object/v1\x00"


def put_sealed(store: BundleStore, key: RecordsKey, object_key: str, plaintext: bytes) -> int:
    sink = io.BytesIO()
    encryptor = ChunkedEncryptor(sink, key.subkey(OBJECTS), _CONTEXT + object_key.encode("utf-8"))
    encryptor.write(plaintext)
    encryptor.close()
    return store.put(object_key, [sink.getvalue()])


def get_sealed(store: BundleStore, key: RecordsKey, object_key: str) -> bytes:
    try:
        with store.open(object_key) as stream:
            return b"".join(decrypt_chunks(stream, key.subkey(OBJECTS), _CONTEXT + object_key.encode("utf-8")))
    except ChunkStreamError as error:
        raise AgencyError("sealed_value_damaged", f"{object_key}: {error.reason}") from None
