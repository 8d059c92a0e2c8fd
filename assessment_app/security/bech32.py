# SPDX-License-Identifier: GPL-3.0-or-later
"""Bech32 (BIP-173) and the two age key strings written with it.

age (https://age-encryption.org/v1) writes an X25519 recipient as lowercase Bech32 with the
human-readable part "age" ("age1…") and an identity as uppercase Bech32 with the part
"AGE-SECRET-KEY-" ("AGE-SECRET-KEY-1…"). age uses the original Bech32 checksum, not Bech32m,
and does not apply BIP-173's 90-character limit; both are parameters here so the same code
passes the BIP-173 vectors and reads age keys.

Errors carry a stable `.reason` so a provisioning file can say exactly what is wrong with a key.
"""

from __future__ import annotations

from assessment_app.errors import AppError, ReasonAndDetail

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {character: index for index, character in enumerate(CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHECKSUM_LENGTH = 6
BIP173_MAX_LENGTH = 90

AGE_RECIPIENT_HRP = "age"
AGE_IDENTITY_HRP = "age-secret-key-"
X25519_KEY_BYTES = 32


class Bech32Error(ReasonAndDetail, AppError, ValueError):
    """A string that is not valid Bech32 (or not the expected kind of key). `.reason` is one of:
    too_long, mixed_case, no_separator, empty_hrp, bad_character (1-based position in detail),
    too_short, bad_checksum, bad_padding, wrong_hrp, wrong_length, not_canonical_case."""


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATOR):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(character) >> 5 for character in hrp] + [0] + [ord(character) & 31 for character in hrp]


def bech32_encode(hrp: str, data: list[int]) -> str:
    """Lowercase Bech32 string for a human-readable part and 5-bit values."""
    hrp = hrp.lower()
    polymod = _polymod(_expand_hrp(hrp) + list(data) + [0] * _CHECKSUM_LENGTH) ^ 1
    checksum = [(polymod >> 5 * (5 - index)) & 31 for index in range(_CHECKSUM_LENGTH)]
    return hrp + "1" + "".join(CHARSET[value] for value in list(data) + checksum)


def bech32_decode(text: str, max_length: int | None = BIP173_MAX_LENGTH) -> tuple[str, list[int]]:
    """(lowercase human-readable part, 5-bit values without the checksum)."""
    if max_length is not None and len(text) > max_length:
        raise Bech32Error("too_long", len(text))
    for position, character in enumerate(text, start=1):
        if not 33 <= ord(character) <= 126:
            raise Bech32Error("bad_character", position)
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed_case")
    text = text.lower()
    separator = text.rfind("1")
    if separator == -1:
        raise Bech32Error("no_separator")
    if separator == 0:
        raise Bech32Error("empty_hrp")
    if len(text) - separator - 1 < _CHECKSUM_LENGTH:
        raise Bech32Error("too_short")
    hrp = text[:separator]
    data = []
    for position, character in enumerate(text[separator + 1:], start=separator + 2):
        if character not in _CHARSET_INDEX:
            raise Bech32Error("bad_character", position)
        data.append(_CHARSET_INDEX[character])
    if _polymod(_expand_hrp(hrp) + data) != 1:
        raise Bech32Error("bad_checksum")
    return hrp, data[:-_CHECKSUM_LENGTH]


def convert_bits(values: list[int] | bytes, from_bits: int, to_bits: int, pad: bool) -> list[int]:
    """Regroup a bit string (BIP-173 reference `convertbits`). Without `pad`, leftover bits must be
    fewer than `from_bits` and zero, which is what makes a byte string's encoding unique."""
    accumulator = 0
    bit_count = 0
    result = []
    max_value = (1 << to_bits) - 1
    for value in values:
        if value < 0 or value >> from_bits:
            raise Bech32Error("bad_character", value)
        accumulator = (accumulator << from_bits) | value
        bit_count += from_bits
        while bit_count >= to_bits:
            bit_count -= to_bits
            result.append((accumulator >> bit_count) & max_value)
    if pad:
        if bit_count:
            result.append((accumulator << (to_bits - bit_count)) & max_value)
    elif bit_count >= from_bits or (accumulator << (to_bits - bit_count)) & max_value:
        raise Bech32Error("bad_padding")
    return result


def encode_bytes(hrp: str, payload: bytes) -> str:
    return bech32_encode(hrp, convert_bits(payload, 8, 5, pad=True))


def decode_bytes(text: str, expected_hrp: str, max_length: int | None = None) -> bytes:
    hrp, data = bech32_decode(text, max_length)
    if hrp != expected_hrp:
        raise Bech32Error("wrong_hrp", hrp)
    return bytes(convert_bits(data, 5, 8, pad=False))


def age_recipient(public_key: bytes) -> str:
    """"age1…" for a raw 32-byte X25519 public key."""
    _check_key_length(public_key)
    return encode_bytes(AGE_RECIPIENT_HRP, public_key)


def age_identity(private_key: bytes) -> str:
    """"AGE-SECRET-KEY-1…" for a raw 32-byte X25519 private key (uppercase, as age writes it)."""
    _check_key_length(private_key)
    return encode_bytes(AGE_IDENTITY_HRP, private_key).upper()


def parse_age_recipient(text: str) -> bytes:
    """The 32-byte X25519 public key of an "age1…" recipient. Only the lowercase form is accepted,
    so one key has exactly one spelling in a provisioning file."""
    if text != text.lower():
        raise Bech32Error("not_canonical_case")
    key = decode_bytes(text, AGE_RECIPIENT_HRP)
    _check_key_length(key)
    return key


def parse_age_identity(text: str) -> bytes:
    if text != text.upper():
        raise Bech32Error("not_canonical_case")
    key = decode_bytes(text, AGE_IDENTITY_HRP)
    _check_key_length(key)
    return key


def _check_key_length(key: bytes) -> None:
    if len(key) != X25519_KEY_BYTES:
        raise Bech32Error("wrong_length", len(key))
