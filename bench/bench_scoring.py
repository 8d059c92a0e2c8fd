# SPDX-License-Identifier: GPL-3.0-or-later
"""Scoring throughput and peak memory, against a bare-sum baseline measured in the same run.

Goal (issues 3 and 19): at least 50,000 assessments per second in-process on a 2-core machine,
for score() alone and for score() with the canonical result JSON a record stores.
Baseline: "bare sum" — summing 17 option scores looked up in a dict, the least work any scorer
of this instrument must do (no validation, no levels, no trace). The ratio shows what the
engine's checks and trace cost on top of that floor. The general canonical_json_bytes (used for
documents read back from records and bundles) is measured against json.dumps with the same
options on the same result documents: the ratio is the cost of the strict-rules check.
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
from forms.canonical import canonical_json_bytes  # noqa: E402
from scoring import score  # noqa: E402

from bench.results import record  # noqa: E402

N = 100_000
DOCUMENTS = 2_000
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
        for answers in inputs:
            score(form, answers).to_json_bytes()

    baseline = best_rate(bare_sum, N)
    ours = best_rate(engine, N)
    with_json = best_rate(engine_json, N)

    tracemalloc.start()
    engine()
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # After the memory figures: these documents are plain dicts and take room.
    documents = [score(form, answers).to_dict() for answers in inputs[:DOCUMENTS]]

    def general_canonical():
        for document in documents:
            canonical_json_bytes(document)

    def plain_dumps():
        for document in documents:
            json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    general = best_rate(general_canonical, DOCUMENTS)
    dumps_rate = best_rate(plain_dumps, DOCUMENTS)

    with tempfile.TemporaryDirectory() as tmp:
        requests = Path(tmp) / "requests.jsonl"
        lines = 20_000
        requests.write_text("".join(json.dumps({"form": form.id, "answers": a}) + "\n" for a in inputs[:lines]))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assessment_app.cli", "score", "--jsonl", str(requests)],
                       check=True, stdout=subprocess.DEVNULL)
        cli_rate = lines / (time.perf_counter() - start)

    print(f"{'figure':<58} {'value':>10} {'baseline':>24} {'ratio':>7}")
    rows = [
        ("score(): assessments/s (goal >= 50,000)", f"{ours:,.0f}", f"bare sum {baseline:,.0f}", ours / baseline),
        ("score() + canonical JSON: assessments/s (goal >= 50,000)", f"{with_json:,.0f}", f"bare sum {baseline:,.0f}",
         with_json / baseline),
        (f"canonical_json_bytes, {DOCUMENTS:,} result documents: /s", f"{general:,.0f}",
         f"json.dumps {dumps_rate:,.0f}", general / dumps_rate),
        ("ltc-assess score --jsonl (20,000 lines): lines/s", f"{cli_rate:,.0f}", "", None),
        ("peak traced memory while scoring 100,000: KiB", f"{peak_traced / 1024:,.1f}", "", None),
        ("process max RSS: MiB", f"{max_rss_mib:,.1f}", "", None),
    ]
    for label, value, against, ratio in rows:
        print(f"{label:<58} {value:>10} {against:>24} {'' if ratio is None else f'{ratio:.2f}':>7}")
    print("goal met" if min(ours, with_json) >= 50_000 else "GOAL NOT MET: below 50,000 assessments/s")
    record("scoring", "score(): assessments per second (goal ≥ 50,000)", ours, "/s",
           baseline="bare sum of 17 scores", baseline_value=baseline)
    record("scoring", "score() + canonical JSON: assessments per second (goal ≥ 50,000)", with_json, "/s",
           baseline="bare sum of 17 scores", baseline_value=baseline)
    record("scoring", "canonical_json_bytes of a result document: per second", general, "/s",
           baseline="json.dumps, same options, no checks", baseline_value=dumps_rate)


if __name__ == "__main__":
    main()
