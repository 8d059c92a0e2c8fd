# SPDX-License-Identifier: GPL-3.0-or-later
"""Every fault a fault test records (record_outcome("…")) has its description in
tools/write_reliability.py, so docs/reliability.md explains every figure it shows."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import REPO_ROOT

FAULT_TESTS = [*sorted((REPO_ROOT / "tests" / "faults").glob("*.py")), REPO_ROOT / "tests" / "agency" / "test_faults.py"]


def _descriptions() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("write_reliability", REPO_ROOT / "tools" / "write_reliability.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DESCRIPTIONS


def test_every_recorded_fault_is_described():
    recorded = {name for path in FAULT_TESTS
                for name in re.findall(r'record_outcome\(\s*"([^"]+)"', path.read_text(encoding="utf-8"))}
    assert len(recorded) >= 13
    assert sorted(recorded - set(_descriptions())) == []
