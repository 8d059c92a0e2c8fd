"""The third-party components a build ships and their licences: resources/licenses/index.json,
written by packaging/collect_licenses.py, with file paths relative to the resources folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assessment_app.resources import resource_path

INDEX = ("licenses", "index.json")


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


def licence_text(component: Component) -> str:
    """The component's licence files one after another, each under its own name."""
    parts = []
    for relative in component.files:
        path = resource_path(*relative.split("/"))
        parts.append(f"==== {relative.rsplit('/', 1)[-1]} ====\n\n{path.read_text(encoding='utf-8', errors='replace')}")
    return "\n\n".join(parts)
