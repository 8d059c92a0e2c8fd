# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server over loopback, each figure next to a baseline measured in the same run.

What is synthetic: the visit is real (demo agency, both PAdES signatures, locked, exported), its
recording is random bytes sealed as the recording layer seals segments (bench/bundle.py), so a
bundle of any size costs what real video costs. PostgreSQL is a throwaway cluster from the Debian
packages with fsync off (assessment_app/agency/local_cluster.py): the database is not what is
measured here; the bytes go to a store on the local disk.

Figures:
- upload: our client (tus, 8 MiB pieces each with its SHA-256, offsets committed in PostgreSQL)
  to `ltc-agency serve` (mutual TLS) vs `curl -T` of the same part files to the same server's
  raw streaming endpoint (no protocol, no hashing): MB/s, ratio (goal ≥ 0.8);
- verification by one worker (the twelve checks, registration) vs `age -d` + `sha256sum` of the
  same bundle (goal ≥ 0.8);
- a backlog of bundles verified by 2 worker processes vs 1;
- 50 concurrent uploads of small bundles: none lost (every part's hash equal), and the peak
  resident memory of the server process;
- the review desk at 100,000 records (`ltc-agency demo-data`): the queue page and each dashboard
  query, p50 and p95, through the API (HTTPS, mutual TLS, a signed-in reviewer) and through the
  service function, against the same SQL run alone on the same connection (goal ≤ 1.5×, queue
  p50 ≤ 50 ms); and the review extraction at registration of the large bundle vs `age -d`.

Usage: python bench/agency.py [--size-mb 512] [--backlog 6] [--backlog-mb 48] [--concurrent 50]
                              [--desk-records 100000] [--desk-only]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bundle import synthetic_recording  # noqa: E402
from bench.results import record  # noqa: E402

from assessment_app.agency import jobs  # noqa: E402
from assessment_app.agency.bundle_import import import_bundle_directory  # noqa: E402
from assessment_app.agency.database import open_engine, transaction, upgrade_to_head  # noqa: E402
from assessment_app.agency.local_cluster import LocalCluster  # noqa: E402
from assessment_app.agency.uploads import bundle_prefix, now_utc  # noqa: E402
from assessment_app.bundle.parts import read_index  # noqa: E402
from assessment_app.services.bundle_export import export_visit  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tests.agency.bundles import recut  # noqa: E402
from tests.agency.conftest import make_agency  # noqa: E402
from tests.agency.harness import ServerProcess, agency_command, client_for, write_config  # noqa: E402
from tests.conftest import REPO_ROOT  # noqa: E402
from tests.unit.bundle.conftest import EXPORTED_AT, make_laptop  # noqa: E402

BENCH = "agency"


def bundle_bytes(bundle: Path) -> int:
    return sum(part.size for part in read_index(bundle))


def make_bundle(work: Path, size_mb: int, name: str) -> tuple[Path, Path]:
    laptop = make_laptop(work / f"laptop-{name}", video=False)
    if size_mb:
        synthetic_recording(laptop.records, laptop.visit_id, size_mb * 1024 * 1024)
    result = export_visit(laptop.records, laptop.visit_id, work / f"out-{name}", signers=laptop.signers,
                          now=EXPORTED_AT)
    identity = laptop.identity_file
    laptop.records.close()
    return Path(result.bundle_dir), identity


def curl_upload(server: ServerProcess, agency, workstation, bundle: Path) -> float:
    started = time.perf_counter()
    for part in read_index(bundle):
        subprocess.run(["curl", "--silent", "--show-error", "--fail", "--cacert", str(agency.directory / "ca.pem"),
                        "--cert", str(workstation.certificate), "--key", str(workstation.key),
                        "-T", str(bundle / part.name), f"{server.url}/v1/raw/{part.name}"],
                       check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def python_put(server: ServerProcess, agency, workstation, bundle: Path) -> float:
    """The same raw PUTs from Python's http.client (what our client is built on): separates the
    cost of the client's language from the cost of the protocol."""
    import http.client

    from assessment_app.agency.client import client_context

    context = client_context(agency.ca_pem, workstation.certificate, workstation.key)
    connection = http.client.HTTPSConnection("127.0.0.1", server.config.port, context=context, timeout=120,
                                             blocksize=1024 * 1024)
    started = time.perf_counter()
    for part in read_index(bundle):
        with open(bundle / part.name, "rb") as body:
            connection.request("PUT", f"/v1/raw/py-{part.name}", body=body, headers={"Content-Length": str(part.size)})
        response = connection.getresponse()
        response.read()
        assert response.status == 204, response.status
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def upload_throughput(server, agency, workstation, bundle: Path, work: Path, rounds: int = 3) -> str:
    """Best of `rounds`, curl and ours alternating on the same server (the machine is shared:
    the best round is the one least disturbed). Ours sends a fresh copy each round (the same bytes
    cut at another part size), since a bundle already received is not sent again."""
    (agency.directory / "ca.pem").write_text(agency.ca_pem)
    megabytes = bundle_bytes(bundle) / 1e6
    copies = [recut(bundle, work / f"upload-{n}", 64 * 1024 * 1024 - n) for n in range(rounds - 1)]
    os.sync()  # the copies' writeback must not land in a measured round
    curl_upload(server, agency, workstation, bundle)  # warm the page cache and the server
    curl_times, our_times, python_times = [], [], []
    for copy in [bundle, *copies]:
        curl_times.append(curl_upload(server, agency, workstation, bundle))
        python_times.append(python_put(server, agency, workstation, bundle))
        client = client_for(server.url, agency.ca_pem, workstation)
        started = time.perf_counter()
        status = client.upload_bundle(copy)
        our_times.append(time.perf_counter() - started)
        client.close()
        assert status["status"] == "uploaded", status
        if copy == bundle:
            first = status["bundle"]
    ours, curl_seconds, python_seconds = min(our_times), min(curl_times), min(python_times)
    print(f"upload {megabytes:.0f} MB, best of {rounds}: ours {megabytes / ours:.0f} MB/s ({ours:.2f} s), "
          f"curl -T raw {megabytes / curl_seconds:.0f} MB/s ({curl_seconds:.2f} s), ratio {curl_seconds / ours:.2f}; "
          f"http.client PUT raw {megabytes / python_seconds:.0f} MB/s ({python_seconds:.2f} s)")
    record(BENCH, "upload throughput (tus, mutual TLS, loopback)", megabytes / ours, "MB/s",
           baseline="curl -T to the raw endpoint", baseline_value=megabytes / curl_seconds)
    record(BENCH, "raw PUT from Python's http.client", megabytes / python_seconds, "MB/s",
           baseline="curl -T to the raw endpoint", baseline_value=megabytes / curl_seconds)
    return first


def verification_throughput(agency, bundle_id: str, bundle: Path, identity: Path, work: Path) -> None:
    megabytes = bundle_bytes(bundle) / 1e6
    worker = agency.worker("bench", lease_seconds=120)
    started = time.perf_counter()
    status = worker.run_one()
    ours = time.perf_counter() - started
    assert status == "verified", status
    parts = [str(agency.store.local_directory(bundle_prefix(bundle_id)) / part.name) for part in read_index(bundle)]
    tar = work / "plain.tar"
    started = time.perf_counter()
    with open(tar, "wb") as sink:
        cat = subprocess.Popen(["cat", *parts], stdout=subprocess.PIPE)
        subprocess.run(["age", "-d", "-i", str(identity)], stdin=cat.stdout, stdout=sink, check=True)
        cat.wait()
    subprocess.run(["sha256sum", str(tar)], check=True, stdout=subprocess.DEVNULL)
    baseline = time.perf_counter() - started
    tar.unlink()
    # verify_bundle alone on the same directory: what the worker adds around it (claim, lease,
    # registration) is the difference; the rest belongs to the bundle layer's checks.
    from assessment_app.agency.authority import trusted_cas
    from assessment_app.bundle.verification import verify_bundle
    from assessment_app.security.trust import TrustAnchors

    with transaction(agency.engine) as session:
        anchors = TrustAnchors(trusted_cas(session))
    started = time.perf_counter()
    assert verify_bundle(agency.store.local_directory(bundle_prefix(bundle_id)), identity, anchors, now=now_utc()).ok
    alone = time.perf_counter() - started
    print(f"verify {megabytes:.0f} MB: one worker {megabytes / ours:.0f} MB/s ({ours:.2f} s), "
          f"verify_bundle alone {megabytes / alone:.0f} MB/s ({alone:.2f} s), "
          f"age -d + sha256sum {megabytes / baseline:.0f} MB/s ({baseline:.2f} s), ratio {baseline / ours:.2f}")
    record(BENCH, "verification per worker (12 checks + registration)", megabytes / ours, "MB/s",
           baseline="age -d + sha256sum", baseline_value=megabytes / baseline)
    # The review desk's part of the registration: members found by seeking through the age
    # chunks, small members read and checked; the video is not decrypted.
    from assessment_app.agency.record_extraction import extract_record
    from assessment_app.agency.uploads import parse_index
    from assessment_app.bundle.verification import read_identity

    with transaction(agency.engine) as session:
        index_json, manifest = session.execute(text("SELECT index_json, report FROM bundles WHERE id = :b"),
                                               {"b": bundle_id}).one()
    report = verify_bundle(agency.store.local_directory(bundle_prefix(bundle_id)), identity, anchors, now=now_utc())
    started = time.perf_counter()
    extracted = extract_record(agency.store, bundle_id, parse_index(index_json), read_identity(identity),
                               report.manifest)
    extraction = time.perf_counter() - started
    print(f"review extraction of {megabytes:.0f} MB ({len(extracted.members)} members): {extraction * 1000:.0f} ms, "
          f"age -d + sha256sum {baseline:.2f} s")
    record(BENCH, "review extraction at registration (seconds per bundle)", extraction, "s",
           baseline="age -d + sha256sum of the bundle", baseline_value=baseline, higher_is_better=False)


def requeue(agency) -> None:
    """Every bundle back to `uploaded` and its job to `queued`; the review desk forgets the records
    registered from them (a registration would otherwise meet its own record of the last round)."""
    with transaction(agency.engine) as session:
        for table in ("review_decisions", "review_claims", "review_members", "review_records"):
            session.execute(text(f"DELETE FROM {table}"))
        session.execute(text("UPDATE bundles SET status = 'uploaded', registered_at = NULL, duplicate_of = NULL, "
                             "bundle_uuid = NULL, manifest_sha256 = NULL, report = NULL, reasons = NULL "
                             "WHERE status IN ('verified', 'duplicate', 'quarantined')"))
        session.execute(text("UPDATE verification_jobs SET state = 'queued', attempt = 0, worker = NULL, "
                             "lease_until = NULL, finished_at = NULL"))
        session.execute(text(f"NOTIFY {jobs.CHANNEL}"))


def _count(agency, sql: str) -> int:
    with transaction(agency.engine) as session:
        return int(session.scalar(text(sql)))


def run_workers(agency, config_path: Path, count: int) -> float:
    """Start `count` worker processes, wait until each listens for work (their start-up is not
    what is measured), queue the whole backlog again, and time until every bundle is registered."""
    processes = [subprocess.Popen(agency_command(config_path, "worker", "--name", f"bench-{n}"), cwd=REPO_ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(count)]
    try:
        deadline = time.monotonic() + 300
        while _count(agency, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'") < count:
            if time.monotonic() > deadline or any(process.poll() is not None for process in processes):
                raise RuntimeError("the workers did not start")
            time.sleep(0.05)
        started = time.perf_counter()
        requeue(agency)
        while _count(agency, "SELECT count(*) FROM bundles WHERE registered_at IS NULL"):
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=120)


def backlog(agency, config_path: Path, bundle: Path, copies: int, work: Path) -> None:
    for number in range(copies):
        copy = recut(bundle, work / f"backlog-{number}", 16 * 1024 * 1024 + number * 4096)
        import_bundle_directory(agency.engine, agency.store, copy, now_utc())
    megabytes = copies * bundle_bytes(bundle) / 1e6
    # Alternating, best of two each: the machine is shared, the best round is the least disturbed.
    one, two = float("inf"), float("inf")
    for _ in range(2):
        one = min(one, run_workers(agency, config_path, 1))
        two = min(two, run_workers(agency, config_path, 2))
    print(f"backlog of {copies} bundles ({megabytes:.0f} MB), best of 2: 1 worker {one:.2f} s, 2 workers {two:.2f} s, "
          f"speed-up {one / two:.2f}× on {os.cpu_count()} cores")
    record(BENCH, f"backlog of {copies} bundles, 2 workers", megabytes / two, "MB/s",
           baseline="1 worker", baseline_value=megabytes / one)


def concurrent_uploads(server: ServerProcess, agency, small: Path, count: int, work: Path) -> None:
    bundles = [recut(small, work / f"concurrent-{n}", 32 * 1024 + n * 512) for n in range(count)]
    workstations = [agency.workstation(f"笔记本-{n:02d}") for n in range(count)]
    results, errors = {}, []

    def upload(number: int) -> None:
        client = client_for(server.url, agency.ca_pem, workstations[number], chunk_size=256 * 1024)
        try:
            results[number] = client.upload_bundle(bundles[number])
        except Exception as error:  # noqa: BLE001 - counted as lost
            errors.append(error)
        finally:
            client.close()
    threads = [threading.Thread(target=upload, args=(number,)) for number in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    intact = sum(1 for number, status in results.items() if status["status"] == "uploaded" and all(
        hashlib.sha256((agency.store.local_directory(bundle_prefix(status["bundle"])) / part.name).read_bytes())
        .hexdigest() == part.sha256 for part in read_index(bundles[number])))
    peak = peak_rss_kib(server.process.pid)
    print(f"{count} concurrent uploads in {seconds:.2f} s: {intact} complete and intact, {len(errors)} failed, "
          f"server peak RSS {peak / 1024:.0f} MiB")
    record(BENCH, f"{count} concurrent uploads: complete and intact", intact, "uploads",
           baseline="uploads started", baseline_value=count)
    record(BENCH, f"server peak RSS during {count} concurrent uploads", peak / 1024, "MiB", higher_is_better=False)


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _timed(action, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def desk(cluster, work: Path, identity: Path, records: int, rounds: int = 40) -> None:
    """Queue and dashboard at `records` records: API and service vs the same SQL alone."""
    from assessment_app.agency import dashboard_queries, review_queue
    from assessment_app.agency.demo_data import generate
    from assessment_app.agency.review_client import ReviewClient
    from assessment_app.agency.review_settings import read_settings
    from assessment_app.domain.review_queue import QueueFilter

    from tests.agency.desk import build_people, trust

    url = cluster.create_database("desk")
    upgrade_to_head(open_engine(url, pool_size=1, max_overflow=0))
    agency = make_agency(url, work / "desk-agency", identity)
    started = time.perf_counter()
    summary = generate(agency.engine, agency.records_key, seed=2026, visits=records, assessor_count=20)
    print(f"demo-data: {summary.visits} records in {time.perf_counter() - started:.1f} s")
    people = build_people()
    trust(agency, people)
    (work / "desk-server").mkdir()
    server = ServerProcess(agency.config, work / "desk-server").start()
    try:
        station = agency.workstation("审核工作站")
        client = ReviewClient(server.url, ca_pem=agency.ca_pem, certificate=station.certificate, key=station.key)
        client.sign_in(people.keys["DEMO-R-001"], people.certificates["DEMO-R-001"])
        now = now_utc()
        with agency.engine.connect() as connection:
            session = Session(bind=connection)
            # What run_query sets for its own transaction, so that the SQL alone runs the same way.
            connection.execute(text(f"SET work_mem = '{dashboard_queries.WORK_MEM}'"))
            settings = read_settings(session)
            names = {number: people.names[number] for number in people.names}
            rows_sql, count_sql, parameters = review_queue.queue_sql(QueueFilter(review_status="pending"))
            page_parameters = {**parameters, "limit": 50, "offset": 0}

            def sql_alone():
                connection.execute(text(count_sql), parameters).scalar_one()
                connection.execute(text(rows_sql), page_parameters).all()

            def service():
                review_queue.queue_page(session, agency.records_key, QueueFilter(review_status="pending"),
                                        review_queue.Page(1, 50), names, now)

            def api():
                client.queue(QueueFilter(review_status="pending"))

            figures = [("queue page (50 pending rows of %d)" % records, sql_alone, service, api)]
            context = dashboard_queries.Context(dashboard_queries.DashboardFilter(), settings)
            for name in dashboard_queries.QUERIES:
                statement, values = dashboard_queries.statement(name, context)
                figures.append((f"dashboard {name}",
                                lambda statement=statement, values=values: connection.execute(text(statement),
                                                                                               values).all(),
                                lambda name=name: dashboard_queries.run_query(session, name, context,
                                                                              key=agency.records_key),
                                lambda name=name: client.dashboard(name)))
            for label, alone, ours, http in figures:
                for action in (alone, ours, http):
                    action()  # warm: plans, caches, the connection
                times = {"sql": [], "service": [], "api": []}
                for _ in range(rounds):  # interleaved: a disturbance of the shared machine hits all three
                    for key, action in (("sql", alone), ("service", ours), ("api", http)):
                        times[key] += _timed(action, 1)
                (sql50, sql95), (svc50, svc95), (api50, api95) = (_percentiles(times[key])
                                                                  for key in ("sql", "service", "api"))
                print(f"{label}: API p50 {api50:.1f} ms p95 {api95:.1f} ms; service p50 {svc50:.1f} ms "
                      f"p95 {svc95:.1f} ms; SQL alone p50 {sql50:.1f} ms p95 {sql95:.1f} ms; "
                      f"ratio API/SQL {api50 / sql50:.2f}, service/SQL {svc50 / sql50:.2f}")
                record(BENCH, f"{label}, API p50", api50, "ms", baseline="the same SQL alone, p50",
                       baseline_value=sql50, higher_is_better=False)
                record(BENCH, f"{label}, API p95", api95, "ms", baseline="the same SQL alone, p95",
                       baseline_value=sql95, higher_is_better=False)
                if label.startswith("queue"):
                    record(BENCH, f"{label}, service p50", svc50, "ms", baseline="the same SQL alone, p50",
                           baseline_value=sql50, higher_is_better=False)
            session.close()
        client.close()
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=512, help="video in the large bundle, MiB (default 512)")
    parser.add_argument("--backlog", type=int, default=6, help="bundles in the worker backlog (default 6)")
    parser.add_argument("--backlog-mb", type=int, default=48, help="video per backlog bundle, MiB (default 48)")
    parser.add_argument("--concurrent", type=int, default=50, help="concurrent uploads (default 50)")
    parser.add_argument("--desk-records", type=int, default=100_000, help="records for the review desk (default 100,000)")
    parser.add_argument("--desk-only", action="store_true", help="only the review desk's figures")
    args = parser.parse_args()
    for tool in ("age", "curl", "sha256sum"):
        if shutil.which(tool) is None:
            sys.exit(f"the `{tool}` command line tool is needed for the baselines")
    work = Path(tempfile.mkdtemp(prefix="ltc-bench-agency-"))
    cluster = LocalCluster().start()  # a folder of its own: the `postgres` user must reach it
    server = None
    try:
        if args.desk_only:
            small, identity = make_bundle(work, 0, "small")
            desk(cluster, work, identity, args.desk_records)
            return
        large, identity = make_bundle(work, args.size_mb, "large")
        medium, _ = make_bundle(work, args.backlog_mb, "medium")
        small, _ = make_bundle(work, 0, "small")  # a visit without video: ~0.1 MB
        url = cluster.create_database("agency")
        upgrade_to_head(open_engine(url, pool_size=1, max_overflow=0))
        agency = make_agency(url, work / "agency", identity)
        server = ServerProcess(agency.config, work).start()
        workstation = agency.workstation()
        bundle_id = upload_throughput(server, agency, workstation, large, work)
        verification_throughput(agency, bundle_id, large, identity, work)
        # The backlog on a database of its own: the upload rounds above left their copies queued.
        backlog_url = cluster.create_database("backlog")
        upgrade_to_head(open_engine(backlog_url, pool_size=1, max_overflow=0))
        backlog_agency = make_agency(backlog_url, work / "backlog-agency", identity)
        backlog(backlog_agency, write_config(backlog_agency.config, work / "backlog.toml"), medium, args.backlog, work)
        concurrent_uploads(server, agency, small, args.concurrent, work)
        desk(cluster, work, identity, args.desk_records)
    finally:
        if server is not None:
            server.stop()
        cluster.remove()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
