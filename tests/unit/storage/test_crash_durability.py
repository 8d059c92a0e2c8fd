# SPDX-License-Identifier: GPL-3.0-or-later
"""`kill -9` at a random moment loses no answer whose commit had returned."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from assessment_app.storage.database import check_integrity, open_database
from assessment_app.storage.models import Answer
from assessment_app.storage.repositories import VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work
from tests.conftest import REPO_ROOT
from tests.unit.storage import builders

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _run_writer_and_kill(layout, subkeys, ids, delay_s: float) -> list[int]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.storage.answer_writer", str(layout.database),
         subkeys.database.hex(), ids["visit"], ids["expert"]],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode(errors="replace")
        time.sleep(delay_s)
        os.kill(child.pid, signal.SIGKILL)
        output = child.stdout.read()
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    # A line cut off by the kill was never confirmed to the parent: only whole lines count.
    return [int(line) for line in output.split(b"\n")[:-1]]


def test_every_committed_answer_survives_kill_minus_9(engine, layout, subkeys):
    ids = builders.seed_visit(engine)
    engine.dispose()
    seed = int.from_bytes(os.urandom(4), "big")
    moments = random.Random(seed).sample([0.05, 0.1, 0.15, 0.2, 0.3, 0.4], 3)
    confirmed: list[int] = []
    for delay in moments:
        confirmed += _run_writer_and_kill(layout, subkeys, ids, delay)
    assert confirmed, f"the writer confirmed no answer at all (seed {seed})"
    reopened = open_database(layout.database, subkeys.database)
    try:
        check_integrity(reopened)
        with unit_of_work(reopened) as session:
            present = set(session.scalars(select(Answer.id)))
            current = VisitRepository(session).current_answers(ids["visit"])
        missing = sorted(set(confirmed) - present)
        assert missing == [], f"lost committed answers {missing[:10]} (seed {seed}, moments {moments})"
        assert len(current) == 7  # supersession chains are intact: one answer in force per item
    finally:
        reopened.dispose()
