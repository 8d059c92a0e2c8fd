"""The demo data directory (`ltc-assess-gui --demo`, `make run`; `make agency` binds a local
agency server to it): where it is, its public administrator passphrase, and how it is made on
first use — the demo agency 演示机构 with its users, and synthetic cases taken in by the demo
administrator. Opening it and refusing a directory that is not demo data is the GUI's part
(ui/shell/demo_mode.py).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.provisioning import DEMO_EXPERTS
from assessment_app.services.accounts import login, logout
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.demo_data import generate_demo_cases
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency
from assessment_app.storage.paths import default_data_dir, resolve_data_dir

# Public on purpose (README, the banner): demo data is fictitious and must be easy to open.
DEMO_ADMIN_PASSPHRASE = "demo-admin-passphrase"
DEMO_DIR_NAME = "demo"
DEMO_CASES = 200
DEMO_CASE_SEED = 2021  # the same synthetic people on every training laptop
DEMO_ADMINISTRATOR = next(number for _, number, role in DEMO_EXPERTS if role == "administrator")


def demo_data_dir(override: str | os.PathLike[str] | None) -> Path:
    return resolve_data_dir(override) if override else default_data_dir() / DEMO_DIR_NAME


def create_demo_directory(data_dir: Path, now: datetime.datetime, *,
                          kdf_params: Argon2idParams = DEFAULT_PARAMS) -> CaseRecords:
    """A new demo directory: the demo agency (from a fresh seed) and the synthetic cases."""
    records = initialise_case_records(data_dir, DEMO_ADMIN_PASSPHRASE)
    try:
        ensure_demo_agency(records, now, os.urandom(32), kdf_params=kdf_params)
        # The synthetic cases are taken in like any other: by the demo administrator, signed in.
        clerk = login(records, DEMO_ADMINISTRATOR, DEMO_PASSPHRASES[DEMO_ADMINISTRATOR], now, kdf_params=kdf_params)
        generate_demo_cases(records, DEMO_CASES, seed=DEMO_CASE_SEED, today=now.date(), now=now, actor=clerk)
        logout(records, clerk, now)
    except BaseException:
        records.close()
        raise
    return records
