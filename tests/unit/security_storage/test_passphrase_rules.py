# SPDX-License-Identifier: GPL-3.0-or-later
"""The passphrase rules are the services', whatever screen or command typed the passphrase: the
strength rule for every passphrase a service sets (an expert's, the data key's, a backup's), and
one lockout for every check of an expert's passphrase (sign-in, idle unlock, signing key)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment_app.messages import describe_error
from assessment_app.services.accounts import AccountLocked, WeakPassphrase, WrongPassphrase, login, logout, unlock
from assessment_app.services.audit_log import STATION_CHAIN, chain_events
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.backups import create_backup_file
from assessment_app.services.case_records import initialise_case_records
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.signing_identities import unlock_signing_key

from tests.actors import CHEAP_KDF, sign_in
from tests.unit.security_storage.conftest import NOW, SEED


def test_a_weak_data_key_passphrase_is_refused_before_anything_is_made(tmp_path, memory_keyring):
    with pytest.raises(WeakPassphrase) as refused:
        initialise_case_records(tmp_path / "data", "12345678", memory_keyring)
    assert refused.value.purpose == "data_key" and "simple_sequence" in refused.value.problems
    assert "数据目录未创建" in describe_error(refused.value, "zh_CN")
    assert not (tmp_path / "data").exists()


def test_a_weak_backup_passphrase_writes_no_backup(records, tmp_path):
    administrator = sign_in(records, "M-001", "administrator")
    target = tmp_path / "weak.ltcbak"
    with pytest.raises(WeakPassphrase) as refused:
        create_backup_file(records, target, "password", actor=administrator, now=NOW)
    assert refused.value.purpose == "backup" and "common_passphrase" in refused.value.problems
    assert "No backup was written" in describe_error(refused.value, "en")
    assert not target.exists()
    assert "backup_created" not in [event.kind for event in chain_events(records, STATION_CHAIN)]
    create_backup_file(records, target, "另一台电脑-备份-2026", actor=administrator, now=NOW)
    assert target.exists()


def test_wrong_signing_key_passphrases_lock_the_account_like_wrong_sign_ins(records):
    ensure_demo_agency(records, NOW, SEED, kdf_params=CHEAP_KDF)
    session = login(records, "DEMO-A-001", "demo-a-001", NOW, kdf_params=CHEAP_KDF)
    for attempt in range(4):
        with pytest.raises(WrongPassphrase):
            unlock_signing_key(records, session.expert_id, "guess", now=NOW + timedelta(seconds=attempt))
    with pytest.raises(AccountLocked):
        unlock_signing_key(records, session.expert_id, "guess", now=NOW + timedelta(seconds=5))
    with pytest.raises(AccountLocked):  # the screen's sign-in is locked as well
        login(records, "DEMO-A-001", "demo-a-001", NOW + timedelta(seconds=6), kdf_params=CHEAP_KDF)
    with pytest.raises(AccountLocked):  # and so is the idle lock of the session already open
        unlock(records, session, "demo-a-001", NOW + timedelta(seconds=7))


def test_only_a_live_session_is_unlocked_after_idle(records):
    session = sign_in(records, "A-001")
    logout(records, session, NOW)
    with pytest.raises(NotSignedIn):
        unlock(records, session, "Bedside-Visit-27", NOW)
