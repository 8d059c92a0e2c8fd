# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundle commands: exit 0 valid, 1 invalid, 2 bad usage; the report as JSON with --json."""

from __future__ import annotations

import json
import shutil

from assessment_app.bundle.parts import read_index
from assessment_app.cli import main
from assessment_app.security.certificates import certificate_pem


def _ca_file(exported, tmp_path):
    path = tmp_path / "ca.pem"
    path.write_text("".join(certificate_pem(ca) for ca in exported.laptop.trusted_cas()))
    return path


def test_verify_exits_0_and_lists_every_check(exported, tmp_path, capsys):
    code = main(["--lang", "en", "bundle", "verify", str(exported.bundle), "--identity",
                 str(exported.laptop.identity_file), "--ca", str(_ca_file(exported, tmp_path)), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] and len(report["checks"]) == 12


def test_verify_exits_1_with_the_reason_for_a_damaged_bundle(exported, tmp_path, capsys):
    bundle = shutil.copytree(exported.bundle, tmp_path / "copy")
    (bundle / read_index(bundle)[-1].name).unlink()
    code = main(["--lang", "en", "bundle", "verify", str(bundle), "--identity", str(exported.laptop.identity_file),
                 "--ca", str(_ca_file(exported, tmp_path))])
    out = capsys.readouterr().out
    assert code == 1 and "Parts: FAILED" in out and "is missing" in out


def test_verify_without_an_identity_file_is_a_usage_error(exported, tmp_path, capsys):
    code = main(["bundle", "verify", str(exported.bundle), "--identity", str(tmp_path / "none.txt")])
    assert code == 2 and "身份文件" in capsys.readouterr().err
