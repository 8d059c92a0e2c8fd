# SPDX-License-Identifier: GPL-3.0-or-later
"""The vector readers are a second implementation only if they share no code with the first."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

READERS = sorted((Path(__file__).parent / "readers").glob("*.py"))
ALLOWED = {"__future__", "base64", "dataclasses", "datetime", "hashlib", "hmac", "io", "json", "pathlib", "re",
           "struct", "tarfile", "unicodedata", "cryptography", "yaml", "tests.unit.formats.readers"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    return found


def allowed(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in ALLOWED)


@pytest.mark.parametrize("path", READERS, ids=[path.stem for path in READERS])
def test_reader_imports_only_the_standard_library_and_cryptography(path):
    assert {module for module in imported_modules(path) if not allowed(module)} == set()


def test_the_check_catches_an_import_of_the_application(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("import json\nfrom assessment_app.storage import backup_format\n", encoding="utf-8")
    assert {module for module in imported_modules(sneaky) if not allowed(module)} == {"assessment_app.storage"}
