# SPDX-License-Identifier: GPL-3.0-or-later
"""Synthetic test cases (`ltc-assess demo-data --cases N`): realistic shape, obviously not real people.

Every name starts with 测试, every address says （测试数据）, phone numbers come from the
unassigned 1380000xxxx block; ID numbers are valid (GB 11643 check digit) so the intake rules
apply to them, but they are generated, not taken from anyone. Bulk inserts keep 100,000 cases
to seconds. They are cases like any other: only a signed-in actor who may edit cases adds them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from sqlalchemy import insert, select

from assessment_app.domain.case_types import ApplicationType, CaseStatus, InsuranceType
from assessment_app.domain.materials import checklist_for
from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.domain.roles import Permission
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Applicant, Case, CaseExpert, Expert, Material, new_id, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work

TEST_NAME_PREFIX = "测试"
TEST_ADDRESS_MARK = "（测试数据）"
REGIONS = {  # the cities of the policy texts in shared/seeds
    "110107": "北京市石景山区", "500103": "重庆市渝中区", "370883": "山东省邹城市",
    "220102": "吉林省长春市南关区", "310105": "上海市长宁区",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "秀英桂兰玉珍凤兰建国志强淑华德明国华永红丽华春梅海燕金凤文华玉兰"
DEMO_ASSESSORS = (("演示评估员甲", "DEMO-A-001"), ("演示评估员乙", "DEMO-A-002"))
BATCH = 5000


@dataclass(frozen=True)
class DemoDataSummary:
    applicants: int
    cases: int
    experts_created: int


def _demo_assessors(session, now: str) -> tuple[list[str], int]:
    existing = list(session.scalars(select(Expert.id).where(Expert.role == "assessor", Expert.active.is_(True))
                                    .order_by(Expert.expert_number).limit(2)))
    created = 0
    for name, number in DEMO_ASSESSORS[len(existing):]:
        expert = Expert(name=name, expert_number=number, role="assessor", qualification="演示数据 / demo",
                        active=True, created_at=now)
        session.add(expert)
        session.flush()
        existing.append(expert.id)
        created += 1
    return existing, created


def _person(rng: random.Random, taken: set[str], today: datetime.date) -> dict:
    while True:
        region = rng.choice(list(REGIONS))
        birth = today - datetime.timedelta(days=rng.randint(60 * 365, 98 * 365))
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        number = make_resident_id(region, birth, rng.randint(0, 499), sex)
        if number not in taken:
            taken.add(number)
            break
    name = TEST_NAME_PREFIX + rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    return {
        "id": new_id(), "name": name, "resident_id": number, "sex": sex.value, "birth_date": birth.isoformat(),
        "phone": f"1380000{rng.randint(0, 9999):04d}",
        "address": f"{REGIONS[region]}{rng.randint(1, 300)}号{TEST_ADDRESS_MARK}",
    }


def _case_rows(rng: random.Random, applicant_id: str, experts: list[str], today: datetime.date,
               now: datetime.datetime) -> list[dict]:
    """One open case; for about one person in six also an earlier, closed one (so flags show)."""
    created = now - datetime.timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
    open_case = {
        "id": new_id(), "applicant_id": applicant_id, "task_number": None,
        "application_type": rng.choice(list(ApplicationType)).value,
        "insurance_type": rng.choice(list(InsuranceType)).value,
        "status": rng.choice((CaseStatus.INTAKE, CaseStatus.SCHEDULED, CaseStatus.SCHEDULED)).value,
        "planned_visit_date": (today + datetime.timedelta(days=rng.randint(1, 30))).isoformat(),
        "created_at": utc_timestamp(created), "updated_at": utc_timestamp(created),
    }
    rows = [open_case]
    if rng.random() < 1 / 6:
        earlier = created - datetime.timedelta(days=rng.randint(60, 400))
        rows.append({**open_case, "id": new_id(), "application_type": ApplicationType.INITIAL.value,
                     "status": CaseStatus.CLOSED.value, "planned_visit_date": None,
                     "created_at": utc_timestamp(earlier), "updated_at": utc_timestamp(earlier)})
    return rows


def generate_demo_cases(records: CaseRecords, count: int, *, seed: int, today: datetime.date,
                        now: datetime.datetime, actor) -> DemoDataSummary:
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(seed)
    with unit_of_work(records.engine) as session:
        clerk = authorize(session, records, actor, Permission.EDIT_CASES, now=now)
        experts, created_experts = _demo_assessors(session, utc_timestamp(now))
        taken = set(session.scalars(select(Applicant.resident_id)))
        applicants = cases = 0
        for start in range(0, count, BATCH):
            people, case_rows, assignments, materials = [], [], [], []
            for _ in range(min(BATCH, count - start)):
                person = _person(rng, taken, today)
                person["created_at"] = person["updated_at"] = utc_timestamp(now)
                people.append(person)
                for row in _case_rows(rng, person["id"], experts, today, now):
                    case_rows.append(row)
                    assignments += [{"case_id": row["id"], "expert_id": e, "position": p}
                                    for p, e in enumerate(experts, start=1)]
                    materials += [{"id": new_id(), "case_id": row["id"], "code": requirement.code,
                                   "received": rng.random() < 0.7, "attachment_id": None, "note": None}
                                  for requirement in checklist_for(row["application_type"])]
            session.execute(insert(Applicant), people)
            session.execute(insert(Case), case_rows)
            session.execute(insert(CaseExpert), assignments)
            session.execute(insert(Material), materials)
            applicants += len(people)
            cases += len(case_rows)
        # One event for the batch: a hundred thousand synthetic cases are one act, not as many.
        append_station_event(session, "case_created", now=now, actor_ids=[clerk.id], data={
            "synthetic": True, "seed": seed, "applicants": applicants, "cases": cases,
            "demo_assessors_created": created_experts})
    return DemoDataSummary(applicants, cases, created_experts)
