# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency demo-data`: a realistic year of verified records in the server's database, for the
dashboard and the queue to be tried and shown — about 20 assessors, 5,000 visits in the
districts of the seed texts' cities, re-applicants (some frequent), self-assessments, dual
entries, answer changes, pauses, decisions, and one assessor whose visits come out more severe
(the grade-distribution test flags them). Deterministic for a seed; bulk COPY.

The records are marked `synthetic` and have no bundle (no video, report or audit chain to open);
everything else — answers, the scoring result with its trace (the real engine), flags by the
real rules — is what a real record has. Names start with 测试 and addresses say （测试数据）, as
in the laptop's demo data (services/demo_data.py, whose name lists are reused).
"""

from __future__ import annotations

import datetime
import math
import random
import uuid
import zoneinfo
from dataclasses import dataclass

from psycopg.types.json import Jsonb
from sqlalchemy import Engine, text

from forms import default_registry
from forms.canonical import canonical_json_bytes, canonical_sha256
from scoring import ENGINE_NAME, ENGINE_VERSION, score

from assessment_app.agency.database import transaction
from assessment_app.agency.record_extraction import joined_record
from assessment_app.agency.records_key import IDENTITY, RecordsKey
from assessment_app.agency.review_models import ReviewRecord
from assessment_app.agency.review_registration import flags_of
from assessment_app.agency.review_settings import read_settings
from assessment_app.domain.district import district_of
from assessment_app.domain.reapplication import PriorApplication
from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.domain.self_assessment import grade_of
from assessment_app.services.demo_data import GIVEN, REGIONS, SURNAMES, TEST_ADDRESS_MARK, TEST_NAME_PREFIX

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
SKEW = 0.22  # how much more severe the skewed assessor's visits come out (on the 0–1 severity scale)
REVIEWERS = ("DEMO-R-101", "DEMO-R-102", "DEMO-R-103")
_RECORD_COLUMNS = tuple(column.name for column in ReviewRecord.__table__.columns)
_DECISION_COLUMNS = ("review_id", "visit_id", "case_id", "record_sha256", "decision", "reason", "reviewer_number",
                     "decided_at", "new_case_id", "received_at", "received_from", "object_key", "pdf_sha256",
                     "delivered_at")
_REASONS = {"returned": "视频中部分项目未按规范询问，请补充评估依据（演示数据）",
            "recheck_ordered": "申请人对评估结论有异议，安排复核（演示数据）"}


@dataclass(frozen=True)
class DemoSummary:
    assessors: list[str]
    skewed_assessor: str
    visits: int
    applicants: int
    decisions: int


class _Ids:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def new(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _assessors(count: int) -> list[str]:
    return [f"DEMO-A-{101 + number:03d}" for number in range(count)]


def _answers(form, severity: float, rng: random.Random) -> dict[str, str]:
    """Options near the severity (0 able … 1 dependent), each item with its own noise."""
    answers = {}
    for item in form.items:
        options = sorted(item.options, key=lambda option: option.score, reverse=True)  # most able first
        position = severity * (len(options) - 1) + rng.gauss(0, 0.55)
        answers[item.id] = options[min(len(options) - 1, max(0, round(position)))].id
    return answers


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _visit_time(rng: random.Random, year: int) -> datetime.datetime:
    while True:
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        if day.weekday() < 5 or rng.random() < 0.1:  # working days, the odd Saturday
            minutes = rng.randint(8 * 60 + 30, 16 * 60 + 30)
            return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), ZONE)


def _history(form, answers: dict, started: datetime.datetime, duration: int, changes: int, experts: list[str],
             rng: random.Random) -> list[dict]:
    items = [item.id for item in form.items]
    step = duration * 1000 // (len(items) + changes + 1)
    history, offset = [], 60_000
    changed = set(rng.sample(items, min(changes, len(items))))
    for item in items:
        if item in changed:
            options = [option.id for option in form.items_by_id[item].options if option.id != answers[item]]
            history.append({"item": item, "option": rng.choice(options), "answered_by": rng.choice(experts),
                            "second_expert": None, "wall_time": _utc(started + datetime.timedelta(milliseconds=offset)),
                            "monotonic_ns": offset * 1_000_000, "video_offset_ms": offset, "reason": None,
                            "superseded": True})
            offset += step
        history.append({"item": item, "option": answers[item], "answered_by": rng.choice(experts),
                        "second_expert": None, "wall_time": _utc(started + datetime.timedelta(milliseconds=offset)),
                        "monotonic_ns": offset * 1_000_000, "video_offset_ms": offset,
                        "reason": "复核后更正（演示数据）" if item in changed else None, "superseded": False})
        offset += step
    return history


def generate(engine: Engine, key: RecordsKey, *, seed: int = 2026, visits: int = 5000, assessor_count: int = 20,
             year: int = 2026, now: datetime.datetime | None = None) -> DemoSummary:
    rng, form = random.Random(seed), default_registry().get("cn-ltc-2021")
    ids = _Ids(rng)
    now = now or datetime.datetime(year + 1, 1, 5, tzinfo=datetime.timezone.utc)
    assessors = _assessors(assessor_count)
    skewed = assessors[rng.randrange(len(assessors))]
    pace = {number: rng.uniform(0.8, 1.25) for number in assessors}  # some work faster than others
    pace[assessors[(assessors.index(skewed) + 7) % len(assessors)]] = 0.42  # one hurries: short_visit flags
    fixing = {number: rng.uniform(0.2, 1.4) for number in assessors}
    agreement = {number: rng.uniform(0.8, 0.96) for number in assessors}
    with transaction(engine) as session:
        settings = read_settings(session)
    people, records, decisions, taken = [], [], [], set()
    while len(records) < visits:
        person = _person(rng, len(people), taken)
        people.append(person)
        applications = 1 if rng.random() < 0.86 else (2 if rng.random() < 0.7 else rng.randint(3, 4))
        times = sorted(_visit_time(rng, year) for _ in range(applications))
        severity = min(0.98, max(0.0, rng.betavariate(2.3, 2.1)))
        for number, started in enumerate(times):
            if len(records) >= visits:
                break
            pair = rng.sample(assessors, 2)
            application = "initial" if number == 0 else rng.choice(("reassessment", "reassessment", "status_change"))
            record, decision = _visit(form, ids, rng, person, pair, started, application,
                                      min(0.98, severity + number * 0.05 + (SKEW if skewed in pair else 0.0)),
                                      pace, fixing, agreement, key, now)
            records.append(record)
            if decision:
                decisions.append(decision)
    _flag(records, settings)
    _copy(engine, "review_records", _RECORD_COLUMNS, records)
    _copy(engine, "review_decisions", _DECISION_COLUMNS, decisions)
    # Statistics for the planner and the visibility map for index-only scans, at once rather
    # than whenever autovacuum comes round.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE) review_records, review_decisions"))
    return DemoSummary(assessors, skewed, len(records), len(people), len(decisions))


def _person(rng: random.Random, index: int, taken: set[str]) -> dict:
    while True:
        region = rng.choice(sorted(REGIONS))
        birth = datetime.date(1928, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 36))
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        resident_id = make_resident_id(region, birth, index % 500, sex)
        if resident_id not in taken:
            taken.add(resident_id)
            break
    return {"name": TEST_NAME_PREFIX + rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
            "resident_id": resident_id, "sex": sex.value, "birth_date": birth.isoformat(),
            "phone": f"1380000{rng.randint(0, 9999):04d}",
            "address": f"{REGIONS[region]}{rng.randint(1, 300)}号{TEST_ADDRESS_MARK}"}


def _visit(form, ids: _Ids, rng: random.Random, person: dict, pair: list[str], started: datetime.datetime,
           application: str, severity: float, pace: dict, fixing: dict, agreement: dict, key: RecordsKey,
           now: datetime.datetime) -> tuple[dict, dict | None]:
    visit_id, case_id = ids.new(), ids.new()
    answers = _answers(form, severity, rng)
    result = score(form, answers).to_dict()
    speed = min(pace[expert] for expert in pair)
    duration = int(rng.lognormvariate(math.log(38 * 60 * speed), 0.25))
    changes = min(17, int(rng.expovariate(1 / max(fixing[pair[0]], fixing[pair[1]]))))
    history = _history(form, answers, started, duration, changes, pair, rng)
    events = []
    if rng.random() < 0.1:  # a privacy pause while bathing is demonstrated
        at = rng.randint(5, max(6, duration - 300)) * 1000
        events = [{"kind": "paused", "reason": "privacy_bathing", "text": None, "video_offset_ms": at,
                   "wall_time": _utc(started + datetime.timedelta(milliseconds=at)), "monotonic_ns": at * 10 ** 6},
                  {"kind": "resumed", "reason": None, "text": None, "video_offset_ms": at + 180_000,
                   "wall_time": _utc(started + datetime.timedelta(milliseconds=at + 180_000)),
                   "monotonic_ns": (at + 180_000) * 10 ** 6}]
    dual = rng.random() < 0.25
    equal = sum(rng.random() < min(agreement[expert] for expert in pair) for _ in form.items) if dual else None
    informant = {"name": TEST_NAME_PREFIX + rng.choice(SURNAMES) + rng.choice(GIVEN), "relation": "子女",
                 "phone": f"1380000{rng.randint(0, 9999):04d}"}
    record = {"format": "ltc-assess record v1", "visit": {"id": visit_id, "case_id": case_id, "version": 1,
                                                          "supersedes": None, "started_at": _utc(started)},
              "form": {"id": form.id, "version": form.version, "sha256": form.sha256},
              "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION}, "experts": pair, "declarations": [],
              "identity": {"status": "confirmed", "discrepancy": None},
              "consent": {"status": "given", "refusal_reason": None},
              "recording": {"mode": "recorded", "waiver": None, "events": events},
              "dual_entry": {"enabled": dual, "agreement": [equal, len(form.items)] if dual else None, "entries": []},
              "answers": answers, "answer_history": history, "notes": {}, "warnings_confirmed": {}, "images": [],
              "result": result, "conclusion": "演示数据：按评估标准评定。", "care_notes": "无"}
    own = None
    if rng.random() < 0.6:  # families tend to see it as more severe
        own = _answers(form, min(0.98, severity + rng.choice((0, 0, 0.1, 0.2, 0.35))), rng)
    ended = started + datetime.timedelta(seconds=duration)
    signed = ended + datetime.timedelta(minutes=rng.randint(3, 15))
    created = started - datetime.timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 8))
    identity = {"applicant": person, "task_number": f"DEMO-{started:%Y%m%d}-{rng.randint(0, 99999):05d}",
                "informant": informant}
    row = {
        "visit_id": visit_id, "bundle_id": None, "synthetic": True, "case_id": case_id, "version": 1,
        "workstation_id": None, "form_id": form.id, "form_version": form.version, "engine_version": ENGINE_VERSION,
        "record_sha256": canonical_sha256(joined_record(record, informant)), "application_type": application,
        "district": district_of(person["address"]), "applicant_key": key.pseudonym(person["resident_id"]),
        "case_created_at": created, "applied_on": created.astimezone(ZONE).date(), "started_at": started,
        "ended_at": ended, "signed_at": signed, "duration_seconds": duration, "grade_code": result["grade"]["code"],
        "first_expert": pair[0], "second_expert": pair[1], "answer_changes": changes, "dual_entry": dual,
        "agreement_equal": equal, "agreement_total": len(form.items) if dual else None,
        "self_grade": grade_of(form, own) if own else None, "flag_codes": [], "flags": [], "reapplication_codes": [],
        "record": record,
        "comparison": None, "timeline": None, "parts": None,
        "identity_sealed": key.seal(IDENTITY, f"record:{visit_id}", canonical_json_bytes(identity)),
        "payload_key_sealed": None, "payload_start": None, "is_newest": True, "review_status": "pending",
        "review_reason": None, "decided_at": None, "claimed_by": None, "claimed_at": None, "claim_expires_at": None,
        "registered_at": signed + datetime.timedelta(hours=rng.randint(1, 48)),
    }
    return row, _decision(ids, rng, row, now)


def _decision(ids: _Ids, rng: random.Random, row: dict, now: datetime.datetime) -> dict | None:
    decided = row["signed_at"] + datetime.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
    if decided > now - datetime.timedelta(days=10):
        return None  # the last weeks are still in the queue
    roll = rng.random()
    outcome = "returned" if roll < 0.07 else "recheck_ordered" if roll < 0.1 else "approved"
    row.update(review_status=outcome, review_reason=_REASONS.get(outcome), decided_at=decided)
    return {"review_id": ids.new(), "visit_id": row["visit_id"], "case_id": row["case_id"],
            "record_sha256": row["record_sha256"], "decision": outcome, "reason": _REASONS.get(outcome, ""),
            "reviewer_number": rng.choice(REVIEWERS), "decided_at": decided, "received_at": decided,
            "new_case_id": ids.new() if outcome == "recheck_ordered" else None, "received_from": None,
            "object_key": None, "pdf_sha256": None, "delivered_at": None}


def _flag(records: list[dict], settings: dict) -> None:
    """The real rules (review_registration.flags_of) over each person's applications."""
    by_person: dict[str, list[dict]] = {}
    for row in records:
        by_person.setdefault(row["applicant_key"], []).append(row)
    for rows in by_person.values():
        for row in rows:
            priors = [PriorApplication(other["case_id"], other["application_type"], other["applied_on"],
                                       other["grade_code"], "exported")
                      for other in rows if other is not row and other["case_created_at"] <= row["case_created_at"]]
            record = ReviewRecord(**row)
            row["flags"], row["flag_codes"], row["reapplication_codes"] = flags_of(record, priors, settings)


def _copy(engine: Engine, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([Jsonb(row[column]) if isinstance(row[column], (dict, list)) and column not in (
                    "flag_codes", "reapplication_codes") else row[column] for column in columns])
