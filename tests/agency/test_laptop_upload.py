# SPDX-License-Identifier: GPL-3.0-or-later
"""The laptop's side of the upload, against a real agency server on loopback and a real PostgreSQL:
the workstation key and its enrolment, the persisted queue and its runner (resume after a crash,
back-off while offline, cancel, a refusal that needs a person), and the server's verdict kept for
the case page. The laptop is a demo laptop with a signed, recorded, exported visit."""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading

import pytest
from sqlalchemy import text

from assessment_app.agency.authority import revoke_workstation
from assessment_app.agency.database import transaction
from assessment_app.agency.demo_link import link_demo_laptop
from assessment_app.agency.uploads import now_utc
from assessment_app.domain.agency_upload import CaseUploadStage
from assessment_app.domain.roles import PermissionDenied
from assessment_app.services import upload_queue as queue
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.upload_runner import UploadRunner
from assessment_app.services.workstation_identity import (
    SCRATCH_PREFIX, UploadNotConfigured, open_agency_client, request_workstation_certificate, upload_configured,
)
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE
from tests.agency.harness import ServerThread, free_port
from tests.agency.conftest import QUICK
from tests.unit.bundle.conftest import demo_sign_in

class Recorder:
    def __init__(self, on_progress=None):
        self.figures, self.changes, self.on_progress = [], 0, on_progress

    def progress(self, upload_id, figures):
        self.figures.append(figures)
        if self.on_progress is not None:
            self.on_progress(figures)

    def changed(self):
        self.changes += 1


class Clock:
    def __init__(self):
        self.now = now_utc()

    def __call__(self):
        return self.now


def _runner(laptop, observer=None, clock=None, **options):
    return UploadRunner(lambda: laptop.records, observer=observer, clock=clock or now_utc,
                        client_options={"retry": QUICK, "chunk_size": 32 * 1024, **options})


def _row(laptop, upload_id):
    return next(item for item in queue.list_uploads(laptop.records, actor=laptop.world.pair.first)
                if item.upload_id == upload_id)


def test_the_workstation_key_stays_in_the_encrypted_database_and_enrolment_needs_an_administrator(connected):
    laptop, agency, server, link = connected
    assert upload_configured(laptop.records) is None
    with pytest.raises(PermissionDenied):
        request_workstation_certificate(laptop.records, "另一台", now_utc(), actor=laptop.world.pair.first)
    with pytest.raises(NotSignedIn):
        request_workstation_certificate(laptop.records, "另一台", now_utc(), actor=None)
    # The key is a row of the SQLCipher database; the data directory holds no key file, and the
    # scratch file a connection needs is gone once the connection is set up.
    client = open_agency_client(laptop.records, retry=QUICK)
    assert client.whoami()["workstation_id"] == link.workstation_id
    client.close()
    for path in laptop.records.layout.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"PRIVATE KEY-----" not in data or b"ENCRYPTED PRIVATE KEY" in data, path
            assert not path.name.startswith(SCRATCH_PREFIX)


def test_a_queued_bundle_is_uploaded_verified_and_the_verdict_shows_offline(connected):
    laptop, agency, server, _ = connected
    assessor, case_id = laptop.world.pair.first, laptop.world.case_id
    assert queue.case_upload_status(laptop.records, case_id, actor=assessor).stage is CaseUploadStage.NONE
    queued = queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor)
    assert queued.state == "queued" and queued.directory == str(laptop.bundle_dir.resolve())
    recorder = Recorder()
    runner = _runner(laptop, recorder)
    assert runner.run_once() and not runner.run_once()
    assert _row(laptop, queued.upload_id).state == "sent"
    last = recorder.figures[-1]
    assert last.done == last.total == queued.total_bytes and last.bytes_per_second > 0 and last.seconds_left == 0
    assert queue.case_upload_status(laptop.records, case_id, actor=assessor).stage is CaseUploadStage.UPLOADED
    agency.worker("w").run_one()
    runner.refresh_case(case_id)
    assert runner.refresh_statuses(force=True)
    status = queue.case_upload_status(laptop.records, case_id, actor=assessor)
    assert status.stage is CaseUploadStage.VERIFIED and status.bundle_id == queued.bundle_id
    # The same bundle again: the queue has it already.
    assert queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor).upload_id == queued.upload_id
    server.__exit__(None, None, None)  # offline: the verdict is still shown, from the workstation database
    runner.refresh_case(case_id)
    assert not runner.refresh_statuses(force=True)
    assert queue.case_upload_status(laptop.records, case_id, actor=assessor).stage is CaseUploadStage.VERIFIED


class _Crash(BaseException):
    """Stands for the process dying: nothing below the test catches it."""


def test_an_upload_cut_by_a_crash_resumes_from_the_servers_offset_after_a_restart(connected):
    laptop, agency, server, _ = connected
    assessor = laptop.world.pair.first
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, now_utc(), actor=assessor)

    def crash_half_way(figures):
        if figures.done > figures.total * 6 // 10:
            raise _Crash()
    with pytest.raises(_Crash):
        _runner(laptop, Recorder(crash_half_way)).run_once()
    assert _row(laptop, queued.upload_id).state == "uploading"  # as the crash left it
    with transaction(agency.engine) as session:
        acknowledged = int(session.scalar(text('SELECT coalesce(sum("offset"), 0) FROM uploads')))
    assert 0 < acknowledged < queued.total_bytes
    recorder = Recorder()
    restarted = _runner(laptop, recorder)
    restarted.start()  # the application starts again: the queue is re-read and the upload resumed
    try:
        assert _wait(lambda: _row(laptop, queued.upload_id).state == "sent")
    finally:
        restarted.stop()
    assert recorder.figures[0].done >= acknowledged  # resumed, not started over
    agency.worker("w").run_one()
    restarted.refresh_statuses(force=True)
    assert _row(laptop, queued.upload_id).server_status == "verified"


def test_an_offline_laptop_waits_with_growing_back_off_and_sends_when_the_server_is_back(laptop, agency, tmp_path):
    with unit_of_work(laptop.records.engine) as session:
        session.execute(text("DELETE FROM agency_uploads"))
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    with ServerThread(dataclasses.replace(agency.config, port=port)):
        link_demo_laptop(agency.engine, laptop.records, now_utc(), server_url=url, ca_passphrase=CA_PASSPHRASE,
                         kdf_params=CHEAP_KDF)
    clock = Clock()
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, clock.now, actor=laptop.world.pair.first)
    runner = _runner(laptop, clock=clock)
    waits = []
    for _ in range(3):
        assert runner.run_once()
        row = _row(laptop, queued.upload_id)
        assert row.state == "waiting" and row.last_error == "upload_gave_up"
        due = datetime.datetime.strptime(row.next_attempt_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
        waits.append((due - clock.now).total_seconds())
        assert not runner.run_once()  # not due yet
        clock.now = due
    assert waits == [30, 60, 120]
    with ServerThread(dataclasses.replace(agency.config, port=port)):
        assert runner.run_once()
    assert _row(laptop, queued.upload_id).state == "sent"


def test_cancel_stops_a_running_upload_and_retry_finishes_it(connected):
    laptop, agency, server, _ = connected
    assessor = laptop.world.pair.first
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, now_utc(), actor=assessor)
    cancelled = threading.Event()

    def cancel_once_started(figures):
        if figures.done > 0 and not cancelled.is_set():
            cancelled.set()
            queue.cancel_upload(laptop.records, queued.upload_id, now_utc(), actor=assessor)
    runner = _runner(laptop, Recorder(cancel_once_started))
    runner.run_once()
    row = _row(laptop, queued.upload_id)
    assert row.state == "cancelled" and row.done_bytes < row.total_bytes
    assert not runner.run_once()  # a cancelled upload is left alone
    with pytest.raises(queue.UploadQueueError) as refused:
        queue.cancel_upload(laptop.records, queued.upload_id, now_utc(), actor=assessor)
    assert refused.value.reason == "not_cancellable"
    queue.retry_upload(laptop.records, queued.upload_id, now_utc(), actor=assessor)
    assert _runner(laptop).run_once() and _row(laptop, queued.upload_id).state == "sent"


def test_a_revoked_workstation_fails_at_once_and_waits_for_a_person(connected):
    laptop, agency, server, link = connected
    with transaction(agency.engine) as session:
        revoke_workstation(session, link.workstation_id, reason="被盗", now=now_utc())
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, now_utc(), actor=laptop.world.pair.first)
    _runner(laptop).run_once()
    row = _row(laptop, queued.upload_id)
    assert row.state == "failed" and row.last_error == "server_refused" and "403" in row.last_error_detail
    status = queue.case_upload_status(laptop.records, laptop.world.case_id, actor=laptop.world.pair.first)
    assert status.stage is CaseUploadStage.FAILED and status.reasons == ("server_refused",)


def test_the_bundle_must_be_where_it_was_written_or_chosen_by_hand(connected, tmp_path):
    laptop, _, _, _ = connected
    assessor, case_id = laptop.world.pair.first, laptop.world.case_id
    moved = tmp_path / "usb" / laptop.bundle_dir.name
    moved.parent.mkdir()
    laptop.bundle_dir.rename(moved)
    try:
        with pytest.raises(queue.UploadQueueError) as refused:
            queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor)
        assert refused.value.reason == "bundle_directory_missing" and str(laptop.bundle_dir.resolve()) in str(refused.value)
        other = tmp_path / "bundle-someone-else"
        other.mkdir()
        with pytest.raises(queue.UploadQueueError) as refused:
            queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor, directory=other)
        assert refused.value.reason == "not_this_bundle"
        queued = queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor, directory=moved)
        assert queued.directory == str(moved)
    finally:
        moved.rename(laptop.bundle_dir)


def test_only_people_who_may_export_queue_and_nobody_unsigned_reads_the_queue(connected):
    laptop, _, _, _ = connected
    reviewer = demo_sign_in(laptop.records, "DEMO-R-001")
    with pytest.raises(PermissionDenied):
        queue.enqueue_case_upload(laptop.records, laptop.world.case_id, now_utc(), actor=reviewer)
    with pytest.raises(NotSignedIn):
        queue.list_uploads(laptop.records, actor=None)
    assert queue.list_uploads(laptop.records, actor=reviewer) == []


def test_an_unprovisioned_or_unenrolled_laptop_says_why_it_cannot_upload(tmp_path):
    from assessment_app.services.case_records import initialise_case_records
    from tests.conftest import InMemoryKeyring

    records = initialise_case_records(tmp_path / "fresh", None, InMemoryKeyring())
    try:
        assert upload_configured(records) == "not_provisioned"
        with pytest.raises(UploadNotConfigured):
            open_agency_client(records)
        # Before any agency: the data key alone may make the first request (as for the first package).
        request = request_workstation_certificate(records, "评估笔记本-07", now_utc())
        assert "BEGIN CERTIFICATE REQUEST" in request.csr_pem and len(request.public_key_sha256) == 64
    finally:
        records.close()


def _wait(predicate, timeout=60.0):
    from assessment_app.services.upload_runner import wait_until

    return wait_until(predicate, timeout)


def test_status_answers_are_kept_as_the_server_gave_them(connected):
    laptop, agency, server, _ = connected
    queue.record_server_statuses(laptop.records, [{"bundle": "ab" * 32, "status": "quarantined", "case_id":
                                                   laptop.world.case_id, "bundle_id": "b", "reasons": [
                                                       {"reason": "manifest_signature_invalid"}]}], now_utc())
    status = queue.case_upload_status(laptop.records, laptop.world.case_id, actor=laptop.world.pair.first)
    assert status.stage is CaseUploadStage.QUARANTINED and status.reasons == ("manifest_signature_invalid",)
    with unit_of_work(laptop.records.engine) as session:
        assert json.loads(session.execute(text("SELECT reasons_json FROM agency_bundle_statuses")).scalar()) == [
            {"reason": "manifest_signature_invalid", "detail": ""}]


def test_after_a_quarantine_a_new_export_of_the_case_can_be_sent(connected, tmp_path):
    from assessment_app.services.bundle_export import export_visit

    laptop, _, _, _ = connected
    assessor, case_id = laptop.world.pair.first, laptop.world.case_id
    first = queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor)
    queue.claim_next_upload(laptop.records, now_utc())
    queue.finish_upload(laptop.records, first.upload_id, {"bundle": first.server_bundle, "status": "quarantined",
                                                          "case_id": case_id, "reasons": [{"reason": "x"}]}, now_utc())
    status = queue.case_upload_status(laptop.records, case_id, actor=assessor)
    assert status.stage is CaseUploadStage.QUARANTINED and not status.export_unsent
    export_visit(laptop.records, laptop.visit_id, tmp_path, signers=laptop.signers, now=now_utc())
    assert queue.case_upload_status(laptop.records, case_id, actor=assessor).export_unsent
    second = queue.enqueue_case_upload(laptop.records, case_id, now_utc(), actor=assessor)
    assert second.bundle_id != first.bundle_id and second.directory.startswith(str(tmp_path.resolve()))
    status = queue.case_upload_status(laptop.records, case_id, actor=assessor)
    assert status.stage is CaseUploadStage.QUEUED and not status.export_unsent


def test_a_sent_bundle_the_server_no_longer_knows_is_sent_again(connected):
    """The agency restored its database from a backup taken before the bundle arrived."""
    laptop, agency, server, _ = connected
    assessor = laptop.world.pair.first
    queued = queue.enqueue_case_upload(laptop.records, laptop.world.case_id, now_utc(), actor=assessor)
    runner = _runner(laptop)
    assert runner.run_once() and _row(laptop, queued.upload_id).state == "sent"
    with transaction(agency.engine) as session:
        for table in ("verification_jobs", "uploads"):
            session.execute(text(f"DELETE FROM {table} WHERE bundle_id = :b"), {"b": queued.server_bundle})
        session.execute(text("DELETE FROM bundles WHERE id = :b"), {"b": queued.server_bundle})
    assert runner.refresh_statuses(force=True)
    row = _row(laptop, queued.upload_id)
    assert row.state == "queued" and row.done_bytes == 0
    assert runner.run_once() and _row(laptop, queued.upload_id).state == "sent"
    agency.worker("w").run_one()
    runner.refresh_statuses(force=True)
    assert _row(laptop, queued.upload_id).server_status == "verified"
