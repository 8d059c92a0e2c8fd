# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency upload PATH --server URL --certificate F --key F --ca F`: the laptop's client from
a shell (scripts, support, the benchmark); the workstation's upload queue uses the same client."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from assessment_app.agency.cli import EXIT_OK, EXIT_VERIFICATION_FAILED, write_json
from assessment_app.agency.client import AgencyClient, load_ca_pem


def run_upload(args: argparse.Namespace, language: str) -> int:
    client = AgencyClient(args.server, ca_pem=load_ca_pem(Path(args.ca)), certificate=Path(args.certificate),
                          key=Path(args.key))
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            rate = done / max(time.monotonic() - started, 1e-3)
            sys.stderr.write(f"\r{done / 1e6:8.1f} / {total / 1e6:.1f} MB  {rate / 1e6:6.1f} MB/s")
    try:
        status = client.upload_bundle(Path(args.path), progress)
    finally:
        client.close()
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    write_json(status)
    return EXIT_VERIFICATION_FAILED if status["status"] == "quarantined" else EXIT_OK
