# SPDX-License-Identifier: GPL-3.0-or-later
"""(a) of every format: the application's code, given a vector's inputs, writes exactly the
committed bytes (tools/format_vectors/ holds the inputs and the calls; tests/vectors/ the bytes)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import VECTORS
from tools.format_vectors import FORMATS, module_for
from tools.format_vectors.__main__ import main


@pytest.mark.parametrize("name", FORMATS)
def test_code_writes_the_committed_vector_byte_for_byte(name):
    built = module_for(name).build(VECTORS / name)
    on_disk = {relative: (VECTORS / name / relative).read_bytes() if (VECTORS / name / relative).exists() else None
               for relative in built}
    assert [relative for relative in built if built[relative] != on_disk[relative]] == []


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_has_a_readme_naming_its_generator(name):
    readme = (VECTORS / name / "README.md").read_text(encoding="utf-8")
    assert "tools/format_vectors" in readme and f"docs/formats/{name}.md" in readme


def test_the_index_lists_every_vector_directory():
    index = (VECTORS / "README.md").read_text(encoding="utf-8")
    directories = {path.name for path in VECTORS.iterdir() if path.is_dir()}
    assert set(FORMATS) <= directories
    assert [name for name in sorted(directories) if f"`{name}/`" not in index] == []


def test_check_mode_reports_a_changed_vector_and_writes_nothing(tmp_path, monkeypatch, capsys):
    # A copy of one vector directory with a byte changed: --check must name the file and leave it.
    copy = tmp_path / "vectors"
    shutil.copytree(VECTORS / "attachment", copy / "attachment")
    changed = next((copy / "attachment" / "attachments").glob("*/*.bin"))
    changed.write_bytes(changed.read_bytes()[:-1] + b"\x00")
    monkeypatch.setattr("tools.format_vectors.__main__.VECTORS", copy)
    assert main(["--check", "attachment"]) == 1
    assert f"attachment/attachments/{changed.parent.name}/{changed.name}" in capsys.readouterr().out
    assert changed.read_bytes().endswith(b"\x00")
