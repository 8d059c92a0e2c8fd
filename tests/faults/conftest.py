# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault-injection suite. `make test` runs a short version (a few trials per fault);
`make faults` sets LTC_FAULTS=long for many trials. Every trial's measured outcome is appended
to tests/artifacts/faults.jsonl, from which tools/write_reliability.py writes docs/reliability.md."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
OUTCOMES = ARTIFACTS / "faults.jsonl"


def long_run() -> bool:
    return os.environ.get("LTC_FAULTS") == "long"


def trials(short: int, long: int) -> int:
    return long if long_run() else short


@pytest.fixture
def record_outcome():
    """record_outcome(fault, trial, **measured): one line per trial for docs/reliability.md."""
    ARTIFACTS.mkdir(exist_ok=True)

    def write(fault: str, trial: int, **measured) -> None:
        with OUTCOMES.open("a", encoding="utf-8") as sink:
            sink.write(json.dumps({"fault": fault, "trial": trial, "long": long_run(), **measured},
                                  ensure_ascii=False) + "\n")
    return write
