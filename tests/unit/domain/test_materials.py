# SPDX-License-Identifier: GPL-3.0-or-later
"""The materials checklist per application type, the at-least-one-of group, and overrides."""

from __future__ import annotations

import pytest

from assessment_app.domain import materials as m
from forms.model import LocalizedText

from assessment_app.domain.case_types import ApplicationType
from assessment_app.domain.materials import (
    DEFAULT_CHECKLISTS,
    MaterialRequirement,
    Necessity,
    checklist_for,
    missing_materials,
)

A = ApplicationType
MEDICAL = (m.DISCHARGE_SUMMARY, m.OUTPATIENT_RECORDS, m.DISABILITY_CERTIFICATE)


def codes(requirements) -> list[str]:
    return [r.code for r in requirements]


def necessities(application_type) -> dict[str, Necessity]:
    return {r.code: r.necessity for r in checklist_for(application_type)}


def required_codes(application_type) -> set[str]:
    return {code for code, n in necessities(application_type).items() if n is Necessity.REQUIRED}


def test_every_application_type_has_a_checklist():
    assert set(DEFAULT_CHECKLISTS) == set(ApplicationType)


def test_initial_assessment_checklist():
    assert required_codes(A.INITIAL) == {
        m.APPLICATION_FORM, m.RESIDENT_ID_COPY, m.INSURANCE_CARD, m.INTEGRITY_PLEDGE, m.SELF_ASSESSMENT}
    assert {c: necessities(A.INITIAL)[c] for c in MEDICAL} == dict.fromkeys(MEDICAL, Necessity.ONE_OF_GROUP)
    assert necessities(A.INITIAL)[m.POWER_OF_ATTORNEY] is Necessity.OPTIONAL
    assert m.PRIOR_CONCLUSION not in necessities(A.INITIAL)


@pytest.mark.parametrize("application_type", [A.REASSESSMENT, A.REVIEW, A.STATUS_CHANGE])
def test_later_applications_need_the_prior_conclusion(application_type):
    assert m.PRIOR_CONCLUSION in required_codes(application_type)


def test_review_needs_the_review_application_and_not_the_first_application_form():
    assert m.REVIEW_APPLICATION in required_codes(A.REVIEW)
    assert m.APPLICATION_FORM not in necessities(A.REVIEW)
    assert all(m.REVIEW_APPLICATION not in necessities(t) for t in (A.INITIAL, A.REASSESSMENT, A.STATUS_CHANGE))


def test_status_change_needs_its_proof():
    assert m.STATUS_CHANGE_PROOF in required_codes(A.STATUS_CHANGE)
    assert all(m.STATUS_CHANGE_PROOF not in necessities(t) for t in (A.INITIAL, A.REASSESSMENT, A.REVIEW))


@pytest.mark.parametrize("application_type", list(ApplicationType))
def test_integrity_pledge_is_required_and_power_of_attorney_optional_everywhere(application_type):
    assert m.INTEGRITY_PLEDGE in required_codes(application_type)
    assert necessities(application_type)[m.POWER_OF_ATTORNEY] is Necessity.OPTIONAL


def test_labels_in_both_languages():
    by_code = {r.code: r for r in checklist_for(A.INITIAL)}
    assert by_code[m.APPLICATION_FORM].label.get() == "长期护理保险失能评估申请表"
    assert by_code[m.DISCHARGE_SUMMARY].label.get("en") == "Hospital discharge summary"
    assert all(r.label.zh_CN and r.label.en for t in ApplicationType for r in checklist_for(t))
    assert m.GROUP_LABELS[m.MEDICAL_EVIDENCE_GROUP].get() == "就医或残疾证明（至少一项）"


def test_nothing_received_lists_every_required_material_and_the_whole_group():
    missing = missing_materials(A.INITIAL, [])
    assert codes(missing) == [
        m.APPLICATION_FORM, m.RESIDENT_ID_COPY, m.INSURANCE_CARD, *MEDICAL, m.INTEGRITY_PLEDGE, m.SELF_ASSESSMENT]
    assert {r.group for r in missing if r.code in MEDICAL} == {m.MEDICAL_EVIDENCE_GROUP}


@pytest.mark.parametrize("one_of", MEDICAL)
def test_any_one_member_of_the_group_satisfies_it(one_of):
    received = {m.APPLICATION_FORM, m.RESIDENT_ID_COPY, m.INSURANCE_CARD, m.INTEGRITY_PLEDGE, m.SELF_ASSESSMENT, one_of}
    assert missing_materials(A.INITIAL, received) == ()


def test_optional_materials_are_never_missing():
    received = required_codes(A.REVIEW)
    assert missing_materials(A.REVIEW, received) == ()


def test_unknown_received_codes_are_ignored():
    received = [*required_codes(A.REASSESSMENT), m.OUTPATIENT_RECORDS, "photo_of_house"]
    assert missing_materials(A.REASSESSMENT, received) == ()


def test_stored_strings_name_the_application_type():
    assert checklist_for("status_change") == checklist_for(A.STATUS_CHANGE)
    with pytest.raises(ValueError):
        checklist_for("renewal")


def test_a_replacement_table_is_used_instead_of_the_default():
    pledge = MaterialRequirement("pledge", LocalizedText("承诺书", "Pledge"), Necessity.REQUIRED)
    photo = MaterialRequirement("photo", LocalizedText("照片", "Photo"), Necessity.ONE_OF_GROUP, "pictures")
    video = MaterialRequirement("video", LocalizedText("视频", "Video"), Necessity.ONE_OF_GROUP, "pictures")
    table = {t: (pledge, photo, video) for t in ApplicationType}
    assert checklist_for(A.INITIAL, table) == (pledge, photo, video)
    assert missing_materials(A.INITIAL, ["video"], table) == (pledge,)
    assert missing_materials(A.INITIAL, [m.APPLICATION_FORM], table) == (pledge, photo, video)


def test_a_replacement_table_loaded_from_settings_may_use_string_keys():
    pledge = MaterialRequirement("pledge", LocalizedText("承诺书", "Pledge"), "required")
    assert checklist_for(A.REVIEW, {"review": [pledge]}) == (pledge,)
    assert pledge.necessity is Necessity.REQUIRED


def test_a_replacement_table_missing_a_type_is_an_error_not_a_fallback():
    with pytest.raises(KeyError):
        checklist_for(A.INITIAL, {"review": ()})


def test_a_material_listed_twice_is_an_error():
    pledge = MaterialRequirement("pledge", LocalizedText("承诺书", "Pledge"), Necessity.REQUIRED)
    with pytest.raises(ValueError):
        checklist_for(A.INITIAL, {A.INITIAL: (pledge, pledge)})


@pytest.mark.parametrize("necessity, group", [(Necessity.ONE_OF_GROUP, None), (Necessity.REQUIRED, "g"), (Necessity.OPTIONAL, "g")])
def test_a_group_is_given_exactly_for_one_of_group_materials(necessity, group):
    with pytest.raises(ValueError):
        MaterialRequirement("x", LocalizedText("x", "x"), necessity, group)


def test_the_default_table_can_not_be_changed_at_run_time():
    with pytest.raises(TypeError):
        DEFAULT_CHECKLISTS[A.INITIAL] = ()  # type: ignore[index]
