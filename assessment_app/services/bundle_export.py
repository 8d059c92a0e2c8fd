# SPDX-License-Identifier: GPL-3.0-or-later
"""Exporting a signed visit as an encrypted, signed bundle (docs/formats/bundle.md).

Both experts of the visit sign in and unlock their signing keys before anything is written, so a
wrong passphrase leaves no trace on disk. The bundle is written by bundle/writer.py (temporary directory, every part
re-read, then renamed); only once it is complete does the visit become "exported".

Nothing is read whole: attachments and video segments are decrypted chunk by chunk as the
writer reaches them, each checked against its recorded plaintext hash on the way, so memory
stays flat whatever the size of the visit, and no plaintext is written anywhere.
"""

from __future__ import annotations

import datetime
import io
import json
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from forms.canonical import canonical_json_bytes, canonical_sha256, loads_strict

from assessment_app.bundle import manifest as names
from assessment_app.bundle.errors import BundleError, ExportRefused
from assessment_app.bundle.manifest import FileEntry, manifest_bytes, manifest_document
from assessment_app.bundle.manifest_signature import sign_manifest
from assessment_app.bundle.parts import DEFAULT_PART_SIZE
from assessment_app.bundle.video_chain import chain_head, chain_member, read_chains, segment_member, segment_plaintext
from assessment_app.bundle.writer import BundleMember, bytes_member, write_bundle
from assessment_app.domain.case_types import CaseStatus
from assessment_app.domain.roles import Permission
from assessment_app.recording.segments import recordings_key
from assessment_app.security.audit_chain import write_jsonl
from assessment_app.security.certificates import certificate_fingerprint
from assessment_app.security.subkeys import key_id
from assessment_app.services.accounts import login, logout
from assessment_app.services.audit_anchoring import sealed_checkpoint
from assessment_app.services.audit_log import chain_events
from assessment_app.services.authorization import authorize_all
from assessment_app.services.bundle_case_rows import case_rows
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.signing_identities import unlock_signing_key
from assessment_app.services.visit_record import document_in
from assessment_app.services.visit_state import audit, load_visit, move_case, visit_attachments
from assessment_app.storage.chunked_aead import ChunkStreamError
from assessment_app.storage.models import Expert, SelfAssessment, utc_timestamp
from assessment_app.storage.security_models import Agency
from assessment_app.storage.upload_models import BundleExport
from assessment_app.storage.unit_of_work import unit_of_work

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


@dataclass(frozen=True)
class ExportResult:
    bundle_dir: Path
    bundle_id: str
    parts: int
    bytes: int
    manifest_sha256: str


@dataclass(frozen=True)
class ExportSigner:
    expert_id: str
    name: str
    expert_number: str


def export_signers(records: CaseRecords, visit_id: str) -> tuple[ExportSigner, ...]:
    """The visit's two experts, in order: whose passphrases an export asks for."""
    with unit_of_work(records.engine) as session:
        loaded = load_visit(session, visit_id)
        experts = [session.get(Expert, expert_id) for expert_id in loaded.expert_ids]
        return tuple(ExportSigner(expert.id, expert.name, expert.expert_number) for expert in experts
                     if expert is not None)


def bundle_directory_name(bundle_id: str) -> str:
    # No personal data in the name: it is seen by whoever carries or uploads the bundle.
    return f"bundle-{bundle_id}"


def export_visit(records: CaseRecords, visit_id: str, out_dir: str | Path, *, signers: Sequence[tuple[object, str]],
                 now: datetime.datetime, part_size: int = DEFAULT_PART_SIZE,
                 progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
                 bundle_id: str | None = None) -> ExportResult:
    """Write `<out_dir>/bundle-<id>/` for the signed visit; `signers` are both experts' (signed-in
    session, passphrase). Raises ExportRefused (reason), ExportCancelled, or the sign-in and
    unlock errors."""
    bundle_id = bundle_id or str(uuid.uuid4())
    with unit_of_work(records.engine) as session:
        authorize_all(session, records, [session_info for session_info, _ in signers], Permission.EXPORT_BUNDLE,
                      now=now)
    record, expert_ids, recipients = _signed_record(records, visit_id)
    passphrases = {session_info.expert_id: passphrase for session_info, passphrase in signers}
    if len(signers) != 2 or sorted(passphrases) != sorted(expert_ids):
        raise ExportRefused("signers_not_the_visit_experts", visit_id)
    keys = [unlock_signing_key(records, expert_id, passphrases[expert_id], now=now) for expert_id in expert_ids]
    contents = _contents(records, visit_id, record)
    events = chain_events(records, visit_id)
    manifest = manifest_document(
        bundle_id=bundle_id, record=record, record_sha256=canonical_sha256(record),
        files=[FileEntry(member.path, member.size, member.sha256) for member in contents.members],
        video_chains=contents.video_heads, created_at=utc_timestamp(now),
        audit_head={"chain": visit_id, "count": len(events), "head_hash": events[-1].hash if events else None},
        experts=[{"number": number, "certificate_fingerprint": certificate_fingerprint(certificate)}
                 for number, (_, certificate) in zip(record["experts"], keys)],
        station_checkpoint=sealed_checkpoint(records.engine))
    signed = manifest_bytes(manifest)
    members = [bytes_member(names.MANIFEST_FILE, signed),
               bytes_member(names.SIGNATURE_FILE, sign_manifest(signed, keys)), *contents.members]
    target = Path(out_dir) / bundle_directory_name(bundle_id)
    parts = write_bundle(target, members, recipients, part_size=part_size, progress=progress, cancel=cancel)
    _mark_exported(records, visit_id, bundle_id, canonical_sha256(manifest), parts, target, now)
    return ExportResult(target, bundle_id, len(parts), sum(part.size for part in parts),
                        canonical_sha256(manifest))


def export_signing_in(records: CaseRecords, visit_id: str, out_dir: str | Path, *,
                      passphrases: Sequence[tuple[str, str]], now: datetime.datetime, **options) -> ExportResult:
    """The export as the two experts at the laptop do it: each signs in with (expert number,
    personal passphrase), the same passphrase unlocks their signing key, and both are signed out
    again whatever happens. `options` as export_visit's."""
    signers = []
    try:
        for number, passphrase in passphrases:
            signers.append((login(records, number, passphrase, now), passphrase))
        return export_visit(records, visit_id, out_dir, signers=signers, now=now, **options)
    finally:
        for session_info, _ in signers:
            logout(records, session_info, now)


def _signed_record(records: CaseRecords, visit_id: str) -> tuple[dict, tuple[str, str], list[str]]:
    with unit_of_work(records.engine) as session:
        loaded = load_visit(session, visit_id)
        if not loaded.locked:
            raise ExportRefused("visit_not_signed", visit_id)
        record = document_in(session, loaded)
        if canonical_sha256(record) != loaded.workflow.record_sha256:
            # The record must be exactly what the experts signed; anything else is damage.
            raise ExportRefused("record_changed", visit_id)
        agency = session.get(Agency, 1)
        if agency is None:
            raise ExportRefused("no_agency")
        recipients = [entry["age_recipient"] for entry in json.loads(agency.recipients_json)]
        if not recipients:
            raise ExportRefused("no_recipients")
        return record, loaded.expert_ids, recipients


@dataclass
class _Contents:
    members: list[BundleMember]
    video_heads: list[dict]


def _contents(records: CaseRecords, visit_id: str, record: dict) -> _Contents:
    with unit_of_work(records.engine) as session:
        loaded = load_visit(session, visit_id)
        reports = visit_attachments(session, visit_id, "signed_report")
        images = [(link, attachment) for link, attachment in visit_attachments(session, visit_id)
                  if link.purpose != "signed_report"]
        self_assessment = session.scalar(select(SelfAssessment).where(SelfAssessment.case_id == loaded.case.id))
    if not reports:
        raise ExportRefused("no_signed_report", visit_id)
    report = reports[-1][1]
    members = [bytes_member(names.RECORD_FILE, canonical_json_bytes(record)),
               bytes_member(names.REPORT_FILE, records.attachments.get(report.stored_name, report.id,
                                                                       expected_sha256=report.plaintext_sha256)),
               bytes_member(names.AUDIT_FILE, _audit_jsonl(records, visit_id))]
    if self_assessment is not None:
        members.append(bytes_member(names.SELF_ASSESSMENT_FILE, canonical_json_bytes({
            "form": {"id": self_assessment.form_id, "version": self_assessment.form_version,
                     "sha256": self_assessment.form_sha256},
            "answers": loads_strict(self_assessment.answers_json), "recorded_at": self_assessment.recorded_at,
            "note": self_assessment.recorded_by_note})))
    files = {}
    for position, (link, attachment) in enumerate(images, start=1):
        name = f"attachments/{link.purpose}-{position}.{_EXTENSIONS.get(attachment.media_type, 'bin')}"
        files[attachment.id] = name
        members.append(BundleMember(
            name, attachment.size,
            lambda stored_name=attachment.stored_name, attachment_id=attachment.id:
                records.attachments.iter_chunks(stored_name, attachment_id),
            attachment.plaintext_sha256))
    files[report.id] = names.REPORT_FILE
    with unit_of_work(records.engine) as session:
        members.append(bytes_member(names.CASE_FILE, canonical_json_bytes(case_rows(session, visit_id, files))))
    video_members, heads = _video_members(records, visit_id)
    return _Contents(members + video_members, heads)


def _audit_jsonl(records: CaseRecords, visit_id: str) -> bytes:
    buffer = io.BytesIO()
    write_jsonl(chain_events(records, visit_id), buffer)
    return buffer.getvalue()


def _video_members(records: CaseRecords, visit_id: str) -> tuple[list[BundleMember], list[dict]]:
    """The chains (hashes, links, encryption checked now) and every segment, decrypted as the
    writer reaches it; AEAD authenticates each chunk and the writer checks the chain's plaintext
    hash, so a damaged or swapped segment aborts the export."""
    directory = records.layout.recordings / visit_id
    if not directory.is_dir():
        return [], []
    try:
        chains = read_chains(directory)
    except BundleError as error:
        reason = "recording_not_encrypted" if error.reason == "video_plaintext_chain" else "recording_damaged"
        raise ExportRefused(reason, f"{error.reason} {error.detail or ''}".strip()) from None
    segment_key = recordings_key(records.data_key)
    members, heads = [], []
    for index, parsed in chains:
        if parsed.entries[0].get("key_id") != key_id(records.data_key):
            raise ExportRefused("recording_damaged", f"wrong_key chain-{index}")
        heads.append(chain_head(parsed, index))
        members.append(bytes_member(chain_member(index), (parsed.directory / "chain.jsonl").read_bytes()))
        for entry in parsed.segments():
            members.append(BundleMember(
                segment_member(index, entry["sequence"]), entry["plaintext_size"],
                lambda path=parsed.directory / entry["file"], chain_id=parsed.chain_id, sequence=entry["sequence"]:
                    _sealed_segment(path, chain_id, sequence, segment_key),
                entry["plaintext_sha256"]))
    return members, heads


def _sealed_segment(path: Path, chain_id: str, sequence: int, segment_key: bytes):
    try:
        yield from segment_plaintext(path, chain_id, sequence, segment_key)
    except FileNotFoundError:
        raise ExportRefused("recording_damaged", f"missing_segment {path.parent.name}/{path.name}") from None
    except ChunkStreamError as error:
        raise ExportRefused("recording_damaged", f"decrypt_failed {path.parent.name}/{path.name}: {error.reason}") from None


def _mark_exported(records: CaseRecords, visit_id: str, bundle_id: str, manifest_sha256: str, parts: list,
                   directory: Path, now: datetime.datetime) -> None:
    with unit_of_work(records.engine) as session:
        loaded = load_visit(session, visit_id)
        loaded.visit.status = "exported"
        if loaded.case.status == CaseStatus.SIGNED.value:
            move_case(loaded.case, CaseStatus.EXPORTED, now)
        audit(session, loaded, "export", now=now,
              data={"bundle_id": bundle_id, "manifest_sha256": manifest_sha256, "parts": len(parts)})
        # Where it went, so that 上传 finds the bundle again (services/upload_queue.py).
        session.add(BundleExport(bundle_id=bundle_id, visit_id=visit_id, case_id=loaded.case.id,
                                 directory=str(Path(directory).resolve()), parts=len(parts),
                                 bytes=sum(part.size for part in parts), manifest_sha256=manifest_sha256,
                                 exported_at=utc_timestamp(now)))
