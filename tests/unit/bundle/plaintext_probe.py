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
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

MAX_SCAN = 512 * 1024 * 1024
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WATCHED_EVENTS = frozenset({"open", "os.remove", "os.rename", "os.replace", "shutil.rmtree", "os.truncate"})


def signatures(name: str, resident_id: str) -> dict[str, re.Pattern]:
    escaped = json.dumps(name)[1:-1]  # the name as ASCII JSON escapes (\\u6d4b…)
    return {
        "MP4": re.compile(rb"ftyp(?:isom|iso\d|mp4\d|avc1|M4V |dash|msnv)"),
        "JPEG": re.compile(rb"\A\xff\xd8\xff|JFIF\x00|Exif\x00\x00"),
        "PNG": re.compile(re.escape(b"\x89PNG\r\n\x1a\n")),
        "PDF": re.compile(rb"%PDF-\d"),
        "applicant name": re.compile(re.escape(name.encode("utf-8")) + b"|" + re.escape(escaped.encode("ascii")),
                                     re.IGNORECASE),
        "ID number": re.compile(re.escape(resident_id.encode("ascii"))),
    }


class Watcher:
    def __init__(self, patterns: dict[str, re.Pattern], roots: list[Path]):
        self.patterns, self.roots = patterns, roots
        self.enabled = False
        self.started = 0.0
        self.written: set[str] = set()
        self.findings: list[dict] = []
        self.scanned = 0
        self._busy = threading.local()

    def hook(self, event: str, arguments: tuple) -> None:
        if not self.enabled or event not in _WATCHED_EVENTS or getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            if event == "open":
                path, mode, flags = arguments
                if isinstance(path, (str, bytes, os.PathLike)) and isinstance(flags, int) and flags & _WRITE_FLAGS:
                    self.written.add(os.fsdecode(path))
                    self.scan(os.fsdecode(path), "before it is written")
            elif event in ("os.remove", "os.truncate") and arguments[-1] is None:
                self.scan(os.fsdecode(arguments[0]), f"before {event}")
            elif event in ("os.rename", "os.replace") and arguments[2] is None:
                self.scan(os.fsdecode(arguments[0]), "before it is renamed")
                self.written.add(os.fsdecode(arguments[1]))
            elif event == "shutil.rmtree" and arguments[1] is None:
                for root, _, files in os.walk(os.fsdecode(arguments[0])):
                    for name in files:
                        self.scan(os.path.join(root, name), "before its folder is removed")
        finally:
            self._busy.on = False

    def scan(self, path: str, when: str) -> None:
        try:
            if not os.path.isfile(path):
                return
            with open(path, "rb") as stream:
                data = stream.read(MAX_SCAN)
        except OSError:
            return
        self.scanned += 1
        for kind, pattern in self.patterns.items():
            if pattern.search(data):
                self.findings.append({"path": path, "found": kind, "when": when})

    def final_scan(self) -> None:
        self._busy.on = True
        for path in sorted(self.written):
            self.scan(path, "at the end")
        for root in self.roots:
            for folder, _, files in os.walk(root):
                for name in files:
                    path = os.path.join(folder, name)
                    with contextlib.suppress(OSError):
                        if os.stat(path).st_mtime >= self.started and path not in self.written:
                            self.scan(path, "at the end (written outside Python)")


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
