# SPDX-License-Identifier: GPL-3.0-or-later
"""Bundle export and import-with-verify of a large synthetic visit, next to the `age` tool.

What is synthetic: the visit itself is real (demo agency, two experts, every item answered,
both PAdES signatures, locked), but its recording is not filmed: one chain of 8 MiB segments of
random bytes (incompressible, like H.264), sealed and hash-chained exactly as the recording
layer seals real segments (AES-256-GCM, chain entries with plaintext and ciphertext hashes).
The bundle's checks never decode video, so random bytes cost what real video costs.

Each phase runs in a child process of its own, as `ltc-assess export` and `ltc-assess bundle
import` would: it imports only what the phase needs, opens the data directory, resets the
kernel's peak-RSS mark (/proc/self/clear_refs), runs the phase, and reports VmHWM, the peak
resident set of the whole process while the phase ran (Python, every imported library, the open
database and the phase's own buffers).

Figures, all in the same run on the same data, at every size asked for (default 512 MiB and
2 GiB of video, to show whether memory stays flat):
- ours: export (decrypt segments, tar, age-encrypt, hash, fsync and re-read every part) and
  import (index and part hashes, age-decrypt, every check, rows into the database, video
  re-encrypted under the reviewer's key and fsynced); throughput over the bundle size; peak RSS,
  with the process's RSS when the phase began as its baseline.
- baseline: `age -e` of the bundle's tar + `sha256sum` of it (export), and `age -d` + `sha256sum`
  (import): the least any encrypt-and-hash tool must do.

Each side runs --repeat times (default 2), alternating, and its best time counts (as timeit
does): on a shared machine the least disturbed run is the one that measures the work. Peak RSS
is the highest of the runs.

Usage: python bench/bundle.py [--sizes-mb 512,2048] [--repeat 2] [--profile DIR] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEGMENT_BYTES = 8 * 1024 * 1024
SEGMENT_MS = 2000
PASSPHRASE = "bench-administrator-passphrase"  # wraps the data key: a child process can open the directory
EXPORTED_AT = datetime.datetime(2026, 11, 26, 3, 0, tzinfo=datetime.timezone.utc)
IMPORTED_AT = EXPORTED_AT + datetime.timedelta(hours=1)


# --- the child: one phase, measured -------------------------------------------------------------

def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


def child(phase: str, arguments: dict, profile: str | None, trace: bool) -> None:
    from keyring.backends import null

    from assessment_app.services.case_records import open_case_records
    if phase == "export":
        from assessment_app.services.bundle_export import export_signing_in as work
    else:
        from assessment_app.services.accounts import login
        from assessment_app.services.bundle_import import import_bundle as work
        from tests.gui.records_fixtures import CHEAP_KDF
    records = open_case_records(arguments["data_dir"], PASSPHRASE, null.Keyring())
    if phase == "export":
        def call():  # both experts sign in with their personal passphrases, as at the laptop
            return work(records, arguments["visit_id"], Path(arguments["out"]),
                        passphrases=[tuple(pair) for pair in arguments["signers"]], now=EXPORTED_AT)
    else:
        reviewer = login(records, "DEMO-R-001", "demo-r-001", IMPORTED_AT, kdf_params=CHEAP_KDF)

        def call():
            return work(records, Path(arguments["bundle"]), Path(arguments["identity"]), now=IMPORTED_AT,
                        actor=reviewer)
    if trace:
        import tracemalloc
        tracemalloc.start(12)
    reset = _reset_peak()
    start_kib = _status_kib("VmRSS")
    started = time.perf_counter()
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        result = profiler.runcall(call)
        profiler.dump_stats(profile)
    else:
        result = call()
    seconds = time.perf_counter() - started
    outcome = {"seconds": seconds, "start_kib": start_kib, "peak_kib": _status_kib("VmHWM"), "peak_reset": reset}
    if phase == "export":
        outcome.update(bundle=str(result.bundle_dir), bytes=result.bytes, parts=result.parts)
    else:
        outcome.update(status=result.status, failure=str(result.report.first_failure))
    if trace:
        import tracemalloc
        current, peak = tracemalloc.get_traced_memory()
        top = tracemalloc.take_snapshot().statistics("traceback")[:5]
        outcome.update(traced_peak_kib=peak // 1024,
                       traced_top=[f"{stat.size // 1024} KiB: " + " <- ".join(
                           f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}" for frame in stat.traceback[-4:])
                           for stat in top])
    records.close()
    print(json.dumps(outcome))


def run_child(phase: str, arguments: dict, profile: Path | None, trace: bool) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", phase, json.dumps(arguments)]
    if profile is not None:
        command += ["--profile-file", str(profile)]
    if trace:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the {phase} child failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the parent: data, phases, baselines ---------------------------------------------------------

def synthetic_recording(records, visit_id: str, size_bytes: int) -> int:
    from assessment_app.recording import chain as entries
    from assessment_app.recording.linking import open_next_chain
    from assessment_app.recording.segments import recordings_key, seal_segment, segment_entry_fields
    from assessment_app.security.subkeys import key_id

    directory = records.layout.recordings / visit_id
    segment_key = recordings_key(records.data_key)
    opened = open_next_chain(directory, visit_id, 1_700_000_000_000, segment_key,
                             {"settings": {"synthetic": True}, "encrypted": True,
                              "key_id": key_id(records.data_key), "watermark": False})
    writer = opened.writer
    count = max(2, -(-size_bytes // SEGMENT_BYTES))
    for index in range(count):
        sealed = seal_segment(os.urandom(SEGMENT_BYTES), writer.next_sequence, writer.chain_id, segment_key,
                              writer.directory)
        start = index * SEGMENT_MS
        writer.append(entries.SEGMENT, **segment_entry_fields(
            sealed, start_ms=start, end_ms=start + SEGMENT_MS, start_wall_ms=start, end_wall_ms=start + SEGMENT_MS,
            frame_count=50, dropped_frames=0, audio=False))
    writer.append(entries.STOP, at_ms=count * SEGMENT_MS, wall_ms=count * SEGMENT_MS, reason="user")
    writer.close()
    return count


def workstation(data_dir: Path):
    """A demo-agency data directory whose data key is wrapped under PASSPHRASE only."""
    from keyring.backends import null

    from assessment_app.services.case_records import initialise_case_records
    from assessment_app.services.provisioning_import import ensure_demo_agency
    from tests.gui.records_fixtures import CHEAP_KDF
    from tests.unit.bundle.conftest import DEMO_SEED, NOW

    records = initialise_case_records(data_dir, PASSPHRASE, null.Keyring())
    ensure_demo_agency(records, NOW, DEMO_SEED, kdf_params=CHEAP_KDF)
    return records


def prepare(work: Path, size_mb: int) -> dict:
    from assessment_app.services.self_assessment import record_self_assessment
    from tests.unit.bundle.conftest import NOW, demo_world, signed_visit
    from tests.unit.visit.steps import best_answers

    laptop = workstation(work / "laptop")
    world = demo_world(laptop)
    record_self_assessment(laptop, world.case_id, world.form, best_answers(world), now=NOW, actor=world.pair.first)
    visit_id = signed_visit(world, video=False)
    segments = synthetic_recording(laptop, visit_id, size_mb * 1024 * 1024)
    identity = laptop.layout.root / "demo-agency" / "agency-identity.txt"
    laptop.close()
    return {"laptop": str(work / "laptop"), "visit_id": visit_id,
            "signers": [["DEMO-A-001", "demo-a-001"], ["DEMO-A-002", "demo-a-002"]], "identity": str(identity),
            "segments": segments}


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, **kwargs)
    return time.perf_counter() - started


def baselines(bundle: Path, identity: Path, work: Path) -> tuple[float, float]:
    """(export baseline, import baseline) in seconds on the bundle's own bytes."""
    index = json.loads((bundle / "index.json").read_text())
    parts = [str(bundle / part["name"]) for part in index["parts"]]
    tar = work / "bundle.tar"
    with open(tar, "wb") as plaintext:
        cat = subprocess.Popen(["cat", *parts], stdout=subprocess.PIPE)
        age_decrypt = timed(["age", "-d", "-i", str(identity)], stdin=cat.stdout, stdout=plaintext)
        cat.wait()
    recipient = identity.read_text().split("public key: ")[1].split()[0]
    with open(work / "again.age", "wb") as sink:
        age_encrypt = timed(["age", "-e", "-r", recipient, str(tar)], stdout=sink)
    sha = timed(["sha256sum", str(tar)], stdout=subprocess.DEVNULL)
    tar.unlink()
    (work / "again.age").unlink()
    return age_encrypt + sha, age_decrypt + sha


def _best(runs: list[dict]) -> dict:
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best.update(peak_kib=max(run["peak_kib"] for run in runs), start_kib=max(run["start_kib"] for run in runs))
    return best


def measure(work: Path, size_mb: int, repeat: int, profile: Path | None, trace: bool) -> dict:
    setup = prepare(work, size_mb)
    exports, imports, export_baselines, import_baselines = [], [], [], []
    for run in range(repeat):
        out, reviewer = work / f"out-{run}", work / f"reviewer-{run}"
        workstation(reviewer).close()
        exported = run_child("export", {"data_dir": setup["laptop"], "visit_id": setup["visit_id"],
                                        "signers": setup["signers"], "out": str(out)},
                             profile / f"export-{size_mb}.prof" if profile else None, trace)
        imported = run_child("import", {"data_dir": str(reviewer), "bundle": exported["bundle"],
                                        "identity": setup["identity"]},
                             profile / f"import-{size_mb}.prof" if profile else None, trace)
        assert imported["status"] == "imported", imported["failure"]
        export_baseline, import_baseline = baselines(Path(exported["bundle"]), Path(setup["identity"]), work)
        exports.append(exported)
        imports.append(imported)
        export_baselines.append(export_baseline)
        import_baselines.append(import_baseline)
        shutil.rmtree(reviewer, ignore_errors=True)
        if run + 1 < repeat:
            shutil.rmtree(out, ignore_errors=True)
    return {"size_mb": size_mb, "segments": setup["segments"], "bundle_mb": exports[-1]["bytes"] / 1e6,
            "parts": exports[-1]["parts"], "export": _best(exports), "import": _best(imports),
            "export_baseline": min(export_baselines), "import_baseline": min(import_baselines),
            "runs": {"export": [run["seconds"] for run in exports], "import": [run["seconds"] for run in imports],
                     "export_baseline": export_baselines, "import_baseline": import_baselines}}


def report(figures: list[dict]) -> None:
    from bench.results import record

    for figure in figures:
        bundle_mb = figure["bundle_mb"]

        def rate(seconds: float) -> float:
            return bundle_mb / seconds
        export, imported = figure["export"], figure["import"]
        print(f"\nsynthetic visit: {figure['segments']} segments of {SEGMENT_BYTES // 2**20} MiB, "
              f"bundle {bundle_mb:.1f} MB in {figure['parts']} part(s)")
        print(f"{'':28}{'seconds':>9}{'MB/s':>9}{'peak RSS MiB':>14}{'RSS at start':>14}")
        for name, phase in (("export (ours)", export), ("import with verify (ours)", imported)):
            print(f"{name:28}{phase['seconds']:9.2f}{rate(phase['seconds']):9.1f}"
                  f"{phase['peak_kib'] / 1024:14.0f}{phase['start_kib'] / 1024:14.0f}")
            if phase.get("traced_top"):
                print(f"    traced Python peak {phase['traced_peak_kib'] / 1024:.1f} MiB; largest live blocks at the end:")
                for line in phase["traced_top"]:
                    print(f"      {line}")
        print(f"{'age -e + sha256sum':28}{figure['export_baseline']:9.2f}{rate(figure['export_baseline']):9.1f}")
        print(f"{'age -d + sha256sum':28}{figure['import_baseline']:9.2f}{rate(figure['import_baseline']):9.1f}")
        print(f"throughput ratio (ours / baseline), best of {len(figure['runs']['export'])}: "
              f"export {figure['export_baseline'] / export['seconds']:.2f}x, "
              f"import {figure['import_baseline'] / imported['seconds']:.2f}x")
        print("every run, seconds: " + "; ".join(f"{name} " + ", ".join(f"{value:.1f}" for value in values)
                                               for name, values in figure["runs"].items()))
        label = f"{figure['size_mb']} MiB video"
        record("bundle", f"export peak RSS, {label}", export["peak_kib"] / 1024, "MiB",
               baseline="process RSS when the export began", baseline_value=export["start_kib"] / 1024,
               higher_is_better=False)
        record("bundle", f"import peak RSS, {label}", imported["peak_kib"] / 1024, "MiB",
               baseline="process RSS when the import began", baseline_value=imported["start_kib"] / 1024,
               higher_is_better=False)
    largest = max(figures, key=lambda figure: figure["size_mb"])
    bundle_mb = largest["bundle_mb"]
    label = f"{largest['size_mb']} MiB video"
    record("bundle", f"export throughput, {label}", bundle_mb / largest["export"]["seconds"], "MB/s",
           baseline="age -e + sha256sum", baseline_value=bundle_mb / largest["export_baseline"])
    record("bundle", f"import-with-verify throughput, {label}", bundle_mb / largest["import"]["seconds"], "MB/s",
           baseline="age -d + sha256sum", baseline_value=bundle_mb / largest["import_baseline"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", default="512,2048", help="video sizes in MiB, comma-separated (default 512,2048)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side; the best counts (default 2)")
    parser.add_argument("--profile", metavar="DIR", help="write a cProfile file per phase and size into DIR")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations in each phase")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--profile-file", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        child(args.child, json.loads(rest[0]), args.profile_file, args.tracemalloc)
        return
    if shutil.which("age") is None:
        sys.exit("the `age` command line tool is needed for the baseline")
    profile = Path(args.profile).resolve() if args.profile else None
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
    figures = []
    for size_mb in (int(size) for size in args.sizes_mb.split(",")):
        work = Path(tempfile.mkdtemp(prefix=f"ltc-bench-bundle-{size_mb}-"))
        try:
            figures.append(measure(work, size_mb, max(1, args.repeat), profile, args.tracemalloc))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    report(figures)


if __name__ == "__main__":
    main()
