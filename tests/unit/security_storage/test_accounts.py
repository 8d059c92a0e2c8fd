# SPDX-License-Identifier: GPL-3.0-or-later
"""Accounts: first passphrase, login, lockout after 5 failures for 300 s (injected clock), the visit pair."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment_app.messages import describe_error
from assessment_app.services.accounts import (
    AccountLocked,
    OldPassphraseRequired,
    PairRefused,
    PassphraseNotSet,
    UnknownExpert,
    WeakPassphrase,
    WrongPassphrase,
    find_expert_id,
    lock_for_idle,
    login,
    logout,
    set_passphrase,
    start_pair,
    unlock,
)
from assessment_app.services.audit_log import STATION_CHAIN, chain_events, verify_stored_chain
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.case_records import open_case_records
from assessment_app.services.provisioning_import import ensure_demo_agency, import_provisioning
from assessment_app.storage.security_models import Account
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.security_storage.conftest import CHEAP, NOW, SEED

GOOD = "长护险-评估-2026"


@pytest.fixture
def provisioned(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    return records


@pytest.fixture
def assessor(provisioned, agency):
    expert_id = find_expert_id(provisioned, "PG-A-001")
    set_passphrase(provisioned, expert_id, GOOD, enrolment_code=agency.enrolment_code("PG-A-001"), now=NOW,
                   kdf_params=CHEAP)
    return expert_id


def attempt(records, passphrase, now, number="PG-A-001"):
    try:
        return login(records, number, passphrase, now, kdf_params=CHEAP)
    except (WrongPassphrase, AccountLocked) as error:
        return error


def test_provisioned_expert_must_set_a_passphrase_first(provisioned, agency):
    with pytest.raises(PassphraseNotSet):
        login(provisioned, "PG-A-001", "anything", NOW, kdf_params=CHEAP)
    set_passphrase(provisioned, find_expert_id(provisioned, "PG-A-001"), GOOD,
                   enrolment_code=agency.enrolment_code("PG-A-001"), now=NOW, kdf_params=CHEAP)
    session = login(provisioned, "PG-A-001", GOOD, NOW, kdf_params=CHEAP)
    assert (session.expert_number, session.role, session.must_change_passphrase) == ("PG-A-001", "assessor", False)


def test_five_failures_lock_the_account_for_300_seconds(provisioned, assessor):
    outcomes = [attempt(provisioned, "wrong", NOW + timedelta(seconds=i)) for i in range(5)]
    assert [type(o).__name__ for o in outcomes] == ["WrongPassphrase"] * 4 + ["AccountLocked"]
    assert [o.attempts_left for o in outcomes[:4]] == [4, 3, 2, 1]
    assert outcomes[4].seconds_remaining == 300
    locked_at = NOW + timedelta(seconds=4)
    # While locked even the right passphrase is not evaluated; the lock does not grow.
    still = attempt(provisioned, GOOD, locked_at + timedelta(seconds=299))
    assert isinstance(still, AccountLocked) and still.seconds_remaining == 1
    assert login(provisioned, "PG-A-001", GOOD, locked_at + timedelta(seconds=300), kdf_params=CHEAP)
    kinds = [e.kind for e in chain_events(provisioned, STATION_CHAIN)]
    assert kinds[-8:] == ["login_failed"] * 5 + ["lock", "login_failed", "login"]


def test_success_resets_the_failure_count(provisioned, assessor):
    for i in range(4):
        attempt(provisioned, "wrong", NOW + timedelta(seconds=i))
    assert login(provisioned, "PG-A-001", GOOD, NOW + timedelta(seconds=5), kdf_params=CHEAP)
    assert attempt(provisioned, "wrong", NOW + timedelta(seconds=6)).attempts_left == 4


def test_the_lock_survives_closing_the_application(provisioned, assessor, memory_keyring):
    for i in range(5):
        attempt(provisioned, "wrong", NOW)
    provisioned.close()
    with open_case_records(provisioned.layout.root, None, memory_keyring) as reopened:
        assert isinstance(attempt(reopened, GOOD, NOW + timedelta(seconds=10)), AccountLocked)


def test_unknown_or_deactivated_expert_is_refused_and_logged_without_the_typed_text(provisioned):
    with pytest.raises(UnknownExpert):
        login(provisioned, "my-secret-passphrase", "x", NOW)
    event = chain_events(provisioned, STATION_CHAIN)[-1]
    assert (event.kind, event.actors) == ("login_failed", ()) and "my-secret" not in str(event.to_dict())


def test_wrong_passphrase_messages_say_how_many_attempts_are_left(provisioned, assessor):
    error = attempt(provisioned, "wrong", NOW)
    assert describe_error(error, "zh_CN") == "口令不正确，还可尝试 4 次。"
    assert "4 attempt(s) left" in describe_error(error, "en")
    for _ in range(4):
        error = attempt(provisioned, "wrong", NOW)
    assert describe_error(error, "zh_CN") == "多次输入错误，账户已锁定，请 5 分 0 秒后再试。"


def test_weak_passphrase_is_refused_with_its_reasons(provisioned):
    expert_id = find_expert_id(provisioned, "PG-A-001")
    with pytest.raises(WeakPassphrase) as error:
        set_passphrase(provisioned, expert_id, "pg-a-001", now=NOW, kdf_params=CHEAP)
    assert "contains_personal_information" in error.value.problems
    assert "含有姓名或编号" in describe_error(error.value, "zh_CN")
    with pytest.raises(PassphraseNotSet):
        login(provisioned, "PG-A-001", "pg-a-001", NOW, kdf_params=CHEAP)


def test_changing_a_passphrase_needs_the_old_one_and_wrong_old_ones_count(provisioned, assessor):
    with pytest.raises(OldPassphraseRequired):
        set_passphrase(provisioned, assessor, "新的口令-2026-春", now=NOW, kdf_params=CHEAP)
    with pytest.raises(WrongPassphrase) as error:
        set_passphrase(provisioned, assessor, "新的口令-2026-春", "wrong", now=NOW, kdf_params=CHEAP)
    assert error.value.attempts_left == 4
    set_passphrase(provisioned, assessor, "新的口令-2026-春", GOOD, now=NOW, kdf_params=CHEAP)
    assert login(provisioned, "PG-A-001", "新的口令-2026-春", NOW, kdf_params=CHEAP)
    assert isinstance(attempt(provisioned, GOOD, NOW), WrongPassphrase)


def test_a_cheaper_stored_hash_is_upgraded_at_the_next_login(provisioned, assessor):
    stronger = type(CHEAP)(memory_kib=128, iterations=2, lanes=1)
    login(provisioned, "PG-A-001", GOOD, NOW, kdf_params=stronger)
    with unit_of_work(provisioned.engine) as session:
        assert "$m=128,t=2,p=1$" in session.get(Account, assessor).passphrase_hash


def test_logout_idle_lock_and_unlock_are_logged(provisioned, assessor):
    session = login(provisioned, "PG-A-001", GOOD, NOW, kdf_params=CHEAP)
    lock_for_idle(provisioned, session, NOW + timedelta(minutes=5))
    with pytest.raises(WrongPassphrase):
        unlock(provisioned, session, "wrong", NOW + timedelta(minutes=6))
    unlock(provisioned, session, GOOD, NOW + timedelta(minutes=7))
    logout(provisioned, session, NOW + timedelta(minutes=8))
    events = chain_events(provisioned, STATION_CHAIN)[-5:]
    assert [(e.kind, e.data.get("cause") or e.data.get("purpose")) for e in events] == [
        ("login", None), ("lock", "idle"), ("login_failed", "unlock"), ("unlock", None), ("logout", None)]
    assert all(e.actors == ("PG-A-001",) for e in events)
    with pytest.raises(NotSignedIn):  # the ended session is not revived by its passphrase
        unlock(provisioned, session, GOOD, NOW + timedelta(minutes=9))
    assert verify_stored_chain(provisioned, STATION_CHAIN, actor=sign_in(provisioned, "PG-M-001")).ok


# --- the visit pair (二对一) ---------------------------------------------------------------------

@pytest.fixture
def demo_sessions(records):
    ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP)
    return {number: login(records, number, number.lower(), NOW, kdf_params=CHEAP)
            for number in ("DEMO-A-001", "DEMO-A-002", "DEMO-R-001")}


def test_a_visit_pair_is_two_different_assessors(demo_sessions):
    pair = start_pair(demo_sessions["DEMO-A-001"], demo_sessions["DEMO-A-002"])
    assert pair.actors == ("DEMO-A-001", "DEMO-A-002")


def test_the_second_expert_cannot_be_the_same_person(demo_sessions):
    first = demo_sessions["DEMO-A-001"]
    with pytest.raises(PairRefused) as error:
        start_pair(first, first)
    assert error.value.reason == "same_person"
    assert "不能与第一名是同一人" in describe_error(error.value, "zh_CN")


def test_a_reviewer_cannot_be_half_of_a_visit_pair(demo_sessions):
    with pytest.raises(PairRefused) as error:
        start_pair(demo_sessions["DEMO-A-001"], demo_sessions["DEMO-R-001"])
    assert (error.value.reason, error.value.expert_number) == ("not_an_assessor", "DEMO-R-001")
