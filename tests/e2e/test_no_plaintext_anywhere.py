# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 15's scan: a whole recorded demo visit — once killed with SIGKILL in the middle of its
recording, once to the end — its export, `bundle verify` and `bundle import` write no file that
holds an MP4, JPEG, PNG or PDF signature, or the applicant's name or ID number, in plaintext:
not in a data directory, not in the bundle, not in the system temporary folder.

Every process runs under the watcher of tests/plaintext_scan.py (files scanned before they are
overwritten, renamed or removed, so short-lived files are seen too) with TMPDIR on a folder of
the test's own; at the end every file under the watched folders is scanned once more. The one
file exempt is the `report.pdf` that `ltc-assess demo` writes because it was asked to.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.e2e.watched import applicant_patterns
from tests.plaintext_scan import Watcher

EXPLICIT_OUTPUTS = ("report.pdf",)


def _watched(work: Path, findings: Path, *arguments: str, **options) -> subprocess.Popen:
    roots = json.dumps([str(work), str(work / "tmp")])
    environment = {**os.environ, "TMPDIR": str(work / "tmp"), "LTC_ASSESS_LANG": "en",
                   "LTC_ASSESS_PASSPHRASE": "demo-admin-passphrase"}
    return subprocess.Popen([sys.executable, "-m", "tests.e2e.watched", str(findings), roots, *arguments],
                            cwd=REPO_ROOT, env={**environment, **options.pop("env", {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def _finished(process: subprocess.Popen, timeout: float = 300) -> str:
    stdout, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    return stdout.decode()


def test_a_whole_visit_killed_once_then_exported_verified_and_imported_leaves_no_plaintext(tmp_path):
    work, findings = tmp_path / "work", tmp_path / "findings.jsonl"
    (work / "tmp").mkdir(parents=True)
    findings.touch()

    # 1. kill -9 in the middle of the recording: after a segment is sealed, while the next is written.
    killed = _watched(work, findings, "cli", "demo", "--out", str(work / "killed"), "--seconds", "60")
    deadline = time.monotonic() + 120
    while not list((work / "killed").glob("workstation/recordings/*/chain-1/segment-000002.enc")):
        assert killed.poll() is None and time.monotonic() < deadline, "the recording never sealed a segment"
        time.sleep(0.2)
    time.sleep(0.7)  # into the part of the next segment
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert list((work / "killed").glob("workstation/recordings/*/chain-1/current.part")), \
        "the kill came after the recording: nothing was in progress"

    # 2. a whole visit, exported; 3. verified; 4. imported on a reviewer's workstation.
    printed = json.loads(_finished(_watched(work, findings, "cli", "demo", "--out", str(work / "laptop"),
                                            "--seconds", "4")))
    verified = json.loads(_finished(_watched(work, findings, "cli", "bundle", "verify", printed["bundle"],
                                             "--identity", printed["identity"], "--ca-beside-identity", "--json")))
    assert verified["ok"], [check for check in verified["checks"] if not check["passed"]]
    _finished(_watched(work, findings, "reviewer", str(work / "laptop" / "workstation"), str(work / "reviewer")))
    imported = json.loads(_finished(_watched(
        work, findings, "cli", "bundle", "import", printed["bundle"], "--identity", printed["identity"],
        "--data-dir", str(work / "reviewer"), "--expert", "DEMO-R-001",
        env={"LTC_ASSESS_EXPERT_PASSPHRASE": "demo-r-001"})))
    assert imported["status"] == "imported", imported["report"]

    # Everything left on disk, once more, with nothing running.
    final = Watcher(applicant_patterns(), [work])
    for path in sorted(work.rglob("*")):
        if path.is_file() and path.name not in EXPLICIT_OUTPUTS:
            final.scan(str(path), "at the end of the test")
    everything = [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines()]
    # The scanner sees plaintext where there is some: the report the demo was asked to write.
    assert {finding["found"] for finding in everything if Path(finding["path"]).name == "report.pdf"} >= {"PDF"}
    found = [finding for finding in everything if Path(finding["path"]).name not in EXPLICIT_OUTPUTS]
    assert found + final.findings == []
    assert final.scanned > 20  # the data directories, the bundle and the temporary folder were there
