# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency provision build --workstation ID --out FILE [--server-url URL]`: the signed package
for one workstation, written once (never over an existing file) inside the transaction that
numbers and records it, so a package that could not be written was never issued."""

from __future__ import annotations

import argparse
from pathlib import Path

from assessment_app.agency.cli import EXIT_OK, write_json
from assessment_app.agency.cli.command_support import ca_passphrase, engine_for, now, write_new_file
from assessment_app.agency.config import load_config
from assessment_app.agency.database import transaction
from assessment_app.agency.provisioning import build_workstation_package


def run_provision_build(args: argparse.Namespace, language: str) -> int:
    server_url = args.server_url or load_config(args.config).public_url
    engine = engine_for(args)
    passphrase = ca_passphrase(args, language)
    with transaction(engine) as session:
        built = build_workstation_package(session, args.workstation, passphrase=passphrase, now=now(),
                                          server_url=server_url)
        write_new_file(Path(args.out), built.data, 0o644)
    write_json({"file": args.out, "sequence": built.sequence, "sha256": built.sha256,
                "workstation_id": built.workstation_id, "experts": built.experts, "revocations": built.revocations,
                "signer_fingerprint": built.signer_fingerprint})
    return EXIT_OK
