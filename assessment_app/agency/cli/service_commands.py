# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency migrate | serve | worker | import PATH | status BUNDLE`."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from pathlib import Path

from assessment_app.agency.cli import EXIT_OK, EXIT_VERIFICATION_FAILED, write_json
from assessment_app.agency.config import load_config
from assessment_app.agency.database import open_engine, require_head, upgrade_to_head
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import FINAL_STATUSES, QUARANTINED
from assessment_app.agency.store import DirectoryStore
from assessment_app.agency.uploads import now_utc


def run_migrate(args: argparse.Namespace, language: str) -> int:
    config = load_config(args.config).need("database_url")
    revision = upgrade_to_head(open_engine(config.database_url, pool_size=1, max_overflow=1))
    write_json({"revision": revision})
    return EXIT_OK


def run_serve(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.server import serve

    serve(load_config(args.config))
    return EXIT_OK


def run_worker(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.worker import Worker, check_identity

    from assessment_app.agency.review_api import open_records_key

    config = load_config(args.config).need("database_url", "store_path", "identity", "records_key")
    check_identity(config.identity)
    engine = open_engine(config.database_url, pool_size=2, max_overflow=2)
    require_head(engine)
    records_key = open_records_key(engine, config.records_key)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker = Worker(engine, DirectoryStore(config.store_path), config.identity, records_key=records_key,
                    lease_seconds=config.lease_seconds, name=args.name)
    stop = threading.Event()
    # SIGTERM (systemd stop) finishes the bundle in hand, then stops; SIGKILL is what the lease is for.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    done = worker.run(stop, until_idle=args.until_idle)
    write_json({"worker": worker.name, "registered": done})
    return EXIT_OK


def run_import(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.api import bundle_status
    from assessment_app.agency.bundle_import import import_bundle_directory

    config = load_config(args.config).need("database_url", "store_path")
    engine = open_engine(config.database_url, pool_size=2, max_overflow=2)
    require_head(engine)
    bundle = import_bundle_directory(engine, DirectoryStore(config.store_path), Path(args.path), now_utc())
    status = bundle_status(engine, bundle)
    if args.wait:
        deadline = time.monotonic() + args.wait
        while status["status"] not in FINAL_STATUSES:
            if time.monotonic() > deadline:
                write_json(status)
                raise AgencyError("wait_timed_out", f"{args.wait:g} s, {status['status']}")
            time.sleep(0.5)
            status = bundle_status(engine, bundle)
    write_json(status)
    return EXIT_VERIFICATION_FAILED if status["status"] == QUARANTINED else EXIT_OK


def run_status(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.api import bundle_status

    config = load_config(args.config).need("database_url")
    engine = open_engine(config.database_url, pool_size=1, max_overflow=1)
    require_head(engine)
    status = bundle_status(engine, args.bundle)
    write_json(status)
    return EXIT_VERIFICATION_FAILED if status["status"] == QUARANTINED else EXIT_OK
