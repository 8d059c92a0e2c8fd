# SPDX-License-Identifier: GPL-3.0-or-later
"""Account passphrases: hashing, strength, lockout after 5 failures for 300 s, idle lock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.passphrases import (
    IdlePolicy,
    LockoutPolicy,
    LoginState,
    StoredHashInvalid,
    check_passphrase_strength,
    hash_passphrase,
    is_locked,
    needs_rehash,
    register_failure,
    register_success,
    remaining_lock_seconds,
    stored_hash_params,
    verify_passphrase,
)

CHEAP = Argon2idParams(memory_kib=64, iterations=1, lanes=1)  # tests only: fast, same code path
SALT = bytes(range(16))
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)


# --- hashing -----------------------------------------------------------------------------------

def test_hash_is_an_argon2id_phc_string_that_verifies():
    stored = hash_passphrase("评估 Pass-2025", salt=SALT, params=CHEAP)
    assert stored.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert verify_passphrase("评估 Pass-2025", stored)
    assert not verify_passphrase("评估 Pass-2026", stored)


def test_same_salt_gives_the_same_hash_and_random_salts_differ():
    assert hash_passphrase("x" * 10, salt=SALT, params=CHEAP) == hash_passphrase("x" * 10, salt=SALT, params=CHEAP)
    assert hash_passphrase("x" * 10, params=CHEAP) != hash_passphrase("x" * 10, params=CHEAP)


def test_composed_and_decomposed_input_verify_alike():
    stored = hash_passphrase("Caf\u00e9-lait-42", salt=SALT, params=CHEAP)
    assert verify_passphrase("Cafe\u0301-lait-42", stored)


@pytest.mark.parametrize("stored", [
    "",
    "$argon2i$v=19$m=64,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$AAAA",
    "$argon2id$v=19$m=99999999,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$AAAA",  # 95 GiB: refused, not tried
    "$argon2id$v=19$m=64,t=1,p=1$AAEC$AAAA",  # salt too short
])
def test_damaged_or_hostile_stored_hash_is_an_error_not_a_wrong_passphrase(stored):
    with pytest.raises(StoredHashInvalid):
        verify_passphrase("whatever", stored)


def test_default_parameters_are_the_keystore_ones_and_cheap_hashes_need_rehash():
    stored = hash_passphrase("a", salt=SALT, params=CHEAP)
    assert stored_hash_params(stored) == CHEAP
    assert needs_rehash(stored)
    assert not needs_rehash(stored, CHEAP)


# --- strength ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("passphrase", "problems"), [
    ("Ab1!", ["too_short"]),
    ("abcdefgh", ["single_character_class", "simple_sequence"]),
    ("87654321", ["single_character_class", "simple_sequence", "common_passphrase"]),
    ("aaaaaaaa", ["single_character_class", "too_few_distinct_characters"]),
    ("a" * 20, ["too_few_distinct_characters"]),
    ("Password", ["common_passphrase"]),
    ("Gx7-pond-Lamp" * 20, ["too_long"]),
    ("张三-2025-评估", ["contains_personal_information"]),
    ("长期护理保险评估专家", ["single_character_class"]),
    ("长期护理保险失能等级评估的专家组成员", []),  # 17 Chinese characters: long enough alone
    ("correct horse battery", []),
    ("Gx7-pond-Lamp", []),
])
def test_strength_problems_are_reported_as_codes(passphrase, problems):
    assert check_passphrase_strength(passphrase, personal_words=("张三-2025", "DEMO-0001")) == problems


# --- lockout -----------------------------------------------------------------------------------

def fail(times: int, state: LoginState = LoginState(), start: datetime = T0) -> LoginState:
    for attempt in range(times):
        state = register_failure(state, start + timedelta(seconds=attempt))
    return state


def test_four_failures_do_not_lock():
    state = fail(4)
    assert state.failures == 4 and not is_locked(state, T0 + timedelta(seconds=4))


def test_fifth_failure_locks_for_300_seconds():
    state = fail(5)  # the fifth at T0 + 4 s
    assert is_locked(state, T0 + timedelta(seconds=4))
    assert remaining_lock_seconds(state, T0 + timedelta(seconds=4)) == 300
    assert remaining_lock_seconds(state, T0 + timedelta(seconds=303, milliseconds=500)) == 1
    assert is_locked(state, T0 + timedelta(seconds=303, milliseconds=999))
    assert not is_locked(state, T0 + timedelta(seconds=304))


def test_attempts_during_the_lock_do_not_extend_it():
    state = fail(5)
    assert register_failure(state, T0 + timedelta(seconds=100)) == state


def test_after_the_lock_the_user_has_a_full_set_of_attempts():
    after = T0 + timedelta(seconds=304)
    state = fail(4, fail(5), start=after)
    assert not is_locked(state, after + timedelta(seconds=4))
    assert is_locked(register_failure(state, after + timedelta(seconds=5)), after + timedelta(seconds=5))


def test_success_resets_the_count():
    state = register_success(fail(4))
    assert state == LoginState()
    assert not is_locked(fail(4, state, start=T0 + timedelta(seconds=10)), T0 + timedelta(seconds=14))


def test_policy_is_configurable():
    state = register_failure(LoginState(), T0, LockoutPolicy(max_failures=1, lock_seconds=60))
    assert remaining_lock_seconds(state, T0) == 60


def test_naive_time_is_refused():
    with pytest.raises(ValueError):
        register_failure(LoginState(), datetime(2025, 3, 1))


# --- idle lock ---------------------------------------------------------------------------------

def test_idle_lock_after_300_seconds_without_activity():
    policy = IdlePolicy()
    assert not policy.should_lock(last_activity=1000.0, now=1299.9)
    assert policy.should_lock(last_activity=1000.0, now=1300.0)
    assert policy.seconds_until_lock(last_activity=1000.0, now=1100.0) == 200.0


def test_activity_postpones_the_idle_lock():
    policy = IdlePolicy(idle_seconds=60)
    assert not policy.should_lock(last_activity=1050.0, now=1100.0)


def test_idle_period_must_be_positive():
    with pytest.raises(ValueError):
        IdlePolicy(idle_seconds=0)
