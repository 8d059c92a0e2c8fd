# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess demo`: a whole visit without a screen ends in a bundle that our verifier accepts
and the independent `age` tool decrypts with the printed identity."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CLI = [sys.executable, "-m", "assessment_app.cli"]


def _run(*arguments: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *arguments], cwd=REPO_ROOT, capture_output=True,
                          env={**os.environ, "LTC_ASSESS_LANG": "en"}, **options)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("demo")
    result = _run("demo", "--out", str(out), "--seconds", "3")
    assert result.returncode == 0, result.stderr.decode()
    printed = json.loads(result.stdout)
    assert set(printed) == {"visit_id", "bundle", "report", "identity"}
    return printed


def test_the_printed_paths_are_absolute_and_exist(demo):
    for key in ("bundle", "report", "identity"):
        assert Path(demo[key]).is_absolute() and Path(demo[key]).exists(), key


def test_bundle_verify_accepts_the_demo_bundle(demo):
    # The demo agency's CA lies beside its identity file: trusted only when asked, and named.
    result = _run("bundle", "verify", demo["bundle"], "--identity", demo["identity"], "--ca-beside-identity",
                  "--json")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["ok"] and all(check["passed"] for check in report["checks"])
    assert "agency-ca.pem" in result.stderr.decode() and "SHA-256" in result.stderr.decode()


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command line tool is not installed")
def test_the_age_tool_decrypts_the_bundle_and_every_hash_matches(demo):
    bundle = Path(demo["bundle"])
    index = json.loads((bundle / "index.json").read_text())
    ciphertext = b"".join((bundle / part["name"]).read_bytes() for part in index["parts"])
    plaintext = subprocess.run(["age", "-d", "-i", demo["identity"]], input=ciphertext, capture_output=True,
                               check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
        members = {member.name: archive.extractfile(member).read() for member in archive if member.isfile()}
    manifest = json.loads(members["manifest.json"])
    assert manifest["visit_id"] == demo["visit_id"]
    for entry in manifest["files"]:
        assert hashlib.sha256(members[entry["path"]]).hexdigest() == entry["sha256"], entry["path"]
    assert any(path.endswith(".mp4") for path in members)


def test_a_bad_answers_file_is_refused_before_anything_is_made(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"adl.eating": "7"}))
    result = _run("demo", "--out", str(tmp_path / "out"), "--answers", str(answers))
    assert result.returncode == 2
    assert "adl.eating" in result.stderr.decode()
    assert not (tmp_path / "out").exists()
