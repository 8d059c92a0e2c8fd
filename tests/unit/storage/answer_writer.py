# SPDX-License-Identifier: GPL-3.0-or-later
"""Child process for the kill -9 test: appends answers forever, printing each id after its commit.

    python -m tests.unit.storage.answer_writer DATABASE KEY_HEX VISIT_ID EXPERT_ID
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

from assessment_app.storage.database import open_database
from assessment_app.storage.repositories import VisitRepository
from assessment_app.storage.unit_of_work import unit_of_work
from tests.unit.storage import builders


def main(database: str, key_hex: str, visit_id: str, expert_id: str) -> None:
    engine = open_database(Path(database), bytes.fromhex(key_hex))
    print("ready", flush=True)
    for number in itertools.count():
        with unit_of_work(engine) as session:
            answer = VisitRepository(session).append_answer(builders.answer(
                visit_id, expert_id, f"item.{number % 7}", str(number % 4), monotonic_ns=time.monotonic_ns()))
        # Printed only after the commit returned: the parent holds us to every id it sees.
        print(answer.id, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
