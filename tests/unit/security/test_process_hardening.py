# SPDX-License-Identifier: GPL-3.0-or-later
"""Both entry points turn core dumps off before anything else: a crash leaves no memory image."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

# A fresh process is dumpable again (execve resets the flag), so the flag going from True to
# False is the proof that the entry point hardened itself. The core limit is inherited and may
# already be 0 (the test process runs the CLI in-process, and raising a hard limit needs
# CAP_SYS_RESOURCE), so only its value afterwards is checked.
PROBE = """
from assessment_app.security.process_hardening import dump_state
before = dump_state()
{call}
after = dump_state()
print(before.dumpable, after.core_limit, after.dumpable)
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process flags")


def _probe(call: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE.format(call=call)], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    return result.stdout.split("\n")[-2]


def test_hardening_sets_no_core_file_and_not_dumpable():
    assert _probe("from assessment_app.security.process_hardening import disable_core_dumps; disable_core_dumps()") \
        == "True 0 False"


def test_the_command_line_entry_point_hardens_first():
    assert _probe("from assessment_app.cli import main; main(['--version'])") == "True 0 False"


def test_the_gui_entry_point_hardens_even_when_it_cannot_start():
    # No display: main() returns early, after the hardening.
    call = ("import os; os.environ.pop('DISPLAY', None); os.environ.pop('WAYLAND_DISPLAY', None); "
            "os.environ.pop('QT_QPA_PLATFORM', None); from assessment_app.ui.shell.app import main; main([])")
    assert _probe(call) == "True 0 False"
