# SPDX-License-Identifier: GPL-3.0-or-later
"""The cost of anchoring the station audit chain: one committed station event (a sign-in, a case
registered …) with its checkpoint written outside the database, next to the same commit on the
same database with anchoring switched off, in the same run.

Each committed station event writes the checkpoint file atomically (temporary file, fsync,
rename; storage/anchor_store.py says why not the directory) and, where there is one, the
credential-store copy (here
an in-memory store, so the figure is the file's cost; a desktop's Secret Service or Windows
Credential Manager adds its own round trip). Station events are rare next to answers (those go
to the visit's chain, which is not anchored): a few per minute of use.

    python bench/audit_anchor.py [--events 200] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record  # noqa: E402

from assessment_app.security.memory_keyring import MemoryKeyring  # noqa: E402
from assessment_app.security.passphrase_kdf import Argon2idParams  # noqa: E402
from assessment_app.services import audit_anchoring  # noqa: E402
from assessment_app.services.accounts import login  # noqa: E402
from assessment_app.services.audit_log import append_station_event  # noqa: E402
from assessment_app.services.case_records import initialise_case_records  # noqa: E402
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency  # noqa: E402
from assessment_app.storage.unit_of_work import unit_of_work  # noqa: E402

NOW = datetime.datetime(2026, 12, 5, 8, 0, tzinfo=datetime.timezone.utc)


def commit_events(records, count: int) -> list[float]:
    """Seconds per use case that commits one station event."""
    timings = []
    for index in range(count):
        started = time.perf_counter()
        with unit_of_work(records.engine) as session:
            append_station_event(session, "login", now=NOW + datetime.timedelta(seconds=index),
                                 data={"method": "passphrase"})
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.data_dir) as scratch:
        records = initialise_case_records(Path(scratch) / "data", None, MemoryKeyring())
        try:
            # Reading the audit log is a use case like any other: the demo administrator signs in
            # (cheap hashing: the bench measures the commit, not Argon2).
            cheap = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
            ensure_demo_agency(records, NOW, bytes(32), kdf_params=cheap)
            auditor = login(records, "DEMO-M-001", DEMO_PASSPHRASES["DEMO-M-001"], NOW, kdf_params=cheap)
            before = audit_anchoring.current_checkpoint(records.engine).count
            commit_events(records, 10)  # warm up both paths: caches, the WAL
            anchored = commit_events(records, args.events)
            anchor = audit_anchoring._ANCHORS.pop(records.engine)  # the same database, unanchored
            plain = commit_events(records, args.events)
            audit_anchoring._ANCHORS[records.engine] = anchor
            verification = audit_anchoring.verify_station_chain(records, actor=auditor)
            assert verification.checkpoint.count == before + 10 + args.events
        finally:
            records.close()
    rows = [("anchored", anchored), ("not anchored (baseline)", plain)]
    print(f"{'commit of one station event':<32}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for label, samples in rows:
        ordered = sorted(samples)
        print(f"{label:<32}{1000 * statistics.median(samples):>10.2f}"
              f"{1000 * ordered[int(0.95 * (len(ordered) - 1))]:>10.2f}{1000 * statistics.mean(samples):>10.2f}")
    anchored_ms, plain_ms = 1000 * statistics.median(anchored), 1000 * statistics.median(plain)
    print(f"anchoring adds {anchored_ms - plain_ms:.2f} ms per committed station event "
          f"({anchored_ms / plain_ms:.2f}x the commit alone)")
    record("audit_anchor", "station event commit with anchor (p50)", anchored_ms, "ms",
           baseline="the same commit without anchor", baseline_value=plain_ms, higher_is_better=False)


if __name__ == "__main__":
    main()
