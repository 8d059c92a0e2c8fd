# SPDX-License-Identifier: GPL-3.0-or-later
"""`make agency` (agency/demo_server.py) as a user runs it, bounded and on loopback: it starts its
own PostgreSQL cluster, becomes the demo laptop's 演示机构, enrols the laptop, serves with one
worker; the laptop uploads a demo bundle through its queue and sees it verified; Ctrl-C (SIGINT)
stops the server, the worker and PostgreSQL. A second start finds everything in place."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from assessment_app.recording.settings import RecordingSettings
from assessment_app.services import upload_queue as queue
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.case_records import open_case_records
from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE
from assessment_app.services.demo_visit import demo_signers, open_demo_workstation, run_demo_visit
from assessment_app.services.upload_runner import UploadRunner, wait_until
from assessment_app.services.workstation_identity import workstation_connection
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.storage.upload_models import BundleExport

from tests.agency.conftest import QUICK
from tests.agency.harness import free_port
from tests.conftest import REPO_ROOT

SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0, audio=False)
READY = "serves on"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class DemoServer:
    """`python -m assessment_app.agency.demo_server` as a child; its output is read on a thread."""

    def __init__(self, directory, laptop_dir, port):
        env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "LANG": "C.UTF-8"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assessment_app.agency.demo_server", "--dir", str(directory),
             "--laptop-data-dir", str(laptop_dir), "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_ready(self, timeout=180.0) -> str:
        assert wait_until(lambda: any(READY in line for line in self.lines) or self.process.poll() is not None,
                          timeout), "".join(self.lines)[-3000:]
        assert self.process.poll() is None, "".join(self.lines)[-3000:]
        return next(line for line in self.lines if READY in line)

    def interrupt(self, timeout=60.0) -> int:
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        return self.process.wait(timeout)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)


@pytest.fixture(scope="module")
def demo_laptop(tmp_path_factory):
    """A demo laptop as `make run` leaves it (the demo passphrase, no credential store), with a
    recorded, signed visit exported to a folder."""
    directory = tmp_path_factory.mktemp("make-agency")
    records = open_demo_workstation(directory / "laptop", _now())
    try:
        visit_id = run_demo_visit(records, seconds=2.2, recording_settings=SMALL_VIDEO)
        result = export_visit(records, visit_id, directory / "usb", signers=demo_signers(records, _now()),
                              now=_now(), part_size=128 * 1024)
        with unit_of_work(records.engine) as session:
            case_id = session.get(BundleExport, result.bundle_id).case_id
    finally:
        records.close()
    return directory, case_id


@pytest.fixture
def agency_dir():
    """Where `make agency` keeps its cluster: like a checkout, a folder others may enter (as root
    the cluster runs as `postgres`; pytest's own folders are private)."""
    directory = Path(tempfile.mkdtemp(prefix="ltc-make-agency-", dir="/tmp"))
    directory.chmod(0o755)
    yield directory / ".agency-demo"
    shutil.rmtree(directory, ignore_errors=True)


def test_a_folder_postgres_cannot_enter_is_refused_with_a_clear_message(demo_laptop, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root runs PostgreSQL as another user")
    result = subprocess.run([sys.executable, "-m", "assessment_app.agency.demo_server", "--dir",
                             str(tmp_path / ".agency-demo"), "--laptop-data-dir", str(demo_laptop[0] / "laptop"),
                             "--port", str(free_port())], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"})
    assert result.returncode == 2 and "cannot enter" in result.stderr and "Traceback" not in result.stderr


def test_make_agency_serves_the_demo_laptop_which_uploads_and_ctrl_c_stops_everything(demo_laptop, agency_dir):
    directory, case_id = demo_laptop
    port = free_port()
    server = DemoServer(agency_dir, directory / "laptop", port)
    try:
        ready = server.wait_ready()
        assert f"https://127.0.0.1:{port}" in ready
        # The laptop's command line queues and sends it (the same queue as the GUI's 上传).
        sent = subprocess.run([sys.executable, "-m", "assessment_app.cli", "--lang", "en", "upload", case_id,
                               "--expert", "DEMO-A-001", "--wait", "120", "--data-dir", str(directory / "laptop")],
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, env={
                                  **os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                                  "LTC_ASSESS_PASSPHRASE": DEMO_ADMIN_PASSPHRASE,
                                  "LTC_ASSESS_EXPERT_PASSPHRASE": "demo-a-001"})
        assert sent.returncode == 0, sent.stderr
        assert json.loads(sent.stdout)["state"] == "sent"
        records = open_case_records(directory / "laptop", DEMO_ADMIN_PASSPHRASE)
        try:
            assert workstation_connection(records).server_url == f"https://127.0.0.1:{port}"
            actor = demo_signers(records, _now())[0][0]
            runner = UploadRunner(lambda: records, client_options={"retry": QUICK})

            def verified():
                runner.refresh_case(case_id)
                runner.refresh_statuses(force=True)
                return queue.case_upload_status(records, case_id, actor=actor).stage.value == "verified"
            assert wait_until(verified, 90, step=0.5), "".join(server.lines)[-3000:]
        finally:
            records.close()
        started = time.monotonic()
        assert server.interrupt() == 0
        assert time.monotonic() - started < 45
        assert any("已停止" in line for line in server.lines)
        assert not (agency_dir / "pg" / "data" / "postmaster.pid").exists()  # PostgreSQL stopped too
    finally:
        server.kill()

    # Started again: the same agency, the laptop is enrolled already (no new package).
    again = DemoServer(agency_dir, directory / "laptop", port)
    try:
        assert "package held" in again.wait_ready()
        assert again.interrupt() == 0
    finally:
        again.kill()
