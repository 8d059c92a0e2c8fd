# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/attachment/ decoded by the spec-only reader, and its damaged variants refused
with the same reason by the reader and by AttachmentStore."""

from __future__ import annotations

import hashlib
import json

import pytest

from assessment_app.storage.attachments import AttachmentCorrupt, AttachmentStore
from tests.conftest import VECTORS
from tests.unit.formats.readers.attachment import attachment_key, read_attachment, stored_name
from tests.unit.formats.readers.chunked import Damaged

DIRECTORY = VECTORS / "attachment"
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
VECTORS_BY_NAME = {vector["name"]: vector for vector in INPUTS["vectors"]}


def key_of(vector: dict) -> bytes:
    return bytes.fromhex(vector["key"]) if "key" in vector else attachment_key(bytes.fromhex(vector["data_key"]))


def damaged_file(edit: dict) -> tuple[bytes, str]:
    """The edited bytes and the attachment id to read them under."""
    source = VECTORS_BY_NAME[edit["from"]]
    data = bytearray((DIRECTORY / source["file"]).read_bytes())
    if "keep_bytes" in edit:
        del data[edit["keep_bytes"]:]
    if "flip_byte" in edit:
        data[edit["flip_byte"]] ^= 0x01
    if "chunk_size_field" in edit:
        data[8:12] = edit["chunk_size_field"].to_bytes(4, "big")
    if "swap_chunks" in edit:
        block = source["chunk_size"] + 28
        first, second = (bytes(data[12 + block * n:12 + block * (n + 1)]) for n in edit["swap_chunks"])
        data[12:12 + 2 * block] = second + first
    return bytes(data), edit.get("attachment_id", source["attachment_id"])


@pytest.mark.parametrize("vector", INPUTS["vectors"], ids=lambda vector: vector["name"])
def test_reader_decrypts_the_vector_to_its_plaintext(vector):
    data = (DIRECTORY / vector["file"]).read_bytes()
    assert vector["file"] == f"attachments/{stored_name(data)}"
    plaintext, chunks = read_attachment(data, key_of(vector), vector["attachment_id"])
    assert plaintext == bytes.fromhex(vector["plaintext_hex"])
    assert hashlib.sha256(plaintext).hexdigest() == vector["plaintext_sha256"]
    assert len(data) == vector["file_size"] == 12 + len(plaintext) + 28 * chunks


def test_the_documented_vector():
    # docs/formats/attachment.md, "Test vector": 27 bytes in chunks of 16 and 11, a 95-byte file.
    vector = VECTORS_BY_NAME["two-chunks"]
    data = (DIRECTORY / vector["file"]).read_bytes()
    assert bytes.fromhex(vector["plaintext_hex"]) == "长护险 attachment vector".encode()
    assert read_attachment(data, bytes(range(32)), "00000000-0000-4000-8000-000000000000")[1] == 2
    assert hashlib.sha256(data).hexdigest() == "a4f30c3c076f76db3caeccbfa03c556c59f848a53d44d531d4fe63cc554c8188"
    assert len(data) == 95 and data[12:24] == b"\x42" * 12


def test_empty_content_is_one_empty_final_chunk_and_a_multiple_of_the_chunk_size_has_no_extra_chunk():
    assert (DIRECTORY / VECTORS_BY_NAME["empty"]["file"]).stat().st_size == 12 + 28
    exact = VECTORS_BY_NAME["exact-multiple"]
    data = (DIRECTORY / exact["file"]).read_bytes()
    assert read_attachment(data, key_of(exact), exact["attachment_id"])[1] == 2


@pytest.mark.parametrize("vector", INPUTS["vectors"], ids=lambda vector: vector["name"])
def test_the_application_reads_the_vector(vector, tmp_path):
    store = AttachmentStore(tmp_path, key_of(vector))
    target = store.path_of(vector["file"].removeprefix("attachments/"))
    target.parent.mkdir(parents=True)
    target.write_bytes((DIRECTORY / vector["file"]).read_bytes())
    assert store.get(vector["file"].removeprefix("attachments/"), vector["attachment_id"],
                     expected_sha256=vector["plaintext_sha256"]) == bytes.fromhex(vector["plaintext_hex"])


@pytest.mark.parametrize("edit", INPUTS["damaged"], ids=lambda edit: edit["name"])
def test_damaged_file_is_refused_with_the_same_reason_by_the_reader_and_the_application(edit, tmp_path):
    data, attachment_id = damaged_file(edit)
    key = key_of(VECTORS_BY_NAME[edit["from"]])
    with pytest.raises(Damaged) as by_reader:
        read_attachment(data, key, attachment_id)
    store = AttachmentStore(tmp_path, key)
    name = stored_name(data)
    store.path_of(name).parent.mkdir(parents=True)
    store.path_of(name).write_bytes(data)
    with pytest.raises(AttachmentCorrupt) as by_application:
        store.get(name, attachment_id)
    assert by_reader.value.reason == by_application.value.damage == edit["expect"]
