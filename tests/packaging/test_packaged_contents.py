# SPDX-License-Identifier: GPL-3.0-or-later
"""What the packaged folder holds: the project's licence and the directions to the source next
to the executables, every bundled component's licence texts, and none of the parts left out
(Qt Quick/QML, OpenCV's Qt 5, Qt catalogues of other languages, a second copy of the code)."""

from __future__ import annotations

import fnmatch
import json

import pytest

from tests.conftest import REPO_ROOT
from tests.packaging.conftest import PACKAGED

pytestmark = PACKAGED

# Components the GPL and the other licences oblige us to name, with a phrase of their licence text.
REQUIRED_TEXTS = {
    "Qt 6 (in PySide6)": "GNU LESSER GENERAL PUBLIC LICENSE",
    "PySide6": "GNU LESSER GENERAL PUBLIC LICENSE",
    "FFmpeg, x264, x265 (in PyAV's wheel)": "GNU GENERAL PUBLIC LICENSE",
    "opencv-python-headless": "Apache License",
    "SQLCipher (in sqlcipher3's wheel)": "Zetetic",
    "reportlab": "Redistribution and use in source and binary forms",
    "pyHanko": "Permission is hereby granted",
    "cryptography": "Apache License",
    "numpy": "OpenBLAS",
    "WenQuanYi Micro Hei (font)": "Apache License",
    "PyInstaller bootloader (ltc-assess, ltc-assess-gui)": "Bootloader Exception",
    "Python": "PYTHON SOFTWARE FOUNDATION LICENSE",
}


@pytest.fixture(scope="module")
def index(packaged_app):
    return json.loads((packaged_app / "_internal" / "resources" / "licenses" / "index.json").read_text(encoding="utf-8"))


def licence_text(packaged_app, component) -> str:
    return "\n".join((packaged_app / "_internal" / "resources" / relative).read_text(encoding="utf-8", errors="replace")
                     for relative in component["files"])


def test_licence_and_source_directions_lie_next_to_the_executables(packaged_app):
    assert (packaged_app / "LICENSE").read_bytes() == (REPO_ROOT / "LICENSE").read_bytes()
    sources = (packaged_app / "SOURCES.md").read_text(encoding="utf-8")
    assert "GPL-3.0-or-later" in sources and "source.tar.gz" in sources


def test_every_listed_licence_file_is_in_the_folder(packaged_app, index):
    missing = [relative for component in index for relative in component["files"]
               if not (packaged_app / "_internal" / "resources" / relative).is_file()]
    assert not missing


@pytest.mark.parametrize("name", sorted(REQUIRED_TEXTS))
def test_the_components_the_licences_oblige_us_to_name_carry_their_text(packaged_app, index, name):
    component = next((c for c in index if c["name"] == name), None)
    assert component is not None, name
    assert REQUIRED_TEXTS[name].lower() in licence_text(packaged_app, component).lower()


def test_every_shared_library_in_the_folder_belongs_to_a_component_with_a_licence(packaged_app, index):
    patterns = [pattern for component in index if component["files"] for pattern in component.get("paths", [])]
    libraries = [path.relative_to(packaged_app).as_posix() for path in packaged_app.rglob("*")
                 if path.is_file() and not path.is_symlink() and (".so" in path.suffixes or path.suffix == ".so")]
    assert libraries
    # Extension modules of the standard library live in python3.x/lib-dynload (covered by Python's entry).
    unowned = [library for library in libraries
               if not any(fnmatch.fnmatch(library, pattern) for pattern in patterns)]
    assert not unowned, unowned


def test_the_system_libraries_copied_from_the_build_machine_have_their_debian_copyright(packaged_app, index):
    system = [c for c in index if c.get("libraries")]
    assert any("libxcb" in library for c in system for library in c["libraries"])
    for component in system:
        assert "Copyright" in licence_text(packaged_app, component), component["name"]


def test_the_parts_left_out_are_not_in_the_folder(packaged_app):
    names = [path.name for path in packaged_app.rglob("*")]
    for left_out in ("libQt6Quick", "libQt6Qml", "libQt6VirtualKeyboard", "libQt5Core", "libqgtk3", "libgtk-3"):
        assert not [name for name in names if name.startswith(left_out)], left_out
    translations = sorted(p.name for p in (packaged_app / "_internal" / "PySide6" / "Qt" / "translations").iterdir())
    assert translations == ["qtbase_en.qm", "qtbase_zh_CN.qm"]


def test_the_pdf_modules_are_kept(packaged_app):
    pyside = packaged_app / "_internal" / "PySide6"
    assert list(pyside.glob("QtPdf.*")) and list(pyside.glob("QtPdfWidgets.*"))


def test_the_code_is_shipped_once_not_inside_each_executable(packaged_app):
    # With the modules in an archive embedded in each executable, each was about 18 MB.
    for executable in ("ltc-assess", "ltc-assess-gui"):
        assert (packaged_app / executable).stat().st_size < 2_000_000, executable
    assert (packaged_app / "_internal" / "assessment_app" / "cli" / "__init__.pyc").is_file()
