# SPDX-License-Identifier: GPL-3.0-or-later
"""The one way a document with personal data leaves the encrypted data directory in the clear:
an explicit "save as" by a signed-in person, recorded in the station audit chain.

Drafts and comparisons are rendered in memory and shown from memory; only this use case writes
them to a file, and the screen that calls it has told the person that the copy is unencrypted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission
from assessment_app.durable_files import atomic_write_bytes
from assessment_app.errors import os_errors_as
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.unit_of_work import unit_of_work

# What each kind of document needs of its saver: the case documents are case data; the
# supervision dashboard's CSV and PDF (services/supervision.py) are its figures and its list of
# frequent re-applicants (names, ID numbers masked).
DOCUMENT_KINDS = {"draft_report": Permission.READ_CASES, "self_assessment_comparison": Permission.READ_CASES,
                  "dashboard_table": Permission.SUPERVISE, "dashboard_report": Permission.SUPERVISE}


def save_unencrypted_copy(records: CaseRecords, actor, *, kind: str, data: bytes, destination: str | Path,
                          now: datetime, case_id: str | None = None) -> Path:
    """Write `data` to `destination` (atomically) and record who saved which document where.
    A destination inside the data directory is refused: that folder holds ciphertext only."""
    if kind not in DOCUMENT_KINDS:
        raise FieldError("kind", "unknown_value", kind)
    target = Path(destination).expanduser().resolve()
    if target.is_relative_to(records.layout.root.resolve()):
        raise FieldError("destination", "inside_data_directory", str(target))
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, DOCUMENT_KINDS[kind])
        # The event first: a write that fails rolls it back, so the chain never claims a copy
        # that does not exist.
        append_station_event(session, "plaintext_copy_saved", now=now, actor_ids=[actor.expert_id],
                             case_id=case_id, data={"kind": kind, "file_name": target.name, "bytes": len(data),
                                                    "sha256": hashlib.sha256(data).hexdigest()})
        with os_errors_as("file_write_failed", target):
            atomic_write_bytes(target, data)
    return target
