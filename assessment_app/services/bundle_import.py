# SPDX-License-Identifier: GPL-3.0-or-later
"""Importing a bundle on the reviewer's workstation: verify everything first; a bundle that fails
any check is quarantined (copied aside, validation report kept) and nothing of it is imported.

Verification and storing are one streaming pass (bundle/verification.py with the import's
staging, services/bundle_staging.py): the video is encrypted under this workstation's key the
moment it streams past, attachments wait in encrypted scratch, and no plaintext of the bundle
is ever written. A valid bundle goes into the same tables the visit services write, so the
reviewer's screens work alike on imported and local visits, and its video into the recording
layer's own layout. All or nothing: one database transaction, files written first and removed
again if anything fails (a full disk included). The actor is a signed-in expert who may import
bundles (domain/roles.py); imports and quarantines are in the station's audit chain under their
name. Certificates are judged with the held package's revocation list at the trusted time.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import json
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select

from forms.canonical import canonical_json_bytes, canonical_sha256, loads_strict

from assessment_app.bundle import manifest as names
from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.manifest import parse_manifest
from assessment_app.bundle.manifest_signature import verify_manifest_signature
from assessment_app.bundle.parts import INDEX_FILE
from assessment_app.bundle.reader import StoreFailed
from assessment_app.bundle.validation_report import ValidationReport
from assessment_app.bundle.verification import verify_and_read
from assessment_app.domain.case_types import CaseStatus
from assessment_app.domain.roles import Permission
from assessment_app.security.certificates import subject_identity
from assessment_app.security.trust import TrustAnchors
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.bundle_case_rows import add_case_rows, expert_numbers_in
from assessment_app.services.bundle_staging import ImportStaging, StagingError, sweep_stale_imports
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.trust_anchors import trusted_time, workstation_trust_anchors
from assessment_app.services.visit_record import document_in
from assessment_app.services.visit_state import load_visit
from assessment_app.storage.errors import StorageError
from assessment_app.storage.models import BundleImport, Expert, Visit, utc_timestamp
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

QUARANTINE_DIR = "quarantine"


class BundleImportError(BundleError):
    """A verified bundle that still could not be imported. reason: no_agency, no_space,
    record_not_reproduced, case_rows_malformed, recording_exists, import_failed."""

    reason = "import_failed"


@dataclass(frozen=True)
class ImportResult:
    status: str  # imported | quarantined | duplicate
    bundle_id: str | None
    visit_id: str | None
    report: ValidationReport
    quarantine_path: Path | None = None


def import_bundle(records: CaseRecords, path: str | Path, identity: str | Path, *, now: datetime.datetime,
                  actor) -> ImportResult:
    path = Path(path)
    with unit_of_work(records.engine) as session:
        actor_id = authorize(session, records, actor, Permission.IMPORT_BUNDLE, now=now).id
        if session.get(Agency, 1) is None:
            raise BundleImportError("no_agency")
        trusted_now = trusted_time(session, now)  # never before the held package's import
    anchors = workstation_trust_anchors(records)
    sweep_stale_imports(records, now)
    staging = ImportStaging(records, skip=lambda held: _duplicate_in(records, held))
    try:
        try:
            report, contents = verify_and_read(path, identity, anchors, now=trusted_now, store=staging)
        except StoreFailed as failed:
            raise _store_error(failed.error) from None
        manifest = report.manifest or {}
        if not report.ok:
            staging.discard()
            quarantined = _quarantine(records, path, report, now, actor_id)
            return ImportResult("quarantined", manifest.get("bundle_id"), manifest.get("visit_id"), report,
                                quarantined)
        if _already_here(records, manifest, report.manifest_sha256):
            staging.discard()
            return ImportResult("duplicate", manifest["bundle_id"], manifest["visit_id"], report)
        _ingest(records, path, staging, contents.held, report, anchors, now, actor_id)
        return ImportResult("imported", manifest["bundle_id"], manifest["visit_id"], report)
    except BaseException:
        staging.discard()
        raise
    finally:
        staging.close()


def _store_error(error: BaseException) -> BundleImportError:
    if (isinstance(error, StorageError) and getattr(error, "reason", "") == "storage_full") or (
            isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)):
        return BundleImportError("no_space")
    return BundleImportError("import_failed", f"{type(error).__name__}: {error}"[:200])


def _duplicate_in(records: CaseRecords, held: Mapping[str, bytes]) -> bool:
    """While streaming: the manifest read so far names a bundle or visit held here, so the video
    need not be stored (the verdict still comes from the whole verification)."""
    data = held.get(names.MANIFEST_FILE)
    if data is None:
        return False
    try:
        manifest = parse_manifest(data)
    except BundleError:
        return False
    return _already_here(records, manifest, hashlib.sha256(data).hexdigest())


def _already_here(records: CaseRecords, manifest: dict, manifest_sha256: str) -> bool:
    """The same bundle, or any bundle of a visit this workstation already holds (an old bundle replayed)."""
    with unit_of_work(records.engine) as session:
        known = session.scalar(select(BundleImport.id).where(
            BundleImport.status == "imported",
            or_(BundleImport.bundle_id == manifest["bundle_id"], BundleImport.manifest_sha256 == manifest_sha256)))
        return known is not None or session.get(Visit, manifest["visit_id"]) is not None


def _reasons(report: ValidationReport) -> list[str]:
    return [f"{check.code}:{check.reason}" for check in report.failures]


def _quarantine(records: CaseRecords, path: Path, report: ValidationReport, now: datetime.datetime,
                actor_id: str | None) -> Path | None:
    manifest = report.manifest or {}
    name = manifest.get("bundle_id") if isinstance(manifest.get("bundle_id"), str) else None
    if not name or not all(character.isalnum() or character == "-" for character in name):
        name = _fingerprint(path)
    target = records.layout.root / QUARANTINE_DIR / name
    copied = None
    with contextlib.suppress(OSError):
        # Kept as received, for whoever investigates; a failed copy still leaves the report below.
        partial = target.parent / f".{target.name}.partial-{secrets.token_hex(4)}"
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if target.exists():
            target = target.parent / f"{name}-{secrets.token_hex(4)}"
        try:
            shutil.copytree(path, partial)
            partial.rename(target)
            copied = target
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    with unit_of_work(records.engine) as session:
        session.add(BundleImport(
            bundle_id=manifest.get("bundle_id") if isinstance(manifest.get("bundle_id"), str) else None,
            manifest_sha256=report.manifest_sha256,
            visit_id=manifest.get("visit_id") if isinstance(manifest.get("visit_id"), str) else None,
            case_id=manifest.get("case_id") if isinstance(manifest.get("case_id"), str) else None,
            status="quarantined", reasons_json=_json(_reasons(report)), report_json=_json(report.to_json()),
            source_path=str(path), quarantine_path=str(copied) if copied else None,
            imported_at=utc_timestamp(now), imported_by=actor_id))
        append_station_event(session, "import", now=now, actor_ids=(actor_id,),
                             data={"status": "quarantined", "bundle_id": manifest.get("bundle_id"),
                                   "reasons": _reasons(report)})
    return copied


def _fingerprint(path: Path) -> str:
    try:
        return hashlib.sha256((path / INDEX_FILE).read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(str(path).encode("utf-8", "replace")).hexdigest()


def _json(value) -> str:
    return canonical_json_bytes(value).decode("utf-8")


def _ingest(records: CaseRecords, path: Path, staging: ImportStaging, held: Mapping[str, bytes],
            report: ValidationReport, anchors: TrustAnchors, now: datetime.datetime, actor_id: str | None) -> None:
    manifest = report.manifest
    try:
        rows = loads_strict(held[names.CASE_FILE].decode("utf-8"))
        numbers = expert_numbers_in(rows)
        items = list(rows["attachments"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BundleImportError("case_rows_malformed", str(error)[:200]) from None
    try:
        stored = staging.store_attachments(items, held)
        staging.publish_recording(manifest["visit_id"], held)
        with unit_of_work(records.engine) as session:
            expert_ids = _experts(session, numbers, _signer_names(held, anchors, manifest, now), now)
            add_case_rows(session, rows, expert_ids, final_visit_status="exported",
                          case_status=CaseStatus.EXPORTED.value, stored_attachments=stored)
            # The rows must give back exactly the record the experts signed, or nothing is kept.
            if canonical_sha256(document_in(session, load_visit(session, manifest["visit_id"]))) != \
                    manifest["record_sha256"]:
                raise BundleImportError("record_not_reproduced", manifest["visit_id"])
            session.add(BundleImport(
                bundle_id=manifest["bundle_id"], manifest_sha256=report.manifest_sha256,
                visit_id=manifest["visit_id"], case_id=manifest["case_id"], status="imported",
                reasons_json="[]", report_json=_json(report.to_json()), source_path=str(path),
                quarantine_path=None, imported_at=utc_timestamp(now), imported_by=actor_id))
            append_station_event(session, "import", now=now, actor_ids=(actor_id,), case_id=manifest["case_id"],
                                 data={"status": "imported", "bundle_id": manifest["bundle_id"],
                                       "visit_id": manifest["visit_id"], "manifest_sha256": report.manifest_sha256})
    except StagingError as error:
        raise BundleImportError(error.reason, error.detail) from None
    except (StorageError, OSError) as error:
        translated = _store_error(error)
        if translated.reason == "no_space":
            raise translated from None
        raise


def _signer_names(held: Mapping[str, bytes], anchors: TrustAnchors, manifest: dict,
                  now: datetime.datetime) -> dict[str, str]:
    at = datetime.datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
    signers = verify_manifest_signature(held[names.MANIFEST_FILE], held[names.SIGNATURE_FILE], anchors,
                                        claimed=at, trusted=now)
    return {signer.expert_number: subject_identity(signer.certificate).common_name or signer.expert_number
            for signer in signers}


def _experts(session, numbers: set[str], names_by_number: dict[str, str], now: datetime.datetime) -> dict[str, str]:
    """Expert number → this workstation's expert id; an expert not provisioned here is added,
    inactive (they cannot log in here), so the record can name them."""
    found = {expert.expert_number: expert.id
             for expert in session.scalars(select(Expert).where(Expert.expert_number.in_(sorted(numbers))))}
    for number in sorted(numbers - set(found)):
        expert = Expert(name=names_by_number.get(number, number), expert_number=number, role="assessor",
                        qualification=None, active=False, created_at=utc_timestamp(now))
        session.add(expert)
        session.flush()
        found[number] = expert.id
    return found


def imported_bundles(records: CaseRecords, *, actor) -> list[dict]:
    """Every import and quarantine, newest first, with reasons (for a reviewer's list)."""
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.IMPORT_BUNDLE)
        rows = session.scalars(select(BundleImport).order_by(BundleImport.imported_at.desc()))
        return [{"id": row.id, "bundle_id": row.bundle_id, "visit_id": row.visit_id, "status": row.status,
                 "reasons": json.loads(row.reasons_json), "quarantine_path": row.quarantine_path,
                 "imported_at": row.imported_at} for row in rows]
