"""Case search latency with 100,000 cases, next to the same query as raw SQL in the same run.

Figures: p50 and p95 of `search_cases` (the service the case list calls: query, count, masking)
for the searches users type; baseline: the SQL the repository generates, run directly on the
same SQLCipher connection without the service layer. The ratio is the cost of the layers above
SQL. Goal (issue 4): the list and search stay responsive (p95 well under 100 ms).

    python bench/case_search.py [--cases 100000] [--repeats 30] [--data-dir DIR]
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

from keyring.backend import KeyringBackend  # noqa: E402
from sqlalchemy.dialects import sqlite  # noqa: E402

from assessment_app.security.passphrase_kdf import Argon2idParams  # noqa: E402
from assessment_app.services.accounts import login  # noqa: E402
from assessment_app.services.case_queries import search_cases  # noqa: E402
from assessment_app.services.case_records import initialise_case_records  # noqa: E402
from assessment_app.services.demo_data import generate_demo_cases  # noqa: E402
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency  # noqa: E402
from assessment_app.storage.models import Applicant  # noqa: E402
from assessment_app.storage.repositories import CaseQuery, CaseRepository  # noqa: E402
from assessment_app.storage.unit_of_work import unit_of_work  # noqa: E402


class _BenchKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.entries = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def raw_sql_of(query: CaseQuery, session) -> str:
    """The repository's own SELECT, rendered with its parameters, for the baseline."""
    repository = CaseRepository(session)
    captured = {}

    class _Capture:
        def execute(self, statement):
            captured["sql"] = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            return []

        def scalar(self, statement):
            return 0

    repository.session = _Capture()
    repository.search(query)
    return captured["sql"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--data-dir")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(args.data_dir or scratch) / "bench-data"
        now = datetime.datetime.now(datetime.timezone.utc)
        records = initialise_case_records(data_dir, None, _BenchKeyring())
        # The search is a use case like any other: the demo administrator signs in (cheap hashing:
        # the bench measures the search, not Argon2).
        cheap = Argon2idParams(memory_kib=64, iterations=1, lanes=1)
        ensure_demo_agency(records, now, bytes(32), kdf_params=cheap)
        actor = login(records, "DEMO-M-001", DEMO_PASSPHRASES["DEMO-M-001"], now, kdf_params=cheap)
        start = time.perf_counter()
        summary = generate_demo_cases(records, args.cases, seed=4, today=now.date(), now=now, actor=actor)
        generation = time.perf_counter() - start
        with unit_of_work(records.engine) as session:
            sample = session.query(Applicant).order_by(Applicant.resident_id).offset(args.cases // 2).first()
        searches = {
            "name fragment": CaseQuery(text=sample.name[2:]),
            "ID number prefix (10)": CaseQuery(text=sample.resident_id[:10]),
            "full ID number": CaseQuery(text=sample.resident_id),
            "status filter, sort by name": CaseQuery(statuses=("scheduled",), sort="name", descending=False),
            "first page, newest first": CaseQuery(),
        }
        print(f"{summary.cases:,} cases ({summary.applicants:,} persons) generated in {generation:.1f} s; "
              f"database {records.layout.database.stat().st_size / 2**20:.0f} MiB")
        service_p50s, raw_p50s = [], []
        print(f"{'search':<30} {'p50 ms':>8} {'p95 ms':>8} {'raw SQL p50':>12} {'raw p95':>8} {'ratio p50':>10}")
        for label, query in searches.items():
            service_times, raw_times = [], []
            with unit_of_work(records.engine) as session:
                sql = raw_sql_of(query, session)
            raw = records.engine.raw_connection()
            try:
                for _ in range(args.repeats):
                    began = time.perf_counter()
                    page = search_cases(records, query, actor=actor)
                    service_times.append((time.perf_counter() - began) * 1000)
                    began = time.perf_counter()
                    raw.driver_connection.execute(sql).fetchall()
                    raw_times.append((time.perf_counter() - began) * 1000)
            finally:
                raw.close()
            p50, p95 = percentile(service_times, 0.5), percentile(service_times, 0.95)
            service_p50s.append(p50)
            raw50, raw95 = percentile(raw_times, 0.5), percentile(raw_times, 0.95)
            raw_p50s.append(raw50)
            print(f"{label:<30} {p50:>8.1f} {p95:>8.1f} {raw50:>12.1f} {raw95:>8.1f} {p50 / raw50:>10.2f}"
                  f"   ({page.total:,} matches)")
        record("case search", f"slowest of {len(service_p50s)} searches, p50, {summary.cases:,} cases",
               max(service_p50s), "ms", baseline="the same search as raw SQL", baseline_value=max(raw_p50s),
               higher_is_better=False)
        print(f"slowest search p50 {max(service_p50s):.1f} ms over {len(service_p50s)} searches; "
              f"median p50 {statistics.median(service_p50s):.1f} ms")
        records.close()


if __name__ == "__main__":
    main()
