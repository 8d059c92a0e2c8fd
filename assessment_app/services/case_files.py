# SPDX-License-Identifier: GPL-3.0-or-later
"""Scans and photos of a case's materials: encrypted into the attachment store, linked to the
checklist; stored and read by a signed-in actor with the right permission, every change audited."""

from __future__ import annotations

import datetime
import mimetypes
import os
from pathlib import Path

from sqlalchemy import select

from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Attachment, Case, Material, utc_timestamp
from assessment_app.storage.repositories import RecordNotFound
from assessment_app.storage.unit_of_work import unit_of_work

SCAN_MEDIA_TYPES = ("image/jpeg", "image/png", "image/tiff", "application/pdf")
MAX_SCAN_BYTES = 50 * 1024 * 1024


def _scan_media_type(name: str) -> str:
    media_type, _ = mimetypes.guess_type(name)
    if media_type not in SCAN_MEDIA_TYPES:
        raise FieldError("scan", "unsupported_type", Path(name).suffix or name)
    return media_type


def attach_scan(records: CaseRecords, case_id: str, material_code: str, source: bytes | os.PathLike[str], *,
                original_name: str, now: datetime.datetime, actor, kind: str = "scan") -> str:
    """Store a scan (file or camera image) of one checklist material and mark it received; returns the attachment id."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.EDIT_CASES, now=now)  # before the file is even looked at
    media_type = _scan_media_type(original_name)
    if not isinstance(source, bytes):
        try:
            size = Path(source).stat().st_size
        except OSError as error:
            raise FieldError("scan", "unreadable", error.strerror or str(error)) from None
    else:
        size = len(source)
    if size == 0:
        raise FieldError("scan", "empty", original_name)
    if size > MAX_SCAN_BYTES:
        raise FieldError("scan", "too_large", MAX_SCAN_BYTES // (1024 * 1024))
    with unit_of_work(records.engine) as session:
        clerk = authorize(session, records, actor, Permission.EDIT_CASES, now=now)
        if session.get(Case, case_id) is None:
            raise RecordNotFound(f"case {case_id}")
        material = session.scalar(select(Material).where(Material.case_id == case_id, Material.code == material_code))
        if material is None:
            raise FieldError("material", "not_on_checklist", material_code)
        # The encrypted file is written before its row: a crash in between leaves an orphan
        # file, never a row pointing at nothing.
        stored = records.attachments.put(source)
        session.add(Attachment(
            id=stored.attachment_id, case_id=case_id, kind=kind, media_type=media_type,
            original_name=Path(original_name).name, size=stored.size,
            plaintext_sha256=stored.plaintext_sha256, stored_name=stored.stored_name, created_at=utc_timestamp(now),
        ))
        session.flush()
        was_received = material.received
        material.received, material.attachment_id = True, stored.attachment_id
        append_station_event(session, "scan_attached", now=now, actor_ids=[clerk.id], case_id=case_id, data={
            "code": material_code, "attachment": stored.attachment_id, "sha256": stored.plaintext_sha256,
            "media_type": media_type, "received": {"old": was_received, "new": True}})
        return stored.attachment_id


def set_material_received(records: CaseRecords, case_id: str, material_code: str, received: bool, *,
                          actor, now: datetime.datetime) -> None:
    with unit_of_work(records.engine) as session:
        clerk = authorize(session, records, actor, Permission.EDIT_CASES, now=now)
        material = session.scalar(select(Material).where(Material.case_id == case_id, Material.code == material_code))
        if material is None:
            raise FieldError("material", "not_on_checklist", material_code)
        old, material.received = material.received, received
        if old != received:
            append_station_event(session, "material_received", now=now, actor_ids=[clerk.id], case_id=case_id,
                                 data={"code": material_code, "old": old, "new": received})


def read_attachment(records: CaseRecords, attachment_id: str, *, actor) -> tuple[bytes, str, str]:
    """(plaintext, media type, original name), verified against the recorded hash."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.READ_CASES)
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise RecordNotFound(f"attachment {attachment_id}")
        data = records.attachments.get(attachment.stored_name, attachment.id,
                                       expected_sha256=attachment.plaintext_sha256)
        return data, attachment.media_type, attachment.original_name or ""
