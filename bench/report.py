"""Report rendering and signing time, against a one-page baseline measured in the same run.

Baseline: a one-page reportlab document (one line of text in the same embedded CJK font) with
one pyHanko signature in a new field: the least any signed PDF costs with these libraries.
Ours: the full 评估结论书 (render_report: layout, QR, signature fields) signed by two experts,
the second locking. Figures are the best of several runs (least disturbed by other work).
"""

from __future__ import annotations

import io
import resource
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record  # noqa: E402

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers  # noqa: E402
from pyhanko.sign.fields import SigFieldSpec, append_signature_field  # noqa: E402
from pyhanko.stamp.noop import NoOpStampStyle  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from assessment_app.reports import render_draft, render_report, sign_report, verify_report  # noqa: E402
from assessment_app.reports.fonts import FONT_NAME, register_report_font  # noqa: E402
from assessment_app.reports.sample import sample_content  # noqa: E402
from assessment_app.reports.signing import pyhanko_signer  # noqa: E402
from assessment_app.security.certificates import (  # noqa: E402
    create_demo_ca,
    derive_ec_private_key,
    generate_key_and_csr,
    sign_csr,
)

REPEATS = 5
NOW = datetime.now(timezone.utc)


def best_seconds(run) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def identities():
    ca, ca_key = create_demo_ca("基准机构", NOW - timedelta(days=1), 3650, key=derive_ec_private_key(b"bench", "ca"))
    experts = []
    for number, serial in (("B-0001", 11), ("B-0002", 12)):
        key, csr = generate_key_and_csr(f"专家{number}", number, "BENCH", private_key=derive_ec_private_key(b"bench", number))
        experts.append((key, sign_csr(csr, ca, ca_key, NOW - timedelta(hours=1), 30, serial=serial)))
    return ca, experts


def one_page_signed(ca, expert) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=register_report_font())
    canvas.setFont(FONT_NAME, 12)
    canvas.drawString(72, 750, "长期护理保险失能等级评估结论书 baseline")
    canvas.save()
    writer = IncrementalPdfFileWriter(io.BytesIO(out.getvalue()))
    append_signature_field(writer, SigFieldSpec("Signer", box=(72, 600, 272, 660)))
    signer = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Signer", md_algorithm="sha256"),
                               pyhanko_signer(expert[0], expert[1], [ca]), stamp_style=NoOpStampStyle())
    signed = io.BytesIO()
    signer.sign_pdf(writer, output=signed)
    return signed.getvalue()


def main() -> None:
    content = sample_content()
    ca, (first, second) = identities()

    def full_report() -> bytes:
        pdf = render_report(content)
        pdf = sign_report(pdf, field_name="Expert1", key=first[0], certificate=first[1], ca_certificates=[ca],
                          signer_name="专家1", lock=False, when=NOW)
        return sign_report(pdf, field_name="Expert2", key=second[0], certificate=second[1], ca_certificates=[ca],
                           signer_name="专家2", lock=True, when=NOW)

    full_report(), one_page_signed(ca, first)  # warm-up: font parsing, imports
    baseline = best_seconds(lambda: one_page_signed(ca, first))
    render_only = best_seconds(lambda: render_report(content))
    draft = best_seconds(lambda: render_draft(content))
    ours = best_seconds(full_report)
    signed = full_report()
    verify = best_seconds(lambda: verify_report(signed, [ca]))
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{'figure':<52} {'ms':>9} {'ratio to baseline':>18}")
    print(f"{'baseline: one page + one pyHanko signature':<52} {baseline * 1000:>9.1f} {1:>18.2f}")
    print(f"{'render_report (full report, unsigned, with fields)':<52} {render_only * 1000:>9.1f} {render_only / baseline:>18.2f}")
    print(f"{'render_draft':<52} {draft * 1000:>9.1f} {draft / baseline:>18.2f}")
    print(f"{'full report + two signatures (second locks)':<52} {ours * 1000:>9.1f} {ours / baseline:>18.2f}")
    print(f"{'verify_report (two signatures)':<52} {verify * 1000:>9.1f} {verify / baseline:>18.2f}")
    print(f"{'signed report size: KiB':<52} {len(signed) / 1024:>9.1f}")
    record("report", "full report + two PAdES signatures", ours * 1000, "ms",
           baseline="one-page reportlab PDF + one pyHanko signature", baseline_value=baseline * 1000,
           higher_is_better=False)
    record("report", "verify_report, two signatures", verify * 1000, "ms",
           baseline="one-page reportlab PDF + one pyHanko signature", baseline_value=baseline * 1000,
           higher_is_better=False)
    print(f"{'process max RSS: MiB':<52} {max_rss_mib:>9.1f}")


if __name__ == "__main__":
    main()
