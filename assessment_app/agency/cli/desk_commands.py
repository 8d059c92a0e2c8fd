# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency records-key create FILE | review trust FILE | review settings [KEY VALUE] | demo-data`."""

from __future__ import annotations

import argparse
from pathlib import Path

from assessment_app.agency.cli import EXIT_OK, write_json
from assessment_app.agency.config import load_config
from assessment_app.agency.database import open_engine, require_head, transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.uploads import now_utc


def _engine(args: argparse.Namespace):
    config = load_config(args.config).need("database_url")
    engine = open_engine(config.database_url, pool_size=2, max_overflow=2)
    require_head(engine)
    return config, engine


def run_records_key_create(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.records_key import create_records_key

    key = create_records_key(Path(args.path))
    write_json({"path": str(args.path), "key_id": key.key_id})
    return EXIT_OK


def run_review_trust(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.review_trust import record_trust_package

    _, engine = _engine(args)
    try:
        data = Path(args.path).read_bytes()
    except FileNotFoundError:
        raise AgencyError("input_missing", args.path) from None
    except OSError as error:
        raise AgencyError("input_unreadable", f"{args.path}: {error.strerror}") from None
    with transaction(engine) as session:
        package = record_trust_package(session, data, actor="cli", now=now_utc())
    write_json({"sequence": package.sequence, "agency": package.agency.code,
                "reviewers": sorted(e.expert_number for e in package.experts if e.role == "reviewer"),
                "administrators": sorted(e.expert_number for e in package.experts if e.role == "administrator")})
    return EXIT_OK


def run_review_settings(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.review_registration import refresh_all_flags
    from assessment_app.agency.review_settings import FLAG_SETTINGS, SPECS, change_setting, read_settings

    _, engine = _engine(args)
    if args.key is None:
        with transaction(engine) as session:
            values = read_settings(session)
        write_json({key: spec.describe(values[key], language) for key, spec in SPECS.items()})
        return EXIT_OK
    if args.value is None:
        raise AgencyError("request_invalid", f"a value for {args.key}")
    with transaction(engine) as session:
        value = change_setting(session, args.key, args.value, actor="cli", now=now_utc())
        refreshed = refresh_all_flags(session) if args.key in FLAG_SETTINGS else 0
    write_json({"key": args.key, "value": value, "applicants_reflagged": refreshed})
    return EXIT_OK


def run_demo_data(args: argparse.Namespace, language: str) -> int:
    from assessment_app.agency.demo_data import generate
    from assessment_app.agency.review_api import open_records_key

    config, engine = _engine(args)
    config.need("records_key")
    summary = generate(engine, open_records_key(engine, config.records_key), seed=args.seed, visits=args.visits,
                       assessor_count=args.assessors, year=args.year)
    write_json({"visits": summary.visits, "applicants": summary.applicants, "decisions": summary.decisions,
                "assessors": summary.assessors, "skewed_assessor": summary.skewed_assessor})
    return EXIT_OK
