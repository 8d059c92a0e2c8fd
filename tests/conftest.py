# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: the shipped form, paths of the repository and its test vectors, and a
credential store that never is the real user keyring."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from forms import default_registry
from forms.model import Form

REPO_ROOT = Path(__file__).resolve().parent.parent
VECTORS = REPO_ROOT / "tests" / "vectors"  # one directory per format of docs/formats
SCORING_VECTORS = VECTORS / "score-request-and-result"


# Subprocesses (CLI tests) inherit this: they, too, must never reach a real credential store.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# An internal error met by a test that runs the whole application is logged here, not in the
# user's log directory (ui/shell/error_report.py).
os.environ.setdefault("LTC_ASSESS_LOG_DIR", tempfile.mkdtemp(prefix="ltc-assess-test-log-"))

from assessment_app.security.memory_keyring import MemoryKeyring  # noqa: E402


InMemoryKeyring = MemoryKeyring  # the name the tests have always used


@pytest.fixture(autouse=True)
def no_real_keyring() -> None:
    """Whatever a test forgets to inject, the process-wide keyring is the always-failing one."""
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def memory_keyring() -> InMemoryKeyring:
    return InMemoryKeyring()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def form() -> Form:
    return default_registry().get("cn-ltc-2021")


@pytest.fixture
def best_answers(form: Form) -> dict[str, str]:
    return {item.id: item.options[-1].id for item in form.items}


@pytest.fixture
def worst_answers(form: Form) -> dict[str, str]:
    return {item.id: item.options[0].id for item in form.items}
