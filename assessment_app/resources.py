# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the shipped resources (fonts, translations, icons) are, in a checkout or a packaged build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """LTC_ASSESS_RESOURCES wins; then a PyInstaller bundle; then the source checkout."""
    override = os.environ.get("LTC_ASSESS_RESOURCES")
    if override:
        return Path(override)
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
