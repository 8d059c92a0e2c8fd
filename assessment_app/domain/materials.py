# SPDX-License-Identifier: GPL-3.0-or-later
"""The application materials (申请材料) an intake must collect, per application type, as data.

The default table follows the Changning 2020 implementation plan (seeds/004, 二(一)1): an
applicant shows recent medical evidence — "最近一次的出院小结、门诊就医记录册或残疾证复印件等"
— signs the integrity pledge (诚信承诺书) and fills in the self-assessment (自评表). Agencies differ,
so every function takes an optional replacement table of the same shape as DEFAULT_CHECKLISTS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from forms.model import LocalizedText

from assessment_app.domain.case_types import ApplicationType

APPLICATION_FORM = "application_form"
RESIDENT_ID_COPY = "resident_id_copy"
INSURANCE_CARD = "insurance_card"
DISCHARGE_SUMMARY = "discharge_summary"
OUTPATIENT_RECORDS = "outpatient_records"
DISABILITY_CERTIFICATE = "disability_certificate"
INTEGRITY_PLEDGE = "integrity_pledge"
SELF_ASSESSMENT = "self_assessment"
PRIOR_CONCLUSION = "prior_conclusion"
REVIEW_APPLICATION = "review_application"
STATUS_CHANGE_PROOF = "status_change_proof"
POWER_OF_ATTORNEY = "power_of_attorney"

MEDICAL_EVIDENCE_GROUP = "medical_evidence"

MATERIAL_LABELS: Mapping[str, LocalizedText] = MappingProxyType({
    APPLICATION_FORM: LocalizedText("长期护理保险失能评估申请表", "Long-term care insurance disability assessment application form"),
    RESIDENT_ID_COPY: LocalizedText("身份证复印件", "Copy of the resident identity card"),
    INSURANCE_CARD: LocalizedText("医保卡/社保卡", "Medical insurance or social security card"),
    DISCHARGE_SUMMARY: LocalizedText("出院小结", "Hospital discharge summary"),
    OUTPATIENT_RECORDS: LocalizedText("门诊病历", "Outpatient medical records"),
    DISABILITY_CERTIFICATE: LocalizedText("残疾人证", "Disability certificate"),
    INTEGRITY_PLEDGE: LocalizedText("诚信承诺书", "Integrity pledge"),
    SELF_ASSESSMENT: LocalizedText("自评表", "Self-assessment form"),
    PRIOR_CONCLUSION: LocalizedText("原评估结论书", "Previous assessment conclusion"),
    REVIEW_APPLICATION: LocalizedText("复核申请书", "Application for review"),
    STATUS_CHANGE_PROOF: LocalizedText("状态变化证明材料", "Proof of the change of condition"),
    POWER_OF_ATTORNEY: LocalizedText("委托书及代理人身份证", "Power of attorney and the agent's identity card"),
})

GROUP_LABELS: Mapping[str, LocalizedText] = MappingProxyType({
    MEDICAL_EVIDENCE_GROUP: LocalizedText("就医或残疾证明（至少一项）", "Medical or disability evidence (at least one)"),
})


class Necessity(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    ONE_OF_GROUP = "one_of_group"  # satisfied when any member of the same group is received


@dataclass(frozen=True)
class MaterialRequirement:
    code: str
    label: LocalizedText
    necessity: Necessity
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "necessity", Necessity(self.necessity))
        if (self.necessity is Necessity.ONE_OF_GROUP) != (self.group is not None):
            raise ValueError(f"material {self.code!r}: a group is given exactly when the necessity is one_of_group")


ChecklistTable = Mapping[ApplicationType, Sequence[MaterialRequirement]]


def _required(code: str) -> MaterialRequirement:
    return MaterialRequirement(code, MATERIAL_LABELS[code], Necessity.REQUIRED)


def _optional(code: str) -> MaterialRequirement:
    return MaterialRequirement(code, MATERIAL_LABELS[code], Necessity.OPTIONAL)


def _medical_evidence(code: str) -> MaterialRequirement:
    return MaterialRequirement(code, MATERIAL_LABELS[code], Necessity.ONE_OF_GROUP, MEDICAL_EVIDENCE_GROUP)


_MEDICAL_EVIDENCE_REQUIRED = tuple(_medical_evidence(code) for code in (DISCHARGE_SUMMARY, OUTPATIENT_RECORDS, DISABILITY_CERTIFICATE))
_MEDICAL_EVIDENCE_OPTIONAL = tuple(_optional(code) for code in (DISCHARGE_SUMMARY, OUTPATIENT_RECORDS, DISABILITY_CERTIFICATE))

# 复核 contests a conclusion already reached on evidence the agency holds, so new medical
# records are welcome but not demanded; 状态变化重新评估 proves the change with its own
# document (usually exactly such a record), so the medical group is optional there too.
DEFAULT_CHECKLISTS: ChecklistTable = MappingProxyType({
    ApplicationType.INITIAL: (
        _required(APPLICATION_FORM),
        _required(RESIDENT_ID_COPY),
        _required(INSURANCE_CARD),
        *_MEDICAL_EVIDENCE_REQUIRED,
        _required(INTEGRITY_PLEDGE),
        _required(SELF_ASSESSMENT),
        _optional(POWER_OF_ATTORNEY),
    ),
    ApplicationType.REASSESSMENT: (
        _required(APPLICATION_FORM),
        _required(RESIDENT_ID_COPY),
        _required(INSURANCE_CARD),
        _required(PRIOR_CONCLUSION),
        *_MEDICAL_EVIDENCE_REQUIRED,
        _required(INTEGRITY_PLEDGE),
        _required(SELF_ASSESSMENT),
        _optional(POWER_OF_ATTORNEY),
    ),
    ApplicationType.REVIEW: (
        _required(REVIEW_APPLICATION),
        _required(RESIDENT_ID_COPY),
        _optional(INSURANCE_CARD),
        _required(PRIOR_CONCLUSION),
        *_MEDICAL_EVIDENCE_OPTIONAL,
        _required(INTEGRITY_PLEDGE),
        _optional(POWER_OF_ATTORNEY),
    ),
    ApplicationType.STATUS_CHANGE: (
        _required(APPLICATION_FORM),
        _required(RESIDENT_ID_COPY),
        _required(INSURANCE_CARD),
        _required(PRIOR_CONCLUSION),
        _required(STATUS_CHANGE_PROOF),
        *_MEDICAL_EVIDENCE_OPTIONAL,
        _required(INTEGRITY_PLEDGE),
        _required(SELF_ASSESSMENT),
        _optional(POWER_OF_ATTORNEY),
    ),
})


def checklist_for(application_type: ApplicationType | str, table: ChecklistTable | None = None) -> tuple[MaterialRequirement, ...]:
    """The materials of one application type, in the order a form should list them.

    A replacement `table` replaces the default as a whole: a type it leaves out is an error,
    not a silent fall-back to defaults the agency meant to override."""
    application_type = ApplicationType(application_type)
    source = DEFAULT_CHECKLISTS if table is None else table
    if application_type not in source:
        raise KeyError(f"the materials table has no checklist for application type {application_type.value!r}")
    checklist = tuple(source[application_type])
    seen: set[str] = set()
    for requirement in checklist:
        if requirement.code in seen:
            raise ValueError(f"material {requirement.code!r} is listed twice for {application_type.value!r}")
        seen.add(requirement.code)
    return checklist


def missing_materials(
    application_type: ApplicationType | str,
    received_codes: Iterable[str],
    table: ChecklistTable | None = None,
) -> tuple[MaterialRequirement, ...]:
    """Required materials not yet received, in checklist order. When no member of an
    at-least-one-of group is received, every member of the group is returned (each carries
    its `group`), so a form can say "one of: 出院小结 / 门诊病历 / 残疾人证"."""
    received = frozenset(received_codes)
    checklist = checklist_for(application_type, table)
    satisfied_groups = {
        requirement.group
        for requirement in checklist
        if requirement.necessity is Necessity.ONE_OF_GROUP and requirement.code in received
    }
    return tuple(
        requirement
        for requirement in checklist
        if requirement.code not in received
        and (
            requirement.necessity is Necessity.REQUIRED
            or (requirement.necessity is Necessity.ONE_OF_GROUP and requirement.group not in satisfied_groups)
        )
    )
