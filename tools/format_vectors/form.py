# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/form/: the content hash that identifies a form version (docs/formats/form.md).

Inputs are hand-written YAML files in the vector directory: `small-form.yaml` and
`small-form-restyled.yaml` (the same content written differently), and the shipped
`forms/cn-ltc-2021.yaml`. Outputs: the canonical JSON bytes of the small form, every file's
hash as forms.loader computes it, and files the loader must refuse, each made from
small-form.yaml by one edit, with the line and problem it must report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from forms.canonical import canonical_json_bytes
from forms.errors import FormError
from forms.loader import load_form
from forms.yaml_source import read_yaml
from tools.format_vectors.common import ROOT, json_file, sha256_hex

SMALL, RESTYLED = "small-form.yaml", "small-form-restyled.yaml"
SHIPPED = "forms/cn-ltc-2021.yaml"

# (file, the text replaced in small-form.yaml, its replacement, the line and problem expected)
REFUSED = [
    ("refused/duplicate-key.yaml", '{id: "5", score: 5, text: {zh_CN: 需帮助, en: Needs help}}',
     '{id: "5", score: 5, score: 6, text: {zh_CN: 需帮助, en: Needs help}}', "duplicate key 'score'"),
    ("refused/non-string-key.yaml", "    intact: {intact: 0, impaired: 1}", "    no: {intact: 0, impaired: 1}",
     "key False must be a string (quote it)"),
    # JSON Schema counts 15.0 as an integer; the canonical encoding does not.
    ("refused/float-threshold.yaml", "{level: intact, min: 15, max: 15}", "{level: intact, min: 15.0, max: 15}",
     "floating-point number 15.0 is not allowed"),
    ("refused/empty-english-text.yaml", "name: {zh_CN: 回忆, en: Recall}", 'name: {zh_CN: 回忆, en: ""}',
     "should be non-empty"),
]


def _refusal(path: Path) -> dict:
    try:
        load_form(path)
    except FormError as error:
        return {"line": error.line, "path": error.path, "problem": error.problem}
    raise AssertionError(f"{path} was accepted")


def build(directory: Path) -> dict[str, bytes]:
    small = read_yaml(directory / SMALL).data
    files = {"small-form.canonical.json": canonical_json_bytes(small)}
    hashes = {name: load_form(directory / name).sha256 for name in (SMALL, RESTYLED)}
    hashes[SHIPPED] = load_form(ROOT / SHIPPED).sha256
    source = (directory / SMALL).read_text(encoding="utf-8")
    refused = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, old, new, problem in REFUSED:
            assert source.count(old) == 1, old
            text = source.replace(old, new)
            path = Path(scratch) / Path(name).name
            path.write_text(text, encoding="utf-8")
            found = _refusal(path)
            assert problem in found["problem"], found
            files[name] = text.encode("utf-8")
            refused.append({"file": name, "line": found["line"], "path": found["path"], "problem": problem})
    files["expected.json"] = json_file({
        "format": "docs/formats/form.md, version 1",
        "sha256": hashes, "canonical_sha256_of_small_form": sha256_hex(files["small-form.canonical.json"]),
        "refused": refused})
    return files
