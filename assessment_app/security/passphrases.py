# SPDX-License-Identifier: GPL-3.0-or-later
"""Account passphrases: Argon2id hashes, a strength check, the lockout rule and the idle lock rule.

Hashes are PHC strings ("$argon2id$v=19$m=…,t=…,p=…$salt$hash") made by `cryptography`'s
Argon2id, the same primitive and default cost as the keystore (passphrase_kdf.py), so the
application needs no second Argon2 library. The parameters travel in the string, so the cost can
be raised later (`needs_rehash`) without invalidating existing accounts.

The lockout and idle rules are pure functions of a state and a time given by the caller:
- lockout survives a restart (the state is stored with the account), so it uses the wall clock
  (timezone-aware datetimes);
- the idle lock lives only while the application runs and must not fire or stall when the
  system clock jumps, so it uses monotonic seconds (time.monotonic()).
"""

from __future__ import annotations

import base64
import binascii
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from assessment_app.errors import AppError
from assessment_app.security.passphrase_kdf import (
    DEFAULT_PARAMS,
    KEY_BYTES,
    SALT_BYTES,
    Argon2idParams,
    KdfRecordInvalid,
)

_PHC = re.compile(r"\$argon2id\$v=19\$m=(\d{1,8}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")


class StoredHashInvalid(AppError, ValueError):
    """A stored passphrase hash that is not an Argon2id PHC string within our bounds. Treated as
    an error, not as "wrong passphrase", so a damaged account is reported instead of locked."""

    reason = "stored_hash_invalid"


def _secret(passphrase: str) -> bytes:
    # NFC, as in passphrase_kdf: the same passphrase typed through different input methods
    # (composed or decomposed characters) must verify.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def hash_passphrase(passphrase: str, *, salt: bytes | None = None,
                    params: Argon2idParams = DEFAULT_PARAMS) -> str:
    """PHC string for a new passphrase. `salt` is random unless a test passes one."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    if len(salt) < SALT_BYTES:
        raise ValueError(f"salt must be at least {SALT_BYTES} bytes")
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return kdf.derive_phc_encoded(_secret(passphrase))


def stored_hash_params(stored_hash: str) -> Argon2idParams:
    """The cost parameters of a stored hash, bounded like the keystore's: a tampered account
    table cannot make a login allocate gigabytes."""
    match = _PHC.fullmatch(stored_hash) if isinstance(stored_hash, str) else None
    if match is None:
        raise StoredHashInvalid("not an argon2id v19 PHC string")
    memory, iterations, lanes, salt_b64, _ = match.groups()
    try:
        salt = base64.b64decode(salt_b64 + "=" * (-len(salt_b64) % 4), validate=True)
        params, _ = Argon2idParams.from_record({
            "name": "argon2id", "memory_kib": int(memory), "iterations": int(iterations),
            "lanes": int(lanes), "salt": base64.b64encode(salt).decode("ascii")})
    except (binascii.Error, KdfRecordInvalid) as error:
        raise StoredHashInvalid(str(error)) from None
    return params


def verify_passphrase(passphrase: str, stored_hash: str) -> bool:
    stored_hash_params(stored_hash)
    try:
        Argon2id.verify_phc_encoded(_secret(passphrase), stored_hash)
    except InvalidKey:
        return False
    return True


def needs_rehash(stored_hash: str, params: Argon2idParams = DEFAULT_PARAMS) -> bool:
    """True when the stored hash is cheaper than the current policy; rehash after a good login."""
    stored = stored_hash_params(stored_hash)
    return stored.memory_kib < params.memory_kib or stored.iterations < params.iterations


# --- strength -----------------------------------------------------------------------------------

MIN_LENGTH = 8
MAX_LENGTH = 256
LONG_ENOUGH_FOR_ONE_CLASS = 16
MIN_DISTINCT_CHARACTERS = 4
# The top of every leaked-password list, plus the Chinese-keyboard favourites (woaini, 5201314 …).
_COMMON = frozenset({
    "password", "password1", "password123", "passw0rd", "12345678", "123456789", "1234567890",
    "87654321", "11111111", "00000000", "88888888", "66666666", "qwertyui", "qwerty123",
    "1qaz2wsx", "1q2w3e4r", "asdfghjk", "zxcvbnm1", "abc12345", "abcd1234", "a1234567",
    "admin123", "administrator", "iloveyou", "woaini1314", "5201314520", "woaiwojia",
    "changeme", "letmein1", "welcome1", "123qweasd", "qweasdzxc",
})

TOO_SHORT = "too_short"
TOO_LONG = "too_long"
SINGLE_CHARACTER_CLASS = "single_character_class"
TOO_FEW_DISTINCT_CHARACTERS = "too_few_distinct_characters"
SIMPLE_SEQUENCE = "simple_sequence"
COMMON_PASSPHRASE = "common_passphrase"
CONTAINS_PERSONAL_INFORMATION = "contains_personal_information"


def _character_class(character: str) -> str:
    if character.isdigit():
        return "digit"
    if character.isascii() and character.isalpha():
        return "upper" if character.isupper() else "lower"
    if character.isalpha():
        return "other_letter"  # Chinese characters, accented letters
    return "symbol"  # punctuation, spaces, everything else


def check_passphrase_strength(passphrase: str, personal_words: tuple[str, ...] = ()) -> list[str]:
    """Reason codes, in a fixed order; an empty list means the passphrase is acceptable.

    Length counts characters, not bytes, so a Chinese passphrase is not favoured or penalised
    by its encoding. Mixing classes is only demanded of short passphrases: 16 lowercase letters
    or 16 Chinese characters are stronger than "Abcdef1!" (NIST SP 800-63B prefers length to
    composition). `personal_words` are the user's name, expert number, login name …
    """
    text = unicodedata.normalize("NFC", passphrase)
    problems = []
    if len(text) < MIN_LENGTH:
        problems.append(TOO_SHORT)
    if len(text) > MAX_LENGTH:
        problems.append(TOO_LONG)
    if text and len({_character_class(c) for c in text}) == 1 and len(text) < LONG_ENOUGH_FOR_ONE_CLASS:
        problems.append(SINGLE_CHARACTER_CLASS)
    if text and len(set(text.casefold())) < MIN_DISTINCT_CHARACTERS:
        problems.append(TOO_FEW_DISTINCT_CHARACTERS)
    steps = {ord(b) - ord(a) for a, b in zip(text.casefold(), text.casefold()[1:])}
    if len(text) >= 3 and steps in ({1}, {-1}):
        problems.append(SIMPLE_SEQUENCE)
    if text.casefold() in _COMMON:
        problems.append(COMMON_PASSPHRASE)
    folded = text.casefold()
    if any(len(word) >= 3 and word.casefold() in folded for word in personal_words if word):
        problems.append(CONTAINS_PERSONAL_INFORMATION)
    return problems


# --- lockout ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_seconds: int = 300


DEFAULT_LOCKOUT = LockoutPolicy()


@dataclass(frozen=True)
class LoginState:
    """Consecutive failures since the last success or lock, and the end of the current lock."""

    failures: int = 0
    locked_until: datetime | None = None


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("lockout times must be timezone-aware")
    return now


def is_locked(state: LoginState, now: datetime) -> bool:
    return remaining_lock_seconds(state, now) > 0


def remaining_lock_seconds(state: LoginState, now: datetime) -> int:
    """Whole seconds left, rounded up so a message never says "0 seconds" while still locked."""
    if state.locked_until is None or _aware(now) >= state.locked_until:
        return 0
    return math.ceil((state.locked_until - now).total_seconds())


def register_failure(state: LoginState, now: datetime, policy: LockoutPolicy = DEFAULT_LOCKOUT) -> LoginState:
    """After a wrong passphrase. The failure that reaches the limit starts the lock and resets the
    count, so the user gets a full set of attempts when it ends. While locked, attempts must not
    be evaluated at all; if one is reported anyway it neither counts nor extends the lock."""
    if is_locked(state, _aware(now)):
        return state
    failures = state.failures + 1
    if failures >= policy.max_failures:
        return LoginState(0, _aware(now) + timedelta(seconds=policy.lock_seconds))
    return LoginState(failures, None)


def register_success(state: LoginState) -> LoginState:
    return LoginState()


# --- idle lock ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IdlePolicy:
    """Idle lock: hide personal data after `idle_seconds` without input; a visit and its recording
    keep running (the caller decides what "lock" hides)."""

    idle_seconds: float = 300

    def __post_init__(self) -> None:
        if not self.idle_seconds > 0:
            raise ValueError("idle_seconds must be positive")

    def seconds_until_lock(self, last_activity: float, now: float) -> float:
        """Monotonic seconds; 0 when the lock is due. A UI timer can sleep exactly this long."""
        return max(0.0, last_activity + self.idle_seconds - now)

    def should_lock(self, last_activity: float, now: float) -> bool:
        return self.seconds_until_lock(last_activity, now) == 0
