# SPDX-License-Identifier: GPL-3.0-or-later
"""The project's own licence and the third-party components a build ships with theirs:
resources/licenses/index.json, written by packaging/collect_licenses.py (and, in a Linux build,
completed with the system libraries it bundles), with file paths relative to the resources folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assessment_app.resources import resource_path
from assessment_app.version import APP_VERSION

INDEX = ("licenses", "index.json")
PROJECT_LICENCE = "GPL-3.0-or-later"
# Where the corresponding source is (SOURCES.md) and the licence text; the GPL text in resources is
# the repository's LICENSE byte for byte (a test says so), so it is there from source and packaged.
PROJECT_LICENCE_FILES = ("licenses/SOURCES.md", "licenses/standard/GPL-3.0.txt")


@dataclass(frozen=True)
class Component:
    name: str
    version: str | None
    licence: str
    files: tuple[str, ...]


def shipped_components(index: Path | None = None) -> list[Component]:
    entries = json.loads((index or resource_path(*INDEX)).read_text(encoding="utf-8"))
    return [Component(entry["name"], entry.get("version"), entry["license"], tuple(entry["files"]))
            for entry in entries]


def own_component() -> Component:
    """ltc-assess itself, listed first."""
    return Component("ltc-assess", APP_VERSION, PROJECT_LICENCE, PROJECT_LICENCE_FILES)


def licence_text(component: Component) -> str:
    """The component's licence files one after another, each under its own name."""
    parts = []
    for relative in component.files:
        path = resource_path(*relative.split("/"))
        parts.append(f"==== {relative.rsplit('/', 1)[-1]} ====\n\n{path.read_text(encoding='utf-8', errors='replace')}")
    return "\n\n".join(parts)
