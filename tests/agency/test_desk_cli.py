# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk from the command line: the records key, the trust package, the settings, the
demo year — JSON on stdout, clear refusals on stderr."""

from __future__ import annotations

import dataclasses

from tests.agency.desk import build_people
from tests.agency.harness import write_config
from tests.agency.test_cli import _run


def test_records_key_trust_settings_and_demo_data(agency, tmp_path):
    code, created, _ = _run(write_config(agency.config, tmp_path / "a.toml"), "records-key", "create",
                            str(tmp_path / "new.key"))
    assert code == 0 and len(created["key_id"]) == 32
    assert (tmp_path / "new.key").stat().st_mode & 0o777 == 0o600
    code, _, error = _run(write_config(agency.config, tmp_path / "a.toml"), "records-key", "create",
                          str(tmp_path / "new.key"), lang="en")
    assert code == 2 and "nothing was overwritten" in error

    config = write_config(agency.config, tmp_path / "agency.toml")
    package = tmp_path / "package.ltc-provisioning.json"
    package.write_bytes(build_people(3).package)
    code, recorded, _ = _run(config, "review", "trust", str(package))
    assert code == 0 and recorded["sequence"] == 3 and "DEMO-R-001" in recorded["reviewers"]
    package.write_bytes(build_people(2).package)
    code, _, error = _run(config, "review", "trust", str(package))
    assert code == 2 and "序号不高于" in error

    code, listed, _ = _run(config, "review", "settings")
    assert code == 0 and listed["review.claim_minutes"]["value"] == 30
    code, changed, _ = _run(config, "review", "settings", "review.max_answer_changes", "3")
    assert code == 0 and changed["value"] == 3
    code, _, error = _run(config, "review", "settings", "agency.time_zone", "Mars/Olympus", lang="en")
    assert code == 2 and "Invalid setting" in error

    code, summary, _ = _run(config, "demo-data", "--visits", "120", "--assessors", "6", "--seed", "3")
    assert code == 0 and summary["visits"] == 120 and summary["skewed_assessor"] in summary["assessors"]
    wrong_key = write_config(dataclasses.replace(agency.config, records_key=tmp_path / "new.key"),
                             tmp_path / "wrong.toml")
    code, _, error = _run(wrong_key, "demo-data", "--visits", "5")
    assert code == 2 and "密钥" in error
