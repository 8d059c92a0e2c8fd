# SPDX-License-Identifier: GPL-3.0-or-later
"""Child process of the kill -9 fault during a bundle import: imports BUNDLE into DATA_DIR and,
once STOP_AFTER video segments are sealed (attachments wait in scratch by then), prints
"SEALED <n>" and waits to be killed.

    python -m tests.faults.import_child DATA_DIR BUNDLE IDENTITY STOP_AFTER
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

from keyring.backends import null

from assessment_app.services import bundle_staging
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.case_records import open_case_records
from tests.unit.bundle.conftest import demo_sign_in

PASSPHRASE = "import-fault-administrator-passphrase"


def main(data_dir: str, bundle: str, identity: str, stop_after: str) -> None:
    records = open_case_records(Path(data_dir), PASSPHRASE, null.Keyring())
    sealed = 0
    real_close = bundle_staging._SealingSink.close

    def close(self) -> None:
        nonlocal sealed
        real_close(self)
        if self.path.suffix == ".enc":
            sealed += 1
            if sealed == int(stop_after):
                print(f"SEALED {sealed}", flush=True)
                time.sleep(3600)
    bundle_staging._SealingSink.close = close
    reviewer = demo_sign_in(records, "DEMO-R-001")
    import_bundle(records, Path(bundle), Path(identity), now=datetime.datetime.now(datetime.timezone.utc),
                  actor=reviewer)
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
