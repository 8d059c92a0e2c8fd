# SPDX-License-Identifier: GPL-3.0-or-later
"""Phone, name and address rules of intake, and a draft that reports every wrong field at once."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment_app.domain.applicant import (
    ApplicantDraft,
    ValidApplicant,
    validate_address,
    validate_name,
    validate_phone,
)
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.domain.resident_id import ResidentIdError, Sex

TODAY = datetime.date(2025, 6, 15)
VALID_ID = "11010519491231002X"


def refusal(validate, text) -> tuple[str, str, object]:
    with pytest.raises(FieldError) as caught:
        validate(text)
    return caught.value.field, caught.value.reason, caught.value.detail


# --- phone ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, normalised", [
    ("13800138000", "13800138000"),
    (" 138 0013 8000 ", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("0086-13800138000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("19912345678", "19912345678"),
])
def test_mobile_numbers_are_normalised_to_eleven_digits(text, normalised):
    assert validate_phone(text) == normalised


@pytest.mark.parametrize("text, normalised", [
    ("010-12345678", "010-12345678"),
    ("01012345678", "010-12345678"),
    ("(010)12345678", "010-12345678"),
    ("（010）1234 5678", "010-12345678"),
    ("021 8765 4321", "021-87654321"),
    ("0571-1234567", "0571-1234567"),
    ("0571-12345678", "0571-12345678"),
    ("057112345678", "0571-12345678"),
    ("0571-123-4567", "0571-1234567"),
    ("０５７１－８８８８１２３４", "0571-88881234"),
])
def test_landlines_are_normalised_to_area_dash_local(text, normalised):
    assert validate_phone(text) == normalised


@pytest.mark.parametrize("text, normalised", [
    ("010-12345678-123", "010-12345678-123"),
    ("010-12345678 转 123", "010-12345678-123"),
    ("010-12345678转分机", None),
    ("0571-1234567 分机 8", "0571-1234567-8"),
    ("0571-1234567-8", "0571-1234567-8"),
    ("010 12345678 ext. 42", "010-12345678-42"),
    ("010 12345678 EXT 42", "010-12345678-42"),
    ("010-12345678#9", "010-12345678-9"),
])
def test_landline_extensions_need_a_separator_and_are_kept(text, normalised):
    if normalised is None:
        assert refusal(validate_phone, text)[1] == "format"
    else:
        assert validate_phone(text) == normalised


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_phone_is_refused_as_empty(text):
    assert refusal(validate_phone, text) == ("phone", "empty", None)


@pytest.mark.parametrize("text, hint", [
    ("1380013800", "mobile"),        # 10 digits
    ("138001380001", "mobile"),      # 12 digits
    ("12800138000", "mobile"),       # no 12x mobile block
    ("+86 1380013800", "mobile"),
    ("010-1234567", "landline"),     # Beijing numbers have 8 digits
    ("0571-123456", "landline"),     # too short
    ("0571-123456789", "landline"),  # too long
    ("001-12345678", "landline"),    # not an area code
    ("0571-01234567", "landline"),   # a local number never starts with 0
    ("13800138000-12", "mobile"),    # mobiles have no extension
    ("12345", "mobile"),
    ("abc", None),
    ("88888888", None),              # local number without area code
])
def test_malformed_phone_is_refused_with_a_hint_of_what_it_looked_like(text, hint):
    assert refusal(validate_phone, text) == ("phone", "format", hint)


@given(st.sampled_from(["13800138000", "+86 138 0013 8000", "010-12345678", "0571 1234567 转 12", "(021)87654321"]))
def test_validating_a_normalised_phone_changes_nothing(text):
    once = validate_phone(text)
    assert validate_phone(once) == once


# --- name -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, normalised", [
    ("张三", "张三"),
    ("  欧阳 娜娜 ", "欧阳 娜娜"),
    ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("阿依古丽 · 买买提", "阿依古丽·买买提"),
    ("阿依古丽・买买提", "阿依古丽·买买提"),  # katakana middle dot from a Japanese-style IME
    ("阿依古丽•买买提", "阿依古丽·买买提"),
    ("Anna\u3000Müller", "Anna Müller"),
    ("𠀾", "𠀾"),  # a CJK Extension B character counts as one letter
    ("Mu\u0308ller", "Müller"),  # decomposed umlaut is composed
    ("张" * 50, "张" * 50),
])
def test_names_are_normalised(text, normalised):
    assert validate_name(text) == normalised


@pytest.mark.parametrize("text", ["", "  ", "\u3000"])
def test_empty_name_is_refused_as_empty(text):
    assert refusal(validate_name, text) == ("name", "empty", None)


def test_name_longer_than_fifty_characters_is_refused_with_its_length():
    assert refusal(validate_name, "张" * 51) == ("name", "too_long", 51)


@pytest.mark.parametrize("text, character", [
    ("张3", "3"),
    ("张三１", "１"),  # full-width digit
    ("张\x00三", "\x00"),
    ("张\u200b三", "\u200b"),  # zero-width space
    ("Anne-Marie", "-"),
    ("O'Brien", "'"),
    ("张三!", "!"),
    ("\u0308张", "\u0308"),  # a combining mark with no letter before it
])
def test_name_with_a_digit_control_or_punctuation_names_the_character(text, character):
    assert refusal(validate_name, text) == ("name", "characters", character)


@pytest.mark.parametrize("text", ["·张三", "张三·", "张··三", "张 ·", "· 张"])
def test_middle_dot_must_stand_between_letters(text):
    assert refusal(validate_name, text) == ("name", "separator", "·")


# --- address ----------------------------------------------------------------------------------

def test_address_keeps_digits_and_punctuation_and_folds_whitespace():
    assert validate_address(" 北京市东城区  景山前街4号\n3单元-502室 ") == "北京市东城区 景山前街4号 3单元-502室"


def test_address_refusals():
    assert refusal(validate_address, " ") == ("address", "empty", None)
    assert refusal(validate_address, "路" * 201) == ("address", "too_long", 201)
    assert refusal(validate_address, "北京\x00东城") == ("address", "characters", "\x00")
    assert validate_address("路" * 200) == "路" * 200


# --- the draft --------------------------------------------------------------------------------

def test_a_valid_draft_gives_normalised_fields_and_the_derived_identity():
    draft = ApplicantDraft(name=" 张三 ", resident_id=VALID_ID.lower(), phone="138 0013 8000", address="北京市朝阳区")
    applicant = draft.validate(TODAY)
    assert isinstance(applicant, ValidApplicant)
    assert (applicant.name, applicant.resident_id.number, applicant.phone, applicant.address) == (
        "张三", VALID_ID, "13800138000", "北京市朝阳区")
    assert (applicant.birth_date, applicant.sex) == (datetime.date(1949, 12, 31), Sex.FEMALE)


def test_every_wrong_field_is_reported_at_once_in_form_order():
    draft = ApplicantDraft(name="张3", resident_id="11010519491231002", phone="123", address="")
    with pytest.raises(FieldErrors) as caught:
        draft.validate(TODAY)
    errors = caught.value
    assert errors.fields == ("name", "resident_id", "phone", "address")
    assert [(e.reason, e.detail) for e in errors.errors] == [
        ("characters", "3"), ("length", 17), ("format", "mobile"), ("empty", None)]
    assert isinstance(errors.for_field("resident_id"), ResidentIdError)
    assert isinstance(errors, ValueError)


def test_only_the_wrong_field_is_reported():
    draft = ApplicantDraft(name="张三", resident_id=VALID_ID[:-1] + "0", phone="13800138000", address="北京")
    with pytest.raises(FieldErrors) as caught:
        draft.validate(TODAY)
    assert [(e.field, e.reason, e.detail) for e in caught.value.errors] == [("resident_id", "check_digit", "X")]
    assert caught.value.for_field("name") is None


def test_the_birth_date_is_judged_against_the_given_day():
    draft = ApplicantDraft(name="张三", resident_id=VALID_ID, phone="13800138000", address="北京")
    with pytest.raises(FieldErrors) as caught:
        draft.validate(datetime.date(1949, 12, 30))
    assert caught.value.errors[0].reason == "future_birth_date"


def test_field_errors_cannot_be_empty():
    with pytest.raises(ValueError):
        FieldErrors([])
