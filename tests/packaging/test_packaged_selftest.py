# SPDX-License-Identifier: GPL-3.0-or-later
"""The packaged build checks itself: PyInstaller folder built (or reused when its inputs are
unchanged), then both executables run their self-test offscreen. Slow the first time (about
two minutes), so only with LTC_PACKAGE_TEST=1, which `make test` and `make package-test` set."""

from __future__ import annotations

import subprocess

from assessment_app.selftest import CHECKS
from tests.packaging.conftest import PACKAGED

pytestmark = PACKAGED  # the `packaged_app` fixture (tests/packaging/conftest.py) builds or reuses the folder


def run_packaged(app_dir, *arguments, tmp_path):
    # No HOME, no display, no real keyring: the packaged self-test must need none of them.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "TMPDIR": str(tmp_path)}
    return subprocess.run([str(app_dir / arguments[0]), *arguments[1:]], capture_output=True, text=True, env=env,
                          timeout=300, cwd=tmp_path)


def assert_all_checks_passed(result):
    assert result.returncode == 0, result.stdout + result.stderr
    status = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()
              if line.split() and line.split()[0] in dict(CHECKS)}
    assert status == {name: "ok" for name, _ in CHECKS}, result.stdout + result.stderr


def test_packaged_cli_selftest_passes(packaged_app, tmp_path):
    assert_all_checks_passed(run_packaged(packaged_app, "ltc-assess", "selftest", tmp_path=tmp_path))


def test_packaged_gui_selftest_passes(packaged_app, tmp_path):
    assert_all_checks_passed(run_packaged(packaged_app, "ltc-assess-gui", "--selftest", tmp_path=tmp_path))


def test_packaged_version_names_application_engine_and_form(packaged_app, tmp_path):
    result = run_packaged(packaged_app, "ltc-assess", "--version", tmp_path=tmp_path)
    from assessment_app.version import version_text

    assert result.returncode == 0 and result.stdout.strip() == version_text()
