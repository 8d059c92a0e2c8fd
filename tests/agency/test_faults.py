# SPDX-License-Identifier: GPL-3.0-or-later
"""Faults the agency server must survive (loopback only, bounded, each stopping by itself):
cut connections, a killed and restarted server, a restarted PostgreSQL, a worker killed with
SIGKILL mid-verification, a full store, a tampered bundle, a revoked workstation. Every trial's
outcome goes to tests/artifacts/faults.jsonl (tests/faults/conftest.py) for docs/reliability.md;
LTC_FAULTS=long runs more trials."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import subprocess
import threading
import time

import pytest
from sqlalchemy import select, text

from assessment_app.agency.bundle_import import import_bundle_directory
from assessment_app.agency.client import RetryPolicy
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import AuditEvent, Bundle, VerificationJob
from assessment_app.agency.store import DirectoryStore
from assessment_app.agency.uploads import bundle_prefix, now_utc
from assessment_app.bundle.parts import read_index

from tests.agency.bundles import recut, tampered
from tests.agency.harness import CuttingProxy, ServerProcess, ServerThread, agency_command, client_for
from tests.conftest import REPO_ROOT
from tests.faults.conftest import record_outcome, trials  # noqa: F401 - fixture
from tests.size_limited_fs import size_limited_filesystem

PATIENT = RetryPolicy(attempts=40, first_delay=0.05, max_delay=0.5)


def _stored_parts_match(store: DirectoryStore, bundle_id: str, source) -> bool:
    directory = store.local_directory(bundle_prefix(bundle_id))
    return all(hashlib.sha256((directory / part.name).read_bytes()).hexdigest() == part.sha256
               for part in read_index(source))


def _size(bundle) -> int:
    return sum(part.size for part in read_index(bundle))


def _bundle(agency, bundle_id) -> Bundle:
    with transaction(agency.engine) as session:
        return session.get(Bundle, bundle_id)


def test_an_upload_cut_at_random_bytes_resumes_to_the_same_hashes(agency, demo_bundle, record_outcome):  # noqa: F811
    workstation = agency.workstation()
    total = sum(part.size for part in read_index(demo_bundle.directory))
    rng = random.Random(1709)
    with ServerThread(agency.config) as server:
        for trial in range(trials(3, 20)):
            bundle = recut(demo_bundle.directory, agency.directory / f"cut-{trial}", rng.randrange(60_000, 200_000))
            proxy = CuttingProxy(server.config.port, cut_at=rng.randrange(2_000, total))
            client = client_for(proxy.url, agency.ca_pem, workstation, chunk_size=48 * 1024, retry=PATIENT)
            try:
                status = client.upload_bundle(bundle)
            finally:
                client.close()
                proxy.close()
            same = _stored_parts_match(agency.store, status["bundle"], bundle)
            record_outcome("agency upload cut at a random byte", trial, cut_at_byte=proxy.cut_at, bundle_bytes=total,
                           cuts=proxy.cuts, completed=status["status"] == "uploaded", hashes_equal=same)
            assert proxy.cuts == 1 and status["status"] == "uploaded" and same


def _upload_in_background(url, agency, workstation, bundles, chunk_size=32 * 1024):
    results, errors = {}, []

    def upload(bundle):
        client = client_for(url, agency.ca_pem, workstation, chunk_size=chunk_size, retry=PATIENT)
        try:
            results[bundle] = client.upload_bundle(bundle)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            client.close()
    threads = [threading.Thread(target=upload, args=(bundle,)) for bundle in bundles]
    for thread in threads:
        thread.start()
    return threads, results, errors


def _received(agency) -> int:
    with transaction(agency.engine) as session:
        return int(session.scalar(text('SELECT coalesce(sum("offset"), 0) FROM uploads')))


def _wait_until_received(agency, minimum: int, baseline: int, timeout: float = 30) -> int:
    """Bytes acknowledged for this trial's uploads (beyond `baseline`, what earlier trials left),
    once at least `minimum`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        received = _received(agency) - baseline
        if received >= minimum:
            return received
        time.sleep(0.01)
    raise TimeoutError("the uploads did not progress")


def test_the_server_killed_and_restarted_during_uploads(agency, demo_bundle, tmp_path, record_outcome):  # noqa: F811
    workstation = agency.workstation()
    rng = random.Random(31)
    server = ServerProcess(agency.config, tmp_path).start()
    try:
        for trial in range(trials(1, 6)):
            # Other part sizes in every trial: other bundles (the same ones again would be known already).
            bundles = [recut(demo_bundle.directory, tmp_path / f"s{trial}-{n}", 70_000 + 9_000 * n + 1_000 * trial)
                       for n in range(3)]
            baseline = _received(agency)
            threads, results, errors = _upload_in_background(server.url, agency, workstation, bundles)
            received_at_kill = _wait_until_received(agency, rng.randrange(50_000, 400_000), baseline)
            server.kill()
            server.start()
            for thread in threads:
                thread.join(timeout=120)
            complete = [bundle for bundle in bundles if results.get(bundle, {}).get("status") == "uploaded"]
            same = all(_stored_parts_match(agency.store, results[bundle]["bundle"], bundle) for bundle in complete)
            record_outcome("agency server SIGKILL during uploads", trial, uploads=len(bundles),
                           received_bytes_at_kill=received_at_kill, completed=len(complete), hashes_equal=same,
                           errors=len(errors))
            assert received_at_kill < sum(_size(bundle) for bundle in bundles)  # killed while receiving
            assert errors == [] and len(complete) == 3 and same
    finally:
        server.stop()


def test_postgresql_restarted_during_uploads(agency, demo_bundle, tmp_path, pg_cluster, record_outcome):  # noqa: F811
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        for trial in range(trials(1, 4)):
            bundles = [recut(demo_bundle.directory, tmp_path / f"p{trial}-{n}", 80_000 + 5_000 * n + 1_000 * trial)
                       for n in range(3)]
            baseline = _received(agency)
            threads, results, errors = _upload_in_background(server.url, agency, workstation, bundles)
            received_at_restart = _wait_until_received(agency, 150_000, baseline)
            pg_cluster.restart()
            for thread in threads:
                thread.join(timeout=120)
            complete = [bundle for bundle in bundles if results.get(bundle, {}).get("status") == "uploaded"]
            same = all(_stored_parts_match(agency.store, results[bundle]["bundle"], bundle) for bundle in complete)
            record_outcome("agency PostgreSQL restart during uploads", trial, uploads=len(bundles),
                           received_bytes_at_restart=received_at_restart, completed=len(complete), hashes_equal=same,
                           errors=len(errors))
            assert received_at_restart < sum(_size(bundle) for bundle in bundles)
            assert errors == [] and len(complete) == 3 and same


def test_a_worker_killed_mid_verification_is_replaced_and_nothing_registers_twice(agency, demo_bundle, tmp_path,
                                                                                    record_outcome):  # noqa: F811
    from tests.agency.harness import write_config

    config_path = write_config(agency.config, tmp_path / "agency.toml")
    for trial in range(trials(2, 8)):
        bundle = recut(demo_bundle.directory, tmp_path / f"k{trial}", 100_000 + trial * 3_000)
        bundle_id = import_bundle_directory(agency.engine, agency.store, bundle, now_utc())
        victim = subprocess.Popen(agency_command(config_path, "worker", "--name", f"victim-{trial}"), cwd=REPO_ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with transaction(agency.engine) as session:
                    job = session.scalar(select(VerificationJob).where(VerificationJob.bundle_id == bundle_id))
                if job.state == "running":
                    break
                time.sleep(0.005)
            victim.kill()
            victim.wait(timeout=20)
            killed_mid_job = _bundle(agency, bundle_id).status == "uploaded"
        finally:
            if victim.poll() is None:
                victim.kill()
        stop = threading.Event()
        replacement = agency.worker("replacement", lease_seconds=2, poll_seconds=0.2)
        thread = threading.Thread(target=replacement.run, args=(stop,))
        started = time.monotonic()
        thread.start()
        while _bundle(agency, bundle_id).status == "uploaded" and time.monotonic() - started < 60:
            time.sleep(0.05)
        stop.set()
        thread.join(timeout=60)
        with transaction(agency.engine) as session:
            job = session.scalar(select(VerificationJob).where(VerificationJob.bundle_id == bundle_id))
            registrations = session.scalars(select(AuditEvent).where(AuditEvent.action == "bundle_registered",
                                                                     AuditEvent.subject == bundle_id)).all()
        status = _bundle(agency, bundle_id).status
        record_outcome("agency worker SIGKILL mid-verification", trial, killed_mid_job=killed_mid_job,
                       taken_over_after_s=round(time.monotonic() - started, 2), attempts=job.attempt,
                       registrations=len(registrations), status=status)
        assert killed_mid_job and job.attempt == 2 and job.worker == "replacement"
        assert len(registrations) == 1 and status in ("verified", "duplicate")


def test_a_full_store_refuses_the_upload_clearly_and_registers_nothing_partial(agency, demo_bundle, tmp_path,
                                                                                record_outcome):  # noqa: F811
    total = sum(part.size for part in read_index(demo_bundle.directory))
    workstation = agency.workstation()
    with size_limited_filesystem(tmp_path / "nas", f"{total // 2048}k") as mount:
        config = dataclasses.replace(agency.config, store_path=mount / "store")
        store = DirectoryStore(config.store_path)
        with ServerThread(config) as server:
            client = client_for(server.url, agency.ca_pem, workstation, chunk_size=64 * 1024,
                                retry=RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.02))
            with pytest.raises(AgencyError) as refused:
                client.upload_bundle(demo_bundle.directory)
            assert refused.value.reason == "upload_gave_up" and "507" in refused.value.detail
            with transaction(agency.engine) as session:
                bundle = session.scalars(select(Bundle)).one()
                jobs = session.scalar(text("SELECT count(*) FROM verification_jobs"))
            record_outcome("agency store full during upload", 0, bundle_kib=total // 1024,
                           store_kib=total // 2048, status=bundle.status, jobs_queued=jobs)
            assert bundle.status == "receiving" and jobs == 0
            # The NAS grows (an administrator freed space): the same upload resumes and completes.
            subprocess.run(["mount", "-o", f"remount,size={total // 256}k", str(mount)], check=True)
            status = client.upload_bundle(demo_bundle.directory)
            client.close()
            assert status["status"] == "uploaded" and _stored_parts_match(store, status["bundle"], demo_bundle.directory)


def test_a_tampered_bundle_uploaded_is_quarantined_with_its_reasons(agency, demo_bundle, tmp_path,
                                                                    record_outcome):  # noqa: F811
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        client = client_for(server.url, agency.ca_pem, workstation)
        status = client.upload_bundle(tampered(demo_bundle.directory, tmp_path / "tampered"))
        agency.worker("w").run_one()
        status = client.bundle_status(status["bundle"])
        client.close()
    record_outcome("agency tampered bundle uploaded", 0, status=status["status"],
                   reasons=",".join(reason["reason"] for reason in status["reasons"]))
    assert status["status"] == "quarantined" and status["reasons"][0]["reason"] == "age_payload_tampered"


def test_a_workstation_revoked_mid_upload_is_refused_from_then_on(agency, demo_bundle, record_outcome):  # noqa: F811
    from assessment_app.agency.authority import revoke_workstation

    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        client = client_for(server.url, agency.ca_pem, workstation, chunk_size=32 * 1024)
        seen = []

        def revoke_after_first_piece(done, total):
            seen.append(done)
            if len(seen) == 2:
                with transaction(agency.engine) as session:
                    revoke_workstation(session, workstation.id, reason="被盗", now=now_utc())
        with pytest.raises(AgencyError) as refused:
            client.upload_bundle(demo_bundle.directory, progress=revoke_after_first_piece)
        client.close()
    record_outcome("agency workstation revoked mid-upload", 0, refused=refused.value.detail)
    assert refused.value.reason == "server_refused" and "403" in refused.value.detail
