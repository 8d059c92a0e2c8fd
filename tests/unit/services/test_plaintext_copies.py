"""An unencrypted copy of a document leaves the data directory only by an explicit save by a
signed-in person, never into the data directory, and always with an audit event."""

from __future__ import annotations

import dataclasses

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.services.accounts import login, logout, set_passphrase
from assessment_app.services.audit_log import STATION_CHAIN, export_chain
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.enrolment import issue_enrolment_code
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from tests.unit.services.conftest import NOW

CHEAP_KDF = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
PDF = b"%PDF-1.7\n% a draft\n"


@pytest.fixture
def signed_in(records, assessors):
    code = issue_enrolment_code(records, assessors[0], NOW, params=CHEAP_KDF).code
    set_passphrase(records, assessors[0], "correct horse battery 1", enrolment_code=code, now=NOW,
                   kdf_params=CHEAP_KDF)
    return login(records, "A-001", "correct horse battery 1", NOW, kdf_params=CHEAP_KDF)


def test_a_saved_copy_is_written_and_audited(records, signed_in, tmp_path):
    target = save_unencrypted_copy(records, signed_in, kind="draft_report", data=PDF,
                                   destination=tmp_path / "out" / ".." / "draft.pdf", now=NOW)
    assert target == (tmp_path / "draft.pdf").resolve() and target.read_bytes() == PDF
    event = [event for event in export_chain(records, STATION_CHAIN) if event.kind == "plaintext_copy_saved"][-1]
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
