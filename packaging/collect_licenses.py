# SPDX-License-Identifier: GPL-3.0-or-later
"""Copies the licence texts of everything a packaged build ships into resources/licenses/ and
writes resources/licenses/index.json, which the About dialog lists (name, version, licence,
files). Run after a dependency pin changes and commit the result:

    .venv/bin/python packaging/collect_licenses.py

The Python distributions are the run-time requirement closure of ltc-assess (no extras), read
from the installed metadata. Parts that carry no licence file of their own in their wheel
(Python, Qt inside PySide6, the native libraries inside PyAV's, OpenCV's and sqlcipher3's wheels,
the PyInstaller bootloader that the two executables are, the font) are described in
EXTRA_ENTRIES: the standard texts from Debian's /usr/share/common-licenses, and each upstream
project's copyright notices as Debian records them in /usr/share/doc/<package>/copyright (the
same upstream project; Debian's build of it is not what is shipped). A Debian package that is not
installed can be downloaded and unpacked instead (apt-get download P; dpkg-deb -x P.deb DIR) and
DIR/usr/share/doc given in LTC_DEBIAN_DOCS. The PyInstaller entry needs the package extra.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
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
DEBIAN_DOCS = [Path("/usr/share/doc")] + [Path(d) for d in os.environ.get("LTC_DEBIAN_DOCS", "").split(os.pathsep) if d]


def debian(package: str) -> tuple[str, Path]:
    """The upstream copyright notices of a Debian package, found in DEBIAN_DOCS."""
    for docs in DEBIAN_DOCS:
        if (docs / package / "copyright").is_file():
            return f"debian/{package}.copyright", docs / package / "copyright"
    raise SystemExit(f"no copyright file of the Debian package {package}: apt-get install it, or download and "
                     f"unpack it and name DIR/usr/share/doc in LTC_DEBIAN_DOCS")


PYAV = "in PyAV's wheel"


def av_libs(*patterns: str) -> list[str]:
    return [f"_internal/av.libs/{pattern}" for pattern in patterns]

OPENCV = "in opencv-python-headless's wheel"
EXTRA_ENTRIES = [
    {"name": "Python", "paths": ["_internal/libpython3*", "_internal/python3*/*", "_internal/base_library.zip"], "version": sys.version.split()[0], "license": "PSF-2.0",
     "files": [("python/LICENSE.txt", Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt")]},
    {"name": "Qt 6 (in PySide6)", "paths": ["_internal/PySide6/Qt/*", "_internal/libQt6*"], "version": metadata.version("PySide6"), "license": "LGPL-3.0-only",
     "files": [("standard/LGPL-3.0.txt", COMMON / "LGPL-3"), ("standard/GPL-3.0.txt", COMMON / "GPL-3")]},
    {"name": "ICU (in PySide6's Qt)", "paths": ["_internal/PySide6/Qt/lib/libicu*", "_internal/libicu*"], "version": None, "license": "Unicode-3.0",
     "files": [debian("libicu72")]},
    {"name": "FFmpeg, x264, x265 (in PyAV's wheel)", "paths": av_libs("libav*", "libsw*", "libx264*", "libx265*"), "version": "FFmpeg " + __import__("av").ffmpeg_version_info,
     "license": "GPL-2.0-or-later",
     "files": [("standard/GPL-2.0.txt", COMMON / "GPL-2"), ("standard/LGPL-2.1.txt", COMMON / "LGPL-2.1"),
               debian("libavcodec59"), debian("libx264-164"), debian("libx265-199")]},
    {"name": f"LAME ({PYAV})", "paths": av_libs("libmp3lame*"), "version": None, "license": "LGPL-2.0-or-later",
     "files": [debian("libmp3lame0"), ("standard/LGPL-2.0.txt", COMMON / "LGPL-2")]},
    {"name": f"GnuTLS, Nettle, GMP, libunistring ({PYAV})", "paths": av_libs("libgnutls*", "libnettle*", "libhogweed*", "libgmp*", "libunistring*"), "version": None,
     "license": "LGPL-2.1-or-later; LGPL-3.0-or-later OR GPL-2.0-or-later",
     "files": [debian("libgnutls30"), debian("libnettle8"), debian("libhogweed6"), debian("libgmp10"),
               debian("libunistring2"), ("standard/LGPL-3.0.txt", COMMON / "LGPL-3"),
               ("standard/LGPL-2.1.txt", COMMON / "LGPL-2.1"), ("standard/GPL-2.0.txt", COMMON / "GPL-2")]},
    {"name": f"ALSA library ({PYAV})", "paths": av_libs("libasound*"), "version": None, "license": "LGPL-2.1-or-later",
     "files": [debian("libasound2"), ("standard/LGPL-2.1.txt", COMMON / "LGPL-2.1")]},
    {"name": f"libvpx, Opus, dav1d, SVT-AV1, libwebp ({PYAV})", "paths": av_libs("libvpx*", "libopus*", "libdav1d*", "libSvtAv1Enc*", "libwebp*", "libsharpyuv*"), "version": None,
     "license": "BSD-3-Clause; BSD-2-Clause; BSD-3-Clause-Clear",
     "files": [debian("libvpx7"), debian("libopus0"), debian("libdav1d6"), debian("libsvtav1enc1"),
               debian("libwebp7")]},
    {"name": f"OpenCORE AMR ({PYAV})", "paths": av_libs("libopencore-amr*"), "version": None, "license": "Apache-2.0",
     "files": [debian("libopencore-amrnb0"), debian("libopencore-amrwb0"),
               ("standard/Apache-2.0.txt", COMMON / "Apache-2.0")]},
    {"name": f"oneVPL, libdrm, libxcb, libXau ({PYAV})", "paths": av_libs("libvpl*", "libdrm*", "libxcb*", "libXau*"), "version": None, "license": "MIT",
     "files": [debian("libvpl2"), debian("libdrm2"), debian("libxcb1"), debian("libxau6")]},
    {"name": f"OpenBLAS, libgfortran, libquadmath, libdrm ({OPENCV})", "paths": [f"_internal/opencv_python_headless.libs/{name}" for name in ("libopenblas*", "libgfortran*", "libquadmath*", "libdrm*")], "version": None,
     "license": "BSD-3-Clause; GPL-3.0-or-later WITH GCC-exception-3.1; LGPL-2.1-or-later; MIT",
     "files": ["licenses/numpy/licenses__LICENSE.txt", debian("libgfortran5"), debian("libdrm2")]},
    {"name": "SQLCipher (in sqlcipher3's wheel)", "paths": ["_internal/sqlcipher3/_sqlite3*"], "version": None, "license": "BSD-3-Clause AND blessing",
     "files": [debian("libsqlcipher0")]},
    {"name": "OpenSSL (in sqlcipher3's wheel)", "paths": ["_internal/sqlcipher3/_sqlite3*"], "version": None, "license": "Apache-2.0",
     "files": [debian("libssl3"), ("standard/Apache-2.0.txt", COMMON / "Apache-2.0")]},
    {"name": "PyInstaller bootloader (ltc-assess, ltc-assess-gui)", "paths": ["ltc-assess", "ltc-assess-gui", "ltc-assess.exe", "ltc-assess-gui.exe"], "version": metadata.version("pyinstaller"),
     "license": "GPL-2.0-or-later WITH Bootloader-exception",
     "files": [("pyinstaller/COPYING.txt", Path(metadata.distribution("pyinstaller").locate_file(
         "pyinstaller-" + metadata.version("pyinstaller") + ".dist-info/licenses/COPYING.txt")))]},
    {"name": "WenQuanYi Micro Hei (font)", "paths": ["_internal/resources/fonts/*"], "version": "0.2.0-beta", "license": "Apache-2.0 OR GPL-3.0-only WITH Font-exception-2.0",
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


def bundle_paths(dist: metadata.Distribution) -> list[str]:
    """Where a distribution's files land in the build folder (globs relative to it)."""
    tops: dict[str, bool] = {}  # first path part -> is a folder
    for path in dist.files or []:
        if path.parts and not path.parts[0].endswith(".dist-info") and path.parts[0] not in ("..", "__pycache__", "bin"):
            tops[path.parts[0]] = tops.get(path.parts[0], False) or len(path.parts) > 1
    return sorted(f"_internal/{top}/*" if folder else f"_internal/{top[:-3]}.pyc" if top.endswith(".py")
                  else f"_internal/{top}" for top, folder in tops.items())


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


PYSIDE_SOURCE = "the pyside-setup repository at the tag of this version, https://code.qt.io/"
# Where the source of each part that is not a Python distribution is published (GPL-3.0 §6(d):
# "clear directions next to the object code saying where to find the Corresponding Source").
SOURCE_LOCATIONS = {
    "Python": "https://www.python.org/downloads/source/ (the release named by the version)",
    "Qt 6 (in PySide6)": "https://download.qt.io/official_releases/qt/ (the qt-everywhere source of this version); "
                         "PySide6 and shiboken6 from the pyside-setup repository, https://code.qt.io/",
    "ICU (in PySide6's Qt)": "https://github.com/unicode-org/icu (the release Qt's build of this version names)",
    "PySide6": PYSIDE_SOURCE, "PySide6_Essentials": PYSIDE_SOURCE, "PySide6_Addons": PYSIDE_SOURCE,
    "shiboken6": PYSIDE_SOURCE,
    "opencv-python-headless": "https://github.com/opencv/opencv-python (the tag of this version, which names "
                              "the OpenCV source and the libraries its wheels bundle)",
    "FFmpeg, x264, x265 (in PyAV's wheel)": "the PyAV source of the version in requirements-frozen.txt names its "
                                            "FFmpeg build; that build's scripts and the exact library versions: "
                                            "https://github.com/PyAV-Org/pyav-ffmpeg; FFmpeg https://ffmpeg.org/, "
                                            "x264 https://code.videolan.org/videolan/x264, x265 https://bitbucket.org/multicoreware/x265_git",
    "SQLCipher (in sqlcipher3's wheel)": "https://github.com/sqlcipher/sqlcipher (the version the sqlcipher3 "
                                         "source of requirements-frozen.txt builds)",
    "OpenSSL (in sqlcipher3's wheel)": "https://www.openssl.org/source/",
    "PyInstaller bootloader (ltc-assess, ltc-assess-gui)": "the PyInstaller source distribution of this version "
                                                           "(bootloader/ in it)",
    "WenQuanYi Micro Hei (font)": "http://wenq.org/ (the font is shipped as released, unmodified)",
}


def sources_text(entries: list[dict]) -> str:
    """resources/licenses/SOURCES.md: where the corresponding source of every shipped part is."""
    lines = [
        "# 对应源代码 / Corresponding source",
        "",
        "本程序以 GPL-3.0-or-later 授权。其对应源代码是与本安装包一同发布的",
        "`ltc-assess-<版本>-source.tar.gz`（同一版本、同一发布位置）：该提交的完整源代码、",
        "`requirements-frozen.txt`（构建所用每个 Python 包的确切版本）以及构建脚本。",
        "下列第三方组件以其上游发布的二进制原样随附，源代码位置如下。",
        "",
        "This program is licensed under GPL-3.0-or-later. Its corresponding source is the archive",
        "`ltc-assess-<version>-source.tar.gz` distributed together with this package (same version,",
        "same place): the complete source of the commit built, `requirements-frozen.txt` (the exact",
        "version of every Python package in the build) and the build scripts. The third-party parts",
        "below are shipped as their upstream projects released them; their source is published at:",
        "",
        "| component | version | source |",
        "|---|---|---|",
    ]
    for entry in entries:
        where = SOURCE_LOCATIONS.get(entry["name"])
        if where is None and PYAV in entry["name"]:
            where = ("built by PyAV's FFmpeg build, https://github.com/PyAV-Org/pyav-ffmpeg, which names the "
                     "exact source release of each library")
        elif where is None and OPENCV in entry["name"]:
            where = SOURCE_LOCATIONS["opencv-python-headless"]
        elif where is None:
            where = f"the source distribution of {entry['name']} {entry['version']} on PyPI"
        lines.append(f"| {entry['name']} | {entry.get('version') or '—'} | {where} |")
    return "\n".join(lines) + "\n"


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
        entries.append({"name": name, "version": dist.version, "license": licence, "files": sorted(files),
                        "paths": bundle_paths(dist)})
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
    (LICENSES / "SOURCES.md").write_text(sources_text(entries), encoding="utf-8")
    (LICENSES / "index.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} components; without a licence file: {missing or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
