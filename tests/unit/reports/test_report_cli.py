# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess report verify`: exit 0 only when every signature holds, 1 when any fails or
there is none, 2 on bad input."""

from __future__ import annotations

import json

from assessment_app.cli import main
from assessment_app.security.certificates import certificate_pem


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_verify_with_the_agency_ca_passes_and_lists_both_signers(signed_twice, ca, tmp_path, capsys):
    pdf = write(tmp_path, "signed.pdf", signed_twice)
    ca_file = write(tmp_path, "ca.pem", certificate_pem(ca[0]).encode())
    # The certificates in the fixture are valid in 2025 (NOW) and still now: no time override needed.
    assert main(["--lang", "en", "report", "verify", pdf, "--ca", ca_file, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["trust_checked"]
    assert [(s["field_name"], s["signer_common_name"], s["covers_whole_file"]) for s in result["signatures"]] == [
        ("Expert1", "张明华", False), ("Expert2", "陈丽", True)]


def test_verify_without_ca_says_trust_was_not_checked(signed_twice, tmp_path, capsys):
    assert main(["report", "verify", write(tmp_path, "signed.pdf", signed_twice)]) == 0
    out = capsys.readouterr().out
    assert "未核验信任" in out and "Expert2" in out


def test_verify_fails_on_a_tampered_file(signed_twice, tmp_path, capsys):
    from tests.unit.reports.test_report_signing import flip_byte_in_first_content_stream as flip
    assert main(["--lang", "en", "report", "verify", write(tmp_path, "bad.pdf", flip(signed_twice))]) == 1
    assert "ALTERED" in capsys.readouterr().out


def test_verify_fails_on_an_unsigned_file(report_pdf, tmp_path, capsys):
    assert main(["--lang", "en", "report", "verify", write(tmp_path, "unsigned.pdf", report_pdf)]) == 1
    assert "no signatures" in capsys.readouterr().err


def test_verify_of_a_missing_file_or_bad_ca_is_a_usage_error(signed_twice, tmp_path, capsys):
    assert main(["report", "verify", str(tmp_path / "missing.pdf")]) == 2
    pdf = write(tmp_path, "signed.pdf", signed_twice)
    assert main(["report", "verify", pdf, "--ca", write(tmp_path, "ca.pem", b"not a certificate")]) == 2
