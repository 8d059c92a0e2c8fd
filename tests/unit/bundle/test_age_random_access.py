# SPDX-License-Identifier: GPL-3.0-or-later
"""Random access to an age file (what the agency server does to serve one member of a stored
bundle): any chunk decrypts on its own to exactly the bytes of the streaming reader, and a chunk
altered, moved or taken as the last fails."""

from __future__ import annotations

import io
import os

import pytest

from assessment_app.bundle.age_format import (
    CHUNK_SIZE,
    TAG_SIZE,
    AgeWriter,
    decrypt_stream,
    open_payload,
    parse_identities,
)
from assessment_app.bundle.errors import AgeFormatError
from assessment_app.security.bech32 import age_identity, age_recipient
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

SEALED = CHUNK_SIZE + TAG_SIZE


def _file(size: int):
    private = X25519PrivateKey.from_private_bytes(bytes(range(32)))
    identities = parse_identities(age_identity(private.private_bytes_raw()))
    plaintext = os.urandom(size)
    sink = io.BytesIO()
    writer = AgeWriter(sink, [age_recipient(private.public_key().public_bytes_raw())])
    writer.write(plaintext)
    writer.close()
    return sink.getvalue(), plaintext, identities


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 777])
def test_every_chunk_decrypts_alone_to_the_streamed_bytes(size):
    data, plaintext, identities = _file(size)
    assert b"".join(decrypt_stream(io.BytesIO(data), identities)) == plaintext
    access = open_payload(io.BytesIO(data), identities)
    count = access.chunk_count(len(data))
    pieces = [access.decrypt_chunk(k, k == count - 1, data[access.start + k * SEALED:access.start + (k + 1) * SEALED])
              for k in range(count)]
    assert b"".join(pieces) == plaintext


def test_a_chunk_altered_moved_or_called_last_fails():
    data, _, identities = _file(3 * CHUNK_SIZE + 10)
    access = open_payload(io.BytesIO(data), identities)
    chunk = data[access.start + SEALED:access.start + 2 * SEALED]
    altered = bytes([chunk[0] ^ 1]) + chunk[1:]
    for counter, last, sealed in ((1, False, altered), (2, False, chunk), (1, True, chunk)):
        with pytest.raises(AgeFormatError) as refused:
            access.decrypt_chunk(counter, last, sealed)
        assert refused.value.reason == "age_payload_tampered"
    other = X25519PrivateKey.from_private_bytes(bytes(32 * [9]))
    with pytest.raises(AgeFormatError):
        open_payload(io.BytesIO(data), parse_identities(age_identity(other.private_bytes_raw())))
