# SPDX-License-Identifier: GPL-3.0-or-later
"""The 审核 page's services over the agency server (services/remote_records.py), against a real
PostgreSQL and the real server: the shared queue with its flags, claims (claim, claim-next,
release, who holds it), the record view and the video by byte range in memory, a decision signed
on the workstation and stored by the server, the agency-wide sample and 公示 list; and the
attacks: a decision on a record another reviewer has claimed is refused (and said in the user's
language), a segment altered on the way is refused, not played."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.uploads import now_utc
from assessment_app.domain.review_queue import QueueFilter
from assessment_app.messages import describe_error
from assessment_app.recording.errors import RecordingError
from assessment_app.services.review_decision import sign_decision
from assessment_app.services.review_decision_file import verified_decision
from assessment_app.security.provisioning import build_demo_provisioning

from tests.agency.remote_review_world import OTHER_REVIEWER, REVIEWER, people, remote_review_world  # noqa: F401
from tests.unit.bundle.conftest import DEMO_SEED, NOW


def _server_row(world) -> dict:
    with transaction(world.agency.engine) as session:
        return dict(session.execute(text("SELECT review_status, claimed_by FROM review_records WHERE visit_id = :v"),
                                    {"v": world.visit_id}).mappings().one())


def test_a_reviewer_claims_reads_plays_and_decides_on_the_shared_desk(remote_review_world):
    world = remote_review_world
    source = world.source()
    try:
        assert source.person.expert_number == REVIEWER and source.remote
        rows = source.queue(QueueFilter(review_status="pending"))
        assert [row.visit_id for row in rows] == [world.visit_id]
        assert rows[0].claimed_by is None and rows[0].expert_names == ("演示评估员甲", "演示评估员乙")
        assert source.decision_state(world.visit_id).can_decide is False  # not claimed: nothing to decide yet
        assert source.claim_next() == world.visit_id
        assert source.claim_next() is None  # the only record is held
        assert source.queue()[0].claimed_by == REVIEWER and source.holds_claim(source.queue()[0])
        view = source.record(world.visit_id)
        assert len(view.answers) == 17 and view.result["grade"]["code"] == view.row.grade_code
        assert len(view.chapters()) == 17 and view.comparison is not None
        recording = source.recording(world.visit_id)
        segments = recording.timeline.segments
        assert len(segments) >= 2 and recording.timeline.intervals[-1].kind == "stopped"
        # The demo visit's items were answered after its 2.7 s of video: a chapter there shows the stop.
        assert recording.frame_at(view.chapters()[0][1]) is None
        frame = recording.frame_at(segments[1].start_ms + 300)  # decoded from the bytes fetched into memory
        assert frame is not None and frame.shape[2] == 3 and recording.requests == 1
        assert len(list(recording.play(segments[0].start_ms))) == sum(span.frame_count for span in segments)
        state = source.decision_state(world.visit_id)
        assert state.can_decide and state.last_decision is None
        outcome = source.decide(world.visit_id, "approve", "", passphrase="demo-r-001", now=now_utc())
        assert outcome.decision == "approved" and outcome.decision_pdf.startswith(b"%PDF-")
        assert _server_row(world) == {"review_status": "approved", "claimed_by": None}
        _, _, stored = source.client.request("GET", f"/v1/review/decisions/{outcome.review_id}")
        assert stored == outcome.decision_pdf  # the server holds the file signed here
        demo = build_demo_provisioning(NOW, DEMO_SEED)
        decision, status = verified_decision(stored, [demo.ca_certificate], now_utc())
        assert decision["reviewer_number"] == REVIEWER and decision["record_sha256"] == view_hash(source, world)
        state = source.decision_state(world.visit_id)
        assert (state.last_decision, state.can_decide) == ("approved", False)
    finally:
        source.close()


def view_hash(source, world) -> str:
    return source.record_document(world.visit_id)["record_sha256"]


def test_a_record_claimed_by_another_reviewer_is_shown_but_its_decision_is_refused(remote_review_world):
    world = remote_review_world
    other = world.other_desk()
    source = world.source()
    try:
        other.claim(world.visit_id)
        row = source.queue()[0]
        assert row.claimed_by == OTHER_REVIEWER and not source.holds_claim(row)
        view = source.record(world.visit_id)  # viewing is allowed
        assert len(view.answers) == 17
        assert source.decision_state(world.visit_id).can_decide is False
        with pytest.raises(AgencyError) as refused:
            source.claim(world.visit_id)
        assert refused.value.reason == "claimed_by_other"
        with pytest.raises(AgencyError) as refused:
            source.decide(world.visit_id, "approve", "", passphrase="demo-r-001", now=now_utc())
        assert refused.value.reason == "claimed_by_other"
        zh, en = describe_error(refused.value, "zh_CN"), describe_error(refused.value, "en")
        assert zh != en and OTHER_REVIEWER in zh and not zh.isascii()
        # Past the screen and the source: a decision signed here and posted straight to the server.
        _, pdf = sign_decision(world.records, actor=world.sign_in(), case_id=view.row.case_id,
                               visit_id=world.visit_id, record_sha256=view_hash(source, world), decision="approve",
                               reason="", passphrase="demo-r-001", now=now_utc())
        with pytest.raises(AgencyError) as refused:
            source.client.decide(world.visit_id, pdf)
        assert (refused.value.status, refused.value.reason) == (409, "claimed_by_other")
        assert _server_row(world) == {"review_status": "pending", "claimed_by": OTHER_REVIEWER}
        with transaction(world.agency.engine) as session:
            assert session.execute(text("SELECT count(*) FROM review_decisions")).scalar_one() == 0
        with pytest.raises(AgencyError) as refused:
            source.release(world.visit_id)  # nobody releases another's claim
        assert refused.value.reason == "claimed_by_other"
        other.release(world.visit_id)
        source.claim(world.visit_id)
        assert source.queue()[0].claimed_by == REVIEWER
        source.release(world.visit_id)
        assert source.queue()[0].claimed_by is None and _server_row(world)["claimed_by"] is None
    finally:
        source.close()
        other.close()


def test_an_altered_segment_is_refused_not_played(remote_review_world):
    world = remote_review_world
    source = world.source()
    try:
        recording = source.recording(world.visit_id)
        fetch = source.client.segment

        def altered(*args, **kwargs):
            status, headers, body = fetch(*args, **kwargs)
            return status, headers, body[:-1] + bytes([body[-1] ^ 1])
        source.client.segment = altered
        span = recording.timeline.segments[0]
        with pytest.raises(RecordingError) as refused:
            recording.frame_at(span.start_ms)
        assert refused.value.reason == "recording_damaged"
    finally:
        source.close()


def test_the_sample_and_the_public_list_are_the_agencys(remote_review_world, tmp_path):
    world = remote_review_world
    source = world.source()
    try:
        sample = source.draw_sample(100, 2026, now=now_utc())
        assert sample.population == (world.visit_id,) and sample.visit_ids == (world.visit_id,)
        with transaction(world.agency.engine) as session:
            assert session.execute(text("SELECT seed, drawn_by FROM review_samples")).one() == ("2026", REVIEWER)
        source.claim(world.visit_id)
        source.decide(world.visit_id, "approve", "", passphrase="demo-r-001", now=now_utc())
        path = tmp_path / "公示.csv"
        assert source.export_publicity(path, now=now_utc()) == 1
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        applicant = source.record_document(world.visit_id)["applicant"]
        assert len(rows) == 2 and applicant["resident_id"] not in rows[1][2] and "*" in rows[1][2]
    finally:
        source.close()


def test_a_claim_that_lapsed_unnoticed_is_renewed_by_the_decision(remote_review_world):
    world = remote_review_world
    source = world.source()
    try:
        source.claim(world.visit_id)
        with transaction(world.agency.engine) as session:  # the reviewer watched for longer than the claim lasts
            session.execute(text("UPDATE review_records SET claim_expires_at = now() - interval '1 minute' "
                                 "WHERE visit_id = :v"), {"v": world.visit_id})
        assert source.queue()[0].claimed_by is None
        outcome = source.decide(world.visit_id, "return", "请补充如厕项目的录像说明", passphrase="demo-r-001",
                                now=now_utc())
        assert outcome.decision == "returned"
        assert _server_row(world) == {"review_status": "returned", "claimed_by": None}
    finally:
        source.close()
