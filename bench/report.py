# SPDX-License-Identifier: GPL-3.0-or-later
"""Report rendering and signing time, against a one-page baseline measured in the same run.

Baseline: a one-page reportlab document (one line of text in the same embedded CJK font) with
one pyHanko signature in a new field, signed as pyHanko does by default: the least a signed
PDF costs with these libraries used plainly. Ours: the full 评估结论书 (render_report: layout,
QR, signature fields) signed by two experts, the second locking.

Baseline and ours run in turn, REPEATS times each, so other work on the machine weighs on both
alike; each figure is the best run. Wall-clock time is the headline (what a user waits); CPU
time of this process is printed too, as it is barely moved by other processes on a shared
machine. The first report of a process also pays for imports and parsing the font: measured
in fresh processes, not in the ratio.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers  # noqa: E402
from pyhanko.sign.fields import SigFieldSpec, append_signature_field  # noqa: E402
from pyhanko.stamp.noop import NoOpStampStyle  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from assessment_app.reports import render_draft, render_report, sign_report, verify_report  # noqa: E402
from assessment_app.reports.fonts import FONT_NAME, register_report_font  # noqa: E402
from assessment_app.reports.sample import sample_content  # noqa: E402
from assessment_app.reports.signing import contents_reserve, pyhanko_signer  # noqa: E402
from assessment_app.security.certificates import (  # noqa: E402
    create_demo_ca,
    derive_ec_private_key,
    generate_key_and_csr,
    sign_csr,
)

REPEATS = 9
COLD_RUNS = 3
NOW = datetime.now(timezone.utc)
BASELINE = "one-page reportlab PDF + one pyHanko signature"

# A fresh interpreter: imports (the font is parsed when the layout is imported), the first
# report with both signatures, then a second.
COLD_SCRIPT = """
import time
started = time.perf_counter()
import bench.report as bench
from assessment_app.reports import render_report, sign_report
from assessment_app.reports.sample import sample_content
imported = time.perf_counter()
content = sample_content()
ca, experts = bench.identities()
prepared = time.perf_counter()
bench.sign_twice(render_report(content), ca, experts)
first = time.perf_counter()
bench.sign_twice(render_report(content), ca, experts)
second = time.perf_counter()
print(imported - started, first - prepared, second - first)
"""


class Timings:
    """Best wall-clock and CPU seconds of each named step, over interleaved runs."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def run(self, name: str, step, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = step(*args, **kwargs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.wall[name] = min(wall, self.wall.get(name, wall))
        self.cpu[name] = min(cpu, self.cpu.get(name, cpu))
        return result


def identities():
    ca, ca_key = create_demo_ca("基准机构", NOW - timedelta(days=1), 3650, key=derive_ec_private_key(b"bench", "ca"))
    experts = []
    for number, serial in (("B-0001", 11), ("B-0002", 12)):
        key, csr = generate_key_and_csr(f"专家{number}", number, "BENCH", private_key=derive_ec_private_key(b"bench", number))
        experts.append((key, sign_csr(csr, ca, ca_key, NOW - timedelta(hours=1), 30, serial=serial)))
    return ca, experts


def sign_twice(pdf: bytes, ca, experts, timings: Timings | None = None) -> bytes:
    run = timings.run if timings else (lambda _name, step, *args, **kwargs: step(*args, **kwargs))
    for index, (key, certificate) in enumerate(experts):
        pdf = run(f"sign {index + 1}", sign_report, pdf, field_name=f"Expert{index + 1}", key=key,
                  certificate=certificate, ca_certificates=[ca], signer_name=f"专家{index + 1}",
                  lock=index == len(experts) - 1, when=NOW)
    return pdf


def one_page_signed(ca, expert, *, reserve: bool = False) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=register_report_font())
    canvas.setFont(FONT_NAME, 12)
    canvas.drawString(72, 750, "长期护理保险失能等级评估结论书 baseline")
    canvas.save()
    writer = IncrementalPdfFileWriter(io.BytesIO(out.getvalue()))
    append_signature_field(writer, SigFieldSpec("Signer", box=(72, 600, 272, 660)))
    signer = pyhanko_signer(expert[0], expert[1], [ca])
    pdf_signer = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Signer", md_algorithm="sha256"),
                                   signer, stamp_style=NoOpStampStyle())
    signed = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=signed, bytes_reserved=contents_reserve(signer) if reserve else None)
    return signed.getvalue()


def cold_start() -> tuple[float, float, float]:
    """Best (import, first report signed twice, second report signed twice) in fresh processes."""
    runs = []
    for _ in range(COLD_RUNS):
        output = subprocess.run([sys.executable, "-c", COLD_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout
        runs.append(tuple(float(value) for value in output.split()))
    return tuple(min(run[column] for run in runs) for column in range(3))


def main() -> None:
    content = sample_content()
    ca, experts = identities()
    timings = Timings()

    def ours() -> bytes:
        return sign_twice(timings.run("render_report", render_report, content), ca, experts, timings)

    ours(), one_page_signed(ca, experts[0])  # warm-up: font parsing, imports
    for _ in range(REPEATS):
        timings.run("baseline", one_page_signed, ca, experts[0])
        timings.run("baseline, signed with a computed reserve", one_page_signed, ca, experts[0], reserve=True)
        signed = timings.run("ours", ours)
        timings.run("render_draft", render_draft, content)
        timings.run("verify_report", verify_report, signed, [ca])
    import_seconds, first_seconds, second_seconds = cold_start()
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    wall, cpu = timings.wall, timings.cpu
    rows = [
        ("baseline: one page + one pyHanko signature", "baseline"),
        ("  for reference: the same, signed with our reserve", "baseline, signed with a computed reserve"),
        ("full report + two signatures (second locks)", "ours"),
        ("  render_report (layout, QR, signature fields)", "render_report"),
        ("  first signature", "sign 1"),
        ("  second signature (locks)", "sign 2"),
        ("render_draft", "render_draft"),
        ("verify_report (two signatures)", "verify_report"),
    ]
    print(f"{'figure (best of ' + str(REPEATS) + ')':<52} {'wall ms':>9} {'ratio':>7} {'CPU ms':>9} {'ratio':>7}")
    for label, name in rows:
        print(f"{label:<52} {wall[name] * 1000:>9.1f} {wall[name] / wall['baseline']:>7.2f} "
              f"{cpu[name] * 1000:>9.1f} {cpu[name] / cpu['baseline']:>7.2f}")
    print(f"{'signed report size: KiB':<52} {len(signed) / 1024:>9.1f}")
    print(f"first report of a process (fresh interpreter, best of {COLD_RUNS}):")
    print(f"{'  imports (reports, pyHanko, reportlab; parses the font)':<52} {import_seconds * 1000:>9.1f}")
    print(f"{'  first full report, signed twice':<52} {first_seconds * 1000:>9.1f}")
    print(f"{'  second full report, signed twice':<52} {second_seconds * 1000:>9.1f}")
    print(f"{'process max RSS: MiB':<52} {max_rss_mib:>9.1f}")
    record("report", "full report + two PAdES signatures, wall time (goal ≤ 3×)", wall["ours"] * 1000, "ms",
           baseline=BASELINE, baseline_value=wall["baseline"] * 1000, higher_is_better=False)
    record("report", "full report + two PAdES signatures, CPU time (goal ≤ 3×)", cpu["ours"] * 1000, "ms",
           baseline=BASELINE + ", CPU time", baseline_value=cpu["baseline"] * 1000, higher_is_better=False)
    record("report", "verify_report, two signatures", wall["verify_report"] * 1000, "ms",
           baseline=BASELINE, baseline_value=wall["baseline"] * 1000, higher_is_better=False)
    record("report", "first full report of a process, after imports", first_seconds * 1000, "ms",
           baseline="the second report in the same process", baseline_value=second_seconds * 1000,
           higher_is_better=False)


if __name__ == "__main__":
    main()
