# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a benchmark leaves its headline figures for docs/performance.md.

Each benchmark prints its own full table; in addition it calls `record()` for the figures that
belong in the performance document, each next to the named baseline measured in the same run.
`make bench` sets LTC_BENCH_RESULTS to a JSON-lines file and then runs
bench/write_performance.py, which turns the lines into the table. Run alone, a benchmark only
prints.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

RESULTS_VARIABLE = "LTC_BENCH_RESULTS"


def record(benchmark: str, figure: str, value: float, unit: str, *, baseline: str | None = None,
           baseline_value: float | None = None, higher_is_better: bool = True) -> None:
    target = os.environ.get(RESULTS_VARIABLE)
    if not target:
        return
    ratio = None if not baseline_value else value / baseline_value
    line = {"benchmark": benchmark, "figure": figure, "value": value, "unit": unit, "baseline": baseline,
            "baseline_value": baseline_value, "ratio": ratio, "higher_is_better": higher_is_better,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    with Path(target).open("a", encoding="utf-8") as sink:
        sink.write(json.dumps(line, ensure_ascii=False) + "\n")
