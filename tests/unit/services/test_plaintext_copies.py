# SPDX-License-Identifier: GPL-3.0-or-later
"""An unencrypted copy of a document leaves the data directory only by an explicit save by a
signed-in person, never into the data directory, and always with an audit event."""

from __future__ import annotations

import dataclasses

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.errors import FileOperationFailed
from assessment_app.messages import describe_error
from assessment_app.services.accounts import logout
from assessment_app.services.audit_log import STATION_CHAIN, export_chain
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from tests.actors import sign_in
from tests.unit.services.conftest import NOW

PDF = b"%PDF-1.7\n% a draft\n"


@pytest.fixture
def signed_in(records, assessors):
    """评估员甲 (A-001), enrolled with a one-time code and signed in."""
    return sign_in(records, "A-001")


def test_a_saved_copy_is_written_and_audited(records, signed_in, tmp_path):
    target = save_unencrypted_copy(records, signed_in, kind="draft_report", data=PDF,
                                   destination=tmp_path / "out" / ".." / "draft.pdf", now=NOW)
    assert target == (tmp_path / "draft.pdf").resolve() and target.read_bytes() == PDF
    auditor = sign_in(records, "M-001", "administrator")
    event = [event for event in export_chain(records, STATION_CHAIN, actor=auditor)
             if event.kind == "plaintext_copy_saved"][-1]
    assert event.actors == ("A-001",) and event.data["kind"] == "draft_report" and event.data["bytes"] == len(PDF)


def test_the_data_directory_is_refused_as_destination(records, signed_in):
    with pytest.raises(FieldError) as refused:
        save_unencrypted_copy(records, signed_in, kind="draft_report", data=PDF,
                              destination=records.layout.root / "attachments" / "draft.pdf", now=NOW)
    assert refused.value.reason == "inside_data_directory"
    assert not (records.layout.root / "attachments" / "draft.pdf").exists()


def test_a_made_up_or_ended_session_saves_nothing(records, signed_in, tmp_path):
    forged = dataclasses.replace(signed_in, token="made-up")
    with pytest.raises(NotSignedIn):
        save_unencrypted_copy(records, forged, kind="draft_report", data=PDF, destination=tmp_path / "a.pdf", now=NOW)
    logout(records, signed_in, NOW)
    with pytest.raises(NotSignedIn):
        save_unencrypted_copy(records, signed_in, kind="draft_report", data=PDF, destination=tmp_path / "b.pdf",
                              now=NOW)
    assert not list(tmp_path.glob("*.pdf"))


def test_a_destination_that_cannot_be_written_is_a_file_error_the_user_reads(records, signed_in, tmp_path):
    (tmp_path / "not-a-folder").write_bytes(b"")  # the chosen folder is a file: the system refuses
    unwritable = tmp_path / "not-a-folder" / "draft.pdf"
    with pytest.raises(FileOperationFailed) as failed:
        save_unencrypted_copy(records, signed_in, kind="draft_report", data=PDF, destination=unwritable, now=NOW)
    assert failed.value.reason == "file_write_failed" and failed.value.path == unwritable.resolve()
    assert describe_error(failed.value, "zh_CN").startswith(f"无法写入文件 {unwritable.resolve()}（")
    assert isinstance(failed.value.__cause__, OSError)
    auditor = sign_in(records, "M-001", "administrator")
    assert not [event for event in export_chain(records, STATION_CHAIN, actor=auditor)
                if event.kind == "plaintext_copy_saved"]  # the write failed: the event was rolled back
