# SPDX-License-Identifier: GPL-3.0-or-later
"""packaging/linux/collect_system_licences.py: a library copied from the build machine gets its
Debian package's copyright in the build; one no package owns stops the build."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(shutil.which("dpkg-query") is None or not Path("/usr/share/doc/zlib1g").is_dir(),
                                reason="needs a Debian system with zlib1g")

_spec = importlib.util.spec_from_file_location("collect_system_licences",
                                               REPO_ROOT / "packaging" / "linux" / "collect_system_licences.py")
system_licences = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(system_licences)


def system_zlib() -> Path:
    for candidate in (Path("/lib/x86_64-linux-gnu/libz.so.1"), Path("/usr/lib/x86_64-linux-gnu/libz.so.1")):
        if candidate.exists():
            return candidate
    pytest.skip("no libz.so.1 where Debian puts it")


def make_build(tmp_path, toc_entries) -> tuple[Path, Path]:
    app = tmp_path / "ltc-assess"
    licences = app / "_internal" / "resources" / "licenses"
    licences.mkdir(parents=True)
    (licences / "index.json").write_text(json.dumps([{"name": "numpy", "version": "1", "license": "BSD-3-Clause",
                                                      "files": ["licenses/numpy/LICENSE.txt"]}]), encoding="utf-8")
    toc = tmp_path / "COLLECT-00.toc"
    toc.write_text(repr(([*toc_entries],)), encoding="utf-8")
    return toc, app


def test_a_system_library_gets_its_debian_copyright_and_an_index_entry(tmp_path):
    python_lib = Path(sys.base_prefix) / "lib" / "libpython3.so"
    toc, app = make_build(tmp_path, [("libz.so.1", str(system_zlib()), "BINARY"),
                                     ("libpython3.so", str(python_lib), "BINARY"),
                                     ("numpy/_core/x.so", str(Path(sys.prefix) / "x.so"), "EXTENSION"),
                                     ("LICENSE", str(REPO_ROOT / "LICENSE"), "DATA")])
    entries = system_licences.add_system_licences(toc, app)
    assert [e["libraries"] for e in entries] == [["libz.so.1"]]
    copied = app / "_internal" / "resources" / "licenses" / "system" / "zlib1g.copyright"
    assert copied.read_bytes() == Path("/usr/share/doc/zlib1g/copyright").read_bytes()
    index = json.loads((app / "_internal" / "resources" / "licenses" / "index.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in index][0] == "numpy" and index[-1]["paths"] == ["_internal/libz.so.1"]
    assert index[-1]["license"] == "Zlib"


def test_running_twice_lists_each_package_once(tmp_path):
    toc, app = make_build(tmp_path, [("libz.so.1", str(system_zlib()), "BINARY")])
    system_licences.add_system_licences(toc, app)
    system_licences.add_system_licences(toc, app)
    index = json.loads((app / "_internal" / "resources" / "licenses" / "index.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in index].count("libz.so.1 (Debian package zlib1g)") == 1


def test_a_library_no_package_owns_stops_the_build(tmp_path):
    stray = tmp_path / "elsewhere" / "libstray.so.1"
    stray.parent.mkdir()
    stray.write_bytes(b"\x7fELF")
    toc, app = make_build(tmp_path, [("libstray.so.1", str(stray), "BINARY")])
    with pytest.raises(SystemExit, match="no Debian package owns"):
        system_licences.add_system_licences(toc, app)
