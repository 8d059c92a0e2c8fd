# SPDX-License-Identifier: GPL-3.0-or-later
"""The GUI fixtures (offscreen Qt, catalogues, records, a signed-in main window) for the About
dialog tests, and the packaged build for the tests that look at or run it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.gui.conftest import *  # noqa: F401,F403 - fixtures are found by name

APP_DIR = REPO_ROOT / "dist" / "ltc-assess"
PACKAGED = pytest.mark.skipif(os.environ.get("LTC_PACKAGE_TEST") != "1" or not sys.platform.startswith("linux"),
                              reason="packaged build: set LTC_PACKAGE_TEST=1 (make test, make package-test)")


@pytest.fixture(scope="session")
def packaged_app():
    """dist/ltc-assess/, built by PyInstaller or reused when its inputs are unchanged (about two
    minutes the first time)."""
    env = {**os.environ, "PY": sys.executable}
    subprocess.run(["bash", str(REPO_ROOT / "packaging" / "linux" / "build-package.sh"), "--folder"], check=True,
                   env=env, timeout=1800)
    return APP_DIR
