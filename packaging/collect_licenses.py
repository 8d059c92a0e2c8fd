"""Copies the licence texts of everything a packaged build ships into resources/licenses/ and
writes resources/licenses/index.json, which the About dialog lists (name, version, licence,
files). Run after a dependency pin changes and commit the result:

    .venv/bin/python packaging/collect_licenses.py

The Python distributions are the run-time requirement closure of ltc-assess (no extras), read
from the installed metadata. Parts that carry no licence file of their own in their wheel
(Python, Qt inside PySide6, the FFmpeg libraries inside PyAV's wheel, the font) are described in
EXTRA_ENTRIES with the standard texts from Debian's /usr/share/common-licenses.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import re
import shutil
import sys
import sysconfig
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
LICENSES = RESOURCES / "licenses"
COMMON = Path("/usr/share/common-licenses")
LICENSE_FILE = re.compile(r"(^|/)(licen[cs]e|copying|notice|authors)[^/]*$", re.IGNORECASE)
# Standard texts copied for the licences named below.
STANDARD_TEXTS = {"LGPL-3.0": "LGPL-3", "GPL-2.0": "GPL-2", "GPL-3.0": "GPL-3", "LGPL-2.1": "LGPL-2.1",
                  "Apache-2.0": "Apache-2.0"}
EXTRA_ENTRIES = [
    {"name": "Python", "version": sys.version.split()[0], "license": "PSF-2.0",
     "files": [("python/LICENSE.txt", Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt")]},
    {"name": "Qt 6 (in PySide6)", "version": metadata.version("PySide6"), "license": "LGPL-3.0-only",
     "files": [("standard/LGPL-3.0.txt", COMMON / "LGPL-3"), ("standard/GPL-3.0.txt", COMMON / "GPL-3")]},
    {"name": "FFmpeg, x264, x265 (in PyAV's wheel)", "version": "FFmpeg " + __import__("av").ffmpeg_version_info, "license": "GPL-2.0-or-later",
     "files": [("standard/GPL-2.0.txt", COMMON / "GPL-2"), ("standard/LGPL-2.1.txt", COMMON / "LGPL-2.1")]},
    {"name": "WenQuanYi Micro Hei (font)", "version": "0.2.0-beta", "license": "Apache-2.0 OR GPL-3.0-only WITH Font-exception-2.0",
     "files": ["fonts/wqy-microhei.COPYRIGHT", "fonts/wqy-microhei.LICENSE-Apache-2.0.txt"]},
]


def runtime_closure(root: str = "ltc-assess") -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = canonicalize_name(pending.pop())
        if name in seen:
            continue
        dist = metadata.distribution(name)
        seen[name] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    seen.pop(canonicalize_name(root))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


# Wheels that name their licence but carry no text of it.
LICENCE_WITHOUT_FILE = {"sqlcipher3": "Zlib", "pyside6": None, "pyside6-addons": None, "pyside6-essentials": None,
                        "shiboken6": None}
QT_TEXTS = ["licenses/standard/LGPL-3.0.txt", "licenses/standard/GPL-3.0.txt"]


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    short = (meta.get("License") or "").splitlines()[0].strip() if meta.get("License") else ""
    return short if short and len(short) < 80 else (" / ".join(classifiers) or "see files")


def main() -> int:
    if LICENSES.exists():
        shutil.rmtree(LICENSES)
    LICENSES.mkdir(parents=True)
    entries = []
    for dist in runtime_closure():
        name = dist.metadata["Name"]
        folder = canonicalize_name(name)
        files, seen = [], set()
        for path in dist.files or []:
            if LICENSE_FILE.search(str(path)) and not str(path).endswith((".py", ".pyc")):
                source = Path(dist.locate_file(path))
                if source.is_file() and source.read_bytes() not in seen:  # the same text in two places once
                    seen.add(source.read_bytes())
                    target = LICENSES / folder / str(path).replace("/", "__").split(".dist-info__")[-1]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    files.append(target.relative_to(RESOURCES).as_posix())
        licence = LICENCE_WITHOUT_FILE.get(folder) or licence_of(dist)
        if not files and folder in LICENCE_WITHOUT_FILE:
            files = QT_TEXTS  # PySide6 and shiboken6: the same LGPL-3.0 / GPL texts as Qt
        entries.append({"name": name, "version": dist.version, "license": licence, "files": sorted(files)})
    for extra in EXTRA_ENTRIES:
        files = []
        for item in extra["files"]:
            if isinstance(item, tuple):
                target = LICENSES / item[0]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(item[1], target)
                item = target.relative_to(RESOURCES).as_posix()
            files.append(item)
        entries.append({**extra, "files": files})
    missing = [entry["name"] for entry in entries if not entry["files"]]
    (LICENSES / "index.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} components; without a licence file: {missing or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
