# SPDX-License-Identifier: GPL-3.0-or-later
"""No name, ID number, phone, address or attachment content sits anywhere on disk in plaintext.

Every byte of every file under the data directory is searched, at the moments SQLite spreads data
differently: with the write-ahead log full and the database open, after a checkpoint, after
closing, and a backup made into the data directory.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assessment_app.storage.attachments import AttachmentStore
from assessment_app.storage.backup import create_backup
from assessment_app.storage.models import Attachment, Material, SelfAssessment
from assessment_app.storage.name_search import name_sort_key
from assessment_app.storage.repositories import ApplicantRepository, CaseRepository
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.storage import builders
from tests.unit.storage.conftest import FAST_KDF, all_bytes_under

NAME = "测试张三丰"
RESIDENT_ID = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "北京市海淀区测试路八十八号"
ATTACHMENT_MARKER = "PLAINTEXT-MARKER-出院小结-4711".encode()


def _forbidden_patterns() -> dict[str, bytes]:
    patterns = {}
    for label, value in (("name", NAME), ("resident id", RESIDENT_ID), ("phone", PHONE), ("address", ADDRESS)):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
            patterns[f"{label} ({encoding})"] = value.encode(encoding)
    patterns["resident id digits"] = RESIDENT_ID[:17].encode("ascii")
    patterns["attachment marker"] = ATTACHMENT_MARKER
    # The case search index holds the name as pinyin too (its characters' FTS5 tokens are
    # stored prefix-compressed, so no byte pattern would find them; they sit in the same pages).
    patterns["name as pinyin"] = name_sort_key(NAME).split("\x1f")[0].encode("ascii")
    return patterns


def _assert_no_plaintext(directory, moment: str) -> None:
    files = all_bytes_under(directory)
    assert files, "nothing to search"
    found = [f"{path.relative_to(directory)}: {label}"
             for path, content in files.items()
             for label, pattern in _forbidden_patterns().items() if pattern in content]
    assert found == [], f"plaintext on disk {moment}"


def test_personal_data_never_reaches_the_disk_in_plaintext(engine, layout, subkeys, data_key):
    attachments = AttachmentStore(layout.attachments, subkeys.attachments)
    scan = attachments.put(ATTACHMENT_MARKER * 50)
    with unit_of_work(engine) as session:
        person = ApplicantRepository(session).add(builders.applicant(RESIDENT_ID, NAME, phone=PHONE, address=ADDRESS))
        case = CaseRepository(session).add(builders.case(person.id))
        session.add(Attachment(id=scan.attachment_id, case_id=case.id, kind="scan", media_type="image/png",
                               original_name=f"{NAME}-出院小结.png", size=scan.size,
                               plaintext_sha256=scan.plaintext_sha256, stored_name=scan.stored_name,
                               created_at=builders.T0))
        session.add(Material(case_id=case.id, code="discharge_summary", received=True,
                             attachment_id=scan.attachment_id, note=f"{NAME} 原件已核对"))
        session.add(SelfAssessment(case_id=case.id, form_id="cn-ltc-2021", form_version="1.0.0",
                                   form_sha256="ab" * 32, answers_json='{"adl.eating":"5"}',
                                   recorded_at=builders.T0, recorded_by_note=f"{NAME}之女代填"))

    wal = layout.root / "cases.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the test must see data while it is in the WAL"
    _assert_no_plaintext(layout.root, "with the WAL holding the new rows")

    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    _assert_no_plaintext(layout.root, "after a checkpoint")

    engine.dispose()
    _assert_no_plaintext(layout.root, "after closing")

    create_backup(layout.root, data_key, layout.backups / "backup.ltcbak", passphrase="备份口令", kdf_params=FAST_KDF)
    assert (layout.backups / "backup.ltcbak").exists()
    _assert_no_plaintext(layout.root, "after a backup into the data directory")


def test_the_search_finds_plaintext_when_it_is_there(layout):
    """The check above would be worthless if it could not see the patterns."""
    (layout.root / "leak.txt").write_bytes(NAME.encode("utf-16-le"))
    with pytest.raises(AssertionError, match="name"):
        _assert_no_plaintext(layout.root, "in a planted file")
