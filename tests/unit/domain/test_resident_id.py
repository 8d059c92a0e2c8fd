# SPDX-License-Identifier: GPL-3.0-or-later
"""The 居民身份证号 rules of GB 11643-1999: parsing, every refusal reason, masking, synthesis."""

from __future__ import annotations

import datetime
import pickle

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessment_app.domain.errors import FieldError
from assessment_app.domain.resident_id import (
    ResidentId,
    ResidentIdError,
    Sex,
    compute_check_digit,
    make_resident_id,
    mask_resident_id,
    parse_resident_id,
)

TODAY = datetime.date(2025, 6, 15)
# The standard's own examples (GB 11643-1999): Beijing Chaoyang (110105) 1949-12-31 female with
# check character X, and Guangdong (440524) 1880-01-01 male.
STANDARD_EXAMPLE = "11010519491231002X"
STANDARD_EXAMPLE_1880 = "440524188001010014"
DIGITS = "0123456789"


def reference_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 written from its definition, independent of the lookup table:
    the check value c satisfies sum(a_i * 2^(i-1)) + c ≡ 1 (mod 11), i counted from the right."""
    total = sum(int(digit) * pow(2, 17 - index, 11) for index, digit in enumerate(first17))
    value = (1 - total) % 11
    return "X" if value == 10 else str(value)


def with_check(first17: str) -> str:
    return first17 + reference_check_character(first17)


def reason_of(text: str, today: datetime.date = TODAY) -> tuple[str, object]:
    with pytest.raises(ResidentIdError) as caught:
        parse_resident_id(text, today)
    return caught.value.reason, caught.value.detail


regions = st.text(alphabet=DIGITS, min_size=6, max_size=6)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=499)
sexes = st.sampled_from(list(Sex))


# --- parsing a valid number -------------------------------------------------------------------

def test_the_standards_example_parses_to_its_birth_date_and_sex():
    parsed = parse_resident_id(STANDARD_EXAMPLE, TODAY)
    assert parsed == ResidentId(
        number=STANDARD_EXAMPLE, region_code="110105", birth_date=datetime.date(1949, 12, 31), sex=Sex.FEMALE
    )


def test_odd_seventeenth_digit_is_male_and_even_is_female():
    assert parse_resident_id(with_check("11010119800101001"), TODAY).sex is Sex.MALE
    assert parse_resident_id(with_check("11010119800101002"), TODAY).sex is Sex.FEMALE


def test_full_width_digits_and_x_are_read_as_ascii():
    full_width = "".join(chr(0xFF10 + int(c)) if c.isdigit() else "Ｘ" for c in STANDARD_EXAMPLE)
    assert parse_resident_id(full_width, TODAY).number == STANDARD_EXAMPLE
    assert parse_resident_id(STANDARD_EXAMPLE[:-1] + "ｘ", TODAY).number == STANDARD_EXAMPLE


def test_lower_case_x_and_surrounding_whitespace_are_normalised():
    assert parse_resident_id(f" \t{STANDARD_EXAMPLE.lower()}\u3000\n", TODAY).number == STANDARD_EXAMPLE


def test_born_today_is_accepted():
    number = make_resident_id("110101", TODAY, 1, Sex.MALE)
    assert parse_resident_id(number, TODAY).birth_date == TODAY


def test_born_on_the_first_day_of_1900_is_accepted():
    number = make_resident_id("110101", datetime.date(1900, 1, 1), 1, Sex.MALE)
    assert parse_resident_id(number, TODAY).birth_date == datetime.date(1900, 1, 1)


# --- each refusal reason ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\u3000\t\n"])
def test_empty_input_is_refused_as_empty(text):
    assert reason_of(text) == ("empty", None)


@pytest.mark.parametrize("text, length", [
    (STANDARD_EXAMPLE[:-1], 17),
    (STANDARD_EXAMPLE + "1", 19),
    ("110105491231002", 15),  # old 15-digit card number
    ("1", 1),
])
def test_wrong_length_is_refused_with_the_actual_length(text, length):
    assert reason_of(text) == ("length", length)


@pytest.mark.parametrize("text, position", [
    ("X1010519491231002X", 1),
    ("1101051949123100XX", 17),
    ("11010519491231002Y", 18),
    ("110105 9491231002X", 7),
    ("11010519491231002\u00bd", 18),
    ("110105194912310٠2X", 16),  # an Arabic-Indic zero is a digit to str.isdigit, not to GB 11643
])
def test_bad_character_is_refused_with_its_position(text, position):
    assert reason_of(text) == ("characters", position)


def test_length_is_checked_before_characters():
    assert reason_of("ABC") == ("length", 3)


@pytest.mark.parametrize("date_digits", ["19990230", "19990229", "19991301", "19990001", "19990100", "00000101"])
def test_impossible_birth_date_is_refused_as_birth_date(date_digits):
    assert reason_of(with_check(f"110101{date_digits}001")) == ("birth_date", date_digits)


def test_impossible_birth_date_is_reported_before_a_wrong_check_digit():
    number = with_check("11010119990230001")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert reason_of(wrong)[0] == "birth_date"


def test_29_february_of_a_leap_year_is_a_real_date():
    assert parse_resident_id(with_check("11010120000229001"), TODAY).birth_date == datetime.date(2000, 2, 29)


def test_birth_date_after_today_is_refused():
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert reason_of(make_resident_id("110101", tomorrow, 0, Sex.FEMALE)) == ("future_birth_date", tomorrow.isoformat())


def test_birth_before_1900_is_refused_as_too_old():
    assert reason_of(STANDARD_EXAMPLE_1880) == ("too_old", "1880-01-01")
    assert reason_of(make_resident_id("110101", datetime.date(1899, 12, 31), 0, Sex.MALE))[0] == "too_old"


def test_wrong_check_digit_is_refused_with_the_expected_character():
    assert reason_of(STANDARD_EXAMPLE[:-1] + "0") == ("check_digit", "X")
    assert reason_of("110105194912310021") == ("check_digit", "X")


def test_error_is_a_field_error_of_the_resident_id_field_and_a_value_error():
    with pytest.raises(ValueError) as caught:
        parse_resident_id("123", TODAY)
    error = caught.value
    assert isinstance(error, FieldError)
    assert (error.field, error.reason, error.detail) == ("resident_id", "length", 3)


def test_error_survives_pickling_with_its_attributes():
    error = pickle.loads(pickle.dumps(ResidentIdError("check_digit", "X")))
    assert (type(error), error.field, error.reason, error.detail) == (ResidentIdError, "resident_id", "check_digit", "X")


# --- check digit ------------------------------------------------------------------------------

def test_check_digit_of_the_standards_examples():
    assert compute_check_digit(STANDARD_EXAMPLE[:17]) == "X"
    assert compute_check_digit(STANDARD_EXAMPLE_1880[:17]) == "4"


@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_check_digit_agrees_with_the_iso_7064_definition(first17):
    assert compute_check_digit(first17) == reference_check_character(first17)


@pytest.mark.parametrize("bad", ["1234567890123456", "123456789012345678", "1234567890123456X", "１２３４５６７８９０１２３４５６７"])
def test_check_digit_needs_seventeen_ascii_digits(bad):
    with pytest.raises(ValueError):
        compute_check_digit(bad)


# --- properties -------------------------------------------------------------------------------

@given(regions, birth_dates, sequences, sexes)
def test_every_made_number_parses_back_to_its_birth_date_and_sex(region, birth_date, sequence, sex):
    number = make_resident_id(region, birth_date, sequence, sex)
    parsed = parse_resident_id(number, TODAY)
    assert (parsed.number, parsed.region_code, parsed.birth_date, parsed.sex) == (number, region, birth_date, sex)


@settings(max_examples=300)
@given(regions, birth_dates, sequences, sexes, st.integers(min_value=0, max_value=17), st.data())
def test_changing_any_single_character_is_always_refused(region, birth_date, sequence, sex, index, data):
    number = make_resident_id(region, birth_date, sequence, sex)
    alphabet = DIGITS + "X" if index == 17 else DIGITS
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[index]]))
    changed = number[:index] + replacement + number[index + 1:]
    reason, _ = reason_of(changed)
    if 6 <= index < 14:
        assert reason in ("check_digit", "birth_date", "future_birth_date", "too_old")
    else:
        assert reason == "check_digit"


@settings(max_examples=500)
@given(st.text(alphabet=DIGITS + "X", min_size=18, max_size=18) | st.text(min_size=18, max_size=18))
def test_random_strings_are_refused_unless_check_digit_and_date_are_right(text):
    assume(text == text.strip())
    text = "".join(str(ord(c) - 0xFF10) if "０" <= c <= "９" else c for c in text)
    text = text[:17] + text[17].replace("x", "X").replace("ｘ", "X").replace("Ｘ", "X")
    well_formed = all(c in DIGITS for c in text[:17]) and text[17] in DIGITS + "X"
    try:
        birth_date = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14])) if well_formed else None
    except ValueError:
        birth_date = None
    should_pass = (
        birth_date is not None
        and datetime.date(1900, 1, 1) <= birth_date <= TODAY
        and reference_check_character(text[:17]) == text[17]
    )
    if should_pass:
        assert parse_resident_id(text, TODAY).birth_date == birth_date
    else:
        with pytest.raises(ResidentIdError):
            parse_resident_id(text, TODAY)


@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_a_number_with_its_own_check_digit_fails_only_on_its_date(first17):
    number = with_check(first17)
    try:
        parse_resident_id(number, TODAY)
    except ResidentIdError as error:
        assert error.reason in ("birth_date", "future_birth_date", "too_old")


# --- age --------------------------------------------------------------------------------------

def test_age_counts_completed_years():
    person = parse_resident_id(make_resident_id("110101", datetime.date(1940, 6, 15), 3, Sex.MALE), TODAY)
    assert person.age_on(datetime.date(2025, 6, 14)) == 84
    assert person.age_on(datetime.date(2025, 6, 15)) == 85
    assert person.age_on(datetime.date(1940, 6, 15)) == 0


def test_someone_born_on_29_february_turns_older_on_1_march_in_common_years():
    person = parse_resident_id(make_resident_id("110101", datetime.date(1940, 2, 29), 3, Sex.MALE), TODAY)
    assert person.age_on(datetime.date(2025, 2, 28)) == 84
    assert person.age_on(datetime.date(2025, 3, 1)) == 85
    assert person.age_on(datetime.date(2024, 2, 29)) == 84


def test_age_before_birth_is_an_error():
    person = parse_resident_id(STANDARD_EXAMPLE, TODAY)
    with pytest.raises(ValueError):
        person.age_on(datetime.date(1949, 12, 30))


# --- masking ----------------------------------------------------------------------------------

def test_mask_keeps_the_first_four_and_last_four_characters():
    assert mask_resident_id("11010119900307123X") == "1101**********123X"


@given(regions, birth_dates, sequences, sexes)
def test_mask_is_18_characters_and_hides_the_birth_date(region, birth_date, sequence, sex):
    masked = mask_resident_id(make_resident_id(region, birth_date, sequence, sex))
    assert len(masked) == 18
    assert masked[4:14] == "*" * 10


@pytest.mark.parametrize("value, masked", [("", ""), ("12345678", "********"), ("123456789", "1234*6789")])
def test_mask_never_shows_a_short_value_whole(value, masked):
    assert mask_resident_id(value) == masked


# --- making numbers ---------------------------------------------------------------------------

def test_made_number_puts_sex_into_the_parity_of_the_order_code():
    assert make_resident_id("110105", datetime.date(1949, 12, 31), 1, Sex.FEMALE) == STANDARD_EXAMPLE
    assert make_resident_id("110105", datetime.date(1949, 12, 31), 1, Sex.MALE)[14:17] == "003"


@given(regions, birth_dates)
def test_each_sequence_and_sex_gives_a_distinct_number(region, birth_date):
    numbers = {make_resident_id(region, birth_date, sequence, sex) for sequence in range(500) for sex in Sex}
    assert len(numbers) == 1000


@pytest.mark.parametrize("region, sequence", [("11010", 0), ("1101011", 0), ("11010a", 0), ("110101", -1), ("110101", 500)])
def test_make_refuses_bad_region_or_sequence(region, sequence):
    with pytest.raises(ValueError):
        make_resident_id(region, datetime.date(1950, 1, 1), sequence, Sex.MALE)


def test_sex_labels():
    assert (Sex.MALE.label(), Sex.FEMALE.label(), Sex.FEMALE.label("en")) == ("男", "女", "female")
