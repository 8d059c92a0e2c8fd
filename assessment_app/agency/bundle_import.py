# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency import PATH`: an exported bundle directory (a laptop without network, a USB stick)
taken through the same path as an upload — announced by its index, each part received through
the same resumable upload with the same checks, then queued for the same workers.

An interrupted import resumes where the database says it stopped; importing the same bundle
again finds it and changes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import Engine

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.store import BundleStore
from assessment_app.agency.uploads import Patch, create_upload, parse_index, register_bundle
from assessment_app.bundle.parts import INDEX_FILE

_READ_BLOCK = 4 * 1024 * 1024


def import_bundle_directory(engine: Engine, store: BundleStore, directory: Path, now: datetime.datetime) -> str:
    """The bundle's id on the server (the SHA-256 of its index)."""
    directory = Path(directory)
    try:
        index_bytes = (directory / INDEX_FILE).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise AgencyError("bundle_not_a_directory", str(directory)) from None
    except OSError as error:
        raise AgencyError("part_unreadable", f"{directory / INDEX_FILE}: {error.strerror}") from None
    bundle_id, _ = register_bundle(engine, store, index_bytes, source="import", workstation_id=None, now=now)
    for part in parse_index(index_bytes):
        state = create_upload(engine, store, bundle_id, part.name, part.size, now)
        if not state.complete:
            _send_part(engine, store, state.id, state.offset, directory / part.name, now)
    return bundle_id


def _send_part(engine: Engine, store: BundleStore, upload_id: str, offset: int, path: Path,
               now: datetime.datetime) -> None:
    receiving = Patch(engine, store, upload_id)
    try:
        state = receiving.open(offset)
        try:
            with open(path, "rb") as source:
                source.seek(state.offset)
                while receiving.room and (block := source.read(min(_READ_BLOCK, receiving.room))):
                    receiving.write(block)
                longer = bool(source.read(1))
        except FileNotFoundError:
            raise AgencyError("part_unreadable", f"{path}: missing") from None
        except OSError as error:
            raise AgencyError("part_unreadable", f"{path}: {error.strerror}") from None
        if receiving.room or longer:
            raise AgencyError("part_length_mismatch", f"{path.name}: not {state.length} bytes")
        receiving.commit(now)
    except AgencyError:
        receiving.abandon()
        raise
    finally:
        receiving.close()

