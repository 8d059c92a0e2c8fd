# SPDX-License-Identifier: GPL-3.0-or-later
"""The .deb's copyright file: Debian's machine-readable format, ltc-assess under GPL-3+ first,
then every bundled component with its paths, licence and installed licence texts."""

from __future__ import annotations

import importlib.util
import json

import pytest

from assessment_app.resources import resource_path
from tests.conftest import REPO_ROOT


def load(relative: str):
    spec = importlib.util.spec_from_file_location(relative.rsplit("/", 1)[-1][:-3], REPO_ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deb_copyright = load("packaging/linux/write_deb_copyright.py")
INDEX = resource_path("licenses", "index.json")


def paragraphs(text: str) -> list[dict[str, str]]:
    parsed = []
    for block in text.strip().split("\n\n"):
        fields, name = {}, None
        for line in block.splitlines():
            if line.startswith(" "):
                fields[name] += "\n" + line[1:]
            else:
                name, _, value = line.partition(":")
                assert name not in fields, f"{name} twice in {block}"
                fields[name] = value.strip()
        parsed.append(fields)
    return parsed


@pytest.fixture(scope="module")
def parsed():
    return paragraphs(deb_copyright.copyright_text(INDEX, "/opt/ltc-assess"))


def test_the_header_names_the_format_and_where_the_source_is(parsed):
    header = parsed[0]
    assert header["Format"] == "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    assert header["Upstream-Name"] == "ltc-assess" and "source.tar.gz" in header["Source"]


def test_the_whole_installation_is_gpl3_or_later_unless_a_later_paragraph_says_otherwise(parsed):
    first = parsed[1]
    assert first["Files"] == "*" and first["License"].startswith("GPL-3+")
    assert "/opt/ltc-assess/LICENSE" in first["License"]
    own = next(p for p in parsed[2:] if "opt/ltc-assess/_internal/assessment_app/*" in p["Files"].split())
    assert own["License"] == "GPL-3+"


def test_every_file_paragraph_has_files_copyright_and_licence(parsed):
    for paragraph in parsed[1:]:
        assert {"Files", "Copyright", "License"} <= set(paragraph), paragraph


def test_every_bundled_component_has_a_paragraph_with_its_licence_and_texts(parsed):
    by_files = {p["Files"]: p for p in parsed[1:]}
    for component in json.loads(INDEX.read_text(encoding="utf-8")):
        if component["name"] == "Python":
            continue  # the _internal/* paragraph
        paragraph = by_files[" ".join(f"opt/ltc-assess/{path}" for path in component["paths"])]
        assert component["license"] in paragraph["License"].splitlines()[0]
        for relative in component["files"]:
            assert f"/opt/ltc-assess/_internal/resources/{relative}" in paragraph["License"]


def test_a_component_the_writer_left_out_would_be_noticed(tmp_path):
    entries = json.loads(INDEX.read_text(encoding="utf-8"))
    index = tmp_path / "index.json"
    index.write_text(json.dumps([e for e in entries if e["name"] != "reportlab"]), encoding="utf-8")
    text = deb_copyright.copyright_text(index, "/opt/ltc-assess")
    assert "opt/ltc-assess/_internal/reportlab/*" not in text
    assert "opt/ltc-assess/_internal/reportlab/*" in deb_copyright.copyright_text(INDEX, "/opt/ltc-assess")
