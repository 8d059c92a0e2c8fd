# SPDX-License-Identifier: GPL-3.0-or-later
"""Generators of the fixed test vectors in tests/vectors/<format>/ (one module per format).

    .venv/bin/python -m tools.format_vectors [FORMAT ...]            write the vectors
    .venv/bin/python -m tools.format_vectors --check [FORMAT ...]    compare, write nothing

Each module has `build(directory) -> {relative path: bytes}`: everything the code under test
produces from the vector's inputs, which are constants of the module written to
`inputs.json` (plus, for the bundle, the member files kept in the vector). Randomness is fixed
through the code's own `random_bytes=` parameters; what the code cannot make deterministic
(ECDSA inside cryptography's CMS builder, SQLCipher's page IVs) is said in each README.
tests/unit/formats/ checks that `build` still gives the committed bytes, and decodes them with
readers written from docs/formats/ alone.
"""

from __future__ import annotations

FORMATS = ("attachment", "audit-log", "backup", "bundle", "form", "provisioning", "report", "review-decision",
           "score-request-and-result", "video-segments")


def module_for(name: str):
    import importlib

    return importlib.import_module(f"tools.format_vectors.{name.replace('-', '_')}")
