# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk over HTTPS with mutual TLS: reviewer sign-in by signed challenge, the queue, the
record, files and the video by byte range (exactly the plaintext bytes, decrypted on the server),
and who may do what."""

from __future__ import annotations

import io
import tarfile

import pytest

from assessment_app.agency.review_client import ReviewClient, ReviewRefused
from assessment_app.bundle.age_format import CHUNK_SIZE, decrypt_stream, parse_identities
from assessment_app.bundle.parts import ConcatenatedParts, read_index
from assessment_app.domain.review_queue import QueueFilter

from tests.agency.desk import ADMINISTRATOR, ASSESSOR, REVOKED, build_people, trust, verified_record
from tests.agency.harness import ServerThread


@pytest.fixture(scope="module")
def people():
    return build_people()


def _plaintext_members(bundle) -> dict[str, bytes]:
    """The bundle decrypted the test's own way (whole stream, then tar)."""
    source = ConcatenatedParts(bundle.directory, read_index(bundle.directory))
    plaintext = b"".join(decrypt_stream(source, parse_identities(bundle.identity.read_text())))
    with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
        return {info.name: archive.extractfile(info).read() for info in archive if info.isreg()}


def _desk(server, agency, workstation) -> ReviewClient:
    return ReviewClient(server.url, ca_pem=agency.ca_pem, certificate=workstation.certificate, key=workstation.key)


def test_a_reviewer_signs_in_and_reads_the_queue_and_the_record(agency, demo_bundle, people):
    trust(agency, people)
    station = agency.workstation("审核工作站")
    visit_id = verified_record(agency, demo_bundle.directory)
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        signed_in = desk.sign_in(people.keys["DEMO-R-002"], people.certificates["DEMO-R-002"])
        assert (signed_in["expert_number"], signed_in["role"]) == ("DEMO-R-002", "reviewer")
        page = desk.queue(QueueFilter(review_status="pending"))
        assert page["total"] == 1 and page["rows"][0]["visit_id"] == visit_id
        row = page["rows"][0]
        assert row["applicant_name"].startswith("测试") and len(row["resident_id"]) == 18
        assert [expert["name"] for expert in row["experts"]] == ["演示评估员甲", "演示评估员乙"]
        view = desk.record(visit_id)
        assert view["record_rebuilt"] and len(view["answers"]) == 17
        assert view["validation"]["ok"] is True
        assert view["chapters"] and all(chapter["segment"] for chapter in view["chapters"]
                                        if chapter["interval"] is None)
        assert set(view["files"]) >= {"record.json", "report.pdf", "audit.jsonl"}
        assert desk.file(visit_id, "report.pdf") == _plaintext_members(demo_bundle)["report.pdf"]
        with pytest.raises(ReviewRefused) as refused:
            desk.file(visit_id, "case.json")  # the rows with the ID number are not served whole
        assert (refused.value.status, refused.value.reason) == (404, "file_unknown")
        desk.sign_out()
        with pytest.raises(ReviewRefused) as refused:
            desk.queue()
        assert (refused.value.status, refused.value.reason) == (401, "session_invalid")
        desk.close()


def test_byte_ranges_return_exactly_the_plaintext_of_the_segment(agency, demo_bundle, people):
    trust(agency, people)
    station = agency.workstation("审核工作站")
    visit_id = verified_record(agency, demo_bundle.directory)
    members = _plaintext_members(demo_bundle)
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        desk.sign_in(people.keys["DEMO-R-001"], people.certificates["DEMO-R-001"])
        segments = desk.record(visit_id)["timeline"]["segments"]
        assert segments
        for segment in segments[:3]:
            plain = members[segment["member"]]
            size = len(plain)
            assert size == segment["size"]
            status, headers, body = desk.segment(visit_id, segment["chain"], segment["sequence"])
            assert (status, body, headers["Accept-Ranges"], headers["Cache-Control"]) == (200, plain, "bytes",
                                                                                          "no-store")
            cases = [(0, 0), (0, 99), (1, size - 2), (size // 2, None), (size - 1, size - 1), (0, size + 500)]
            if size > CHUNK_SIZE + 10:
                cases.append((CHUNK_SIZE - 5, CHUNK_SIZE + 5))  # across two age chunks
            for first, last in cases:
                status, headers, body = desk.segment(visit_id, segment["chain"], segment["sequence"],
                                                     byte_range=(first, last))
                end = size - 1 if last is None else min(last, size - 1)
                assert status == 206 and body == plain[first:end + 1]
                assert headers["Content-Range"] == f"bytes {first}-{end}/{size}"
                assert int(headers["Content-Length"]) == end - first + 1
            status, headers, body = desk.segment(visit_id, segment["chain"], segment["sequence"],
                                                 range_header="bytes=-100")
            assert (status, body, headers["Content-Range"]) == (206, plain[-100:], f"bytes {size - 100}-{size - 1}/{size}")
            status, _, body = desk.segment(visit_id, segment["chain"], segment["sequence"],
                                           range_header="bytes=0-1,5-9")
            assert (status, body) == (200, plain)  # several ranges: the whole, as RFC 9110 allows
            with pytest.raises(ReviewRefused) as refused:
                desk.segment(visit_id, segment["chain"], segment["sequence"], byte_range=(size, None))
            assert (refused.value.status, refused.value.reason) == (416, "range_not_satisfiable")
        with pytest.raises(ReviewRefused) as refused:
            desk.segment(visit_id, 9, 1)
        assert refused.value.status == 404
        desk.close()


def test_an_altered_chunk_in_the_store_is_refused_not_served(agency, demo_bundle, people):
    from sqlalchemy import text

    from assessment_app.agency.bundle_access import SEALED_CHUNK
    from assessment_app.agency.database import transaction

    trust(agency, people)
    station = agency.workstation("审核工作站")
    visit_id = verified_record(agency, demo_bundle.directory)
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        desk.sign_in(people.keys["DEMO-R-001"], people.certificates["DEMO-R-001"])
        last = desk.record(visit_id)["timeline"]["segments"][-1]
        with transaction(agency.engine) as session:
            offset = session.execute(text("SELECT m.offset FROM review_members m WHERE visit_id = :v AND name = :n"),
                                     {"v": visit_id, "n": last["member"]}).scalar_one()
            start, parts = session.execute(text("SELECT payload_start, parts FROM review_records WHERE visit_id = :v"),
                                           {"v": visit_id}).one()
        # One byte flipped in the ciphertext of the age chunk that holds the last segment's start.
        position = start + (offset // CHUNK_SIZE) * SEALED_CHUNK + 40
        for name, size in parts:
            if position < size:
                break
            position -= size
        path = next((agency.store.root / "bundles").rglob(name))
        data = bytearray(path.read_bytes())
        data[position] ^= 0x01
        path.write_bytes(bytes(data))
        with pytest.raises(ReviewRefused) as refused:
            desk.segment(visit_id, last["chain"], last["sequence"])
        assert (refused.value.status, refused.value.reason) == (500, "bundle_damaged")
        assert desk.file(visit_id, "record.json").startswith(b"{")  # the chunks before it still open
        desk.close()


def test_who_may_sign_in_and_what_each_role_may_do(agency, people):
    trust(agency, people)
    station = agency.workstation("审核工作站")
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        for number, reason in ((ASSESSOR, "not_a_reviewer"), (REVOKED, "reviewer_certificate_rejected")):
            with pytest.raises(ReviewRefused) as refused:
                desk.sign_in(people.keys[number], people.certificates[number])
            assert (refused.value.status, refused.value.reason) == (403, reason)
        # A key that is not the certificate's: the signature does not verify.
        with pytest.raises(ReviewRefused) as refused:
            desk.sign_in(people.keys["DEMO-R-003"], people.certificates["DEMO-R-002"])
        assert refused.value.reason == "sign_in_signature_invalid"
        desk.sign_in(people.keys[ADMINISTRATOR], people.certificates[ADMINISTRATOR])
        assert desk.dashboard()["queries"]
        with pytest.raises(ReviewRefused) as refused:
            desk.queue()
        assert (refused.value.status, refused.value.reason) == (403, "role_not_allowed")
        assert desk.change_setting("review.claim_minutes", "45")["value"] == 45
        assert desk.settings()["review.claim_minutes"]["value"] == 45
        with pytest.raises(ReviewRefused) as refused:
            desk.change_setting("review.claim_minutes", "0")
        assert refused.value.reason == "setting_invalid"
        desk.close()
        # A session belongs to the workstation it was opened on.
        other = _desk(server, agency, agency.workstation("另一台"))
        other.token = desk.token
        with pytest.raises(ReviewRefused) as refused:
            other.dashboard()
        assert refused.value.reason == "session_invalid"
        other.close()


def test_a_challenge_works_once(agency, people):
    import base64

    from assessment_app.agency.reviewer_sessions import sign_challenge
    from assessment_app.security.certificates import certificate_pem

    trust(agency, people)
    station = agency.workstation("审核工作站")
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        challenge = desk._json("POST", "/v1/review/challenge")
        body = {"nonce": challenge["nonce"], "certificate": certificate_pem(people.certificates["DEMO-R-001"]),
                "signature": base64.b64encode(sign_challenge(people.keys["DEMO-R-001"],
                                                             base64.b64decode(challenge["message"]))).decode()}
        assert desk._json("POST", "/v1/review/sessions", body, expected=(201,))["role"] == "reviewer"
        with pytest.raises(ReviewRefused) as refused:
            desk._json("POST", "/v1/review/sessions", body, expected=(201,))
        assert refused.value.reason == "challenge_invalid"
        desk.close()


def test_recording_a_package_that_revokes_a_reviewer_ends_their_session(agency, people):
    trust(agency, people)
    station = agency.workstation("审核工作站")
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        desk.sign_in(people.keys["DEMO-R-004"], people.certificates["DEMO-R-004"])
        assert desk.me()["expert_number"] == "DEMO-R-004"
        trust(agency, build_people(3, revoke=(REVOKED, "DEMO-R-004")))
        with pytest.raises(ReviewRefused) as refused:
            desk.me()
        assert refused.value.reason == "session_invalid"
        desk.close()


def test_the_supervision_routes_answer_json_and_csv(agency, people):
    from assessment_app.agency.demo_data import generate

    trust(agency, people)
    summary = generate(agency.engine, agency.records_key, seed=3, visits=400, assessor_count=8)
    station = agency.workstation("审核工作站")
    with ServerThread(agency.config) as server:
        desk = _desk(server, agency, station)
        desk.sign_in(people.keys["DEMO-R-001"], people.certificates["DEMO-R-001"])
        choices = desk.dashboard()
        assert summary.skewed_assessor in choices["assessors"] and len(choices["districts"]) == 5
        table = desk.dashboard("visit_duration", since="2026-03-01", until="2026-03-31")
        assert table["filters"]["since"] == "2026-03-01" and table["rows"][0]["assessor_name"] == "全机构"
        data = desk.dashboard("grade_distribution", form="csv", language="en")
        assert data.startswith(b"\xef\xbb\xbf") and b"chi-square" in data.split(b"\r\n")[0]
        with pytest.raises(ReviewRefused) as refused:
            desk.dashboard("no_such_table")
        assert refused.value.status == 404
        with pytest.raises(ReviewRefused) as refused:
            desk.dashboard("visits_per_day", since="2026-13-01")
        assert (refused.value.status, refused.value.reason) == (400, "request_invalid")
        listed = desk.publicity(since="2026-01-01", until="2026-12-31")
        assert listed["entries"] and all("*" in entry["name_masked"] for entry in listed["entries"])
        assert desk.publicity(form="csv").startswith(b"\xef\xbb\xbf")
        assert desk.publicity(form="pdf").startswith(b"%PDF-")
        sample = desk.draw_sample(10, "2027-Q1", QueueFilter(review_status="approved"))
        assert len(sample["sample"]) == -(-sample["population_count"] // 10)
        assert desk._json("GET", f"/v1/review/samples/{sample['id']}")["population_sha256"] == sample["population_sha256"]
        desk.close()
