# SPDX-License-Identifier: GPL-3.0-or-later
"""A complete, realistic report content for the demo agency: used by `ltc-assess report render
--sample`, the benchmark and the tests. Every value is fictitious (the ID number is a valid
test number made with make_resident_id)."""

from __future__ import annotations

import datetime
import hashlib

from forms import default_registry
from scoring import score

from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.reports.content import Agency, Applicant, Expert, Informant, ReportContent, Visit

# A plausible moderately impaired applicant: needs help with most activities, mild memory loss.
SAMPLE_ANSWERS = {
    "adl.eating": "5", "adl.dressing": "5", "adl.grooming": "0", "adl.bowel": "10", "adl.bladder": "5",
    "adl.toileting": "5", "adl.walking": "10", "adl.transfer": "10", "adl.stairs": "0", "adl.bathing": "0",
    "cognition.time": "3", "cognition.person": "4", "cognition.place": "2", "cognition.memory": "2",
    "perception.vision": "3", "perception.hearing": "2", "perception.communication": "4",
}

SAMPLE_CONCLUSION = (
    "经两名评估人员入户现场评估，评估对象日常生活活动能力得分50分，进食、穿衣、如厕需部分帮助，"
    "面部与口腔清洁、洗澡、上下楼梯需他人帮助；认知能力中度受损，感知觉与沟通能力轻度受损。"
    "依据《长期护理失能等级评估标准（试行）》，评估结论如上。"
)
SAMPLE_CARE_NOTES = "建议居家照护为主，每日协助洗漱、洗澡及上下楼梯；注意防跌倒，定期复查视力及听力。"


def sample_content(*, record_id: str = "REC-2025-000123", answers: dict[str, str] | None = None,
                   **overrides) -> ReportContent:
    form = default_registry().get("cn-ltc-2021")
    answers = dict(SAMPLE_ANSWERS if answers is None else answers)
    result = score(form, answers).to_dict()
    values = dict(
        agency=Agency(name="演示市长期护理保险失能评估中心", city="演示市"),
        report_number="JL-2025-0001",
        task_number="RW-2025-03-0042",
        applicant=Applicant(
            name="王秀兰", resident_id=make_resident_id("110101", datetime.date(1941, 5, 17), 12, Sex.FEMALE),
            sex="女", birth_date=datetime.date(1941, 5, 17), address="演示市东城区和平里街道安定门外大街88号院3号楼2单元401室",
            insurance_type="城镇职工基本医疗保险", application_type="首次评估"),
        visit=Visit(started_at=datetime.datetime(2025, 3, 1, 9, 30), place="评估对象居住地（居家）"),
        informant=Informant(name="李建国", relation="子女", phone="13800138000"),
        form=form, answers=answers, result=result,
        experts=(Expert("张明华", "DEMO-0001", signed_on=datetime.date(2025, 3, 1)),
                 Expert("陈丽", "DEMO-0002", signed_on=datetime.date(2025, 3, 1))),
        record_id=record_id,
        record_hash=hashlib.sha256(record_id.encode("utf-8")).hexdigest(),
        conclusion=SAMPLE_CONCLUSION, care_notes=SAMPLE_CARE_NOTES,
        issued_on=datetime.date(2025, 3, 2),
    )
    values.update(overrides)
    return ReportContent(**values)
