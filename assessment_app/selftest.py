# SPDX-License-Identifier: GPL-3.0-or-later
"""The installed application checks itself: `ltc-assess selftest`, `ltc-assess-gui --selftest`.

Run after installation (and by CI on the packaged build) to prove that the parts a frozen
build can lose are there and work: the form and its golden results, the encrypted database
and its migrations, the report font, PDF signing, the video encoder and Qt's platform plugins.
Everything happens in a temporary directory with a credential store that lives in memory, so
the user's data and the OS keyring are never touched. One line per check; True only if all pass.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from assessment_app.resources import resource_path
from assessment_app.security.memory_keyring import MemoryKeyring

FORM_ID = "cn-ltc-2021"
RECORDING_SECONDS = 2.0
LOG_NAME = "ltc-assess-selftest.log"


class SelfTestFailure(Exception):
    """A check ran but found something wrong."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: int
    detail: str = ""

    def line(self) -> str:
        status = "ok" if self.ok else "failed"
        return f"{self.name:<10} {status:<6} {self.ms:>6} ms" + (f"  {self.detail}" if self.detail else "")


# -- the checks: each takes a private empty directory and raises on failure ----------------------

def check_scoring(workdir: Path, vectors_dir: Path | None = None) -> str:
    """Every reference case scores to its golden result, byte for byte."""
    import json

    from forms import default_registry
    from scoring import score

    vectors_dir = vectors_dir or resource_path("selftest")
    form = default_registry().get(FORM_ID)
    cases = [json.loads(line) for line in (vectors_dir / "reference_cases.jsonl").read_text(encoding="utf-8")
             .splitlines() if line.strip()]
    golden = (vectors_dir / "golden_results.jsonl").read_bytes().splitlines()
    if not cases or len(cases) != len(golden):
        raise SelfTestFailure(f"{len(cases)} cases but {len(golden)} golden results")
    for case, expected in zip(cases, golden):
        if score(form, case["input"]["answers"]).to_json_bytes() != expected:
            raise SelfTestFailure(f"case {case['name']} differs from its golden result")
    return f"{len(cases)} vectors"


def check_database(workdir: Path) -> str:
    """A new encrypted database is created and migrated, then reopened with the stored key."""
    from assessment_app.services.case_records import initialise_case_records, open_case_records
    from assessment_app.storage.database import current_revision, head_revision

    store = MemoryKeyring()
    with initialise_case_records(workdir, None, keyring_backend=store):
        pass
    with open_case_records(workdir, keyring_backend=store) as records:
        revision, head = current_revision(records.engine), head_revision()
    if revision != head:
        raise SelfTestFailure(f"database at revision {revision}, expected {head}")
    return f"revision {head}"


def check_report(workdir: Path) -> str:
    """The sample report is rendered with the embedded font, signed by two demo experts, verified."""
    from assessment_app.reports import EXPERT_FIELDS, all_valid, render_report, sign_report, verify_report
    from assessment_app.reports.sample import sample_content
    from assessment_app.security.certificates import create_demo_ca, generate_key_and_csr, sign_csr

    now = datetime.now(timezone.utc).replace(microsecond=0)
    ca_certificate, ca_key = create_demo_ca("自检机构", now - timedelta(days=1), 30)
    pdf = render_report(sample_content())
    for serial, field_name in enumerate(EXPERT_FIELDS, start=1):
        key, csr = generate_key_and_csr(f"自检{serial}", f"SELFTEST-{serial}", "SELFTEST")
        certificate = sign_csr(csr, ca_certificate, ca_key, now - timedelta(hours=1), 30, serial=serial)
        pdf = sign_report(pdf, field_name=field_name, key=key, certificate=certificate,
                          ca_certificates=[ca_certificate], signer_name=field_name,
                          lock=field_name == EXPERT_FIELDS[-1], when=now)
    statuses = verify_report(pdf, [ca_certificate], at=now)
    if len(statuses) != len(EXPERT_FIELDS) or not all_valid(statuses):
        raise SelfTestFailure(f"signatures not valid: {statuses}")
    (workdir / "report.pdf").write_bytes(pdf)
    return f"{len(pdf)} bytes, {len(statuses)} signatures"


def check_recording(workdir: Path) -> str:
    """Two seconds of synthetic video and audio, encrypted into sealed segments, verify and decode."""
    from assessment_app.recording.session import RecordingSession
    from assessment_app.recording.settings import RecordingSettings
    from assessment_app.recording.sources import SyntheticAudioSource, SyntheticVideoSource
    from assessment_app.recording.verify import verify_recording

    settings = RecordingSettings(width=320, height=180, fps=15, segment_ms=1000, disk_margin_bytes=0)
    data_key = os.urandom(32)
    session = RecordingSession(workdir, "selftest", SyntheticVideoSource(settings.width, settings.height, settings.fps),
                               audio_source=SyntheticAudioSource(settings.audio_sample_rate), settings=settings,
                               data_key=data_key)
    session.start()
    time.sleep(RECORDING_SECONDS)
    session.stop()
    report = verify_recording(workdir / "selftest", data_key)
    if not report.ok or not report.decoded:
        raise SelfTestFailure(f"recording does not verify: {report.reason} {report.detail}")
    if report.recorded_ms < RECORDING_SECONDS * 1000 * 0.75:
        raise SelfTestFailure(f"only {report.recorded_ms} ms recorded")
    return f"{report.segments} segments, {report.recorded_ms} ms"


def check_window(workdir: Path) -> str:
    """Qt starts (offscreen unless a QApplication already runs), shows the calculator once, a
    PDF from memory in the preview dialog, and draws a dashboard chart."""
    from assessment_app.ui.shell.selftest_window import draw_chart_once, show_calculator_once, show_pdf_from_memory_once

    return f"{show_calculator_once()}, {show_pdf_from_memory_once()}, {draw_chart_once()}"


Check = Callable[[Path], str]
CHECKS: tuple[tuple[str, Check], ...] = (
    ("scoring", check_scoring),
    ("database", check_database),
    ("report", check_report),
    ("recording", check_recording),
    ("window", check_window),
)


def run_checks(checks: Sequence[tuple[str, Check]], out: TextIO) -> list[CheckResult]:
    results = []
    for name, check in checks:
        started = time.perf_counter()
        # On Windows a file still held by a scanner cannot be deleted at once; a leftover temporary
        # file must not turn a passed check into a crash.
        with tempfile.TemporaryDirectory(prefix=f"ltc-selftest-{name}-", ignore_cleanup_errors=True) as workdir:
            try:
                detail, ok = check(Path(workdir)), True
            except Exception as error:  # noqa: BLE001 - a failed check is reported, the others still run
                detail, ok = f"{type(error).__name__}: {error}", False
                if not isinstance(error, SelfTestFailure) and sys.stderr is not None:
                    traceback.print_exc(file=sys.stderr)
        result = CheckResult(name, ok, round((time.perf_counter() - started) * 1000), detail)
        print(result.line(), file=out, flush=True)
        results.append(result)
    return results


def run_selftest(out: TextIO | None = None, checks: Sequence[tuple[str, Check]] = CHECKS) -> int:
    """Exit status: 0 when every check passed, 1 otherwise."""
    from assessment_app.version import version_text

    out = out or sys.stdout
    if out is None:  # a windowed Windows executable has no console: the lines go to a file instead
        out = open(Path(tempfile.gettempdir()) / LOG_NAME, "w", encoding="utf-8")  # noqa: SIM115 - lives to exit
    print(version_text(), file=out)
    results = run_checks(checks, out)
    passed = all(result.ok for result in results)
    print(f"selftest {'passed' if passed else 'FAILED'}: {sum(r.ok for r in results)}/{len(results)} checks",
          file=out, flush=True)
    return 0 if passed else 1
