# SPDX-License-Identifier: GPL-3.0-or-later
"""The application's name and version, and the text `--version` and the About dialog show.

A module of its own, below every layer, so that the CLI, the self-test and the About dialog can
name the version without importing one another (they used to form an import cycle).
"""

from __future__ import annotations

APP_NAME = "ltc-assess"
APP_VERSION = "0.1.0"


def version_text() -> str:
    """Application, scoring engine and installed form versions, one per line."""
    from forms import default_registry
    from scoring import ENGINE_NAME, ENGINE_VERSION

    lines = [f"{APP_NAME} {APP_VERSION}", f"{ENGINE_NAME} {ENGINE_VERSION}"]
    lines += [f"form {entry.id} {entry.version}" for entry in default_registry().entries()]
    return "\n".join(lines)
