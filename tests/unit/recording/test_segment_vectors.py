"""tests/vectors/video_segment_v1.json, decoded by a reader written from docs/formats/video-segments.md
alone (AES-GCM and HKDF, nothing from assessment_app), and reproduced byte for byte by the code."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessment_app.recording.part_format import PartWriter, read_part
from assessment_app.recording.segments import CHUNK_SIZE, read_segment_plaintext, segment_context
from assessment_app.storage.chunked_aead import ChunkedEncryptor

from tests.conftest import REPO_ROOT

VECTORS = json.loads((REPO_ROOT / "tests" / "vectors" / "video_segment_v1.json").read_text(encoding="utf-8"))


# -- the reader from the spec -------------------------------------------------------------------

def spec_segment_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ltc-assess/v1/recordings").derive(data_key)


def spec_read_part(data: bytes, key: bytes, chain_id: str) -> tuple[str, list[bytes]]:
    """(ending, authentic records): complete, cut, tampered or bad_header."""
    if len(data) < 16:
        return ("cut" if b"LTCVPT\x00\x01".startswith(data[:8]) else "bad_header"), []
    if data[:8] != b"LTCVPT\x00\x01":
        return "bad_header", []
    sequence = int.from_bytes(data[8:16], "big")
    context = b"ltc-assess/video-part/v1\x00" + chain_id.encode() + b"\x00" + str(sequence).encode()
    records, offset, index = [], 16, 0
    while offset < len(data):
        if len(data) - offset < 4:
            return "cut", records
        length = int.from_bytes(data[offset:offset + 4], "big")
        if length > 16 * 1024 * 1024:
            return "tampered", records
        end = offset + 4 + 12 + length + 16
        if end > len(data):
            return "cut", records
        nonce, sealed = data[offset + 4:offset + 16], data[offset + 16:end]
        for final in (0, 1):
            try:
                records.append(AESGCM(key).decrypt(nonce, sealed, context + index.to_bytes(8, "big") + bytes([final])))
                break
            except InvalidTag:
                continue
        else:
            return "tampered", records
        offset, index = end, index + 1
        if final:
            return ("complete" if offset == len(data) else "tampered"), records
    return "cut", records


def spec_read_sealed(data: bytes, key: bytes, chain_id: str, sequence: int, chunk_size: int) -> bytes:
    context = b"ltc-assess/video-segment/v1\x00" + chain_id.encode() + b"\x00" + str(sequence).encode()
    plaintext, offset, index = b"", 0, 0
    while True:
        block = data[offset:offset + chunk_size + 28]
        final = offset + len(block) == len(data)
        plaintext += AESGCM(key).decrypt(block[:12], block[12:], context + index.to_bytes(8, "big") + bytes([final]))
        if final:
            return plaintext
        offset, index = offset + len(block), index + 1


# -- the tests ----------------------------------------------------------------------------------

KEY = bytes.fromhex(VECTORS["segment_key_hex"])
CHAIN_ID, SEQUENCE = VECTORS["chain_id"], VECTORS["sequence"]
PART = bytes.fromhex(VECTORS["part"]["file_hex"])
SEALED = bytes.fromhex(VECTORS["sealed"]["file_hex"])
RECORDS = [bytes.fromhex(record["plaintext_hex"]) for record in VECTORS["part"]["records"]]


def test_the_segment_key_is_derived_as_the_spec_says():
    assert spec_segment_key(bytes.fromhex(VECTORS["data_key_hex"])) == KEY


def test_the_part_vector_decodes_from_the_spec():
    assert hashlib.sha256(PART).hexdigest() == VECTORS["part"]["file_sha256"]
    assert spec_read_part(PART, KEY, CHAIN_ID) == ("complete", RECORDS)


def test_the_code_writes_the_part_vector_byte_for_byte():
    nonces = iter(bytes.fromhex(record["nonce_hex"]) for record in VECTORS["part"]["records"])
    sink = io.BytesIO()
    writer = PartWriter(sink, KEY, CHAIN_ID, SEQUENCE, random_bytes=lambda size: next(nonces))
    *middle, last = VECTORS["part"]["records"]
    for record in middle:
        writer.append(bytes.fromhex(record["plaintext_hex"]))
    assert last["final"] and not any(record["final"] for record in middle)
    writer.finish(bytes.fromhex(last["plaintext_hex"]))
    assert sink.getvalue() == PART


def test_the_sealed_vector_decodes_from_the_spec_and_the_code_writes_it():
    plaintext = b"".join(RECORDS)
    assert hashlib.sha256(plaintext).hexdigest() == VECTORS["sealed"]["plaintext_sha256"]
    assert hashlib.sha256(SEALED).hexdigest() == VECTORS["sealed"]["file_sha256"]
    assert VECTORS["sealed"]["chunk_size"] == CHUNK_SIZE
    assert spec_read_sealed(SEALED, KEY, CHAIN_ID, SEQUENCE, CHUNK_SIZE) == plaintext
    sink = io.BytesIO()
    encryptor = ChunkedEncryptor(sink, KEY, segment_context(CHAIN_ID, SEQUENCE), CHUNK_SIZE,
                                 random_bytes=lambda size: bytes.fromhex(VECTORS["sealed"]["nonce_hex"]))
    encryptor.write(plaintext)
    encryptor.close()
    assert sink.getvalue() == SEALED


def test_the_code_reads_the_sealed_vector(tmp_path):
    path = tmp_path / "segment-000007.enc"
    path.write_bytes(SEALED)
    assert read_segment_plaintext(path, CHAIN_ID, SEQUENCE, KEY) == b"".join(RECORDS)


@pytest.mark.parametrize("case", VECTORS["reading"], ids=lambda case: case["description"])
def test_cut_and_tampered_parts_read_the_same_from_the_spec_and_the_code(case):
    data = bytearray(PART)
    if "truncate_to" in case:
        del data[case["truncate_to"]:]
    if "flip_byte" in case:
        data[case["flip_byte"]] ^= 0x01
    data += bytes.fromhex(case.get("append_hex", ""))
    expected = (case["ending"], RECORDS[:case["records"]])
    assert spec_read_part(bytes(data), KEY, CHAIN_ID) == expected
    contents = read_part(bytes(data), KEY, CHAIN_ID)
    assert (contents.ending, list(contents.records)) == expected
