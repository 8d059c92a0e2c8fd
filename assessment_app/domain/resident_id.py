# SPDX-License-Identifier: GPL-3.0-or-later
"""The 18-digit citizen identity number (公民身份号码, GB 11643-1999): parse, check, mask, make.

Layout (GB 11643-1999): 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit order code
whose last digit is odd for men and even for women, 1 check character (ISO 7064 MOD 11-2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from assessment_app.domain.errors import FieldError

RESIDENT_ID_LENGTH = 18
EARLIEST_BIRTH_YEAR = 1900

# GB 11643-1999, check code: the character at position n (1-based from the left) weighs 2^(18-n) mod 11;
# the check character makes the weighted sum of all 18 ≡ 1 (mod 11), so it is tabulated by the
# weighted sum of the first 17 mod 11.
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"

_DIGITS = frozenset("0123456789")
# People type on Chinese IMEs in full-width mode, and the X is often lower case; GB 11643-1999
# writes the value 10 as the Roman numeral X, so both spellings mean the same number.
_NORMALISE = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"})

EMPTY = "empty"
LENGTH = "length"
CHARACTERS = "characters"
BIRTH_DATE = "birth_date"
FUTURE_BIRTH_DATE = "future_birth_date"
TOO_OLD = "too_old"
CHECK_DIGIT = "check_digit"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    def label(self, language: str = "zh_CN") -> str:
        if language == "en":
            return self.value
        return "男" if self is Sex.MALE else "女"


class ResidentIdError(FieldError):
    """`reason` is one of the module's reason codes; `detail` is the actual length (length),
    the 1-based position of the first bad character (characters), the eight date digits
    (birth_date), the ISO birth date (future_birth_date, too_old) or the expected check
    character (check_digit)."""

    def __init__(self, reason: str, detail: object = None) -> None:
        super().__init__("resident_id", reason, detail)
        # Pickling rebuilds an exception as cls(*args); keep args in this class's signature.
        self.args = (reason, detail)


@dataclass(frozen=True)
class ResidentId:
    number: str
    region_code: str
    birth_date: datetime.date
    sex: Sex

    def age_on(self, day: datetime.date) -> int:
        """Completed years (周岁) on `day`; someone born on 29 February turns a year older on
        1 March in common years, the usual reading of calendar age in Chinese civil law."""
        if day < self.birth_date:
            raise ValueError(f"{day.isoformat()} is before the birth date {self.birth_date.isoformat()}")
        not_yet_had_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(not_yet_had_birthday)


def normalise_resident_id(text: str) -> str:
    return text.strip().translate(_NORMALISE)


def compute_check_digit(first17: str) -> str:
    if len(first17) != RESIDENT_ID_LENGTH - 1 or not _DIGITS.issuperset(first17):
        raise ValueError(f"expected 17 ASCII digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, CHECK_WEIGHTS))
    return CHECK_CHARACTERS[total % 11]


def parse_resident_id(text: str, today: datetime.date) -> ResidentId:
    number = normalise_resident_id(text)
    if not number:
        raise ResidentIdError(EMPTY)
    if len(number) != RESIDENT_ID_LENGTH:
        # 15-digit numbers (pre-1999, no century, no check digit) were replaced by 2013; an
        # application today must carry the 18-digit number printed on a valid card.
        raise ResidentIdError(LENGTH, len(number))
    for position, character in enumerate(number, start=1):
        allowed = character in _DIGITS or (position == RESIDENT_ID_LENGTH and character == "X")
        if not allowed:
            raise ResidentIdError(CHARACTERS, position)
    birth_date = _birth_date(number[6:14])
    if birth_date > today:
        raise ResidentIdError(FUTURE_BIRTH_DATE, birth_date.isoformat())
    if birth_date.year < EARLIEST_BIRTH_YEAR:
        raise ResidentIdError(TOO_OLD, birth_date.isoformat())
    expected = compute_check_digit(number[:17])
    if number[17] != expected:
        raise ResidentIdError(CHECK_DIGIT, expected)
    return ResidentId(
        number=number,
        region_code=number[:6],
        birth_date=birth_date,
        sex=Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
    )


def _birth_date(digits: str) -> datetime.date:
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ResidentIdError(BIRTH_DATE, digits) from None


def mask_resident_id(number: str) -> str:
    """First 4 (province and city) and last 4 characters shown, everything between starred:
    18 characters in, 18 out, e.g. 1101**********123X. Anything of 8 characters or fewer is
    starred entirely, so a malformed stored value can never be shown whole."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def make_resident_id(region_code: str, birth_date: datetime.date, sequence: int, sex: Sex) -> str:
    """A well-formed number with a correct check digit. `sequence` (0–499) picks the order code
    2 × sequence + 1 for men and 2 × sequence for women, so every (sequence, sex) pair is a
    distinct order code 000–999. Whether the birth date is plausible is parse's concern."""
    if len(region_code) != 6 or not _DIGITS.issuperset(region_code):
        raise ValueError(f"region code must be 6 ASCII digits, got {region_code!r}")
    if not 0 <= sequence <= 499:
        raise ValueError(f"sequence must be within 0..499, got {sequence}")
    order_code = 2 * sequence + (1 if Sex(sex) is Sex.MALE else 0)
    first17 = f"{region_code}{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}{order_code:03d}"
    return first17 + compute_check_digit(first17)
