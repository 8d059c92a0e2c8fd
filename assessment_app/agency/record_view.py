# SPDX-License-Identifier: GPL-3.0-or-later
"""One record as the reviewer's screens show it, from the server: the answers with their
labels, scores and video offsets, the result with its trace and engine version, every change of
an answer, the recording's events and timeline, the flags, the comparison with the
self-assessment, the validation report, the claim and the decisions — and the files of the
verified bundle (report, audit chain, photos, video segments), read by random access from the
bundle in the store (bundle_access.py).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import default_registry
from forms.canonical import canonical_sha256

from assessment_app.agency.bundle_access import AgePlaintext, BundleCiphertext, StoredMember
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Bundle
from assessment_app.agency.record_extraction import joined_record
from assessment_app.agency.records_key import PAYLOAD_KEYS, RecordsKey
from assessment_app.agency.review_models import ReviewDecisionRow, ReviewMember, ReviewRecord
from assessment_app.agency.review_queue import flag_json, open_identity
from assessment_app.agency.store import BundleStore
from assessment_app.bundle.age_format import PayloadAccess
from assessment_app.bundle.parts import PartInfo

# The members a reviewer may fetch whole (the video goes by segment and byte range).
FILE_MEMBERS = re.compile(r"(record\.json|report\.pdf|audit\.jsonl|self_assessment\.json"
                          r"|attachments/[a-z_]{1,40}-\d{1,4}\.(?:jpg|png|pdf))")
MEDIA_TYPES = {".json": "application/json", ".pdf": "application/pdf", ".jsonl": "application/jsonl",
               ".jpg": "image/jpeg", ".png": "image/png", ".mp4": "video/mp4"}


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(name[name.rfind("."):], "application/octet-stream")


def load_record(session: Session, visit_id: str) -> ReviewRecord:
    row = session.get(ReviewRecord, visit_id)
    if row is None:
        raise AgencyError("record_unknown", visit_id)
    return row


def record_view(session: Session, key: RecordsKey, visit_id: str, names: dict[str, str], now: datetime.datetime,
                language: str = "zh_CN") -> dict:
    row = load_record(session, visit_id)
    identity = open_identity(key, visit_id, row.identity_sealed)
    record = joined_record(row.record, identity["informant"])
    form = default_registry().get(row.form_id, row.form_version)
    history = record.get("answer_history") or []
    answers = []
    for item in form.items:
        option_id = record["answers"].get(item.id)
        if option_id is None:
            continue
        current = next(entry for entry in reversed(history) if entry["item"] == item.id and not entry["superseded"])
        option = next((option for option in item.options if option.id == option_id), None)
        answers.append({"item_id": item.id, "item_label": item.name.get(language), "option_id": option_id,
                        "option_label": option.text.get(language) if option else option_id,
                        "score": option.score if option else 0, "video_offset_ms": current.get("video_offset_ms"),
                        "wall_time": current.get("wall_time"), "answered_by": current.get("answered_by"),
                        "answered_by_name": names.get(current.get("answered_by"), current.get("answered_by"))})
    changes = []
    for position, entry in enumerate(history):
        if not entry["superseded"]:
            continue
        following = next((later for later in history[position + 1:] if later["item"] == entry["item"]), None)
        if following is None:
            continue
        changes.append({"item_id": entry["item"], "item_label": form.items_by_id[entry["item"]].name.get(language),
                        "old_option": entry["option"], "new_option": following["option"],
                        "reason": following.get("reason"), "wall_time": following.get("wall_time"),
                        "changed_by": following.get("answered_by")})
    bundle_report = session.get(Bundle, row.bundle_id).report if row.bundle_id else None
    decisions = session.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.visit_id == visit_id)
                                .order_by(ReviewDecisionRow.decided_at)).all()
    members = session.scalars(select(ReviewMember.name).where(ReviewMember.visit_id == visit_id)).all()
    claimed = row.claimed_by is not None and row.claim_expires_at > now
    return {
        "visit_id": row.visit_id, "case_id": row.case_id, "version": row.version, "synthetic": row.synthetic,
        "record_sha256": row.record_sha256, "record_rebuilt": canonical_sha256(record) == row.record_sha256,
        "applicant": identity["applicant"], "task_number": identity["task_number"],
        "application_type": row.application_type, "district": row.district,
        "form": record["form"], "engine": record["engine"], "experts": [
            {"number": number, "name": names.get(number, number)} for number in (row.first_expert, row.second_expert)],
        "started_at": _iso(row.started_at), "ended_at": _iso(row.ended_at), "signed_at": _iso(row.signed_at),
        "duration_seconds": row.duration_seconds, "answers": answers, "result": record.get("result"),
        "changes": changes, "recording": record.get("recording"), "timeline": row.timeline,
        "chapters": chapters(answers, row.timeline), "flags": [flag_json(flag) for flag in row.flags],
        "comparison": row.comparison, "conclusion": record.get("conclusion"), "care_notes": record.get("care_notes"),
        "dual_entry": record.get("dual_entry"), "notes": record.get("notes"),
        "validation": bundle_report, "review_status": row.review_status, "review_reason": row.review_reason,
        "claim": {"claimed_by": row.claimed_by, "expires_at": row.claim_expires_at.isoformat()} if claimed else None,
        "decisions": [{"review_id": decision.review_id, "decision": decision.decision, "reason": decision.reason,
                       "reviewer_number": decision.reviewer_number, "decided_at": decision.decided_at.isoformat()}
                      for decision in decisions],
        "files": sorted(name for name in members if FILE_MEMBERS.fullmatch(name)),
        "record_json": record,
    }


def chapters(answers: list[dict], timeline: dict | None) -> list[dict]:
    """Each answered item at its moment in the video: the segment holding the offset and the
    offset inside it (recording/playback.Timeline.locate's rule), or the pause it fell into."""
    marked = sorted((answer for answer in answers if answer["video_offset_ms"] is not None),
                    key=lambda answer: answer["video_offset_ms"])
    located = []
    for answer in marked:
        offset = answer["video_offset_ms"]
        segment = next((span for span in (timeline or {}).get("segments", [])
                        if span["start_ms"] <= offset < span["end_ms"]), None)
        interval = None if segment else next(
            (span for span in (timeline or {}).get("intervals", [])
             if span["start_ms"] <= offset and (span["end_ms"] is None or offset < span["end_ms"])), None)
        located.append({"item_id": answer["item_id"], "item_label": answer["item_label"], "video_offset_ms": offset,
                        "segment": {"chain": segment["chain"], "sequence": segment["sequence"]} if segment else None,
                        "offset_in_segment_ms": offset - segment["start_ms"] if segment else None,
                        "interval": interval["kind"] if interval else None})
    return located


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass
class OpenMember:
    """A member of a stored bundle, ready to be read by range (close it when done)."""

    name: str
    member: StoredMember
    plaintext: AgePlaintext

    def pieces(self, start: int, length: int):
        try:
            yield from self.plaintext.pieces(self.member.offset + start, length)
        finally:
            self.plaintext.close()


def open_member(session: Session, store: BundleStore, key: RecordsKey, visit_id: str, name: str) -> OpenMember:
    """AgencyError record_unknown, file_unknown (no such member, or a synthetic record)."""
    row = load_record(session, visit_id)
    member = session.get(ReviewMember, (visit_id, name))
    if member is None or row.bundle_id is None:
        raise AgencyError("file_unknown", f"{visit_id}/{name}")
    access = PayloadAccess(key.open(PAYLOAD_KEYS, f"bundle:{row.bundle_id}", row.payload_key_sealed),
                           row.payload_start)
    parts = [PartInfo(part_name, size, "") for part_name, size in row.parts]
    plaintext = AgePlaintext(BundleCiphertext(store, row.bundle_id, parts), access)
    return OpenMember(name, StoredMember(member.offset, member.size, member.sha256), plaintext)


def segment_member(row_timeline: dict | None, chain: int, sequence: int) -> str:
    for span in (row_timeline or {}).get("segments", []):
        if span["chain"] == chain and span["sequence"] == sequence:
            return span["member"]
    raise AgencyError("file_unknown", f"segment {chain}/{sequence}")
