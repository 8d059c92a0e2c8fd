# SPDX-License-Identifier: GPL-3.0-or-later
"""One-time enrolment codes: what an expert types, with their first passphrase, to claim an account.

A code is 16 characters of Crockford's base32 (80 random bits), shown in groups of four
("7K3M-Q9TX-2VHD-8RWA") and read forgivingly: case, spaces and hyphens do not matter, and the
letters people confuse with digits (O, I, L) are read as 0 and 1. Only its hash travels in the
provisioning package (which is not secret) or sits in the database: Argon2id, as a PHC string like
the account passphrases (passphrases.py). With 80 bits an offline guess is hopeless even against
a fast hash; the Argon2id cost is there so that a package leaked with its hashes stays worthless
for decades, not because the code is weak.

Pure: randomness and cost are passed in; expiry and single use are the account service's rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from assessment_app.errors import AppError
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.passphrases import hash_passphrase, verify_passphrase

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 16
GROUP = 4
# OWASP's Argon2id minimum (19 MiB, t=2, p=1): about 0.1 s per code on the development machine,
# so an agency hashes the codes of a few hundred new experts in well under a minute.
ENROLMENT_PARAMS = Argon2idParams(memory_kib=19 * 1024, iterations=2, lanes=1)
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u3000]+")  # hyphens of every kind, full-width space


class EnrolmentCodeMalformed(AppError, ValueError):
    """What was typed cannot be a code: reason wrong_length (detail: the count of characters
    after spaces and hyphens are dropped) or bad_character (detail: the first one)."""

    def __init__(self, reason: str, detail: object):
        super().__init__(f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


def new_enrolment_code(random_bytes: Callable[[int], bytes] = os.urandom) -> str:
    """A fresh code, grouped for reading aloud: 16 characters, 5 bits each, from 10 random bytes."""
    value = int.from_bytes(random_bytes(CODE_LENGTH * 5 // 8), "big")
    characters = "".join(ALPHABET[(value >> (5 * index)) & 31] for index in reversed(range(CODE_LENGTH)))
    return format_enrolment_code(characters)


def format_enrolment_code(code: str) -> str:
    plain = normalise_enrolment_code(code)
    return "-".join(plain[index:index + GROUP] for index in range(0, CODE_LENGTH, GROUP))


def normalise_enrolment_code(text: str) -> str:
    """The 16 canonical characters of what was typed, or EnrolmentCodeMalformed."""
    # Full-width letters and digits from a Chinese input method count as the ASCII ones.
    ascii_text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    plain = _SEPARATORS.sub("", ascii_text).upper().translate(_CONFUSABLE)
    bad = next((character for character in plain if character not in ALPHABET), None)
    if bad is not None:
        raise EnrolmentCodeMalformed("bad_character", bad)
    if len(plain) != CODE_LENGTH:
        raise EnrolmentCodeMalformed("wrong_length", len(plain))
    return plain


def hash_enrolment_code(code: str, *, params: Argon2idParams = ENROLMENT_PARAMS, salt: bytes | None = None) -> str:
    """The PHC string that goes into the package (or the account row) instead of the code."""
    return hash_passphrase(normalise_enrolment_code(code), salt=salt, params=params)


def enrolment_code_matches(typed: str, stored_hash: str) -> bool:
    """True when `typed` is the code behind `stored_hash`. EnrolmentCodeMalformed for an entry
    that cannot be a code (a typo the caller reports without counting a guess: it reveals
    nothing about the hash); StoredHashInvalid for a stored value that is not one of our hashes."""
    return verify_passphrase(normalise_enrolment_code(typed), stored_hash)
