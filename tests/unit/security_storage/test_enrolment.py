# SPDX-License-Identifier: GPL-3.0-or-later
"""Enrolment: a provisioned expert's first passphrase needs the one-time code from the agency's
package; it works once, expires, and wrong codes count towards the account's one lockout.
The attack: someone types a colleague's expert number first and tries to claim the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assessment_app.security.enrolment_codes import (
    EnrolmentCodeMalformed,
    enrolment_code_matches,
    format_enrolment_code,
    hash_enrolment_code,
    new_enrolment_code,
    normalise_enrolment_code,
)
from assessment_app.services.accounts import (
    AccountLocked,
    EnrolmentRefused,
    PassphraseNotSet,
    WrongEnrolmentCode,
    WrongPassphrase,
    find_expert_id,
    login,
    set_passphrase,
)
from assessment_app.services.audit_log import STATION_CHAIN, export_chain, verify_stored_chain
from assessment_app.services.enrolment import issue_enrolment_code, pending_enrolment
from assessment_app.services.experts import add_expert
from assessment_app.services.provisioning_import import import_provisioning
from assessment_app.storage.security_models import Account
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.security_storage.conftest import CHEAP, NOW, administrator

MINE, ATTACKER = "长护险-评估-2026", "Stolen-Account-99"


@pytest.fixture
def provisioned(records, agency):
    import_provisioning(records, agency.package(), confirm_fingerprint=agency.fingerprint, now=NOW)
    return records


def account_row(records, expert_id) -> tuple:
    with unit_of_work(records.engine) as session:
        account = session.get(Account, expert_id)
        return (account.passphrase_hash, account.enrolment_code_hash, account.failures, account.locked_until)


def claim(records, expert_id, code, passphrase=ATTACKER, now=NOW):
    return set_passphrase(records, expert_id, passphrase, enrolment_code=code, now=now, kdf_params=CHEAP)


# --- the code itself ------------------------------------------------------------------------------

def test_a_code_has_80_random_bits_in_four_groups_and_is_read_forgivingly():
    code = new_enrolment_code(lambda n: bytes(range(n)))
    assert code == "000G-40R4-0M30-E209" and len(normalise_enrolment_code(code)) == 16
    assert new_enrolment_code() != new_enrolment_code()
    stored = hash_enrolment_code("7K3M-Q9TX-2VHD-8RWA", params=CHEAP)
    for typed in ("7K3M-Q9TX-2VHD-8RWA", "7k3m q9tx 2vhd 8rwa", "7K3MQ9TX2VHD8RWA", " 7k3m－q9tx－2vhd－8rwa ",
                  "７Ｋ３Ｍ-Ｑ９ＴＸ-２ＶＨＤ-８ＲＷＡ"):
        assert enrolment_code_matches(typed, stored), typed
    # O and I/L are read as 0 and 1: a code with 0 and 1 matches what people type for them.
    assert enrolment_code_matches("ab0c-1d1e-fg01-hj01", hash_enrolment_code("ABOC-IDLE-FGO1-HJ01", params=CHEAP))
    assert format_enrolment_code("abcdefghjkmnpqrs") == "ABCD-EFGH-JKMN-PQRS"
    for typed, reason in (("7K3M-Q9TX-2VHD", "wrong_length"), ("7K3M-Q9TX-2VHD-8RWU", "bad_character")):
        with pytest.raises(EnrolmentCodeMalformed) as error:
            normalise_enrolment_code(typed)
        assert error.value.reason == reason
    assert "7K3M" not in stored and stored.startswith("$argon2id$v=19$m=64,t=1,p=1$")


# --- the attacks -----------------------------------------------------------------------------------

def test_a_colleague_without_the_code_cannot_claim_the_account(provisioned, agency):
    victim = find_expert_id(provisioned, "PG-R-001")
    before = account_row(provisioned, victim)
    with pytest.raises(EnrolmentRefused) as error:
        claim(provisioned, victim, None)
    assert error.value.reason == "enrolment_code_required"
    with pytest.raises(EnrolmentRefused) as error:
        claim(provisioned, victim, "   ")
    assert error.value.reason == "enrolment_code_required"
    assert account_row(provisioned, victim) == before
    with pytest.raises(PassphraseNotSet):
        login(provisioned, "PG-R-001", ATTACKER, NOW, kdf_params=CHEAP)


def test_a_wrong_code_changes_nothing_and_counts_towards_the_lockout(provisioned, agency):
    victim = find_expert_id(provisioned, "PG-M-001")
    outcomes = []
    for attempt in range(5):
        try:
            claim(provisioned, victim, agency.enrolment_code("PG-A-001"), now=NOW + timedelta(seconds=attempt))
        except (WrongEnrolmentCode, AccountLocked) as error:
            outcomes.append(error)
    assert [type(o).__name__ for o in outcomes] == ["WrongEnrolmentCode"] * 4 + ["AccountLocked"]
    assert [o.attempts_left for o in outcomes[:4]] == [4, 3, 2, 1]
    # Locked: not even the right code is looked at, for the same 5 minutes as a passphrase lock.
    with pytest.raises(AccountLocked):
        claim(provisioned, victim, agency.enrolment_code("PG-M-001"), passphrase=MINE,
              now=NOW + timedelta(seconds=100))
    assert account_row(provisioned, victim)[0] is None
    claim(provisioned, victim, agency.enrolment_code("PG-M-001"), passphrase=MINE, now=NOW + timedelta(seconds=400))
    me = login(provisioned, "PG-M-001", MINE, NOW + timedelta(seconds=401), kdf_params=CHEAP)
    reasons = [e.data.get("reason") for e in export_chain(provisioned, STATION_CHAIN, actor=me)
               if e.kind == "login_failed"]
    assert reasons == ["wrong_enrolment_code"] * 5 + ["locked"]


def test_a_malformed_code_is_named_and_costs_no_attempt(provisioned):
    victim = find_expert_id(provisioned, "PG-A-001")
    with pytest.raises(EnrolmentRefused) as error:
        claim(provisioned, victim, "1234")
    assert (error.value.reason, error.value.detail) == ("enrolment_code_malformed", "wrong_length")
    assert account_row(provisioned, victim)[2] == 0


def test_the_code_works_once_and_its_use_is_in_the_audit_chain(provisioned, agency):
    auditor = administrator(provisioned)  # enrolled first, with the code tests/actors.py puts on the account
    expert = find_expert_id(provisioned, "PG-A-001")
    code = agency.enrolment_code("PG-A-001")
    claim(provisioned, expert, code, passphrase=MINE, now=NOW + timedelta(hours=1))
    after = account_row(provisioned, expert)
    assert after[0] is not None and after[1] is None  # the hash is gone: nothing left to match
    # The attacker who saw the note with the code comes later: the account is taken.
    with pytest.raises(EnrolmentRefused) as error:
        claim(provisioned, expert, code, now=NOW + timedelta(hours=2))
    assert error.value.reason == "already_enrolled"
    with pytest.raises(WrongPassphrase):
        set_passphrase(provisioned, expert, ATTACKER, code, now=NOW, kdf_params=CHEAP)  # the code is no passphrase
    assert account_row(provisioned, expert)[0] == after[0]
    events = [e for e in export_chain(provisioned, STATION_CHAIN, actor=auditor)
              if e.kind in ("enrolment_code_used", "passphrase_changed")]
    assert [(e.kind, e.actors, e.data) for e in events] == [
        ("enrolment_code_used", ("PG-M-001",), {"origin": "agency"}),
        ("passphrase_changed", ("PG-M-001",), {"first": True}),
        ("enrolment_code_used", ("PG-A-001",), {"origin": "agency"}),
        ("passphrase_changed", ("PG-A-001",), {"first": True})]
    assert verify_stored_chain(provisioned, STATION_CHAIN, actor=auditor).ok


def test_an_expired_code_is_refused_and_changes_nothing(provisioned, agency):
    victim = find_expert_id(provisioned, "PG-A-002")
    before = account_row(provisioned, victim)
    with pytest.raises(EnrolmentRefused) as error:
        claim(provisioned, victim, agency.enrolment_code("PG-A-002"), passphrase=MINE, now=NOW + timedelta(days=15))
    assert error.value.reason == "enrolment_code_expired"
    assert account_row(provisioned, victim) == before


def test_reimporting_or_a_newer_package_does_not_rearm_a_used_code(provisioned, agency):
    expert = find_expert_id(provisioned, "PG-A-001")
    claim(provisioned, expert, agency.enrolment_code("PG-A-001"), passphrase=MINE)
    manager = administrator(provisioned)
    import_provisioning(provisioned, agency.package(issued_at=NOW + timedelta(days=1)), confirm_fingerprint=None,
                        now=NOW + timedelta(days=1), actor=manager)
    assert account_row(provisioned, expert)[1] is None and pending_enrolment(provisioned, expert) is None
    # A newer package brings a new code for someone who has not enrolled yet: the new one counts.
    waiting = find_expert_id(provisioned, "PG-A-002")
    old_code = agency.enrolment_code("PG-A-002")
    agency.enrolment_codes["PG-A-002"] = "QQQQ-QQQQ-QQQQ-QQQQ"
    import_provisioning(provisioned, agency.package(issued_at=NOW + timedelta(days=2)), confirm_fingerprint=None,
                        now=NOW + timedelta(days=2), actor=manager)
    with pytest.raises(WrongEnrolmentCode):
        claim(provisioned, waiting, old_code, passphrase=MINE)
    claim(provisioned, waiting, "qqqq qqqq qqqq qqqq", passphrase=MINE)


def test_a_version_1_package_brings_no_codes_so_nobody_claims_its_accounts(records, agency):
    import_provisioning(records, agency.package(version=1), confirm_fingerprint=agency.fingerprint, now=NOW)
    with pytest.raises(EnrolmentRefused) as error:
        claim(records, find_expert_id(records, "PG-A-001"), agency.enrolment_code("PG-A-001"))
    assert error.value.reason == "no_enrolment_code"


# --- experts added on the workstation ----------------------------------------------------------------

def test_a_locally_added_assessor_enrols_with_the_code_shown_once_to_the_administrator(records):
    manager = sign_in(records, "M-001", "administrator")
    expert = add_expert(records, name="新评估员", expert_number="LOCAL-001", role="assessor", qualification=None,
                        now=NOW, actor=manager)
    with pytest.raises(EnrolmentRefused) as error:  # no code issued yet: nobody can claim it
        claim(records, expert, None)
    assert error.value.reason == "no_enrolment_code"
    first = issue_enrolment_code(records, expert, NOW, actor=manager, params=CHEAP)
    second = issue_enrolment_code(records, expert, NOW, actor=manager, params=CHEAP)  # replaces the first
    assert first.code not in repr(first) and pending_enrolment(records, expert) == ("workstation",
                                                                                    NOW + timedelta(days=7))
    with pytest.raises(WrongEnrolmentCode):
        claim(records, expert, first.code)
    claim(records, expert, second.code, passphrase=MINE)
    with pytest.raises(EnrolmentRefused) as error:
        issue_enrolment_code(records, expert, NOW, actor=manager, params=CHEAP)
    assert error.value.reason == "already_enrolled"
    with unit_of_work(records.engine) as session:  # only the hash was ever stored, and now not even that
        assert session.scalar(select(Account.enrolment_code_hash).where(Account.expert_id == expert)) is None
    issued = [e.data for e in export_chain(records, STATION_CHAIN, actor=manager) if e.kind == "enrolment_code_issued"]
    assert len(issued) == 2 and all(second.code not in str(data) for data in issued)


def test_the_workstation_cannot_mint_a_code_for_an_expert_the_agency_provisions(provisioned):
    manager = administrator(provisioned)  # signed in, so PG-M-001 is enrolled: the reviewer is not yet
    with pytest.raises(EnrolmentRefused) as error:
        issue_enrolment_code(provisioned, find_expert_id(provisioned, "PG-R-001"), NOW, actor=manager, params=CHEAP)
    assert error.value.reason == "enrolment_from_agency"
