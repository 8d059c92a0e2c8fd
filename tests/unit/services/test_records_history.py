# SPDX-License-Identifier: GPL-3.0-or-later
"""Never overwrite: corrections are new versions; the self-assessment stands apart; demo data; backups."""

from __future__ import annotations

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.domain.resident_id import parse_resident_id
from assessment_app.services.backups import create_backup_file, restore_backup_file
from assessment_app.services.case_queries import search_cases
from assessment_app.services.case_records import open_case_records
from assessment_app.services.demo_data import TEST_ADDRESS_MARK, TEST_NAME_PREFIX, generate_demo_cases
from assessment_app.services.intake import register_case
from assessment_app.services.record_versions import NotSignedYet, correct_record, version_history
from assessment_app.services.self_assessment import compare_with_experts, record_self_assessment
from assessment_app.storage.backup_format import BackupTruncated
from assessment_app.storage.models import Answer, Applicant, Visit, utc_timestamp
from assessment_app.storage.repositories import CaseQuery, VisitLocked, VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work
from scoring import score
from tests.actors import sign_in
from tests.unit.services.conftest import NOW, TODAY, intake_request


def _signed_visit(records, case_id, expert_id, answers, form) -> str:
    with unit_of_work(records.engine) as session:
        visits = VisitRepository(session)
        visit = visits.add(Visit(case_id=case_id, version=1, form_id=form.id, form_version=form.version,
                                 form_sha256=form.sha256, status="in_visit", created_at=utc_timestamp(NOW)))
        for item_id, option_id in answers.items():
            visits.append_answer(Answer(visit_id=visit.id, item_id=item_id, option_id=option_id, answered_by=expert_id,
                                        wall_time=utc_timestamp(NOW), monotonic_ns=1, video_offset_ms=1000))
        visit.status, visit.signed_at = "signed", utc_timestamp(NOW)
        visit.result_json = score(form, answers).to_json_bytes().decode("utf-8")
        return visit.id


def test_correction_is_a_new_version_and_the_signed_one_is_untouched(actor, records, assessors, form, worst_answers):
    case = register_case(records, intake_request(expert_ids=assessors), TODAY, NOW, actor=actor)
    signed = _signed_visit(records, case.case_id, assessors[0], worst_answers, form)
    with unit_of_work(records.engine) as session, pytest.raises(VisitLocked):
        VisitRepository(session).append_answer(Answer(visit_id=signed, item_id="adl.eating", option_id="10",
                                                      answered_by=assessors[0], wall_time="x", monotonic_ns=2))
    second = sign_in(records, "A-002")
    with pytest.raises(FieldError):
        correct_record(records, signed, reason="错", now=NOW, actor=second)
    corrected = correct_record(records, signed, reason="进食一项录入错误，复看录像更正", now=NOW, actor=second)
    with unit_of_work(records.engine) as session:
        VisitRepository(session).append_answer(Answer(visit_id=corrected, item_id="adl.eating", option_id="10",
                                                      answered_by=assessors[1], wall_time="y", monotonic_ns=3,
                                                      reason="复看录像"))
    history = version_history(records, case.case_id, form, actor=actor)
    assert [(v.version, v.status) for v in history] == [(1, "signed"), (2, "draft")]
    assert history[0].answers == worst_answers and history[0].grade_code == 5
    assert history[1].answers == {**worst_answers, "adl.eating": "10"}
    assert (history[1].corrected_by_name, history[1].correction_reason) == ("评估员乙", "进食一项录入错误，复看录像更正")
    with pytest.raises(NotSignedYet):
        correct_record(records, corrected, reason="再次更正原因", now=NOW, actor=second)


def test_self_assessment_is_kept_apart_and_compared(actor, records, assessors, form, worst_answers, best_answers):
    case = register_case(records, intake_request(expert_ids=assessors), TODAY, NOW, actor=actor)
    partial = {"adl.eating": "0", "adl.bathing": "0"}
    record_self_assessment(records, case.case_id, form, partial, now=NOW, actor=actor)
    comparison = compare_with_experts(records, case.case_id, form, actor=actor)
    assert comparison.self_grade is None and comparison.expert_grade is None
    record_self_assessment(records, case.case_id, form, worst_answers, now=NOW, actor=actor)
    _signed_visit(records, case.case_id, assessors[0], best_answers, form)
    comparison = compare_with_experts(records, case.case_id, form, actor=actor)
    assert (comparison.self_grade, comparison.expert_grade, comparison.expert_version) == (5, 0, 1)
    assert all(item.differs for item in comparison.items)
    first = version_history(records, case.case_id, form, actor=actor)[0].visit_id
    correct_record(records, first, reason="草稿中的更正不应参与比较", now=NOW, actor=actor)
    assert compare_with_experts(records, case.case_id, form, actor=actor).expert_version == 1  # the draft v2 is not compared


def test_demo_data_is_valid_clearly_marked_and_reproducible(actor, records, tmp_path, memory_keyring):
    summary = generate_demo_cases(records, 60, seed=11, today=TODAY, now=NOW, actor=actor)
    assert summary.applicants == 60 and summary.cases >= 60 and summary.experts_created == 0  # exist
    with unit_of_work(records.engine) as session:
        people = session.query(Applicant).all()
    for person in people:
        assert person.name.startswith(TEST_NAME_PREFIX) and person.address.endswith(TEST_ADDRESS_MARK)
        assert parse_resident_id(person.resident_id, TODAY).birth_date.isoformat() == person.birth_date
    from assessment_app.services.case_records import initialise_case_records

    with initialise_case_records(tmp_path / "other", None, memory_keyring) as other:
        generate_demo_cases(other, 60, seed=11, today=TODAY, now=NOW, actor=sign_in(other, "A-001"))
        with unit_of_work(other.engine) as session:
            assert sorted(a.resident_id for a in session.query(Applicant)) == sorted(p.resident_id for p in people)


def test_backup_and_restore_bring_back_the_earlier_state(actor, records, tmp_path, memory_keyring):
    first = register_case(records, intake_request(), TODAY, NOW, actor=actor)
    backup = tmp_path / "cases.backup"
    create_backup_file(records, backup, actor=sign_in(records, "M-001", "administrator"), now=NOW)
    register_case(records, intake_request(application_type="status_change"), TODAY, NOW, actor=actor)
    data_dir = records.layout.root
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    reopen = lambda: open_case_records(data_dir, None, memory_keyring)  # noqa: E731
    with pytest.raises(BackupTruncated):
        restore_backup_file(records, truncated, None, actor=sign_in(records, "M-001"), now=NOW)
    with reopen() as still_current:
        assert search_cases(still_current, CaseQuery(), actor=sign_in(still_current, "A-001")).total == 2
        restore_backup_file(still_current, backup, None, actor=sign_in(still_current, "M-001"), now=NOW)
    with reopen() as restored:
        clerk = sign_in(restored, "A-001")
        assert [row.case_id for row in search_cases(restored, CaseQuery(), actor=clerk).rows] == [first.case_id]
        later = register_case(restored, intake_request(application_type="reassessment"), TODAY, NOW, actor=clerk)
        assert [flag.detail["previous_case_id"] for flag in later.flags] == [first.case_id]  # the restored history
