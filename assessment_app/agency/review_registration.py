# SPDX-License-Identifier: GPL-3.0-or-later
"""A verified record enters the review desk: one `review_records` row (in the worker's
registration transaction, so a bundle is verified and reviewable together or not at all), its
members' places, and the flags — computed by the laptop's own rules (domain/review_flags.py,
domain/reapplication.py, domain/self_assessment.py) over the agency's records instead of one
laptop's.

Flags depend on the person's other applications: registering one record recomputes the flags
of every record of the same applicant (a late upload can be the prior of a case registered
before it), under a per-applicant advisory lock so two registrations of one person see each
other. A newer version of a case takes the older one out of the queue (`is_newest`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from forms import default_registry

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.record_extraction import ExtractedRecord
from assessment_app.agency.records_key import IDENTITY, PAYLOAD_KEYS, RecordsKey
from assessment_app.agency.review_models import ReviewClaim, ReviewMember, ReviewRecord
from assessment_app.agency.review_settings import agency_zone, flag_policy, read_settings, reapplication_policy
from assessment_app.domain.case_types import ApplicationType
from assessment_app.domain.district import district_of
from assessment_app.domain.reapplication import PriorApplication, reapplication_flags
from assessment_app.domain.review_flags import (
    AnswerStamp,
    review_flags,
    visit_duration_seconds,
    visit_facts,
    with_item_names,
)
from assessment_app.domain.review_queue import PENDING
from assessment_app.domain.self_assessment import compare_answers
from forms.canonical import canonical_json_bytes

_PRIOR_STATUS = "exported"  # what reached the agency was never withdrawn (the one status the rule looks at)


def _utc(text_value: str | None) -> datetime.datetime | None:
    return None if not text_value else datetime.datetime.fromisoformat(text_value.replace("Z", "+00:00"))


def answer_stamps(record: dict) -> list[AnswerStamp]:
    return [AnswerStamp(entry["item"], entry.get("video_offset_ms"), entry.get("wall_time"), bool(entry["superseded"]))
            for entry in record.get("answer_history") or []]


def recording_events(record: dict) -> list[tuple[str, int | None]]:
    return [(event["kind"], event.get("video_offset_ms")) for event in (record.get("recording") or {}).get("events", [])]


def record_values(extracted: ExtractedRecord, key: RecordsKey, *, bundle_id: str, workstation_id: str | None,
                  zone: datetime.tzinfo, now: datetime.datetime) -> tuple[dict, list[dict]]:
    """The row (flags not yet computed) and its members, from a verified bundle's extraction."""
    record, rows = extracted.record, extracted.case_rows
    case, visit, workflow = rows["case"], rows["visit"], rows["workflow"]
    form = default_registry().get(record["form"]["id"], record["form"]["version"])
    result = record.get("result") or {}
    own = (extracted.self_assessment or {}).get("answers")
    comparison = compare_answers(form, own, record["answers"], visit["version"]) if own is not None else None
    stamps = answer_stamps(record)
    created = _utc(case["created_at"])
    identity = canonical_json_bytes(extracted.identity.to_json())
    values = {
        "visit_id": visit["id"], "bundle_id": bundle_id, "synthetic": False, "case_id": case["id"],
        "version": visit["version"], "workstation_id": workstation_id, "form_id": form.id,
        "form_version": form.version, "engine_version": record["engine"]["version"],
        "record_sha256": extracted.manifest["record_sha256"], "application_type": case["application_type"],
        "district": district_of(extracted.identity.applicant.get("address")),
        "applicant_key": key.pseudonym(extracted.identity.applicant["resident_id"]),
        "case_created_at": created, "applied_on": created.astimezone(zone).date(),
        "started_at": _utc(visit.get("started_at")), "ended_at": _utc(workflow.get("ended_at")),
        "signed_at": _utc(visit.get("signed_at")),
        "duration_seconds": visit_duration_seconds(visit.get("started_at"), workflow.get("ended_at"),
                                                   visit.get("signed_at"), stamps),
        "grade_code": (result.get("grade") or {}).get("code"),
        "first_expert": workflow["first_expert_id"], "second_expert": workflow["second_expert_id"],
        "answer_changes": sum(1 for stamp in stamps if stamp.superseded), "dual_entry": bool(workflow.get("dual_entry")),
        "agreement_equal": workflow.get("agreement_equal"), "agreement_total": workflow.get("agreement_total"),
        "self_grade": comparison.self_grade if comparison else None,
        "flag_codes": [], "flags": [], "reapplication_codes": [], "record": record,
        "comparison": comparison.to_json() if comparison else None, "timeline": extracted.timeline,
        "parts": [[part.name, part.size] for part in extracted.parts],
        "identity_sealed": key.seal(IDENTITY, f"record:{visit['id']}", identity),
        "payload_key_sealed": key.seal(PAYLOAD_KEYS, f"bundle:{bundle_id}", extracted.payload.key),
        "payload_start": extracted.payload.start, "is_newest": True, "review_status": PENDING,
        "registered_at": now,
    }
    members = [{"visit_id": visit["id"], "name": name, "offset": member.offset, "size": member.size,
                "sha256": member.sha256} for name, member in extracted.members.items()]
    return values, members


def register_review_record(session: Session, extracted: ExtractedRecord, key: RecordsKey, *, bundle_id: str,
                           workstation_id: str | None, now: datetime.datetime) -> str:
    """In the caller's (the worker's registration) transaction; returns the visit id."""
    settings = read_settings(session)
    values, members = record_values(extracted, key, bundle_id=bundle_id, workstation_id=workstation_id,
                                    zone=agency_zone(settings), now=now)
    if session.get(ReviewRecord, values["visit_id"]) is not None:
        raise AgencyError("record_already_registered", values["visit_id"])
    insert_records(session, [values], [members])
    refresh_applicant_flags(session, values["applicant_key"], settings)
    return values["visit_id"]


def insert_records(session: Session, rows: list[dict], members: Iterable[list[dict]] = ()) -> None:
    """Insert records (also the demo data's, in bulk) and take older versions of their cases out
    of the queue."""
    for applicant in sorted({row["applicant_key"] for row in rows}):
        lock_applicant(session, applicant)
    session.execute(insert(ReviewRecord), rows)
    flat = [member for group in members for member in group]
    if flat:
        session.execute(insert(ReviewMember), flat)
    for row in rows:
        _supersede_older_versions(session, row["case_id"], row["version"], row["registered_at"])


def lock_applicant(session: Session, applicant_key: str) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 18))"), {"key": applicant_key})


def _supersede_older_versions(session: Session, case_id: str, version: int, now: datetime.datetime) -> None:
    newer = session.scalar(select(ReviewRecord.visit_id).where(ReviewRecord.case_id == case_id,
                                                               ReviewRecord.version > version).limit(1))
    if newer is not None:
        session.execute(update(ReviewRecord).where(ReviewRecord.case_id == case_id, ReviewRecord.version == version)
                        .values(is_newest=False))
        return
    older = session.scalars(select(ReviewRecord.visit_id).where(ReviewRecord.case_id == case_id,
                                                                ReviewRecord.version < version)).all()
    if not older:
        return
    session.execute(update(ReviewRecord).where(ReviewRecord.visit_id.in_(older))
                    .values(is_newest=False, claimed_by=None, claimed_at=None, claim_expires_at=None))
    session.execute(update(ReviewClaim).where(ReviewClaim.visit_id.in_(older), ReviewClaim.ended_at.is_(None))
                    .values(ended_at=now, ended_how="superseded"))


def flags_of(row: ReviewRecord, priors: list[PriorApplication], settings: dict) -> tuple[list, list[str], list[str]]:
    """(flags as JSON, flag codes, re-application flag codes) of one record, by the domain's rules."""
    form = default_registry().get(row.form_id, row.form_version)
    reapplication = reapplication_flags(row.applied_on, row.application_type, priors, reapplication_policy(settings))
    # As on the laptop: only a re-application (not a first application) shows as a review flag.
    early = [flag.message() for flag in reapplication] if row.application_type != ApplicationType.INITIAL else []
    record = row.record
    facts = visit_facts(item_count=len(form.items), started_at=(record.get("visit") or {}).get("started_at"),
                        ended_at=_iso(row.ended_at), signed_at=_iso(row.signed_at), answers=answer_stamps(record),
                        recording_events=recording_events(record), self_grade=row.self_grade,
                        result_grade=row.grade_code, reapplication_messages=early)
    flags = [with_item_names(flag, form) for flag in review_flags(facts, flag_policy(settings))]
    return ([{"code": str(flag.code), "detail": dict(flag.detail)} for flag in flags], [str(flag.code) for flag in flags],
            [str(flag.code) for flag in reapplication])


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def refresh_applicant_flags(session: Session, applicant_key: str, settings: dict) -> None:
    rows = session.scalars(select(ReviewRecord).where(ReviewRecord.applicant_key == applicant_key)
                           .order_by(ReviewRecord.case_created_at, ReviewRecord.version)).all()
    newest_of_case: dict[str, ReviewRecord] = {}
    for row in rows:
        newest_of_case[row.case_id] = row
    for row in rows:
        priors = [PriorApplication(other.case_id, other.application_type, other.applied_on, other.grade_code,
                                   _PRIOR_STATUS)
                  for other in newest_of_case.values()
                  if other.case_id != row.case_id and other.case_created_at <= row.case_created_at]
        row.flags, row.flag_codes, row.reapplication_codes = flags_of(row, priors, settings)
    session.flush()


def refresh_all_flags(session: Session) -> int:
    """After a change of a policy setting: every record's flags again. Returns the applicants done."""
    settings = read_settings(session)
    applicants = session.scalars(select(ReviewRecord.applicant_key).distinct()).all()
    for applicant in applicants:
        lock_applicant(session, applicant)
        refresh_applicant_flags(session, applicant, settings)
    return len(applicants)
