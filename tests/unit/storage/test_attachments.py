# SPDX-License-Identifier: GPL-3.0-or-later
"""Encrypted attachment files: round trip, content-addressed names, and every kind of damage detected."""

from __future__ import annotations

import hashlib
import os
import uuid

import pytest

from assessment_app.storage.attachments import (
    HEADER_BYTES,
    AttachmentCorrupt,
    AttachmentMissing,
    AttachmentStore,
)
from assessment_app.storage.chunked_aead import CHUNK_OVERHEAD, ciphertext_length
from assessment_app.storage.errors import StorageFull

CHUNK = 1024  # small chunks so that multi-chunk cases stay fast
MARKER = "身份证扫描件-MARKER-7f3a".encode()


@pytest.fixture
def store(layout, subkeys) -> AttachmentStore:
    return AttachmentStore(layout.attachments, subkeys.attachments, chunk_size=CHUNK)


def _flip_bit_at(offset: int):
    def mutate(data: bytearray) -> bytes:
        data[offset] ^= 1
        return bytes(data)
    return mutate


def _damaged(store, stored, mutate) -> None:
    path = store.path_of(stored.stored_name)
    path.write_bytes(bytes(mutate(bytearray(path.read_bytes()))))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17])
def test_round_trip_at_chunk_boundaries(store, size):
    data = os.urandom(size)
    stored = store.put(data)
    assert store.get(stored.stored_name, stored.attachment_id) == data
    assert stored.size == size and stored.plaintext_sha256 == hashlib.sha256(data).hexdigest()
    assert store.path_of(stored.stored_name).stat().st_size == HEADER_BYTES + ciphertext_length(size, CHUNK)


def test_default_one_mebibyte_chunks_stream_a_file_from_disk(layout, subkeys, tmp_path):
    source = tmp_path / "scan.bin"
    source.write_bytes(os.urandom(2 * 1024 * 1024 + 5) + MARKER)
    store = AttachmentStore(layout.attachments, subkeys.attachments)
    stored = store.put(source)
    assert store.verify(stored.stored_name, stored.attachment_id) == hashlib.sha256(source.read_bytes()).hexdigest()
    assert [len(c) for c in store.iter_chunks(stored.stored_name, stored.attachment_id)] == [
        1024 * 1024, 1024 * 1024, 5 + len(MARKER)]


def test_stored_name_is_the_sha256_of_the_file_under_a_two_hex_shard(store):
    stored = store.put(b"photo")
    path = store.path_of(stored.stored_name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert stored.stored_name == f"{digest[:2]}/{digest}.bin" == f"{stored.ciphertext_sha256[:2]}/{digest}.bin"


def test_no_plaintext_and_no_temporary_file_is_left(store, layout):
    stored = store.put(MARKER * 100)
    files = [p for p in layout.attachments.rglob("*") if p.is_file()]
    assert files == [store.path_of(stored.stored_name)]
    assert MARKER not in files[0].read_bytes()


def test_the_same_content_twice_gives_two_different_files(store):
    first, second = store.put(b"same"), store.put(b"same")
    assert first.stored_name != second.stored_name  # random nonces: equal scans are not linkable


def test_a_flipped_bit_is_detected(store):
    stored = store.put(os.urandom(3 * CHUNK))
    _damaged(store, stored, _flip_bit_at(HEADER_BYTES + CHUNK + 40))
    with pytest.raises(AttachmentCorrupt) as raised:
        store.get(stored.stored_name, stored.attachment_id)
    assert raised.value.damage == "tampered" and raised.value.reason == "attachment_corrupt"


def test_truncation_at_a_chunk_boundary_is_named_truncation(store):
    stored = store.put(os.urandom(3 * CHUNK))
    _damaged(store, stored, lambda data: data[:HEADER_BYTES + 2 * (CHUNK + CHUNK_OVERHEAD)])
    with pytest.raises(AttachmentCorrupt) as raised:
        store.get(stored.stored_name, stored.attachment_id)
    assert raised.value.damage == "truncated"


@pytest.mark.parametrize("keep", [0, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 10, -1])
def test_truncation_anywhere_is_detected(store, keep):
    stored = store.put(os.urandom(2 * CHUNK + 7))
    _damaged(store, stored, lambda data: data[:keep])
    with pytest.raises(AttachmentCorrupt):
        store.get(stored.stored_name, stored.attachment_id)


def test_reordered_chunks_are_detected(store):
    stored = store.put(os.urandom(3 * CHUNK))
    block = CHUNK + CHUNK_OVERHEAD

    def swap_first_two(data):
        body = data[HEADER_BYTES:]
        return data[:HEADER_BYTES] + body[block:2 * block] + body[:block] + body[2 * block:]

    _damaged(store, stored, swap_first_two)
    with pytest.raises(AttachmentCorrupt, match="chunk 0"):
        store.get(stored.stored_name, stored.attachment_id)


def test_an_appended_chunk_is_detected(store):
    stored = store.put(os.urandom(2 * CHUNK))
    _damaged(store, stored, lambda data: data + data[HEADER_BYTES:HEADER_BYTES + CHUNK + CHUNK_OVERHEAD])
    with pytest.raises(AttachmentCorrupt):
        store.get(stored.stored_name, stored.attachment_id)


def test_a_file_does_not_decrypt_under_another_attachment_id(store):
    stored = store.put(b"signature image")
    with pytest.raises(AttachmentCorrupt):
        store.get(stored.stored_name, str(uuid.uuid4()))


def test_another_key_does_not_decrypt(store, layout):
    stored = store.put(b"signature image")
    with pytest.raises(AttachmentCorrupt):
        AttachmentStore(layout.attachments, os.urandom(32), chunk_size=CHUNK).get(
            stored.stored_name, stored.attachment_id)


def test_a_changed_chunk_size_in_the_header_is_detected(store):
    stored = store.put(os.urandom(3 * CHUNK))
    _damaged(store, stored, lambda data: data[:8] + (2 * CHUNK).to_bytes(4, "big") + data[12:])
    with pytest.raises(AttachmentCorrupt):
        store.get(stored.stored_name, stored.attachment_id)


def test_a_foreign_file_has_a_bad_header(store):
    stored = store.put(b"x")
    _damaged(store, stored, lambda data: b"\x89PNG\r\n\x1a\n" + data[8:])
    with pytest.raises(AttachmentCorrupt) as raised:
        store.get(stored.stored_name, stored.attachment_id)
    assert raised.value.damage == "bad_header"


def test_a_recorded_hash_that_differs_is_reported(store):
    stored = store.put(b"scan")
    with pytest.raises(AttachmentCorrupt) as raised:
        store.get(stored.stored_name, stored.attachment_id, expected_sha256="00" * 32)
    assert raised.value.damage == "hash_mismatch"


def test_a_missing_file_is_named(store):
    with pytest.raises(AttachmentMissing):
        store.get("ab/" + "ab" * 32 + ".bin", str(uuid.uuid4()))


@pytest.mark.parametrize("name", ["../keystore.json", "ab/../../cases.db", "AB/" + "ab" * 32 + ".bin", "x.bin"])
def test_stored_names_cannot_leave_the_store(store, name):
    with pytest.raises(ValueError):
        store.path_of(name)


def test_a_full_disk_raises_storage_full_and_leaves_nothing_behind(tiny_filesystem, subkeys):
    store = AttachmentStore(tiny_filesystem / "attachments", subkeys.attachments)
    kept = store.put(b"small scan")
    with pytest.raises(StorageFull):
        store.put(os.urandom(2 * 1024 * 1024))
    assert [p for p in (tiny_filesystem / "attachments").rglob("*") if p.is_file()] == [
        store.path_of(kept.stored_name)]
