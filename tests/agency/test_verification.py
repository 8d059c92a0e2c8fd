# SPDX-License-Identifier: GPL-3.0-or-later
"""Workers: the twelve checks with the agency's key, then exactly one registration per bundle —
verified, quarantined with the reasons, or a duplicate — also when a worker loses its claim."""

from __future__ import annotations

import time

from sqlalchemy import select, text

from assessment_app.agency import jobs
from assessment_app.agency.audit import verify_trail
from assessment_app.agency.bundle_import import import_bundle_directory
from assessment_app.agency.database import transaction
from assessment_app.agency.models import AuditEvent, Bundle, VerificationJob
from assessment_app.agency.uploads import now_utc
from assessment_app.agency.worker import MAX_ATTEMPTS, Worker, register

from tests.agency.bundles import recut, tampered


def _worker(agency, name="w1", lease=5.0) -> Worker:
    return agency.worker(name, lease_seconds=lease)


def _bundle(agency, bundle_id) -> Bundle:
    with transaction(agency.engine) as session:
        return session.get(Bundle, bundle_id)


def _registrations(agency, bundle_id) -> list[AuditEvent]:
    with transaction(agency.engine) as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == "bundle_registered",
                                                        AuditEvent.subject == bundle_id)).all()


def test_an_imported_bundle_is_verified(agency, demo_bundle):
    bundle_id = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    assert _bundle(agency, bundle_id).status == "uploaded"
    assert _worker(agency).run_one() == "verified"
    bundle = _bundle(agency, bundle_id)
    assert (bundle.status, bundle.bundle_uuid, bundle.visit_id) == ("verified", demo_bundle.bundle_uuid,
                                                                     demo_bundle.visit_id)
    assert [check["passed"] for check in bundle.report["checks"]] == [True] * 12
    assert _worker(agency).run_one() is None  # nothing left to do


def test_importing_the_same_bundle_again_changes_nothing(agency, demo_bundle):
    first = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    _worker(agency).run_one()
    assert import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc()) == first
    assert _bundle(agency, first).status == "verified"
    assert _worker(agency).run_one() is None
    assert len(_registrations(agency, first)) == 1


def test_a_tampered_bundle_is_quarantined_with_the_reason(agency, demo_bundle, tmp_path):
    bundle_id = import_bundle_directory(agency.engine, agency.store, tampered(demo_bundle.directory, tmp_path / "t"),
                                        now_utc())
    assert _worker(agency).run_one() == "quarantined"
    bundle = _bundle(agency, bundle_id)
    assert bundle.status == "quarantined"
    assert [(reason["code"], reason["reason"]) for reason in bundle.reasons] == [("decrypt", "age_payload_tampered")]


def test_the_same_visit_cut_into_other_parts_is_a_duplicate(agency, demo_bundle, tmp_path):
    first = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    again = import_bundle_directory(agency.engine, agency.store, recut(demo_bundle.directory, tmp_path / "r", 100_000),
                                    now_utc())
    assert first != again
    assert _worker(agency).run_one() == "verified"
    assert _worker(agency).run_one() == "duplicate"
    assert _bundle(agency, again).duplicate_of == first


def test_the_database_refuses_a_second_verified_copy_of_a_visit(agency, demo_bundle, tmp_path):
    first = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    again = import_bundle_directory(agency.engine, agency.store, recut(demo_bundle.directory, tmp_path / "r", 100_000),
                                    now_utc())
    _worker(agency).run_one()
    _worker(agency).run_one()
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), transaction(agency.engine) as session:
        session.execute(text("UPDATE bundles SET status = 'verified' WHERE id = :id"), {"id": again})
    assert {_bundle(agency, first).status, _bundle(agency, again).status} == {"verified", "duplicate"}


def test_a_worker_whose_lease_ran_out_registers_nothing(agency, demo_bundle):
    bundle_id = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    with transaction(agency.engine) as session:
        stale = jobs.claim(session, "slow", lease_seconds=0.2)
    time.sleep(0.4)  # the slow worker's lease runs out without a heartbeat
    assert _worker(agency, "quick").run_one() == "verified"
    assert register(agency.engine, stale, {"manifest": {}}, [], True, now_utc()) is None
    with transaction(agency.engine) as session:
        job = session.scalar(select(VerificationJob).where(VerificationJob.bundle_id == bundle_id))
        assert (job.state, job.attempt, job.worker) == ("done", 2, "quick")
        assert jobs.renew(session, stale, 60) is False
    assert len(_registrations(agency, bundle_id)) == 1


def test_a_bundle_that_keeps_killing_its_workers_is_quarantined_for_a_person(agency, demo_bundle):
    bundle_id = import_bundle_directory(agency.engine, agency.store, demo_bundle.directory, now_utc())
    with transaction(agency.engine) as session:
        session.execute(text("UPDATE verification_jobs SET attempt = :n"), {"n": MAX_ATTEMPTS})
    assert _worker(agency).run_one() == "quarantined"
    assert [reason["reason"] for reason in _bundle(agency, bundle_id).reasons] == ["verification_abandoned"]


def test_workers_share_a_backlog_without_doing_anything_twice(agency, demo_bundle, tmp_path):
    import threading

    ids = [import_bundle_directory(agency.engine, agency.store, recut(demo_bundle.directory, tmp_path / f"r{n}",
                                                                      90_000 + n * 7_000), now_utc())
           for n in range(4)]
    stop = threading.Event()
    counts = {}

    def work(name):
        counts[name] = _worker(agency, name).run(stop, until_idle=True)
    threads = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(counts.values()) == 4
    statuses = sorted(_bundle(agency, bundle_id).status for bundle_id in ids)
    assert statuses == ["duplicate", "duplicate", "duplicate", "verified"]
    assert all(len(_registrations(agency, bundle_id)) == 1 for bundle_id in ids)
    with transaction(agency.engine) as session:
        assert verify_trail(session).ok
