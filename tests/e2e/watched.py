# SPDX-License-Identifier: GPL-3.0-or-later
"""A command of the workstation run under the plaintext watcher (tests/plaintext_scan.py), in a
child process of test_no_plaintext_anywhere.py. Every finding is appended to FINDINGS at once,
so a run killed with SIGKILL still leaves what it found.

    python -m tests.e2e.watched FINDINGS ROOTS_JSON cli ARG...        # an `ltc-assess` command
    python -m tests.e2e.watched FINDINGS ROOTS_JSON reviewer LAPTOP_DATA REVIEWER_DATA
        # a reviewer's workstation of the same demo agency as the laptop (same seed)
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path

from tests.plaintext_scan import Watcher, signatures

APPLICANT = "测试王秀英"  # services/demo_visit._synthetic_person


def applicant_patterns() -> dict:
    from assessment_app.services.demo_visit import _synthetic_person

    today = datetime.datetime.now().astimezone()
    patterns = {}
    for day in (today, today - datetime.timedelta(days=1)):  # a run across midnight
        for kind, pattern in signatures(APPLICANT, _synthetic_person(day).resident_id).items():
            patterns[kind if kind != "ID number" else f"ID number {day:%m-%d}"] = pattern
    return patterns


def reviewer_workstation(laptop_data: Path, reviewer_data: Path) -> None:
    import json as json_module

    from keyring.backends import null

    from assessment_app.services.case_records import initialise_case_records, open_case_records
    from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE
    from assessment_app.services.provisioning_import import ensure_demo_agency
    from assessment_app.services.signing_identities import DEMO_SEED_SETTING
    from assessment_app.services.trust_anchors import agency_ca_certificates
    from assessment_app.storage.models import Setting
    from assessment_app.storage.security_models import Agency
    from assessment_app.storage.unit_of_work import unit_of_work

    with open_case_records(laptop_data, DEMO_ADMIN_PASSPHRASE, null.Keyring()) as laptop, \
            unit_of_work(laptop.engine) as session:
        seed = bytes.fromhex(json_module.loads(session.get(Setting, DEMO_SEED_SETTING).value_json))
        # The demo agency is determined by (its creation time, seed): the laptop's CA says when.
        created = agency_ca_certificates(session.get(Agency, 1))[0].not_valid_before_utc
    with initialise_case_records(reviewer_data, DEMO_ADMIN_PASSPHRASE, null.Keyring()) as reviewer:
        ensure_demo_agency(reviewer, created, seed)


def main(findings: Path, roots: list[Path], command: str, arguments: list[str]) -> int:
    watcher = Watcher(applicant_patterns(), roots, findings)
    sys.addaudithook(watcher.hook)
    watcher.started = time.time() - 1
    watcher.enabled = True
    try:
        if command == "cli":
            from assessment_app.cli import main as cli

            return cli(arguments)
        reviewer_workstation(Path(arguments[0]), Path(arguments[1]))
        return 0
    finally:
        watcher.enabled = False
        watcher.final_scan()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), [Path(root) for root in json.loads(sys.argv[2])], sys.argv[3], sys.argv[4:]))
