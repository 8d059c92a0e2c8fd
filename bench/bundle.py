"""Bundle export and import-with-verify of a large synthetic visit, next to the `age` tool.

What is synthetic: the visit itself is real (demo agency, two experts, every item answered,
both PAdES signatures, locked), but its recording is not filmed: one chain of 8 MiB segments of
random bytes (incompressible, like H.264), sealed and hash-chained exactly as the recording
layer seals real segments (AES-256-GCM, chain entries with plaintext and ciphertext hashes).
The bundle's checks never decode video, so random bytes cost what real video costs.

Figures, all in the same run on the same data:
- ours: export (decrypt segments, tar, age-encrypt, hash, fsync and re-read every part) and
  import (index and part hashes, age-decrypt, unpack, every check, rows into the database,
  re-encrypt the video under the reviewer's key); throughput over the bundle size; peak RSS.
- baseline: `age -e` of the bundle's tar + `sha256sum` of it (export), and `age -d` + `sha256sum`
  (import): the least any encrypt-and-hash tool must do.

Usage: python bench/bundle.py [--size-mb 2048]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record  # noqa: E402

from assessment_app.bundle.parts import read_index  # noqa: E402
from assessment_app.recording import chain as entries  # noqa: E402
from assessment_app.recording.linking import open_next_chain  # noqa: E402
from assessment_app.recording.segments import recordings_key, seal_segment, segment_entry_fields  # noqa: E402
from assessment_app.security.subkeys import key_id  # noqa: E402
from assessment_app.services.bundle_export import export_visit  # noqa: E402
from assessment_app.services.bundle_import import import_bundle  # noqa: E402

from tests.unit.bundle.conftest import EXPORTED_AT, demo_records, demo_sign_in, make_laptop  # noqa: E402

SEGMENT_BYTES = 8 * 1024 * 1024
SEGMENT_MS = 2000


class PeakRss:
    """Samples VmRSS every 20 ms while a phase runs: the peak is what the phase needed."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def now_kib() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now_kib())
            time.sleep(0.02)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now_kib())


def synthetic_recording(records, visit_id: str, size_bytes: int) -> int:
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


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=2048, help="video size in MiB (default 2048)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args()
    if shutil.which("age") is None:
        sys.exit("the `age` command line tool is needed for the baseline")
    work = Path(tempfile.mkdtemp(prefix="ltc-bench-bundle-"))
    try:
        run(work, args.size_mb)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, size_mb: int) -> None:
    laptop = make_laptop(work / "laptop", video=False)
    segments = synthetic_recording(laptop.records, laptop.visit_id, size_mb * 1024 * 1024)
    baseline_rss = PeakRss.now_kib()

    started = time.perf_counter()
    with PeakRss() as export_rss:
        result = export_visit(laptop.records, laptop.visit_id, work / "out", signers=laptop.signers,
                              now=EXPORTED_AT)
    export_seconds = time.perf_counter() - started
    bundle_mb = result.bytes / 1e6

    reviewer = demo_records(work / "reviewer")
    signed_in = demo_sign_in(reviewer, "DEMO-R-001")  # the import is the demo reviewer's
    started = time.perf_counter()
    with PeakRss() as import_rss:
        imported = import_bundle(reviewer, result.bundle_dir, laptop.identity_file,
                                 now=EXPORTED_AT + datetime.timedelta(hours=1), actor=signed_in)
    import_seconds = time.perf_counter() - started
    assert imported.status == "imported", imported.report.first_failure

    # The baseline on the very same bytes: the bundle's plaintext tar.
    parts = [result.bundle_dir / part.name for part in read_index(result.bundle_dir)]
    tar = work / "bundle.tar"
    with open(tar, "wb") as plaintext:
        cat = subprocess.Popen(["cat", *map(str, parts)], stdout=subprocess.PIPE)
        age_decrypt = timed(["age", "-d", "-i", str(laptop.identity_file)], stdin=cat.stdout, stdout=plaintext)
        cat.wait()
    recipient = laptop.identity_file.read_text().split("public key: ")[1].split()[0]
    with open(work / "again.age", "wb") as sink:
        age_encrypt = timed(["age", "-e", "-r", recipient, str(tar)], stdout=sink)
    sha = timed(["sha256sum", str(tar)], stdout=subprocess.DEVNULL)
    export_baseline, import_baseline = age_encrypt + sha, age_decrypt + sha

    def rate(seconds: float) -> float:
        return bundle_mb / seconds
    print(f"synthetic visit: {segments} segments of {SEGMENT_BYTES // 2**20} MiB, bundle {bundle_mb:.1f} MB "
          f"in {result.parts} part(s)")
    print(f"{'':28}{'seconds':>9}{'MB/s':>9}{'peak RSS MiB':>14}")
    print(f"{'export (ours)':28}{export_seconds:9.2f}{rate(export_seconds):9.1f}{export_rss.peak / 1024:14.0f}")
    print(f"{'age -e + sha256sum':28}{export_baseline:9.2f}{rate(export_baseline):9.1f}")
    print(f"{'import with verify (ours)':28}{import_seconds:9.2f}{rate(import_seconds):9.1f}"
          f"{import_rss.peak / 1024:14.0f}")
    print(f"{'age -d + sha256sum':28}{import_baseline:9.2f}{rate(import_baseline):9.1f}")
    print(f"process RSS before export: {baseline_rss / 1024:.0f} MiB")
    print(f"ratio export / baseline: {export_seconds / export_baseline:.2f}x, "
          f"import / baseline: {import_seconds / import_baseline:.2f}x")
    record("bundle", "export throughput", rate(export_seconds), "MB/s", baseline="age -e + sha256sum",
           baseline_value=rate(export_baseline))
    record("bundle", "import-with-verify throughput", rate(import_seconds), "MB/s", baseline="age -d + sha256sum",
           baseline_value=rate(import_baseline))
    record("bundle", "export peak RSS", export_rss.peak / 1024, "MiB", higher_is_better=False)
    record("bundle", "import peak RSS", import_rss.peak / 1024, "MiB", higher_is_better=False)
    laptop.records.close()
    reviewer.close()


if __name__ == "__main__":
    main()
