# SPDX-License-Identifier: GPL-3.0-or-later
"""What the authority's commands share: the database engine from the settings, the CA passphrase
(from a file or a hidden prompt), new files that are never overwritten, the clock."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from assessment_app.agency.cli.secret_input import read_secret
from assessment_app.agency.config import load_config
from assessment_app.agency.database import open_engine, require_head
from assessment_app.agency.errors import AgencyError


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def engine_for(args: argparse.Namespace, *, current: bool = True):
    config = load_config(args.config).need("database_url")
    engine = open_engine(config.database_url, pool_size=2, max_overflow=2)
    if current:
        require_head(engine)
    return engine


def ca_passphrase(args: argparse.Namespace, language: str) -> str:
    prompt = "CA 口令: " if language != "en" else "CA passphrase: "
    return read_secret(args.passphrase_file, "--passphrase-file", prompt)


def write_new_file(path: Path, data: bytes, mode: int) -> None:
    """Create a new file (never overwrite an issued key) with the given permissions."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise AgencyError("output_exists", str(path)) from None
    except OSError as error:
        raise AgencyError("output_unwritable", f"{path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
