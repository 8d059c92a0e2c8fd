# SPDX-License-Identifier: GPL-3.0-or-later
"""Repositories on a real SQLCipher file: intake rules, case search, append-only answers, versions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.storage.errors import ConstraintViolation
from assessment_app.storage.models import Answer, Case, Visit
from assessment_app.storage.repositories import (
    ApplicantRepository,
    CaseQuery,
    CaseRepository,
    DuplicateResidentId,
    DuplicateTaskNumber,
    NotLatestVersion,
    OpenCaseExists,
    SettingsRepository,
    VisitLocked,
    VisitRepository,
)
from assessment_app.storage.unit_of_work import unit_of_work
from forms.canonical import NotCanonicalError
from tests.unit.storage import builders


@pytest.fixture
def ids(engine):
    return builders.seed_visit(engine)


# -- intake rules ---------------------------------------------------------------------------

def test_partial_unique_index_refuses_a_second_open_case_of_the_same_type(engine, ids):
    with pytest.raises(ConstraintViolation, match="UNIQUE"), unit_of_work(engine) as session:
        session.add(builders.case(ids["applicant"]))  # bypasses the repository: the index alone stops it


def test_repository_names_the_open_case_that_blocks_a_new_one(engine, ids):
    with pytest.raises(OpenCaseExists) as raised, unit_of_work(engine) as session:
        CaseRepository(session).add(builders.case(ids["applicant"]))
    assert raised.value.open_case_id == ids["case"]
    assert raised.value.reason == "open_case_exists"


def test_another_type_or_a_closed_case_allows_a_new_case(engine, ids):
    with unit_of_work(engine) as session:
        cases = CaseRepository(session)
        cases.add(builders.case(ids["applicant"], application_type="review"))
        session.get(Case, ids["case"]).status = "closed"
        session.flush()
        cases.add(builders.case(ids["applicant"]))
    with unit_of_work(engine) as session:
        assert len(CaseRepository(session).prior_cases(ids["applicant"])) == 3


def test_same_resident_id_twice_is_refused_with_the_existing_applicant(engine, ids):
    with pytest.raises(DuplicateResidentId) as raised, unit_of_work(engine) as session:
        ApplicantRepository(session).add(builders.applicant("110105194912310021", name="别人"))
    assert raised.value.existing_applicant_id == ids["applicant"]


def test_a_lower_case_check_digit_is_the_same_person(engine, ids):
    with unit_of_work(engine) as session:
        people = ApplicantRepository(session)
        stored = people.add(builders.applicant("11010519500101003x"))
        assert stored.resident_id == "11010519500101003X"
    with pytest.raises(DuplicateResidentId), unit_of_work(engine) as session:
        ApplicantRepository(session).add(builders.applicant("11010519500101003X"))


def test_task_numbers_are_unique_but_optional(engine, ids):
    with unit_of_work(engine) as session:
        people = ApplicantRepository(session)
        cases = CaseRepository(session)
        first = people.add(builders.applicant("11010519500101003X"))
        second = people.add(builders.applicant("110105195001010048"))
        cases.add(builders.case(first.id, task_number="RW-2025-0001"))
        cases.add(builders.case(second.id))  # a second case without task number is fine
    with pytest.raises(DuplicateTaskNumber), unit_of_work(engine) as session:
        CaseRepository(session).add(builders.case(ids["applicant"], application_type="review",
                                                  task_number="RW-2025-0001"))


# -- search ---------------------------------------------------------------------------------

@pytest.fixture
def many_cases(engine, ids):
    people = [("张三丰", "110105193001010012", "RW-1", "scheduled", "2025-04-02"),
              ("张无忌", "310101195002020021", "RW-2", "intake", None),
              ("赵敏", "11010519600303003X", "RW-3", "closed", "2025-04-01"),
              ("100%_test", "440301197004040040", None, "intake", "2025-04-03")]
    with unit_of_work(engine) as session:
        for index, (name, resident_id, task, status, planned) in enumerate(people):
            person = ApplicantRepository(session).add(builders.applicant(resident_id, name))
            CaseRepository(session).add(builders.case(
                person.id, status=status, task_number=task, planned_visit_date=planned,
                created_at=f"2025-03-0{index + 2}T08:00:00.000000Z"))
    return people


def _search(engine, **criteria) -> list[str]:
    with unit_of_work(engine) as session:
        return [row.applicant_name for row in CaseRepository(session).search(CaseQuery(**criteria))]


def test_search_by_name_substring(engine, many_cases):
    assert set(_search(engine, name_contains="张")) == {"张无忌", "张三丰"}


def test_like_wildcards_in_the_query_are_literal(engine, many_cases):
    assert _search(engine, name_contains="%") == ["100%_test"]
    assert _search(engine, name_contains="_") == ["100%_test"]


def test_search_by_id_number_prefix_or_full_number(engine, many_cases):
    assert set(_search(engine, resident_id="1101051")) == {"张三丰", "王小明", "赵敏"}
    assert _search(engine, resident_id="1101051930") == ["张三丰"]
    assert _search(engine, resident_id="11010519600303003x") == ["赵敏"]  # lower-case x accepted


def test_search_by_task_number_and_status(engine, many_cases):
    assert _search(engine, task_number="RW-2") == ["张无忌"]
    assert _search(engine, statuses=("closed",)) == ["赵敏"]


def test_free_text_matches_name_id_prefix_or_task_number(engine, many_cases):
    assert _search(engine, text="无忌") == ["张无忌"]
    assert _search(engine, text="3101") == ["张无忌"]
    assert _search(engine, text="RW-3") == ["赵敏"]


def test_sorting_and_paging(engine, many_cases):
    newest_first = _search(engine)
    assert newest_first == ["100%_test", "赵敏", "张无忌", "张三丰", "王小明"]
    assert _search(engine, descending=False, limit=2, offset=1) == ["张三丰", "张无忌"]
    assert _search(engine, sort="planned_visit_date", descending=False) == [
        "赵敏", "张三丰", "100%_test", "张无忌", "王小明"]  # undated last
    assert _search(engine, sort="name", descending=False)[0] == "100%_test"


def test_count_matches_the_filter(engine, many_cases):
    with unit_of_work(engine) as session:
        cases = CaseRepository(session)
        assert cases.count(CaseQuery()) == 5
        assert cases.count(CaseQuery(name_contains="张")) == 2


def test_search_rows_carry_what_the_list_shows(engine, many_cases):
    with unit_of_work(engine) as session:
        (row,) = CaseRepository(session).search(CaseQuery(task_number="RW-1"))
    assert (row.applicant_name, row.resident_id, row.status, row.planned_visit_date) == (
        "张三丰", "110105193001010012", "scheduled", "2025-04-02")


# -- answers and versions -------------------------------------------------------------------

def test_a_changed_answer_is_a_new_row_that_supersedes_the_old(engine, ids):
    with unit_of_work(engine) as session:
        visits = VisitRepository(session)
        first = visits.append_answer(builders.answer(ids["visit"], ids["expert"], "adl.eating", "10"))
        visits.append_answer(builders.answer(ids["visit"], ids["expert"], "adl.bathing", "5"))
        second = visits.append_answer(builders.answer(ids["visit"], ids["expert"], "adl.eating", "5",
                                                      monotonic_ns=9, reason="家属补充说明"))
    with unit_of_work(engine) as session:
        visits = VisitRepository(session)
        current = visits.current_answers(ids["visit"])
        history = visits.answers(ids["visit"])
    assert {item: a.option_id for item, a in current.items()} == {"adl.eating": "5", "adl.bathing": "5"}
    assert [a.option_id for a in history] == ["10", "5", "5"]
    assert history[0].superseded_by == second.id and history[0].id == first.id
    assert current["adl.eating"].reason == "家属补充说明"


def test_a_signed_visit_takes_no_more_answers(engine, ids):
    with unit_of_work(engine) as session:
        session.get(Visit, ids["visit"]).status = "signed"
    with pytest.raises(VisitLocked), unit_of_work(engine) as session:
        VisitRepository(session).append_answer(builders.answer(ids["visit"], ids["expert"], "adl.eating", "10"))
    with pytest.raises(ConstraintViolation, match="signed"), unit_of_work(engine) as session:
        session.add(builders.answer(ids["visit"], ids["expert"], "adl.eating", "10"))  # the trigger, too


def test_a_correction_is_a_new_linked_version_and_the_old_one_stays(engine, ids):
    with unit_of_work(engine) as session:
        original = session.get(Visit, ids["visit"])
        original.status = "signed"
        session.flush()
        correction = VisitRepository(session).add_correction(
            original, corrected_by=ids["expert"], correction_reason="录入错误", created_at=builders.T0)
    with unit_of_work(engine) as session:
        versions = VisitRepository(session).versions(ids["case"])
    assert [(v.version, v.status, v.supersedes_id) for v in versions] == [
        (1, "signed", None), (2, "draft", ids["visit"])]
    assert versions[1].id == correction.id and versions[1].form_sha256 == versions[0].form_sha256
    with pytest.raises(NotLatestVersion), unit_of_work(engine) as session:
        VisitRepository(session).add_correction(session.get(Visit, ids["visit"]), corrected_by=ids["expert"],
                                                correction_reason="again", created_at=builders.T0)


def test_a_later_version_without_reason_is_refused_by_the_schema(engine, ids):
    with pytest.raises(ConstraintViolation, match="CHECK"), unit_of_work(engine) as session:
        session.add(Visit(case_id=ids["case"], version=2, supersedes_id=ids["visit"], status="draft",
                          created_at=builders.T0, **builders.FORM))


def test_assigned_experts_keep_their_positions(engine, ids):
    with unit_of_work(engine) as session:
        assert [(e.expert_id, e.position) for e in CaseRepository(session).experts_of(ids["case"])] == [
            (ids["expert"], 1)]


def test_settings_round_trip_and_refuse_floats(engine):
    with unit_of_work(engine) as session:
        SettingsRepository(session).set("reapplication.min_interval_months", 6)
    with unit_of_work(engine) as session:
        settings = SettingsRepository(session)
        assert settings.get("reapplication.min_interval_months") == 6
        assert settings.get("missing", "默认") == "默认"
        with pytest.raises(NotCanonicalError):
            settings.set("ratio", 0.5)


def test_answers_are_never_reused_ids(engine, ids):
    with unit_of_work(engine) as session:
        visits = VisitRepository(session)
        for option in ("10", "5", "0"):
            visits.append_answer(builders.answer(ids["visit"], ids["expert"], "adl.eating", option))
    with unit_of_work(engine) as session:
        assert list(session.scalars(select(Answer.id).order_by(Answer.id))) == [1, 2, 3]
