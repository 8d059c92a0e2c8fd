# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding plaintext on disk: the patterns of what must never be written in the clear (MP4, JPEG,
PNG and PDF signatures, an applicant's name and ID number) and a watcher that scans every file a
process writes, renames or removes (sys.addaudithook) and, at the end, every file changed under
the folders it watches. Used by the bundle probe and the whole-visit e2e scan.

A finding is appended to `findings_file` at once when one is given, so a process killed with
SIGKILL still leaves what it found.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
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
    def __init__(self, patterns: dict[str, re.Pattern], roots: list[Path], findings_file: Path | None = None):
        self.patterns, self.roots, self.findings_file = patterns, roots, findings_file
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
                finding = {"path": path, "found": kind, "when": when}
                self.findings.append(finding)
                if self.findings_file is not None:
                    with open(self.findings_file, "a", encoding="utf-8") as log:
                        log.write(json.dumps(finding, ensure_ascii=False) + "\n")

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
