# SPDX-License-Identifier: GPL-3.0-or-later
"""A verified bundle enters the review desk at registration: the record and its facts in
PostgreSQL with nothing personal in plaintext, the members' places in the untouched bundle, the
flags by the laptop's rules; a quarantined or duplicate bundle enters nothing."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from sqlalchemy import select, text

from forms.canonical import canonical_sha256

from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.record_view import open_member, record_view
from assessment_app.agency.records_key import RecordsKey, load_records_key
from assessment_app.agency.review_api import open_records_key
from assessment_app.agency.review_models import ReviewMember, ReviewRecord
from assessment_app.agency.uploads import now_utc

from tests.agency.bundles import recut, tampered
from tests.agency.desk import verified_record


def _all_text(agency) -> str:
    """Every table's rows as text (bytea as hex): what PostgreSQL's files would hold."""
    with transaction(agency.engine) as session:
        tables = session.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        return "\n".join(str(row) for table in tables
                         for row in session.execute(text(f'SELECT * FROM "{table}"')).all())


def test_a_verified_bundle_is_registered_for_review_without_plaintext_identity(agency, demo_bundle, laptop_facts):
    visit_id = verified_record(agency, demo_bundle.directory)
    assert visit_id == demo_bundle.visit_id
    with transaction(agency.engine) as session:
        row = session.get(ReviewRecord, visit_id)
        assert (row.case_id, row.version, row.is_newest, row.review_status) == (demo_bundle.case_id, 1, True, "pending")
        assert row.first_expert == "DEMO-A-001" and row.second_expert == "DEMO-A-002"
        assert row.grade_code == laptop_facts["grade"] and row.district == laptop_facts["district"]
        assert row.timeline["segments"], "the recorded visit has video segments"
        assert row.comparison["self_grade"] == laptop_facts["grade"]
        view = record_view(session, agency.records_key, visit_id, {}, now_utc())
    # The record rebuilt from the row and the sealed identity is the one the experts signed.
    assert view["record_rebuilt"] and canonical_sha256(view["record_json"]) == view["record_sha256"]
    assert view["applicant"]["name"] == laptop_facts["name"]
    dump = _all_text(agency)
    for secret in (laptop_facts["name"], laptop_facts["resident_id"], laptop_facts["resident_id"][-6:],
                   laptop_facts["informant"]):
        assert secret not in dump
    # The store holds the bundle as received (its index and age parts) and nothing else.
    files = [path.relative_to(agency.store.root) for path in agency.store.root.rglob("*") if path.is_file()]
    assert files and all(re.fullmatch(r"bundles/[0-9a-f]{64}/(index\.json|part-\d{4}\.age)", str(path))
                         for path in files), files


def test_every_small_member_reads_back_with_the_manifests_hash(agency, demo_bundle):
    visit_id = verified_record(agency, demo_bundle.directory)
    with transaction(agency.engine) as session:
        members = session.scalars(select(ReviewMember).where(ReviewMember.visit_id == visit_id)).all()
        checked = [member for member in members if member.sha256]
        assert {member.name for member in checked} >= {"record.json", "case.json", "self_assessment.json"}
        for member in members:
            if member.name.endswith((".json", ".pdf", ".jsonl")):
                opened = open_member(session, agency.store, agency.records_key, visit_id, member.name)
                data = b"".join(opened.pieces(0, member.size))
                assert len(data) == member.size
                if member.sha256:
                    assert hashlib.sha256(data).hexdigest() == member.sha256
                if member.name == "report.pdf":
                    assert data.startswith(b"%PDF-")


def test_a_quarantined_or_duplicate_bundle_enters_no_review_record(agency, demo_bundle, tmp_path):
    from assessment_app.agency.bundle_import import import_bundle_directory

    import_bundle_directory(agency.engine, agency.store, tampered(demo_bundle.directory, tmp_path / "bad"), now_utc())
    assert agency.worker().run_one() == "quarantined"
    verified_record(agency, demo_bundle.directory)
    import_bundle_directory(agency.engine, agency.store, recut(demo_bundle.directory, tmp_path / "again", 99_999),
                            now_utc())
    assert agency.worker().run_one() == "duplicate"
    with transaction(agency.engine) as session:
        assert session.execute(text("SELECT count(*) FROM review_records")).scalar_one() == 1


def test_the_records_key_is_checked_against_the_one_the_database_knows(agency, tmp_path):
    open_records_key(agency.engine, agency.config.records_key)
    from assessment_app.agency.records_key import create_records_key

    create_records_key(tmp_path / "other.key")
    with pytest.raises(AgencyError) as refused:
        open_records_key(agency.engine, tmp_path / "other.key")
    assert refused.value.reason == "records_key_mismatch"
    with pytest.raises(AgencyError) as refused:
        create_records_key(agency.config.records_key)
    assert refused.value.reason == "output_exists"
    (tmp_path / "bad.key").write_text("# a comment\nnot hex\n", encoding="ascii")
    with pytest.raises(AgencyError) as refused:
        load_records_key(tmp_path / "bad.key")
    assert refused.value.reason == "records_key_invalid"


def test_a_sealed_value_opens_only_where_it_was_sealed():
    key = RecordsKey(bytes(range(32)))
    sealed = key.seal("identity", "record:a", b'{"name": "x"}')
    assert key.open("identity", "record:a", sealed) == b'{"name": "x"}'
    for purpose, what, value in (("identity", "record:b", sealed), ("objects", "record:a", sealed),
                                 ("identity", "record:a", sealed[:-1] + bytes([sealed[-1] ^ 1]))):
        with pytest.raises(AgencyError) as refused:
            key.open(purpose, what, value)
        assert refused.value.reason == "sealed_value_damaged"
    assert RecordsKey(bytes(32)).pseudonym("11010119400101123x") == RecordsKey(bytes(32)).pseudonym("11010119400101123X")


@pytest.fixture
def laptop_facts(demo_bundle):
    """What the demo laptop's record says, read from the bundle with the age identity (the test's
    own way: the CLI's decrypt and tar, not the server's code)."""
    import io
    import tarfile

    from assessment_app.bundle.age_format import decrypt_stream, parse_identities
    from assessment_app.bundle.parts import ConcatenatedParts, read_index
    from assessment_app.domain.district import district_of

    source = ConcatenatedParts(demo_bundle.directory, read_index(demo_bundle.directory))
    plaintext = b"".join(decrypt_stream(source, parse_identities(demo_bundle.identity.read_text())))
    members = {}
    with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
        for info in archive:
            if info.name in ("case.json", "record.json"):
                members[info.name] = json.loads(archive.extractfile(info).read())
    applicant = members["case.json"]["applicant"]
    return {"name": applicant["name"], "resident_id": applicant["resident_id"],
            "district": district_of(applicant["address"]), "grade": members["record.json"]["result"]["grade"]["code"],
            "informant": members["record.json"]["informant"]["name"]}
