# SPDX-License-Identifier: GPL-3.0-or-later
"""Storage faults: the write-ahead log cut short after a crash, and wrong keys and passphrases.

WAL truncation: a writer appends answers and is killed with SIGKILL, leaving committed
transactions in the WAL; the WAL file is then cut at a random length (as a disk losing its
tail would). The database must still open and pass its integrity check, and what it holds must
be a prefix of what was confirmed — older answers never vanish while newer ones survive. The
number of confirmed answers lost with the cut-off tail is measured.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from keyring.backends import null
from sqlalchemy import select

from assessment_app.security.data_key import WrongPassphrase
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.storage.database import WrongKey, check_integrity, open_database
from assessment_app.storage.models import Answer
from assessment_app.storage.unit_of_work import unit_of_work

from tests.conftest import REPO_ROOT
from tests.faults.conftest import trials
from tests.unit.storage import builders

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir()) if path.is_file()}


def _killed_writer(database: Path, key: bytes, ids: dict[str, str], seconds: float) -> list[int]:
    child = subprocess.Popen([sys.executable, "-m", "tests.unit.storage.answer_writer", str(database), key.hex(),
                              ids["visit"], ids["expert"]], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    try:
        assert child.stdout.readline() == b"ready\n"
        time.sleep(seconds)
        os.kill(child.pid, signal.SIGKILL)
        output = child.stdout.read()
    finally:
        child.kill()
        child.wait(timeout=30)
    return [int(line) for line in output.split(b"\n")[:-1]]


def test_a_truncated_write_ahead_log_loses_only_its_tail(tmp_path, record_outcome):
    key = os.urandom(32)
    source = tmp_path / "source"
    source.mkdir()
    database = source / "cases.db"
    engine = open_database(database, key, create=True)
    ids = builders.seed_visit(engine)
    engine.dispose()
    confirmed = _killed_writer(database, key, ids, 0.6)
    wal = database.with_name(database.name + "-wal")
    assert confirmed and wal.exists() and wal.stat().st_size > 0
    rng = random.Random(1126)
    for trial in range(trials(4, 60)):
        copy = tmp_path / f"trial-{trial}"
        shutil.copytree(source, copy)
        copied_wal = copy / wal.name
        cut = rng.randrange(0, copied_wal.stat().st_size)
        with copied_wal.open("r+b") as handle:
            handle.truncate(cut)
        reopened = open_database(copy / database.name, key)
        try:
            check_integrity(reopened)
            with unit_of_work(reopened) as session:
                present = sorted(session.scalars(select(Answer.id).where(Answer.visit_id == ids["visit"])))
        finally:
            reopened.dispose()
        kept = [answer_id for answer_id in confirmed if answer_id in present]
        assert kept == confirmed[:len(kept)], f"trial {trial}: a newer answer survived an older one"
        record_outcome("write-ahead log truncated after kill -9", trial, wal_bytes=wal.stat().st_size,
                       cut_at=cut, answers_confirmed=len(confirmed), answers_lost=len(confirmed) - len(kept),
                       opened=True, integrity_ok=True)


def test_wrong_keys_and_passphrases_change_nothing(tmp_path, record_outcome):
    data_dir = tmp_path / "workstation"
    initialise_case_records(data_dir, "the-right-passphrase-1", null.Keyring()).close()
    before = _files(data_dir)
    rng = random.Random(7)
    for trial in range(trials(3, 30)):
        wrong = "".join(rng.choice("abcdefghijk0123456789") for _ in range(rng.randint(1, 40)))
        with pytest.raises(WrongPassphrase):
            open_case_records(data_dir, wrong, null.Keyring())
        with pytest.raises(WrongKey):
            open_database(data_dir / "cases.db", os.urandom(32))
        assert _files(data_dir) == before
        record_outcome("wrong administrator passphrase / wrong database key", trial, refused=True,
                       files_unchanged=True)
    open_case_records(data_dir, "the-right-passphrase-1", null.Keyring()).close()
