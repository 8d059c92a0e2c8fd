# SPDX-License-Identifier: GPL-3.0-or-later
"""Write docs/performance.md from the JSON lines the benchmarks recorded (see bench/results.py)."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

HEADER = """# Performance

Written by `make bench` on {date} ({machine}). Every figure is measured in the same run as its
baseline, on the same machine; the ratio is ours ÷ baseline (for times, lower is better; for
rates, higher is better). Machines are noisy: compare ratios, not absolute numbers, and rerun
`make bench` before drawing conclusions. Each benchmark prints a fuller table than this one.

| benchmark | figure | value | baseline | baseline value | ratio |
|---|---|---:|---|---:|---:|
"""


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def main(results: Path, target: Path) -> int:
    lines = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        print("no benchmark results recorded", file=sys.stderr)
        return 1
    text = HEADER.format(date=datetime.date.today().isoformat(), machine=lines[0]["machine"])
    for line in lines:
        ratio = "—" if line["ratio"] is None else f"{line['ratio']:.2f}"
        text += (f"| {line['benchmark']} | {line['figure']} | {_number(line['value'])} {line['unit']} | "
                 f"{line['baseline'] or '—'} | {_number(line['baseline_value'])} | {ratio} |\n")
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(lines)} figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
