# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's services on visits signed through the visit services: flags, the seeded sample,
signed decisions (and nothing stored on a wrong passphrase), the decision file on a second data
directory, and the masked 公示 list."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from sqlalchemy import select

from assessment_app.domain.review_flags import (
    PausedSpan,
    ReviewFlagCode,
    ReviewFlagPolicy,
    VisitFacts,
    review_flags,
)
from assessment_app.domain.review_publicity import mask_name
from assessment_app.domain.review_sampling import seeded_sample
from assessment_app.services.accounts import WrongPassphrase
from assessment_app.domain.roles import PermissionDenied
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.services.review_decision import DECISIONS, ReviewError, decide, export_decision, import_decision
from assessment_app.services.review_decision_file import REPORT_WORDS, decision_document, embedded_decision
from assessment_app.services.review_publicity import export_publicity
from assessment_app.services.review_queue import QueueFilter, draw_sample, review_queue
from assessment_app.services.review_record import record_view
from assessment_app.services.self_assessment import record_self_assessment
from assessment_app.storage.models import Case, Review
from assessment_app.storage.security_models import STATION_CHAIN, AuditRecord
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.review.scenario import (
    REVIEWER_PASSPHRASE, demo_sign_in, demo_world, recorded_visit, reviewer, signed_visit,
)
from tests.unit.services.conftest import KNOWN_ID, NOW

FACTS = VisitFacts(item_count=17, duration_seconds=20 * 60, answer_offsets=[("a", 1000), ("b", 5000)], pauses=[],
                   answer_changes=0, self_grade=1, result_grade=1)


def _codes(flags) -> set[str]:
    return {flag.code for flag in flags}


def test_flag_rules_each_fire_on_their_threshold_and_not_below():
    assert review_flags(FACTS) == ()
    facts = VisitFacts(item_count=17, duration_seconds=14 * 60 + 59, answer_offsets=[("a", 1000), ("b", 5000)],
                       pauses=[PausedSpan(4000, 6000)], answer_changes=5, self_grade=1, result_grade=3,
                       reapplication_messages=["距上次申请仅 30 天"])
    assert _codes(review_flags(facts)) == set(ReviewFlagCode)
    paused = next(flag for flag in review_flags(facts) if flag.code == ReviewFlagCode.ANSWERED_WHILE_PAUSED)
    assert paused.detail["items"] == "b" and "b" in paused.message()
    relaxed = ReviewFlagPolicy(min_visit_minutes=10, max_answer_changes=6, grade_gap=3)
    assert _codes(review_flags(facts, relaxed)) == {ReviewFlagCode.ANSWERED_WHILE_PAUSED,
                                                    ReviewFlagCode.EARLY_REASSESSMENT}


def test_the_minimum_visit_length_scales_with_the_items_of_the_form():
    assert ReviewFlagPolicy().minimum_visit_seconds(17) == 15 * 60
    assert ReviewFlagPolicy().minimum_visit_seconds(34) == 30 * 60


def test_the_same_seed_draws_the_same_sample_whatever_the_order():
    ids = [f"visit-{n:03d}" for n in range(40)]
    first = seeded_sample(ids, 10, 1234)
    assert len(first) == 4 and first == seeded_sample(list(reversed(ids)), 10, 1234)
    assert first != seeded_sample(ids, 10, 4321)
    assert seeded_sample(ids[:3], 10, 1) and seeded_sample([], 10, 1) == () and seeded_sample(ids, 0, 1) == ()


def test_a_signed_record_is_flagged_and_a_calm_one_is_not(records):
    world = demo_world(records)
    rushed = signed_visit(world, changes=5)
    world2 = demo_world(records, resident_id="11010519491231002X", name="测试王小英")
    calm = signed_visit(world2, minutes=20)
    rows = {row.visit_id: row for row in review_queue(records, actor=reviewer(records))}
    assert _codes(rows[rushed].flags) == {ReviewFlagCode.SHORT_VISIT, ReviewFlagCode.MANY_CHANGES}
    assert rows[calm].flags == ()
    assert [row.visit_id for row in review_queue(records, QueueFilter(flag="any"), actor=reviewer(records))] == [rushed]
    assert [row.visit_id for row in review_queue(records, QueueFilter(flag="many_changes"), actor=reviewer(records))] == [rushed]
    assert {row.review_status for row in rows.values()} == {"pending"}
    assert review_queue(records, QueueFilter(grade_code=0), actor=reviewer(records)) and not review_queue(records, QueueFilter(grade_code=5), actor=reviewer(records))
    assert len(review_queue(records, QueueFilter(expert_id=world.first), actor=reviewer(records))) == 2
    view = record_view(records, rushed, actor=reviewer(records))
    assert len(view.changes) == 10 and view.changes[0].reason == "复查后更正"
    assert len(view.answers) == 17 and view.result["grade"]["code"] == 0 and view.result["trace"]


def test_self_assessment_two_grades_away_is_flagged(records):
    world = demo_world(records)
    worst = {item.id: item.options[0].id for item in world.form.items}
    record_self_assessment(records, world.case_id, world.form, worst, now=NOW, actor=world.pair.first)
    visit_id = signed_visit(world, minutes=20)
    (row,) = review_queue(records, actor=reviewer(records))
    assert row.visit_id == visit_id and _codes(row.flags) == {ReviewFlagCode.SELF_ASSESSMENT_GAP}


def test_answers_given_during_a_pause_are_flagged_and_chapters_follow_the_video(records):
    world = demo_world(records)
    visit_id = recorded_visit(world)
    view = record_view(records, visit_id, actor=reviewer(records))
    paused = next(flag for flag in view.flags if flag.code == ReviewFlagCode.ANSWERED_WHILE_PAUSED)
    assert paused.detail["items"] == world.form.items[8].id
    assert [event.kind for event in view.recording_events] == ["paused", "resumed"]
    chapters = view.chapters()
    assert len(chapters) == 17 and [offset for _, offset in chapters] == sorted(offset for _, offset in chapters)


def test_the_sample_is_logged_with_its_seed(records):
    world = demo_world(records)
    signed_visit(world)
    sample = draw_sample(records, 50, 77, actor=reviewer(records), now=NOW)
    assert sample.visit_ids == draw_sample(records, 50, 77, actor=reviewer(records), now=NOW).visit_ids
    with unit_of_work(records.engine) as session:
        logged = session.scalars(select(AuditRecord).where(AuditRecord.chain == STATION_CHAIN,
                                                           AuditRecord.kind == "review_sample")).all()
        data = json.loads(logged[0].data_json)
    assert data["seed"] == 77 and data["sample"] == list(sample.visit_ids) and len(logged) == 2


def test_a_wrong_passphrase_stores_no_decision(records):
    world = demo_world(records)
    visit_id = signed_visit(world)
    with pytest.raises(WrongPassphrase):
        decide(records, visit_id, "approve", "", actor=reviewer(records), passphrase="wrong", now=NOW)
    with unit_of_work(records.engine) as session:
        assert session.scalars(select(Review)).all() == []
        assert session.get(Case, world.case_id).status == "signed"
    with pytest.raises(ReviewError, match="reason_required"):
        decide(records, visit_id, "return", " ", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE,
               now=NOW)
    with pytest.raises(PermissionDenied):  # an assessor signs no decision, whatever key they hold
        decide(records, visit_id, "approve", "", actor=world.pair.first, passphrase="demo-a-001", now=NOW)


def test_an_approval_is_signed_closes_the_case_and_shows_in_the_queue(records):
    world = demo_world(records)
    visit_id = signed_visit(world)
    outcome = decide(records, visit_id, "approve", "", actor=reviewer(records),
                     passphrase=REVIEWER_PASSPHRASE, now=NOW)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=outcome.decision_pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "审核通过" in text and "演示审核员" in text
    with unit_of_work(records.engine) as session:
        assert session.get(Case, world.case_id).status == "closed"
    (row,) = review_queue(records, QueueFilter(review_status="approved"), actor=reviewer(records))
    assert row.visit_id == visit_id
    with pytest.raises(ReviewError, match="case_closed"):
        decide(records, visit_id, "approve", "", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE,
               now=NOW)


def test_ordering_a_recheck_opens_a_linked_review_case(records):
    world = demo_world(records)
    visit_id = signed_visit(world)
    outcome = decide(records, visit_id, "review", "录像显示能力明显高于评定", actor=reviewer(records),
                     passphrase=REVIEWER_PASSPHRASE, now=NOW)
    with unit_of_work(records.engine) as session:
        new_case, old_case = session.get(Case, outcome.new_case_id), session.get(Case, world.case_id)
        assert (new_case.application_type, new_case.status) == ("review", "intake")
        assert new_case.applicant_id == old_case.applicant_id and old_case.status == "closed"
    # Every key filled: the service writes the decision document the format vectors pin
    # (tests/vectors/review-decision/), no key more or less, the same constants.
    written = embedded_decision(outcome.decision_pdf)
    assert written == decision_document(**{key: value for key, value in written.items()
                                           if key not in ("format", "format_version")})
    assert REPORT_WORDS == {stored: word for word, stored in DECISIONS.items()}


ADMIN_PASSPHRASE = "Agency-Admin-2026"


@pytest.mark.parametrize("decision, reason, status", [("approve", "", "closed"),
                                                      ("return", "第 3 项录像中未见评估过程", "signed")])
def test_the_decision_file_updates_the_case_on_the_laptop(tmp_path, memory_keyring, decision, reason, status):
    laptop = initialise_case_records(tmp_path / "laptop", ADMIN_PASSPHRASE, memory_keyring)
    world = demo_world(laptop)
    visit_id = signed_visit(world)
    laptop.close()
    # The agency holds the same record (here: a copy of the laptop's data directory, which the
    # bundle import produces in the same tables) and decides there, in a second data directory.
    shutil.copytree(tmp_path / "laptop", tmp_path / "agency")
    agency = open_case_records(tmp_path / "agency", ADMIN_PASSPHRASE, memory_keyring)
    try:
        outcome = decide(agency, visit_id, decision, reason, actor=reviewer(agency),
                         passphrase=REVIEWER_PASSPHRASE, now=NOW)
        path = export_decision(agency, outcome.review_id, tmp_path, actor=reviewer(agency))
    finally:
        agency.close()
    assert path.name.endswith(".decision.pdf") and path.stat().st_size < 300_000
    laptop = open_case_records(tmp_path / "laptop", ADMIN_PASSPHRASE, memory_keyring)
    try:
        with unit_of_work(laptop.engine) as session:
            assert session.get(Case, world.case_id).status == "signed"
        imported = import_decision(laptop, path, actor=demo_sign_in(laptop, "DEMO-A-001"), now=NOW)
        assert (imported.visit_id, imported.decision, imported.reason) == (visit_id, outcome.decision, reason)
        with unit_of_work(laptop.engine) as session:
            assert session.get(Case, world.case_id).status == status
            assert session.get(Review, outcome.review_id).reason == (reason or None)
        assert review_queue(laptop, actor=reviewer(laptop))[0].review_status == outcome.decision
        with pytest.raises(ReviewError, match="decision_already_imported"):
            import_decision(laptop, path, actor=demo_sign_in(laptop, "DEMO-A-001"), now=NOW)
    finally:
        laptop.close()


def test_a_tampered_decision_file_is_refused(records, tmp_path):
    world = demo_world(records)
    visit_id = signed_visit(world)
    outcome = decide(records, visit_id, "return", "请补充", actor=reviewer(records),
                     passphrase=REVIEWER_PASSPHRASE, now=NOW)
    path = export_decision(records, outcome.review_id, tmp_path, actor=reviewer(records))
    data = bytearray(path.read_bytes())
    index = data.find(b"/LTCReviewDecision")
    data[index + 30] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ReviewError) as refused:
        import_decision(records, path, actor=world.pair.first, now=NOW)
    assert refused.value.reason in ("decision_signature_invalid", "decision_file_unreadable")
    (tmp_path / "not.pdf").write_bytes(b"hello")
    with pytest.raises(ReviewError, match="decision_file_unreadable"):
        import_decision(records, tmp_path / "not.pdf", actor=world.pair.first, now=NOW)


def test_the_publicity_list_masks_names_and_ids(records, tmp_path):
    assert [mask_name(n) for n in ("王英", "王小英", "欧阳小英", "王")] == ["王*", "王*英", "欧**英", "*"]
    world = demo_world(records)
    visit_id = signed_visit(world)
    decide(records, visit_id, "approve", "", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE, now=NOW)
    count = export_publicity(records, tmp_path / "公示.csv", actor=reviewer(records), now=NOW)
    raw = (tmp_path / "公示.csv").read_bytes()
    assert count == 1 and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "姓名", "身份证号", "评估等级", "审核日期"]
    assert rows[1][1] == "测***兰" and rows[1][2] == KNOWN_ID[:4] + "*" * 10 + KNOWN_ID[-4:]
    assert rows[1][3] == "基本正常" and rows[1][4] == NOW.date().isoformat()
    assert KNOWN_ID not in raw.decode("utf-8-sig") and "钱玉" not in raw.decode("utf-8-sig")
    export_publicity(records, tmp_path / "公示.pdf", actor=reviewer(records), now=NOW)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "公示.pdf"), "-"], capture_output=True,
                          check=True).stdout.decode()
    assert "测***兰" in text and KNOWN_ID not in text
