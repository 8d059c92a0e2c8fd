# SPDX-License-Identifier: GPL-3.0-or-later
"""A backup made by create_backup from a real data directory (a migrated database, attachments,
keystore.json), read by the spec-only reader of the format vectors: the vectors in
tests/vectors/backup/ are written by write_backup alone, this covers the snapshot around it."""

from __future__ import annotations

from assessment_app.storage.attachments import AttachmentStore
from assessment_app.storage.backup import create_backup
from tests.unit.formats.readers.attachment import attachment_key, read_attachment
from tests.unit.formats.readers.backup import read_backup
from tests.unit.storage import builders
from tests.unit.storage.conftest import FAST_KDF


def test_create_backup_writes_what_the_spec_describes(engine, layout, data_key, tmp_path):
    builders.seed_visit(engine)
    stored = AttachmentStore(layout.attachments, attachment_key(data_key)).put(b"scan", "00000000-0000-4000-8000-00000000000a")
    create_backup(layout.root, data_key, tmp_path / "b.ltcbak", passphrase="口令", kdf_params=FAST_KDF, chunk_size=4096)
    data = (tmp_path / "b.ltcbak").read_bytes()

    by_key, by_passphrase = read_backup(data, data_key), read_backup(data, "口令")
    assert by_key.contents == by_passphrase.contents and by_key.chunks > 1
    names = [member.name for member in by_key.members]
    assert names[:2] == ["data-key", "cases.db"] and names[-1] == "manifest.json"
    assert f"attachments/{stored.stored_name}" in names
    assert by_key.contents["cases.db"][:16] != b"SQLite format 3\x00"  # the snapshot is encrypted
    attachment = by_key.contents[f"attachments/{stored.stored_name}"]
    assert read_attachment(attachment, attachment_key(data_key), stored.attachment_id)[0] == b"scan"
    assert by_key.manifest["schema_revision"] and by_key.manifest["app_version"]
