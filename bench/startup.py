# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up as a user meets it: from launching the process to the sign-in window shown (offscreen,
`ltc-assess-gui --demo` on a prepared demo data directory, warm disk), next to a bare PySide6
window started the same way in the same run; and the command line's start (`ltc-assess --version`,
`forms list`, `score FILE`) next to `python -c pass`.

The application reports the moment its sign-in window is shown and usable when
LTC_ASSESS_STARTUP_PROBE=1 (ui/shell/startup_probe.py); the time is measured from just before
the process is launched. Each figure is the median of --runs runs (after one warm-up run).

    python bench/startup.py [--runs 7] [--data-dir DIR] [--importtime]

--importtime also prints the ten slowest imports on the way to the sign-in window
(`python -X importtime`), the profile that says where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROBE_PREFIX = "LTC_STARTUP"  # ui/shell/startup_probe.py
SCORE_REQUESTS = ROOT / "tests" / "vectors" / "score-request-and-result" / "requests.jsonl"
BARE_WINDOW = (
    "import sys, time\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication(sys.argv)\n"
    "window = QLabel('bare')\n"
    "window.show()\n"
    "QTimer.singleShot(0, lambda: (print('LTC_STARTUP sign-in-window %.6f' % time.time(), flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", LTC_ASSESS_LANG="zh_CN", **extra)
    environment.pop("LTC_BENCH_RESULTS", None)  # the children record nothing themselves
    return environment


def _script(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    return [str(beside)] if beside.exists() else [sys.executable, "-m", {"ltc-assess": "assessment_app.cli",
                                                                         "ltc-assess-gui": "assessment_app.ui.shell.app"}[name]]


def time_to_window(command: list[str], environment: dict[str, str], event: str = "sign-in-window") -> float:
    """Seconds from launching `command` to the line the probe prints for `event`: sign-in-window
    (shown, taking input) or data-open (the sign-in button works)."""
    started = time.time()
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    seen = [line for line in process.stdout.splitlines() if line.startswith(f"{PROBE_PREFIX} {event}")]
    if not seen:
        raise SystemExit(f"no {event} reported by {command}:\n{process.stdout}\n{process.stderr}")
    return float(seen[0].split()[-1]) - started


def times_to_window(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """(seconds to the sign-in window, seconds to its data open), from one launch."""
    started = time.time()
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    moments = {line.split()[1]: float(line.split()[-1]) for line in process.stdout.splitlines()
               if line.startswith(PROBE_PREFIX)}
    if "sign-in-window" not in moments or "data-open" not in moments:
        raise SystemExit(f"the probe reported {sorted(moments)} for {command}:\n{process.stderr}")
    return moments["sign-in-window"] - started, moments["data-open"] - started


def time_to_exit(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def median_of(runs: int, measure) -> tuple[float, float]:
    measure()  # warm-up: the disk cache, Python's bytecode cache
    samples = [measure() for _ in range(runs)]
    return statistics.median(samples), min(samples)


def slowest_imports(command: list[str], environment: dict[str, str], count: int = 10) -> list[tuple[int, str]]:
    process = subprocess.run([sys.executable, "-X", "importtime", *command[1:]] if command[0] == sys.executable
                             else [sys.executable, "-X", "importtime", command[0], *command[1:]],
                             env=environment, capture_output=True, text=True, timeout=300)
    rows = []  # (cumulative µs, module, nesting depth)
    for line in process.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split(":", 1)[1].split("|")
            rows.append((int(cumulative), name.strip(), (len(name) - len(name.lstrip()) - 1) // 2))
    return [(micros, "  " * depth + name) for micros, name, depth in sorted(rows, reverse=True)[:count]]


def prepare_demo(data_dir: Path, environment: dict[str, str]) -> None:
    """The first demo start creates the demo agency and 200 cases; the runs measured are later starts."""
    if not (data_dir / "cases.db").exists():
        time_to_window([*_script("ltc-assess-gui"), "--demo", "--data-dir", str(data_dir)], environment, "data-open")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    gui_environment = _environment(LTC_ASSESS_STARTUP_PROBE="1")
    cli_environment = _environment()
    with tempfile.TemporaryDirectory(dir=args.data_dir) as scratch:
        request = Path(scratch) / "request.json"
        request.write_text(SCORE_REQUESTS.read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")
        demo = Path(scratch) / "demo"
        prepare_demo(demo, gui_environment)
        gui = [*_script("ltc-assess-gui"), "--demo", "--data-dir", str(demo)]
        times_to_window(gui, gui_environment)  # warm-up
        launches = [times_to_window(gui, gui_environment) for _ in range(args.runs)]
        window, window_best = statistics.median(t[0] for t in launches), min(t[0] for t in launches)
        data_open, data_open_best = statistics.median(t[1] for t in launches), min(t[1] for t in launches)
        bare, bare_best = median_of(args.runs, lambda: time_to_window([sys.executable, "-c", BARE_WINDOW],
                                                                      gui_environment))
        if args.importtime:
            print("slowest imports before the sign-in window (cumulative µs):")
            for micros, name in slowest_imports(gui, gui_environment):
                print(f"  {micros:>9,}  {name}")
        cli = _script("ltc-assess")
        nothing, nothing_best = median_of(args.runs, lambda: time_to_exit([sys.executable, "-c", "pass"],
                                                                          cli_environment))
        commands = {"--version": [*cli, "--version"], "forms list": [*cli, "forms", "list"],
                    "score FILE": [*cli, "score", str(request)]}
        cli_times = {name: median_of(args.runs, lambda command=command: time_to_exit(command, cli_environment))
                     for name, command in commands.items()}

    print(f"{'start-up (median of ' + str(args.runs) + ')':<44}{'median s':>10}{'best s':>10}{'ratio':>8}")
    print(f"{'sign-in window, ltc-assess-gui --demo':<44}{window:>10.3f}{window_best:>10.3f}{window / bare:>8.2f}")
    print(f"{'  … its data open (sign-in possible)':<44}{data_open:>10.3f}{data_open_best:>10.3f}"
          f"{data_open / bare:>8.2f}")
    print(f"{'bare PySide6 window (baseline)':<44}{bare:>10.3f}{bare_best:>10.3f}{1:>8.2f}")
    for name, (median, best) in cli_times.items():
        print(f"{'ltc-assess ' + name:<44}{median:>10.3f}{best:>10.3f}{median / nothing:>8.2f}")
    print(f"{'python -c pass (baseline)':<44}{nothing:>10.3f}{nothing_best:>10.3f}{1:>8.2f}")

    record("start-up", "process start to the sign-in window, --demo (goal ≤ 0.6 s)", window, "s",
           baseline="a bare PySide6 window", baseline_value=bare, higher_is_better=False)
    record("start-up", "process start to the sign-in window's data open (demo data key unlocked)", data_open, "s",
           baseline="a bare PySide6 window", baseline_value=bare, higher_is_better=False)
    for name, (median, _) in cli_times.items():
        record("start-up", f"ltc-assess {name} (goal ≤ 0.3 s)", median, "s", baseline="python -c pass",
               baseline_value=nothing, higher_is_better=False)


if __name__ == "__main__":
    main()
