"""The attachment and backup formats, decoded from their specs in docs/formats/ alone.

These readers use nothing from assessment_app.storage, only the primitives the specs name: if
the code drifts from the written format, these tests fail.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessment_app.storage.attachments import AttachmentStore
from assessment_app.storage.backup import create_backup
from tests.unit.storage import builders
from tests.unit.storage.conftest import FAST_KDF

VECTOR_KEY = bytes(range(32))
VECTOR_ID = "00000000-0000-4000-8000-000000000000"
VECTOR_PLAINTEXT = "长护险 attachment vector".encode()
# SHA-256 of the attachment file produced with the inputs in docs/formats/attachment.md.
VECTOR_FILE_SHA256 = "a4f30c3c076f76db3caeccbfa03c556c59f848a53d44d531d4fe63cc554c8188"


def _hkdf(key: bytes, info: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info.encode()).derive(key)


def _decode_chunks(data: bytes, key: bytes, context: bytes, chunk_size: int) -> bytes:
    block, plaintext, index, offset = chunk_size + 28, b"", 0, 0
    while True:
        piece = data[offset:offset + block]
        final = offset + len(piece) == len(data)
        associated = context + index.to_bytes(8, "big") + bytes([final])
        plaintext += AESGCM(key).decrypt(piece[:12], piece[12:], associated)
        if final:
            return plaintext
        offset, index = offset + block, index + 1


def _vector_attachment(tmp_path) -> bytes:
    store = AttachmentStore(tmp_path, VECTOR_KEY, chunk_size=16, random_bytes=lambda n: b"\x42" * n)
    stored = store.put(VECTOR_PLAINTEXT, VECTOR_ID)
    return store.path_of(stored.stored_name).read_bytes()


def test_attachment_decodes_from_the_spec(tmp_path):
    data = _vector_attachment(tmp_path)
    assert data[:8] == b"LTCATT\x00\x01"
    chunk_size = int.from_bytes(data[8:12], "big")
    assert chunk_size == 16
    plaintext = _decode_chunks(data[12:], VECTOR_KEY, data[:12] + VECTOR_ID.encode(), chunk_size)
    assert plaintext == VECTOR_PLAINTEXT


def test_attachment_vector_is_stable(tmp_path):
    assert hashlib.sha256(_vector_attachment(tmp_path)).hexdigest() == VECTOR_FILE_SHA256


def test_backup_decodes_from_the_spec(engine, layout, data_key, tmp_path):
    builders.seed_visit(engine)
    AttachmentStore(layout.attachments, _hkdf(data_key, "ltc-assess/v1/attachments")).put(b"scan")
    create_backup(layout.root, data_key, tmp_path / "b.ltcbak", passphrase="口令", kdf_params=FAST_KDF,
                  chunk_size=4096)
    data = (tmp_path / "b.ltcbak").read_bytes()

    assert data[:8] == b"LTCBAK\x00\x01"
    header_length = int.from_bytes(data[16:20], "big")
    header_bytes = data[20:20 + header_length]
    payload = data[20 + header_length:]
    assert int.from_bytes(data[8:16], "big") == len(payload)
    header = json.loads(header_bytes)
    (recipient,) = [r for r in header["recipients"] if r["type"] == "data-key"]
    assert recipient["key_id"] == _hkdf(data_key, "ltc-assess/v1/key-id", 16).hex()
    file_key = AESGCM(_hkdf(data_key, "ltc-assess/v1/backup")).decrypt(
        base64.b64decode(recipient["nonce"]), base64.b64decode(recipient["wrapped_file_key"]),
        b"ltc-assess backup v1 recipient data-key")

    context = b"ltc-assess backup v1 payload " + hashlib.sha256(data[:8] + header_bytes).digest()
    archive = _decode_chunks(payload, file_key, context, header["chunk_size"])
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        names = tar.getnames()
        contents = {name: tar.extractfile(name).read() for name in names}
    assert names[0] == "data-key" and names[-1] == "manifest.json"
    assert contents["data-key"] == data_key
    manifest = json.loads(contents["manifest.json"])
    assert [m["name"] for m in manifest["members"]] == names[:-1]
    for member in manifest["members"]:
        assert hashlib.sha256(contents[member["name"]]).hexdigest() == member["sha256"]
