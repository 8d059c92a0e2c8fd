# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding cases, masking ID numbers, scans in the encrypted store, nothing readable on disk."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.services.case_files import attach_scan, read_attachment
from assessment_app.services.case_queries import NotAssignedExpert, case_detail, reveal_resident_id, search_cases
from assessment_app.services.demo_data import generate_demo_cases
from assessment_app.services.intake import register_case
from assessment_app.storage.attachments import AttachmentCorrupt
from assessment_app.storage.name_search import name_sort_key
from assessment_app.storage.repositories import CaseQuery
from tests.actors import sign_in
from tests.unit.services.conftest import KNOWN_ID, KNOWN_NAME, NOW, TODAY, intake_request

PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + "扫描件标记 SCAN-MARKER-7731".encode("utf-8"))


def test_search_by_name_id_prefix_task_number_and_status(actor, records):
    generate_demo_cases(records, 200, seed=5, today=TODAY, now=NOW, actor=actor)
    mine = register_case(records, intake_request(task_number="T-42"), TODAY, NOW, actor=actor)
    for text in (KNOWN_NAME[2:], KNOWN_ID[:10], KNOWN_ID.lower(), "T-42"):
        page = search_cases(records, CaseQuery(text=text), actor=actor)
        assert mine.case_id in [row.case_id for row in page.rows], text
    by_status = search_cases(records, CaseQuery(statuses=("closed",), limit=1000), actor=actor)
    assert by_status.total == len(by_status.rows) > 0 and {row.status for row in by_status.rows} == {"closed"}
    by_name = search_cases(records, CaseQuery(sort="name", descending=False, limit=1000), actor=actor).rows
    # Phone-book order: by the names' pinyin (测试陈… before 测试何…), not by code points.
    assert [row.applicant_name for row in by_name] == sorted((row.applicant_name for row in by_name), key=name_sort_key)


def test_list_and_detail_never_show_the_full_id_number(actor, records):
    case = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    row = search_cases(records, CaseQuery(text=KNOWN_NAME), actor=actor).rows[0]
    assert row.resident_id_masked == f"{KNOWN_ID[:4]}{'*' * 10}{KNOWN_ID[-4:]}"
    assert KNOWN_ID not in repr(row) and KNOWN_ID not in repr(case_detail(records, case.case_id, actor=actor))


def test_only_assigned_experts_may_reveal_the_id_number(actor, records, assessors):
    outsider = sign_in(records, "A-999", name="外人")
    case = register_case(records, intake_request(expert_ids=assessors), TODAY, NOW, actor=actor)
    assert reveal_resident_id(records, case.case_id, actor=sign_in(records, "A-002")) == KNOWN_ID
    with pytest.raises(NotAssignedExpert):
        reveal_resident_id(records, case.case_id, actor=outsider)


def test_scan_is_stored_encrypted_and_marks_the_material_received(actor, records, tmp_path):
    case = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    scan = tmp_path / "出院小结.png"
    scan.write_bytes(PNG)
    attachment_id = attach_scan(records, case.case_id, "discharge_summary", scan, original_name=scan.name, now=NOW, actor=actor)
    assert read_attachment(records, attachment_id, actor=actor) == (PNG, "image/png", "出院小结.png")
    detail = case_detail(records, case.case_id, actor=actor)
    material = next(m for m in detail.materials if m.code == "discharge_summary")
    assert (material.received, material.attachment_id, material.attachment_name) == (True, attachment_id, scan.name)
    assert "discharge_summary" not in detail.missing_material_codes


@pytest.mark.parametrize("name, content, reason", [("scan.exe", PNG, "unsupported_type"), ("scan.png", b"", "empty")])
def test_bad_scans_are_refused(actor, records, name, content, reason):
    case = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    with pytest.raises(FieldError) as caught:
        attach_scan(records, case.case_id, "discharge_summary", content, original_name=name, now=NOW, actor=actor)
    assert caught.value.reason == reason


def test_tampered_scan_is_detected(actor, records):
    case = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    attachment_id = attach_scan(records, case.case_id, "outpatient_records", PNG, original_name="a.png", now=NOW, actor=actor)
    stored = next(records.layout.attachments.glob("*/*.bin"))
    data = bytearray(stored.read_bytes())
    data[-20] ^= 0x01
    stored.write_bytes(bytes(data))
    with pytest.raises(AttachmentCorrupt):
        read_attachment(records, attachment_id, actor=actor)


def _every_byte_under(directory: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file())


def test_no_name_id_number_or_scan_content_is_readable_on_disk(actor, records, assessors):
    case = register_case(records, intake_request(expert_ids=assessors), TODAY, NOW, actor=actor)
    attach_scan(records, case.case_id, "disability_certificate", PNG, original_name="残疾人证.png", now=NOW, actor=actor)
    needles = [KNOWN_NAME.encode("utf-8"), KNOWN_NAME.encode("utf-16-le"), KNOWN_ID.encode("ascii"),
               "上海市长宁区测试路".encode("utf-8"), b"SCAN-MARKER-7731", "残疾人证".encode("utf-8")]
    while_open = _every_byte_under(records.layout.root)  # with the write-ahead log in use
    records.close()
    after_close = _every_byte_under(records.layout.root)
    for needle in needles:
        assert needle not in while_open and needle not in after_close, needle
