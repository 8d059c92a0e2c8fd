# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess selftest` from the source tree: passes as shipped, fails on a broken check."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from assessment_app.resources import resource_path
from assessment_app.selftest import CHECKS, SelfTestFailure, check_scoring, run_selftest
from tests.conftest import SCORING_VECTORS

CHECK_NAMES = [name for name, _ in CHECKS]


def test_shipped_vectors_are_the_golden_test_vectors_byte_for_byte():
    for name in ("reference_cases.jsonl", "golden_results.jsonl"):
        assert resource_path("selftest", name).read_bytes() == (SCORING_VECTORS / name).read_bytes(), name


def test_cli_selftest_passes_from_source_with_one_line_per_check():
    # The subprocess inherits PYTHON_KEYRING_BACKEND=fail (tests/conftest.py): the database
    # check passes without any real credential store.
    result = subprocess.run([sys.executable, "-m", "assessment_app.cli", "selftest"], capture_output=True,
                            text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines() if line.split()
             and line.split()[0] in CHECK_NAMES}
    assert lines == {name: "ok" for name in CHECK_NAMES}, result.stdout
    assert "selftest passed: 5/5 checks" in result.stdout


@pytest.fixture
def tampered_vectors(tmp_path):
    for name in ("reference_cases.jsonl", "golden_results.jsonl"):
        (tmp_path / name).write_bytes(resource_path("selftest", name).read_bytes())
    golden = tmp_path / "golden_results.jsonl"
    data = golden.read_bytes()
    golden.write_bytes(data.replace(b'"grade":', b'"grade": ', 1))
    return tmp_path


def test_a_changed_golden_result_fails_the_scoring_check(tampered_vectors, tmp_path):
    with pytest.raises(SelfTestFailure, match="differs from its golden result"):
        check_scoring(tmp_path, tampered_vectors)


def test_one_failed_check_fails_the_whole_selftest_and_is_named(tampered_vectors):
    out = io.StringIO()
    status = run_selftest(out, checks=[("scoring", lambda workdir: check_scoring(workdir, tampered_vectors)),
                                       ("database", dict(CHECKS)["database"])])
    lines = out.getvalue().splitlines()
    assert status == 1
    assert any(line.startswith("scoring") and " failed " in line for line in lines), lines
    assert any(line.startswith("database") and " ok " in line for line in lines), lines
    assert lines[-1] == "selftest FAILED: 1/2 checks"


def test_a_check_that_crashes_is_reported_not_raised():
    def broken(workdir):
        raise RuntimeError("encoder missing")

    out = io.StringIO()
    assert run_selftest(out, checks=[("recording", broken)]) == 1
    assert "RuntimeError: encoder missing" in out.getvalue()


def test_the_window_check_fails_when_the_pdf_does_not_load_from_memory(monkeypatch, qapp):
    from assessment_app.ui.shell import selftest_window

    monkeypatch.setattr(selftest_window, "_square_pdf", lambda: b"%PDF-1.4 cut short")
    with pytest.raises(RuntimeError, match="did not load from memory"):
        selftest_window.show_pdf_from_memory_once()


def test_the_window_check_fails_when_the_page_renders_blank(monkeypatch, qapp):
    from reportlab.pdfgen.canvas import Canvas

    from assessment_app.ui.shell import selftest_window

    def empty_page() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(200, 200))
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    monkeypatch.setattr(selftest_window, "_square_pdf", empty_page)
    with pytest.raises(RuntimeError, match="did not render"):
        selftest_window.show_pdf_from_memory_once()
