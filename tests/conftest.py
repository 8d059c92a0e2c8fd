"""Shared fixtures: the shipped form, paths of the repository and its test vectors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms import default_registry
from forms.model import Form

REPO_ROOT = Path(__file__).resolve().parent.parent
VECTORS = REPO_ROOT / "tests" / "vectors"


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
