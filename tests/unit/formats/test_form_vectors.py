# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/form/: a form's content hash computed by the spec-only reader (PyYAML and JSON),
equal for two layouts of one content and equal to what forms.loader stores; refused files
refused by both."""

from __future__ import annotations

import hashlib
import json

import pytest

from forms.errors import FormError
from forms.loader import load_form
from tests.conftest import REPO_ROOT, VECTORS
from tests.unit.formats.readers import form as reader

DIRECTORY = VECTORS / "form"
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))


def path_of(name: str):
    return REPO_ROOT / name if name.startswith("forms/") else DIRECTORY / name


@pytest.mark.parametrize("name", sorted(EXPECTED["sha256"]))
def test_reader_computes_the_content_hash_the_loader_stores(name):
    text = path_of(name).read_text(encoding="utf-8")
    assert reader.content_hash(text) == EXPECTED["sha256"][name] == load_form(path_of(name)).sha256


def test_layout_comments_key_order_and_quoting_do_not_change_the_hash():
    small, restyled = ((DIRECTORY / name).read_bytes() for name in ("small-form.yaml", "small-form-restyled.yaml"))
    assert small != restyled
    assert EXPECTED["sha256"]["small-form.yaml"] == EXPECTED["sha256"]["small-form-restyled.yaml"]


def test_the_canonical_bytes_are_sorted_compact_utf8():
    canonical = (DIRECTORY / "small-form.canonical.json").read_bytes()
    document = reader.load((DIRECTORY / "small-form.yaml").read_text(encoding="utf-8"))
    assert reader.canonical(document) == canonical
    assert hashlib.sha256(canonical).hexdigest() == EXPECTED["sha256"]["small-form.yaml"]
    assert b"\\u" not in canonical and "活动能力".encode() in canonical
    assert canonical.startswith(b'{"combination":{"column_worse_of":["memory","hearing"]')


def test_a_content_change_changes_the_hash():
    text = (DIRECTORY / "small-form.yaml").read_text(encoding="utf-8").replace("en: Recall}", "en: Recall!}")
    assert reader.content_hash(text) != EXPECTED["sha256"]["small-form.yaml"]


@pytest.mark.parametrize("refused", EXPECTED["refused"], ids=lambda refused: refused["file"])
def test_refused_file_is_refused_by_the_reader_and_by_the_loader_with_its_line(refused):
    with pytest.raises(reader.Refused):
        reader.load((DIRECTORY / refused["file"]).read_text(encoding="utf-8"))
    with pytest.raises(FormError) as caught:
        load_form(DIRECTORY / refused["file"])
    assert refused["problem"] in caught.value.problem and caught.value.line == refused["line"]
