# SPDX-License-Identifier: GPL-3.0-or-later
"""The package loads a module when one of its names is first used: checking signatures does
not pay for the layout, reportlab and the parsed font."""

from __future__ import annotations

import subprocess
import sys

import pytest

import assessment_app.reports as reports


def test_checking_signatures_loads_neither_reportlab_nor_the_layout():
    # Bundle import and `report verify` only check signatures: the layout and the font are not theirs to load.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, assessment_app.reports.verify; print(*sys.modules)"],
        capture_output=True, text=True, check=True).stdout.split()
    assert "assessment_app.reports.verify" in loaded
    layout = {"assessment_app.reports.layout", "assessment_app.reports.styles", "assessment_app.reports.fonts"}
    assert not [name for name in loaded if name.split(".")[0] == "reportlab" or name in layout]


def test_every_public_name_of_the_package_resolves():
    for name in reports.__all__:
        assert getattr(reports, name) is not None, name
    with pytest.raises(AttributeError):
        reports.no_such_name  # noqa: B018
