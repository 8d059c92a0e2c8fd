# SPDX-License-Identifier: GPL-3.0-or-later
"""The applicant's identity and contact fields at intake: each validated and normalised, and a
draft that reports every wrong field at once."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.domain.resident_id import ResidentId, Sex, parse_resident_id

NAME_MAX_LENGTH = 50
ADDRESS_MAX_LENGTH = 200

EMPTY = "empty"
TOO_LONG = "too_long"
CHARACTERS = "characters"
SEPARATOR = "separator"
FORMAT = "format"

PHONE_HINT_MOBILE = "mobile"
PHONE_HINT_LANDLINE = "landline"

# Full-width forms come from Chinese IMEs; they mean the same characters as their ASCII twins.
_PHONE_NORMALISE = str.maketrans({
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    "－": "-", "—": "-", "–": "-", "（": "(", "）": ")", "＋": "+", "＃": "#", "\u3000": " ",
})
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1)")
# Mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan); +86 / 0086 accepted in front.
_MOBILE = re.compile(r"(?:\+?86|0086)?(?P<number>1[3-9]\d{9})")
# Landlines: the area codes 010 and 02x go with 8-digit local numbers, the other (03x–09x)
# 4-digit area codes with 7 or 8 digits, often written in two groups (8888 1234). An
# extension needs a separator, since 7 and 8 local digits could not be told apart without one.
_EXTENSION = r"(?:\s*(?:-|转|分机|ext\.?|x|\#)\s*(?P<extension>\d{1,6}))?"
_LANDLINES = (
    re.compile(rf"(?P<area>010|02\d)[\s-]*(?P<local>[1-9]\d{{3}}[\s-]?\d{{4}}){_EXTENSION}", re.IGNORECASE),
    re.compile(rf"(?P<area>0[3-9]\d\d)[\s-]*(?P<local>[1-9]\d{{2,3}}[\s-]?\d{{4}}){_EXTENSION}", re.IGNORECASE),
)
_AREA_IN_PARENTHESES = re.compile(r"^\((0\d{2,3})\)\s*")

# Minority and foreign names are written with a middle dot (e.g. 阿依古丽·买买提); IMEs produce
# several look-alikes, the identity card uses U+00B7.
MIDDLE_DOT = "·"
_NAME_NORMALISE = str.maketrans({"\u30fb": MIDDLE_DOT, "\uff65": MIDDLE_DOT, "\u2027": MIDDLE_DOT, "\u2022": MIDDLE_DOT})
_NAME_SEPARATORS = frozenset({MIDDLE_DOT, " "})


def validate_phone(text: str) -> str:
    """A mobile number as 11 digits, or a landline as AREA-LOCAL[-EXTENSION].

    Errors: FieldError("phone", "empty") or FieldError("phone", "format", hint) where hint is
    "mobile" or "landline" when the input looks like one of them (for a precise message)."""
    cleaned = text.translate(_PHONE_NORMALISE).strip()
    if not cleaned:
        raise FieldError("phone", EMPTY)
    mobile = _MOBILE.fullmatch(_PHONE_SEPARATORS.sub("", cleaned))
    if mobile:
        return mobile["number"]
    cleaned = _AREA_IN_PARENTHESES.sub(r"\1-", cleaned)
    for pattern in _LANDLINES:
        landline = pattern.fullmatch(cleaned)
        if landline:
            local = _PHONE_SEPARATORS.sub("", landline["local"])
            parts = (landline["area"], local, landline["extension"])
            return "-".join(part for part in parts if part)
    raise FieldError("phone", FORMAT, _phone_hint(cleaned))


def _phone_hint(cleaned: str) -> str | None:
    compact = _COUNTRY_PREFIX.sub("", _PHONE_SEPARATORS.sub("", cleaned))
    if compact.startswith("1"):
        return PHONE_HINT_MOBILE
    if compact.startswith("0"):
        return PHONE_HINT_LANDLINE
    return None


def validate_name(text: str) -> str:
    """The name as written on the identity card: letters of any script, single spaces and
    middle dots between them. Errors: empty; too_long (the length); characters (the first
    character that is neither a letter nor a separator); separator (a space or middle dot at
    the start or end, or next to another one). Details name characters, not positions, since
    normalising whitespace moves positions away from what the user typed."""
    name = unicodedata.normalize("NFC", text).translate(_NAME_NORMALISE)
    name = re.sub(r"\s*·\s*", MIDDLE_DOT, " ".join(name.split()))
    if not name:
        raise FieldError("name", EMPTY)
    if len(name) > NAME_MAX_LENGTH:
        raise FieldError("name", TOO_LONG, len(name))
    for index, character in enumerate(name):
        previous = name[index - 1] if index else None
        if character in _NAME_SEPARATORS:
            if previous is None or previous in _NAME_SEPARATORS or index == len(name) - 1:
                raise FieldError("name", SEPARATOR, character)
        elif unicodedata.category(character).startswith("M"):
            # Combining marks that NFC cannot fold (e.g. in Tibetan or Uyghur script) belong
            # to the letter before them.
            if previous is None or previous in _NAME_SEPARATORS:
                raise FieldError("name", CHARACTERS, character)
        elif not character.isalpha():
            raise FieldError("name", CHARACTERS, character)
    return name


def validate_address(text: str) -> str:
    """Free text of 1–200 characters without control characters; inner runs of whitespace
    become one space. Errors: empty, too_long (the length), characters (the first control or
    unassigned character)."""
    address = " ".join(unicodedata.normalize("NFC", text).split())
    if not address:
        raise FieldError("address", EMPTY)
    if len(address) > ADDRESS_MAX_LENGTH:
        raise FieldError("address", TOO_LONG, len(address))
    for character in address:
        if unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise FieldError("address", CHARACTERS, character)
    return address


@dataclass(frozen=True)
class ValidApplicant:
    name: str
    resident_id: ResidentId
    phone: str
    address: str

    @property
    def birth_date(self) -> datetime.date:
        return self.resident_id.birth_date

    @property
    def sex(self) -> Sex:
        return self.resident_id.sex


@dataclass(frozen=True)
class ApplicantDraft:
    """What the intake form holds before validation: raw text, possibly wrong."""

    name: str = ""
    resident_id: str = ""
    phone: str = ""
    address: str = ""

    def validate(self, today: datetime.date) -> ValidApplicant:
        """The normalised applicant, or FieldErrors naming every wrong field in form order."""
        errors: list[FieldError] = []

        def checked(validate, *args):
            try:
                return validate(*args)
            except FieldError as error:
                errors.append(error)
                return None

        name = checked(validate_name, self.name)
        resident_id = checked(parse_resident_id, self.resident_id, today)
        phone = checked(validate_phone, self.phone)
        address = checked(validate_address, self.address)
        if errors:
            raise FieldErrors(errors)
        return ValidApplicant(name=name, resident_id=resident_id, phone=phone, address=address)
