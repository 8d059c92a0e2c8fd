# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo workstation: a data directory of its own holding the demo agency 演示机构 (its public
logins) and synthetic cases, made on its first start and opened by the demo passphrase after.
The one home of the demo's data directory, passphrase and people, for the GUI's demo mode
(`ltc-assess-gui --demo`), `ltc-assess demo` and the tests.

The demo data directory is `<user data dir>/demo` (or the one given), never the real one, so
demo data cannot mix with real cases. Its data key is wrapped under a fixed, public
administrator passphrase, so no dialog is needed on a machine without a credential store; a
real data directory opened as a demo is refused (NotDemoData), not used.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from keyring.backend import KeyringBackend

from assessment_app.errors import AppError
from assessment_app.security.data_key import WrongPassphrase
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.provisioning import DEMO_EXPERTS
from assessment_app.services.accounts import login, logout
from assessment_app.services.case_records import (
    CaseRecords, DataState, data_state, initialise_case_records, open_case_records,
)
from assessment_app.services.demo_data import generate_demo_cases
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency, pinned_fingerprint
from assessment_app.storage.paths import default_data_dir, resolve_data_dir

# Public on purpose (README, the banner): demo data is fictitious and must be easy to open.
DEMO_ADMIN_PASSPHRASE = "demo-admin-passphrase"
DEMO_DIR_NAME = "demo"
DEMO_CASES = 200
DEMO_CASE_SEED = 2021  # the same synthetic people on every training laptop
DEMO_ADMINISTRATOR = next(number for _, number, role in DEMO_EXPERTS if role == "administrator")
DEMO_ASSESSORS = tuple(number for _, number, role in DEMO_EXPERTS if role == "assessor")


class NotDemoData(AppError):
    """A demo was pointed at a data directory that is not a complete demo directory.
    reason: not_demo_directory (the demo passphrase does not open it), no_agency, real_agency."""

    def __init__(self, reason: str, data_dir: Path, agency: str | None = None):
        super().__init__(f"{reason}: {data_dir}")
        self.reason = reason
        self.data_dir = data_dir
        self.agency = agency


@dataclass
class DemoStart:
    records: CaseRecords
    created: bool  # True on the very first start: the demo agency and cases were made just now


def demo_data_dir(override: str | os.PathLike[str] | None) -> Path:
    return resolve_data_dir(override) if override else default_data_dir() / DEMO_DIR_NAME


def create_demo_records(data_dir: Path, now: datetime.datetime, *, cases: int = DEMO_CASES,
                        keyring_backend: KeyringBackend | None = None,
                        kdf_params: Argon2idParams = DEFAULT_PARAMS) -> CaseRecords:
    """A new demo data directory: the demo agency and `cases` synthetic cases, taken in like any
    other by the demo administrator, signed in."""
    records = initialise_case_records(data_dir, DEMO_ADMIN_PASSPHRASE, keyring_backend)
    try:
        ensure_demo_agency(records, now, os.urandom(32), kdf_params=kdf_params)
        if cases:
            clerk = login(records, DEMO_ADMINISTRATOR, DEMO_PASSPHRASES[DEMO_ADMINISTRATOR], now,
                          kdf_params=kdf_params)
            generate_demo_cases(records, cases, seed=DEMO_CASE_SEED, today=now.date(), now=now, actor=clerk)
            logout(records, clerk, now)
    except BaseException:
        records.close()
        raise
    return records


def open_demo_records(data_dir: Path, now: datetime.datetime, *,
                      kdf_params: Argon2idParams = DEFAULT_PARAMS) -> DemoStart:
    """Create the demo directory with the demo agency and cases on first start; afterwards open it
    with the demo passphrase. A directory that is not demo data raises NotDemoData."""
    if data_state(data_dir) is DataState.NEW:
        return DemoStart(create_demo_records(data_dir, now, kdf_params=kdf_params), True)
    try:
        records = open_case_records(data_dir, DEMO_ADMIN_PASSPHRASE)
    except WrongPassphrase:
        raise NotDemoData("not_demo_directory", data_dir) from None
    try:
        if pinned_fingerprint(records) is None:
            raise NotDemoData("no_agency", data_dir)
        # With an agency present this only describes it; the seed is not used.
        agency = ensure_demo_agency(records, now, os.urandom(32))
        if not agency.demo:
            raise NotDemoData("real_agency", data_dir, f"{agency.agency_name} ({agency.agency_code})")
    except BaseException:
        records.close()
        raise
    return DemoStart(records, False)
