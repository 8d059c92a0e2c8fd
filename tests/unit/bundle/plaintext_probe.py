# SPDX-License-Identifier: GPL-3.0-or-later
"""Run in a child process by test_no_plaintext_on_disk.py: a recorded, signed demo visit is
exported, verified (`ltc-assess bundle verify`) and imported on another workstation while an
audit hook (sys.addaudithook) watches every file this process writes, renames or removes.

A file is scanned whenever its content could be about to vanish (before it is opened for
writing, renamed or removed, before a tree is removed) and, at the end, every file written or
modified under the watched folders (the work folder and the system temporary folder, which the
test points at a folder of its own). A finding is a file holding an MP4, JPEG, PNG or PDF
signature, or the applicant's name or ID number in plaintext.

Usage: python -m tests.unit.bundle.plaintext_probe WORK_DIR FINDINGS_FILE
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.plaintext_scan import Watcher, signatures


def main(work: Path, findings_file: Path) -> None:
    from assessment_app.cli import main as cli
    from assessment_app.security.certificates import certificate_pem
    from assessment_app.services.bundle_export import export_visit
    from assessment_app.services.bundle_import import import_bundle
    from tests.unit.bundle.conftest import EXPORTED_AT, demo_records, demo_sign_in, make_laptop
    from tests.unit.services.conftest import KNOWN_ID, KNOWN_NAME

    laptop = make_laptop(work / "laptop")
    reviewer = demo_records(work / "reviewer")
    ca_file = work / "agency-ca.pem"
    ca_file.write_text("".join(certificate_pem(ca) for ca in laptop.trusted_cas()))
    watcher = Watcher(signatures(KNOWN_NAME, KNOWN_ID), [work, Path(tempfile.gettempdir())])
    sys.addaudithook(watcher.hook)
    watcher.started = time.time() - 1  # file systems keep mtimes coarser than the clock
    watcher.enabled = True
    try:
        exported = export_visit(laptop.records, laptop.visit_id, work / "out", signers=laptop.signers,
                                now=EXPORTED_AT)
        output = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        with contextlib.redirect_stdout(output):
            verified = cli(["--lang", "en", "bundle", "verify", str(exported.bundle_dir), "--identity",
                            str(laptop.identity_file), "--ca", str(ca_file), "--json"])
        imported = import_bundle(reviewer, exported.bundle_dir, laptop.identity_file,
                                 now=EXPORTED_AT + datetime.timedelta(hours=1),
                                 actor=demo_sign_in(reviewer, "DEMO-R-001"))
    finally:
        watcher.enabled = False
    watcher.final_scan()
    findings_file.write_text(json.dumps({"verify_exit": verified, "import_status": imported.status,
                                         "written": len(watcher.written), "scanned": watcher.scanned,
                                         "findings": watcher.findings}, ensure_ascii=False))
    laptop.records.close()
    reviewer.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
