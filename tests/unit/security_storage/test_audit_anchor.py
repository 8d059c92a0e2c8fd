# SPDX-License-Identifier: GPL-3.0-or-later
"""The station chain's anchor: a checkpoint outside the database (a MAC-protected file beside the
key store, and the credential store where there is one) that every committed station event moves.
The attacks: someone with the laptop and the data key deletes the last station events; someone
copies an older database back; someone deletes or edits the anchor. A restore made by the
application is an audited, anchored event and is explained, not flagged."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import text

from assessment_app.cli import main
from assessment_app.messages.audit_text import describe_station_verification
from assessment_app.security.audit_anchor import AnchorInvalid, parse, unseal
from assessment_app.security.subkeys import AUDIT_ANCHOR, derive_subkey, derive_subkeys
from assessment_app.services.audit_anchoring import AnchorState, current_checkpoint, verify_station_chain
from assessment_app.services.audit_log import STATION_CHAIN, append_station_event, export_chain
from assessment_app.services.backups import create_backup_file, restore_backup_file
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.storage.anchor_store import ANCHOR_FILE
from assessment_app.storage.backup import restore_backup
from assessment_app.storage.database import open_database
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import TEST_PASSPHRASE, sign_in
from tests.unit.security_storage.conftest import NOW

ADMIN = "Agency-Admin-2026"  # the data key's passphrase: it opens the records, it is no role
AUDITOR = "M-001"  # an administrator, who may read the audit log
SIGN_IN = ["enrolment_code_used", "passphrase_changed", "login"]  # the auditor's first sign-in (tests/actors.py)


def log(records, count: int, kind: str = "login") -> None:
    for index in range(count):
        with unit_of_work(records.engine) as session:
            append_station_event(session, kind, now=NOW + timedelta(seconds=index))


def cut_tail(records, keep: int) -> None:
    """What an attacker holding the data key does: drop the append-only trigger, delete the tail."""
    with records.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_records_are_never_deleted"))
        connection.execute(text("DELETE FROM audit_records WHERE chain = 'station' AND sequence > :keep"),
                           {"keep": keep})


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def auditor_of(records):
    """The administrator signed in on these records (enrolled the first time: three events)."""
    return sign_in(records, AUDITOR, "administrator")


@pytest.fixture
def station(data_dir, memory_keyring):
    records = initialise_case_records(data_dir, ADMIN, memory_keyring)
    log(records, 6)
    yield records
    records.close()


@pytest.fixture
def auditor(station):
    """Signed in after the six events: the station chain has ten, anchored."""
    return auditor_of(station)


def verify_cli(data_dir, capsys) -> tuple[int, dict, str]:
    """`audit verify --chain station` as the auditor, who must have enrolled on these records."""
    passphrase, personal = data_dir.parent / "admin.txt", data_dir.parent / "auditor.txt"
    passphrase.write_text(ADMIN + "\n", encoding="utf-8")
    personal.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    status = main(["audit", "verify", "--chain", "station", "--data-dir", str(data_dir), "--passphrase-file",
                   str(passphrase), "--expert", AUDITOR, "--expert-passphrase-file", str(personal)])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def test_every_committed_station_event_moves_the_anchor(station, auditor, data_dir, memory_keyring):
    checkpoint = current_checkpoint(station.engine)
    events = export_chain(station, STATION_CHAIN, actor=auditor)
    assert [e.kind for e in events] == ["audit_anchored"] + ["login"] * 6 + SIGN_IN
    # One move per committed use case: the first passphrase writes two events in one transaction.
    assert (checkpoint.count, checkpoint.head, checkpoint.counter) == (10, events[-1].hash, 9)
    assert checkpoint.origin == events[0].hash
    # Kept in both places, each sealed with the anchor key (a subkey of the data key).
    key = derive_subkey(station.data_key, AUDIT_ANCHOR)
    assert unseal(json.loads((data_dir / ANCHOR_FILE).read_text()), key) == checkpoint
    [stored] = [value for (service, user), value in memory_keyring.entries.items() if user.startswith("audit-anchor:")]
    assert unseal(json.loads(stored), key) == checkpoint
    assert verify_station_chain(station, actor=auditor).ok


def test_a_rolled_back_use_case_leaves_the_anchor_where_it_was(station, auditor):
    before = current_checkpoint(station.engine)
    with pytest.raises(RuntimeError), unit_of_work(station.engine) as session:
        append_station_event(session, "login", now=NOW)
        raise RuntimeError("the use case failed")
    assert current_checkpoint(station.engine) == before and verify_station_chain(station, actor=auditor).ok


def test_deleting_the_last_station_events_is_detected(station, auditor, data_dir, capsys):
    cut_tail(station, keep=4)
    station.close()
    status, document, err = verify_cli(data_dir, capsys)
    assert status == 1 and document["reason"] == "truncated" and document["anchor"]["count"] == 10
    assert document["count"] == 5  # what is left (and the command's own sign-in) still links up: only the anchor tells
    assert "锚点（第 9 次更新" in err and "记录了 10 个事件，数据库中只有 5 个" in err


def test_events_after_a_cut_do_not_carry_the_anchor_past_it(station, auditor, data_dir, capsys):
    """Work goes on after the cut (each `audit verify` alone signs in and out): the chain grows past
    the anchored count, but the anchor stays on the head that was cut away."""
    anchored = current_checkpoint(station.engine)
    cut_tail(station, keep=4)
    log(station, 8)
    assert current_checkpoint(station.engine) == anchored
    verification = verify_station_chain(station, actor=auditor)
    assert not verification.ok and verification.reason == "head_mismatch" and verification.chain.head.count == 12
    station.close()
    for _ in range(3):
        status, document, _ = verify_cli(data_dir, capsys)
        assert status == 1 and document["reason"] == "head_mismatch" and document["anchor"]["count"] == 10


def test_an_older_database_copied_back_by_hand_is_detected(data_dir, memory_keyring, capsys, tmp_path):
    records = initialise_case_records(data_dir, ADMIN, memory_keyring)
    auditor_of(records)
    log(records, 2)
    records.close()
    shutil.copytree(data_dir, tmp_path / "old")  # the database, and its anchor file, as they were then
    with open_case_records(data_dir, ADMIN, memory_keyring) as records:
        log(records, 5)
    for name in ("cases.db", ANCHOR_FILE):
        shutil.copy2(tmp_path / "old" / name, data_dir / name)
    with open_case_records(data_dir, ADMIN, memory_keyring) as records:
        # The file copy is the old one; the credential store's is newer and outside the directory.
        verification = verify_station_chain(records, actor=auditor_of(records))
    # 1 + 3 (the sign-in) + 2 events then, 5 more since; the old copy has 6, and the sign-in to verify.
    assert not verification.ok and verification.reason == "truncated"
    assert (verification.checkpoint.count, verification.chain.head.count) == (11, 7)
    assert "数据库中只有 7 个" in describe_station_verification(verification, "zh_CN")


def test_a_restore_by_the_application_is_explained_not_flagged(station, auditor, data_dir, memory_keyring, tmp_path,
                                                                capsys):
    backup = create_backup_file(station, tmp_path / "before.ltcbak", actor=auditor, now=NOW)
    log(station, 3)
    replaced = current_checkpoint(station.engine)
    restore_backup_file(station, backup.path, None, actor=auditor, now=NOW + timedelta(days=1),
                        keyring_backend=memory_keyring)
    with open_case_records(data_dir, ADMIN, memory_keyring) as records:
        verification = verify_station_chain(records, actor=auditor_of(records))
        events = export_chain(records, STATION_CHAIN, actor=auditor_of(records))
    assert verification.ok and verification.state is AnchorState.ACTIVE
    # The backup's ten events, the restore, then the sign-ins on the restored records.
    assert [e.kind for e in events][-4:] == ["login", "backup_restored", "login", "login"] and len(events) == 13
    [restore] = verification.restores
    # The anchor replaced: ten events, the backup_created event and three more.
    assert restore["replaced_anchor"]["count"] == replaced.count == 14
    assert restore["backup_checkpoint"]["count"] == 10 and restore["backup_chain_matches_checkpoint"] is True
    assert verification.checkpoint.counter > replaced.counter and verification.checkpoint.count == 12
    assert events[10].data["restored_events"] == 10 and events[10].actors == (AUDITOR,)
    status, document, _ = verify_cli(data_dir, capsys)
    assert status == 0 and document["restores"][0]["sequence"] == 11


def test_a_backup_carries_the_sealed_checkpoint(station, auditor, tmp_path):
    before = current_checkpoint(station.engine)
    backup = create_backup_file(station, tmp_path / "b.ltcbak", actor=auditor, now=NOW)
    summary = restore_backup(backup.path, tmp_path / "elsewhere", station.data_key)
    assert unseal(summary.station_checkpoint, derive_subkey(station.data_key, AUDIT_ANCHOR)) == before
    # The backup_created event, written after the backup, moved the anchor by one event.
    assert current_checkpoint(station.engine).count == before.count + 1
    assert export_chain(station, STATION_CHAIN, actor=auditor)[-1].kind == "backup_created"


def test_a_deleted_anchor_is_reported_and_not_made_again(station, auditor, data_dir, memory_keyring, capsys):
    station.close()
    (data_dir / ANCHOR_FILE).unlink()
    memory_keyring.entries.clear()
    with open_case_records(data_dir, ADMIN, memory_keyring) as records:
        log(records, 1)  # work goes on; the anchor is not silently recreated
        reader = auditor_of(records)  # nor by a sign-in
        assert not (data_dir / ANCHOR_FILE).exists()
        assert verify_station_chain(records, actor=reader).reason == "anchor_missing"
    status, document, err = verify_cli(data_dir, capsys)
    assert status == 1 and document["anchor_state"] == "missing" and "锚点不见了" in err
    assert not (data_dir / ANCHOR_FILE).exists()


def test_an_edited_anchor_is_refused(station, auditor, data_dir, memory_keyring):
    station.close()
    document = json.loads((data_dir / ANCHOR_FILE).read_text())
    document["count"] = 3  # "the chain was only this long"
    (data_dir / ANCHOR_FILE).write_text(json.dumps(document))
    memory_keyring.entries.clear()
    with open_case_records(data_dir, ADMIN, memory_keyring) as records:
        verification = verify_station_chain(records, actor=auditor_of(records))
    assert verification.reason == "anchor_invalid" and verification.problems == (("file", "bad_mac"),)
    with pytest.raises(AnchorInvalid):
        unseal(document, derive_subkey(b"\x01" * 32, AUDIT_ANCHOR))
    assert parse(document).count == 3  # readable without the key, but not believed


def test_a_data_directory_from_before_anchoring_is_anchored_on_first_open(data_dir, memory_keyring):
    records = initialise_case_records(data_dir, ADMIN, memory_keyring)
    auditor_of(records)  # enrolled: the account outlives the chain rewritten below
    records.close()
    (data_dir / ANCHOR_FILE).unlink()
    memory_keyring.entries.clear()
    # The chain as an older version wrote it: events, no audit_anchored, no anchor anywhere.
    legacy = open_database(records.layout.database, derive_subkeys(records.data_key).database)
    with legacy.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_records_are_never_deleted"))
        connection.execute(text("DELETE FROM audit_records"))
    with unit_of_work(legacy) as session:  # no anchor is attached to this engine
        append_station_event(session, "login", now=NOW)
        append_station_event(session, "logout", now=NOW)
    legacy.dispose()
    with open_case_records(data_dir, ADMIN, memory_keyring) as reopened:
        reader = auditor_of(reopened)
        events = export_chain(reopened, STATION_CHAIN, actor=reader)
        assert [e.kind for e in events] == ["login", "logout", "audit_anchored", "login"]
        assert events[2].data == {"reason": "existing_chain", "events_before": 2}
        assert verify_station_chain(reopened, actor=reader).ok and current_checkpoint(reopened.engine).count == 4
