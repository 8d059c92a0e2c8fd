"""Scoring throughput and peak memory, against a bare-sum baseline measured in the same run.

Goal (issue 3): at least 50,000 assessments per second in-process on a 2-core machine.
Baseline: "bare sum" — summing 17 option scores looked up in a dict, the least work any scorer
of this instrument must do (no validation, no levels, no trace). The ratio shows what the
engine's checks and trace cost on top of that floor.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms import default_registry  # noqa: E402
from scoring import score  # noqa: E402

from bench.results import record  # noqa: E402

N = 100_000
REPEATS = 3


def answer_sets(form, count: int, seed: int = 20261126) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{item.id: rng.choice(item.options).id for item in form.items} for _ in range(count)]


def best_rate(run, count: int) -> float:
    """Best of several runs: the least disturbed by other work on the machine."""
    rates = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        rates.append(count / (time.perf_counter() - start))
    return max(rates)


def main() -> None:
    form = default_registry().get("cn-ltc-2021")
    inputs = answer_sets(form, N)
    option_scores = {item.id: item.scores_by_option for item in form.items}

    def bare_sum():
        for answers in inputs:
            sum(option_scores[item_id][option] for item_id, option in answers.items())

    def engine():
        for answers in inputs:
            score(form, answers)

    def engine_json():
        for answers in inputs[: N // 10]:
            score(form, answers).to_json_bytes()

    baseline = best_rate(bare_sum, N)
    ours = best_rate(engine, N)
    with_json = best_rate(engine_json, N // 10)

    tracemalloc.start()
    engine()
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as tmp:
        requests = Path(tmp) / "requests.jsonl"
        lines = 20_000
        requests.write_text("".join(json.dumps({"form": form.id, "answers": a}) + "\n" for a in inputs[:lines]))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assessment_app.cli", "score", "--jsonl", str(requests)],
                       check=True, stdout=subprocess.DEVNULL)
        cli_rate = lines / (time.perf_counter() - start)

    print(f"{'figure':<46} {'value':>14} {'baseline (bare sum)':>20} {'ratio':>7}")
    print(f"{'score(): assessments/s (goal >= 50,000)':<46} {ours:>14,.0f} {baseline:>20,.0f} {ours / baseline:>7.2f}")
    print(f"{'score() + canonical JSON: assessments/s':<46} {with_json:>14,.0f} {baseline:>20,.0f} {with_json / baseline:>7.2f}")
    print(f"{'ltc-assess score --jsonl (20,000 lines): lines/s':<46} {cli_rate:>14,.0f} {'':>20} {'':>7}")
    print(f"{'peak traced memory while scoring 100,000: KiB':<46} {peak_traced / 1024:>14,.1f}")
    print(f"{'process max RSS: MiB':<46} {max_rss_mib:>14,.1f}")
    print("goal met" if ours >= 50_000 else "GOAL NOT MET: below 50,000 assessments/s")
    record("scoring", "score(): assessments per second (goal ≥ 50,000)", ours, "/s",
           baseline="bare sum of 17 scores", baseline_value=baseline)
    record("scoring", "score() + canonical JSON: assessments per second", with_json, "/s",
           baseline="bare sum of 17 scores", baseline_value=baseline)


if __name__ == "__main__":
    main()
