# SPDX-License-Identifier: GPL-3.0-or-later
"""Write docs/reliability.md from the trials the fault suite recorded (tests/artifacts/faults.jsonl).

    .venv/bin/python tools/write_reliability.py [faults.jsonl] [docs/reliability.md]

For each fault: the number of trials and, for every measured figure, its minimum, mean and
maximum (numbers) or how many trials it held in (yes/no figures). The descriptions of the
faults and what "passing" means live in DESCRIPTIONS; a fault without one is listed plainly.
"""

from __future__ import annotations

import datetime
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTIONS = {
    "kill -9 during a bundle import": (
        "A reviewer's workstation imports a bundle with video in a child process, which is killed with "
        "SIGKILL after a random number of video segments were sealed under the reviewer's key. What it left "
        "must be ciphertext only (no MP4/JPEG/PNG/PDF signature, no name, no ID number), nothing of the visit "
        "may be in the database, and a later import of the same bundle must succeed and sweep the leftovers."),
    "kill -9 during a recorded visit, then resume": (
        "A child process runs a visit with a synthetic recording (1 s segments) and answers an item every "
        "0.25 s, printing each answer after its commit; it is killed with SIGKILL at a random moment "
        "(0.3–4 s into the recording). The visit is then resumed: every printed answer must be there, the "
        "resumed visit must start at the first unanswered item, and the recording must continue as a second "
        "chain linked to the first (verified). Lost video = kill time − end of the last sealed segment."),
    "write-ahead log truncated after kill -9": (
        "A writer appends answers and is killed with SIGKILL, leaving committed transactions in the "
        "write-ahead log, which is then cut at a random length. The database must open, pass its "
        "integrity check, and hold a prefix of the confirmed answers (never a newer one without an older)."),
    "disk full during recording": (
        "Recording (640×360, 1 s segments) into a real 4 MiB filesystem filled up to a random 80–600 KiB of "
        "room, with no safety margin, until the disk is full: the recording must stop cleanly at a segment "
        "boundary with the disk-full warning, no plaintext part left behind, and every sealed segment verified."),
    "disk full during export": (
        "Exporting a signed visit with video into a real filesystem of a random size (5–140 % of the "
        "bundle's size, 64 KiB parts): either the bundle fits and is complete, or the export is refused with no_space — and no "
        "partial output is left behind in either case."),
    "tampered bundle": (
        "Random corruptions of a small exported bundle, of every kind the issue names (wrong identity, "
        "missing / truncated / reordered / extra part, a flipped byte anywhere, a video segment swapped, the "
        "report replaced, the manifest re-signed by a certificate from another CA, a member dropped): each "
        "must be rejected by the check it concerns with its specific reason, never with an unexpected error. "
        "(A flipped byte in an unused area of the index can be harmless: such trials count as accepted.)"),
    "wrong administrator passphrase / wrong database key": (
        "Random wrong passphrases and random keys against a real data directory: each is refused with "
        "a typed error and no byte of the directory changes."),
    # The agency server (tests/agency/test_faults.py): a real PostgreSQL, TLS on loopback.
    "agency upload cut at a random byte": (
        "A real exported bundle, re-cut into parts of a random 60–200 KB, is uploaded through a loopback TCP "
        "proxy that cuts the connection once, after a random number of bytes the laptop sent (TLS end to end: "
        "the proxy sees ciphertext, as a broken network would). The client asks the server's offset and "
        "resumes. Passing: exactly one cut, the bundle complete on the server, every stored part's SHA-256 "
        "equal to the index's."),
    "agency server SIGKILL during uploads": (
        "Three bundles upload at once to `ltc-agency serve` running as a child process; once a random "
        "50–400 KB is acknowledged, the server is killed with SIGKILL and started again. Passing: the clients "
        "resume by themselves, all three bundles complete with equal hashes, no client error."),
    "agency PostgreSQL restart during uploads": (
        "Three bundles upload at once; once 150 KB is acknowledged, PostgreSQL is restarted (fast shutdown, "
        "start). Passing: requests during the restart are answered 503 or fail and are retried, all three "
        "bundles complete with equal hashes, no client error."),
    "agency worker SIGKILL mid-verification": (
        "A received bundle is claimed by an `ltc-agency worker` child process, which is killed with SIGKILL "
        "while its job is running. A second worker (2 s lease) takes the job over once the lease runs out. "
        "Passing: killed mid-job, the job's attempt 2 done by the replacement, exactly one registration in "
        "the audit trail, the bundle verified (or a duplicate of an earlier trial's)."),
    "agency store full during upload": (
        "The bundle store on a real filesystem of half the bundle's size: the upload is refused with 507 "
        "store_full and the client gives up after its retries; the bundle stays `receiving`, no verification "
        "job exists (nothing partial registered). The filesystem is then enlarged and the same upload "
        "resumes and completes with equal hashes."),
    "agency tampered bundle uploaded": (
        "A byte flipped in the encrypted payload of the last part and the index rehashed, so every part "
        "matches the index and the bundle is received in full. Passing: the worker quarantines it with the "
        "reason of the check that failed (age_payload_tampered)."),
    "agency workstation revoked mid-upload": (
        "The uploading workstation's certificate is revoked in PostgreSQL after its first piece. Passing: the "
        "next request on the same open connection is refused with 403 and the client stops (server_refused) "
        "instead of retrying."),
}


def _summary(values: list) -> str:
    if all(isinstance(value, bool) for value in values):
        return f"{sum(values)}/{len(values)} yes"
    if all(isinstance(value, str) for value in values):
        counts = Counter(values)
        return " · ".join(f"{value} ×{count}" for value, count in counts.most_common())
    numbers = [value for value in values if isinstance(value, (int, float))]
    if not numbers:
        return "—"
    def shown(number: float) -> str:
        return f"{number:,}" if float(number).is_integer() else f"{number:,.3g}"
    return f"min {shown(min(numbers))} · mean {shown(round(statistics.fmean(numbers), 3))} · max {shown(max(numbers))}"


def main(source: Path, target: Path) -> int:
    trials = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_fault: dict[str, list[dict]] = defaultdict(list)
    for trial in trials:
        by_fault[trial["fault"]].append(trial)
    text = ["# Reliability", "",
            f"Measured by the fault-injection suites in `tests/faults/` and `tests/agency/test_faults.py` on "
            f"{datetime.date.today().isoformat()} "
            "(`make faults` runs the long version; `make test` runs a few trials of each). Each row is the "
            "measured outcome over all trials, not a goal.", ""]
    for fault, rows in by_fault.items():
        text += [f"## {fault}", "", DESCRIPTIONS.get(fault, ""), "",
                 f"Trials: {len(rows)} ({'long run' if rows[0].get('long') else 'short run'})", "",
                 "| measured | outcome |", "|---|---|"]
        keys = [key for key in rows[0] if key not in ("fault", "trial", "long")]
        for key in keys:
            text.append(f"| {key.replace('_', ' ')} | {_summary([row.get(key) for row in rows])} |")
        text.append("")
    target.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {target}: {len(by_fault)} faults, {len(trials)} trials")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    source = Path(arguments[0]) if arguments else ROOT / "tests" / "artifacts" / "faults.jsonl"
    target = Path(arguments[1]) if len(arguments) > 1 else ROOT / "docs" / "reliability.md"
    sys.exit(main(source, target))
