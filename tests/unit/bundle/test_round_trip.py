# SPDX-License-Identifier: GPL-3.0-or-later
"""Export → verify → import on another workstation, and interoperability with the `age` tool."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import subprocess
import tarfile

import pytest
from sqlalchemy import func, select

from forms.canonical import canonical_sha256

from assessment_app.bundle.age_format import AgeWriter, decrypt_stream, parse_identities
from assessment_app.bundle.parts import read_index
from assessment_app.bundle.verification import verify_bundle
from assessment_app.bundle.validation_report import CHECKS
from assessment_app.recording.playback import RecordingReader
from assessment_app.security.audit_anchor import parse
from assessment_app.services.audit_log import chain_head
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.visit_record import document_in
from assessment_app.services.visit_state import load_visit
from assessment_app.storage.models import Answer, BundleImport, Case, Visit, VisitAttachment
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.bundle.conftest import EXPORTED_AT, VERIFIED_AT, demo_records, demo_sign_in

AGE = "/usr/bin/age"
needs_age = pytest.mark.skipif(subprocess.run(["which", "age"], capture_output=True).returncode != 0,
                               reason="the age command line tool is not installed")


@pytest.fixture(scope="module")
def reviewer(tmp_path_factory):
    records = demo_records(tmp_path_factory.mktemp("reviewer") / "data")
    yield records
    records.close()


def test_a_fresh_bundle_passes_every_check(exported):
    report = verify_bundle(exported.bundle, exported.laptop.identity_file, exported.laptop.anchors(),
                           now=VERIFIED_AT)
    assert [check.code for check in report.checks] == list(CHECKS)
    assert report.ok, report.first_failure
    assert report.manifest["bundle_id"] == exported.bundle_id
    assert report.check("video").information.endswith("segments")


def test_the_manifest_carries_the_workstations_audit_checkpoint_signed_with_the_rest(exported):
    """The station chain's checkpoint at export (security/audit_anchor.py): what left the laptop
    fixes how long its audit chain was then, even against someone who later rewrites the anchor."""
    report = verify_bundle(exported.bundle, exported.laptop.identity_file, exported.laptop.anchors(),
                           now=VERIFIED_AT)
    checkpoint = parse(report.manifest["station_checkpoint"])
    assert checkpoint.chain == "station" and checkpoint.count >= 1
    assert len(report.manifest["station_checkpoint"]["mac"]) == 64
    with unit_of_work(exported.laptop.records.engine) as session:
        head = chain_head(session, "station")
    assert checkpoint.count <= head.count  # the export itself adds station events after the manifest


def test_the_recovery_key_opens_the_bundle_too(exported):
    report = verify_bundle(exported.bundle, exported.laptop.recovery_identity_file, exported.laptop.anchors(),
                           now=VERIFIED_AT)
    assert report.ok, report.first_failure


def test_parts_respect_the_part_size_and_the_index_lists_no_personal_data(exported):
    parts = read_index(exported.bundle)
    assert len(parts) > 1 and all(part.size <= 64 * 1024 for part in parts)
    index = json.loads((exported.bundle / "index.json").read_text())
    assert set(index) == {"format", "version", "parts"} and index["format"] == "ltc-assess-bundle"
    assert sorted(path.name for path in exported.bundle.iterdir()) == ["index.json"] + [part.name for part in parts]


def test_export_marks_the_visit_exported(exported):
    with unit_of_work(exported.laptop.records.engine) as session:
        visit = session.get(Visit, exported.laptop.visit_id)
        assert visit.status == "exported"
        assert session.get(Case, visit.case_id).status == "exported"


def test_import_puts_the_visit_in_the_reviewer_tables_and_the_video_plays(exported, reviewer):
    laptop = exported.laptop
    result = import_bundle(reviewer, exported.bundle, laptop.identity_file,
                           now=EXPORTED_AT + datetime.timedelta(hours=1), actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert result.status == "imported", result.report.first_failure
    assert result.visit_id == laptop.visit_id
    with unit_of_work(reviewer.engine) as session:  # the reviewer rebuilds the very record the experts signed
        assert canonical_sha256(document_in(session, load_visit(session, laptop.visit_id))) == \
            result.report.manifest["record_sha256"]
    with unit_of_work(reviewer.engine) as session:
        visit = session.get(Visit, laptop.visit_id)
        assert visit.status == "exported" and session.get(Case, visit.case_id).status == "exported"
        answers = session.scalar(select(func.count()).select_from(Answer).where(Answer.visit_id == visit.id))
        assert answers == len(laptop.world.form.items)
        purposes = set(session.scalars(select(VisitAttachment.purpose).where(VisitAttachment.visit_id == visit.id)))
        assert {"signed_report", "expert_signature", "consent_signature", "face_photo"} <= purposes
        row = session.scalar(select(BundleImport).where(BundleImport.bundle_id == exported.bundle_id))
        assert row.status == "imported" and json.loads(row.report_json)["ok"] is True
    reader = RecordingReader(reviewer.layout.recordings, laptop.visit_id, reviewer.data_key)
    frames = list(reader.play())
    assert len(frames) >= 20
    # Segments are stored under the reviewer's key, not as the laptop's files or as plaintext.
    segment = next(reviewer.layout.recordings.glob(f"{laptop.visit_id}/chain-1/segment-*.enc"))
    assert segment.read_bytes()[:8] != b"\x00\x00\x00\x1cftyp"[:8]


def test_importing_the_same_bundle_again_changes_nothing(exported, reviewer):
    now = EXPORTED_AT + datetime.timedelta(hours=2)
    first = import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=now,
                          actor=demo_sign_in(reviewer, "DEMO-R-001"))
    with unit_of_work(reviewer.engine) as session:
        rows = session.scalar(select(func.count()).select_from(BundleImport))
    again = import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=now,
                          actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert first.status == again.status == "duplicate"
    with unit_of_work(reviewer.engine) as session:
        assert session.scalar(select(func.count()).select_from(BundleImport)) == rows


@needs_age
def test_the_age_tool_and_tar_recover_every_file_with_the_manifest_hashes(exported, tmp_path):
    parts = [exported.bundle / part.name for part in read_index(exported.bundle)]
    concatenated = b"".join(path.read_bytes() for path in parts)
    plaintext = subprocess.run([AGE, "-d", "-i", str(exported.laptop.identity_file)], input=concatenated,
                               capture_output=True, check=True).stdout
    (tmp_path / "bundle.tar").write_bytes(plaintext)
    subprocess.run(["tar", "-x", "-f", str(tmp_path / "bundle.tar"), "-C", str(tmp_path)], check=True)
    manifest = json.loads((tmp_path / "manifest.json").read_bytes())
    for entry in manifest["files"]:
        data = (tmp_path / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"]), entry["path"]
    assert any(entry["path"].endswith(".mp4") for entry in manifest["files"])
    with tarfile.open(tmp_path / "bundle.tar") as archive:
        assert archive.getnames()[:2] == ["manifest.json", "manifest.cms"]


@needs_age
@pytest.mark.parametrize("size", [0, 1, 64 * 1024, 64 * 1024 + 1, 200_000])
def test_files_from_the_age_tool_decrypt_here_and_ours_decrypt_there(exported, size):
    identity = exported.laptop.identity_file
    data = hashlib.shake_256(str(size).encode()).digest(size) if size else b""
    theirs = subprocess.run([AGE, "-r", exported.recipients[0], "-r", exported.recipients[1]], input=data,
                            capture_output=True, check=True).stdout
    assert b"".join(decrypt_stream(io.BytesIO(theirs), parse_identities(identity.read_text()))) == data
    sink = io.BytesIO()
    writer = AgeWriter(sink, exported.recipients)
    writer.write(data)
    writer.close()
    ours = subprocess.run([AGE, "-d", "-i", str(identity)], input=sink.getvalue(), capture_output=True, check=True)
    assert ours.stdout == data
