# SPDX-License-Identifier: GPL-3.0-or-later
"""Bech32 against the BIP-173 test vectors, and the age key strings built on it."""

from __future__ import annotations

import pytest

from assessment_app.security.bech32 import (
    Bech32Error,
    age_identity,
    age_recipient,
    bech32_decode,
    bech32_encode,
    convert_bits,
    encode_bytes,
    parse_age_identity,
    parse_age_recipient,
)

# BIP-173, "Test vectors": valid Bech32 strings.
BIP173_VALID = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11" + "q" * 82 + "c8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]

# BIP-173, "Test vectors": invalid Bech32 strings, with the reason the BIP gives.
BIP173_INVALID = [
    ("\x201nwldj5", "bad_character"),  # HRP character out of range
    ("\x7f1axkwrx", "bad_character"),  # HRP character out of range
    ("\x801eym55h", "bad_character"),  # HRP character out of range
    ("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
     "too_long"),  # overall max length exceeded
    ("pzry9x0s0muk", "no_separator"),
    ("1pzry9x0s0muk", "empty_hrp"),
    ("x1b4n0q5v", "bad_character"),  # invalid data character
    ("li1dgmt3", "too_short"),  # too short checksum
    ("de1lg7wt\xff", "bad_character"),  # invalid character in checksum
    ("A1G7SGD8", "bad_checksum"),  # checksum calculated with uppercase form of HRP
    ("10a06t8", "empty_hrp"),
    ("1qzzfhee", "empty_hrp"),
]


@pytest.mark.parametrize("text", BIP173_VALID)
def test_bip173_valid_strings_decode_and_reencode(text):
    hrp, data = bech32_decode(text)
    assert bech32_encode(hrp, data) == text.lower()


@pytest.mark.parametrize(("text", "reason"), BIP173_INVALID)
def test_bip173_invalid_strings_are_refused_with_a_reason(text, reason):
    with pytest.raises(Bech32Error) as error:
        bech32_decode(text)
    assert error.value.reason == reason


def test_mixed_case_is_refused():
    with pytest.raises(Bech32Error) as error:
        bech32_decode("A12uel5l")
    assert error.value.reason == "mixed_case"


def test_bip173_segwit_vector_converts_to_the_witness_program():
    hrp, data = bech32_decode("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
    assert (hrp, data[0]) == ("bc", 0)
    assert bytes(convert_bits(data[1:], 5, 8, pad=False)).hex() == "751e76e8199196d454941c45d1b3a323f1433bd6"


def test_nonzero_padding_is_refused():
    with pytest.raises(Bech32Error) as error:
        convert_bits([31, 31], 5, 8, pad=False)
    assert error.value.reason == "bad_padding"


AGE_PRIVATE = bytes(range(32))


def test_age_keys_round_trip_and_use_the_age_prefixes():
    recipient = age_recipient(bytes(32))
    identity = age_identity(AGE_PRIVATE)
    assert recipient.startswith("age1") and len(recipient) == 62
    assert identity.startswith("AGE-SECRET-KEY-1") and identity == identity.upper() and len(identity) == 74
    assert parse_age_recipient(recipient) == bytes(32)
    assert parse_age_identity(identity) == AGE_PRIVATE


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda r: r[:-1] + ("q" if r[-1] != "q" else "p"), "bad_checksum"),
    (lambda r: r.upper(), "not_canonical_case"),
    (lambda r: "bge1" + r[4:], "bad_checksum"),
    (lambda r: r[:10] + "b" + r[11:], "bad_character"),
])
def test_damaged_age_recipient_is_refused(mutate, reason):
    with pytest.raises(Bech32Error) as error:
        parse_age_recipient(mutate(age_recipient(bytes(range(1, 33)))))
    assert error.value.reason == reason


def test_identity_is_not_accepted_as_a_recipient():
    with pytest.raises(Bech32Error) as error:
        parse_age_recipient(age_identity(AGE_PRIVATE).lower())
    assert error.value.reason == "wrong_hrp"


def test_wrong_key_length_is_refused():
    with pytest.raises(Bech32Error) as error:
        parse_age_recipient(encode_bytes("age", bytes(31)))
    assert error.value.reason == "wrong_length"
