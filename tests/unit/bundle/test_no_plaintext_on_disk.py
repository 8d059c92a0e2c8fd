# SPDX-License-Identifier: GPL-3.0-or-later
"""No plaintext of a visit touches a disk while it is exported, verified or imported: every file
the process writes, renames or removes in the data directories, the output folder and the
system temporary folder is scanned (plaintext_probe.py) for MP4, JPEG, PNG and PDF signatures
and for the applicant's name and ID number."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_export_verify_and_import_write_no_plaintext(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    findings_file = tmp_path / "findings.json"
    # The child's temporary folder is one this test owns, so the scan covers all of it.
    environment = {**os.environ, "TMPDIR": str(temporary), "TEMP": str(temporary), "TMP": str(temporary)}
    done = subprocess.run([sys.executable, "-m", "tests.unit.bundle.plaintext_probe", str(tmp_path / "work"),
                           str(findings_file)], cwd=REPO_ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(findings_file.read_text())
    assert outcome["verify_exit"] == 0 and outcome["import_status"] == "imported"
    assert outcome["written"] > 10 and outcome["scanned"] > 10  # the watch saw the work it is meant to see
    assert outcome["findings"] == [], json.dumps(outcome["findings"][:20], ensure_ascii=False, indent=1)
