# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/attachment/: encrypted attachment files (docs/formats/attachment.md).

Four files written by AttachmentStore.put with a fixed key, attachment id and chunk size, every
"random" byte 0x42 (fixed nonces: for vectors only), and damaged variants described as edits of
them (a cut, a flipped byte, swapped chunks, a wrong header, another attachment id) with the
error each must give.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessment_app.storage.attachments import AttachmentStore
from tools.format_vectors.common import constant_random, json_file, sha256_hex

KEY = bytes(range(32)).hex()
ID = "00000000-0000-4000-8000-000000000000"
OTHER_ID = "00000000-0000-4000-8000-000000000001"
RANDOM_BYTE = 0x42

VECTORS = [
    # The vector docs/formats/attachment.md has always named: two chunks, the last one short.
    {"name": "two-chunks", "key": KEY, "attachment_id": ID, "chunk_size": 16,
     "plaintext_hex": "长护险 attachment vector".encode().hex()},
    {"name": "empty", "key": KEY, "attachment_id": ID, "chunk_size": 16, "plaintext_hex": ""},
    # A multiple of the chunk size ends with a full final chunk, no empty one after it.
    {"name": "exact-multiple", "key": KEY, "attachment_id": ID, "chunk_size": 16,
     "plaintext_hex": bytes(range(0x40, 0x60)).hex()},
    # The key as the application derives it from a data key (the same data key as the backup vector).
    {"name": "from-data-key", "data_key": KEY, "attachment_id": ID, "chunk_size": 16,
     "plaintext_hex": "一张身份证照片的替身".encode().hex()},
]

# Edits of a vector file and the AttachmentCorrupt.damage a reader must report.
DAMAGED = [
    {"name": "cut-at-chunk-boundary", "from": "two-chunks", "keep_bytes": 12 + 44, "expect": "truncated"},
    # Less than a nonce and a tag left of the last chunk: it is missing, not damaged.
    {"name": "cut-leaving-a-stub", "from": "two-chunks", "keep_bytes": 12 + 44 + 20, "expect": "truncated"},
    # Enough left to be a chunk, which then fails as one.
    {"name": "cut-inside-last-chunk", "from": "two-chunks", "keep_bytes": 12 + 44 + 30, "expect": "tampered"},
    {"name": "flipped-ciphertext-byte", "from": "two-chunks", "flip_byte": 12 + 12, "expect": "tampered"},
    {"name": "flipped-chunk-size", "from": "two-chunks", "flip_byte": 11, "expect": "tampered"},
    {"name": "chunks-swapped", "from": "exact-multiple", "swap_chunks": [0, 1], "expect": "tampered"},
    {"name": "other-attachment-id", "from": "two-chunks", "attachment_id": OTHER_ID, "expect": "tampered"},
    {"name": "chunk-size-zero", "from": "two-chunks", "chunk_size_field": 0, "expect": "bad_header"},
    {"name": "not-an-attachment", "from": "two-chunks", "flip_byte": 0, "expect": "bad_header"},
]


def attachment_key(vector: dict) -> bytes:
    if "key" in vector:
        return bytes.fromhex(vector["key"])
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"ltc-assess/v1/attachments").derive(bytes.fromhex(vector["data_key"]))


def encrypt(vector: dict) -> tuple[str, bytes]:
    """(stored name, file bytes) as AttachmentStore.put writes them."""
    with tempfile.TemporaryDirectory() as directory:
        store = AttachmentStore(Path(directory), attachment_key(vector), chunk_size=vector["chunk_size"],
                                random_bytes=constant_random(RANDOM_BYTE))
        stored = store.put(bytes.fromhex(vector["plaintext_hex"]), vector["attachment_id"])
        return stored.stored_name, store.path_of(stored.stored_name).read_bytes()


def build(directory: Path) -> dict[str, bytes]:
    files, listed = {}, []
    for vector in VECTORS:
        stored_name, data = encrypt(vector)
        files[f"attachments/{stored_name}"] = data
        listed.append({**vector, "file": f"attachments/{stored_name}", "file_size": len(data),
                       "plaintext_sha256": sha256_hex(bytes.fromhex(vector["plaintext_hex"]))})
    files["inputs.json"] = json_file({
        "format": "docs/formats/attachment.md, version 1",
        "random_bytes": f"every byte {RANDOM_BYTE:#04x} (fixed nonces: for test vectors only)",
        "vectors": listed, "damaged": DAMAGED})
    return files
