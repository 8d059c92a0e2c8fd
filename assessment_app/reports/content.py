# SPDX-License-Identifier: GPL-3.0-or-later
"""What a report says, as plain frozen data: the visit service fills it, the layout draws it.

No storage, no Qt: a caller passes values, the renderer returns bytes. The per-item rows are
derived from the form and the answers here (not passed in) so the printed wording is always
the form's official wording for the chosen option.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from forms.model import Form

from assessment_app.domain.resident_id import mask_resident_id
from assessment_app.reports.errors import ReportContentError

DEFAULT_TITLE = "长期护理保险失能等级评估结论书"
# 医保办发〔2021〕37号 leaves the review period to each pooling region; 15 working days is the
# most common local rule, so it is the default and the city text is configurable.
APPEAL_NOTICE_TEMPLATE = (
    "评估对象或其监护人、委托代理人如对本评估结论有异议，可自收到本结论书之日起15个工作日内，"
    "向{review_body}提出书面复核申请，并说明异议事项和理由。复核结论为最终评估结论。"
    "复核期间不影响本结论书的效力。"
)
EXPERT_COUNT = 2  # 二对一: two experts assess every applicant together


def default_appeal_notice(city: str) -> str:
    body = f"{city}长期护理保险经办机构" if city else "参保地长期护理保险经办机构"
    return APPEAL_NOTICE_TEMPLATE.format(review_body=body)


@dataclass(frozen=True)
class Agency:
    name: str
    logo_png: bytes | None = None
    city: str = ""  # fills the appeal notice's review body when no notice text is configured


@dataclass(frozen=True)
class Applicant:
    name: str
    resident_id: str
    sex: str  # label as printed, e.g. 男
    birth_date: datetime.date
    address: str
    insurance_type: str  # label as printed, e.g. 城镇职工基本医疗保险
    application_type: str  # label as printed, e.g. 首次评估


@dataclass(frozen=True)
class Visit:
    started_at: datetime.datetime
    place: str


@dataclass(frozen=True)
class Informant:
    name: str
    relation: str
    phone: str
    signature_png: bytes | None = None


@dataclass(frozen=True)
class Expert:
    name: str
    expert_number: str
    signature_png: bytes | None = None
    signed_on: datetime.date | None = None


@dataclass(frozen=True)
class ItemRow:
    number: int
    dimension_name: str
    item_name: str
    option_text: str
    score: int


@dataclass(frozen=True)
class DimensionRow:
    name: str
    score: int
    max_score: int
    level_label: str


@dataclass(frozen=True)
class ReportContent:
    agency: Agency
    report_number: str
    task_number: str
    applicant: Applicant
    visit: Visit
    informant: Informant
    form: Form
    answers: Mapping[str, str]  # item id -> option id
    result: Mapping[str, Any]  # scoring.ScoreResult.to_dict()
    experts: tuple[Expert, ...]
    record_id: str
    record_hash: str  # hex SHA-256 of the signed record
    conclusion: str
    care_notes: str = ""
    id_display: Literal["full", "masked"] = "masked"
    title: str = DEFAULT_TITLE
    appeal_notice: str | None = None  # None: default_appeal_notice(agency.city)
    issued_on: datetime.date | None = None
    agency_seal: bool = False  # the agency signs last with its seal certificate (电子印章)

    def __post_init__(self) -> None:
        if len(self.experts) != EXPERT_COUNT:
            raise ReportContentError("experts_count", count=len(self.experts))
        if self.id_display not in ("full", "masked"):
            raise ReportContentError("id_display", value=self.id_display)
        result_form = self.result.get("form", {})
        if result_form.get("id") != self.form.id or result_form.get("sha256") != self.form.sha256:
            raise ReportContentError("result_form_mismatch", form=self.form.id)

    @property
    def printed_resident_id(self) -> str:
        number = self.applicant.resident_id
        return number if self.id_display == "full" else mask_resident_id(number)

    @property
    def printed_appeal_notice(self) -> str:
        return self.appeal_notice if self.appeal_notice is not None else default_appeal_notice(self.agency.city)

    @property
    def grade_label(self) -> str:
        return self.result["grade"]["label"]["zh_CN"]

    @property
    def engine_version(self) -> str:
        return self.result["engine"]["version"]


def item_rows(form: Form, answers: Mapping[str, str], language: str = "zh_CN") -> list[ItemRow]:
    """Every item of the form in official order with the chosen option's official wording."""
    rows = []
    for number, item in enumerate(form.items, start=1):
        option_id = answers.get(item.id)
        if option_id is None:
            raise ReportContentError("unanswered_item", item=item.id)
        try:
            option = item.option(option_id)
        except KeyError:
            raise ReportContentError("unknown_option", item=item.id, option=option_id) from None
        rows.append(ItemRow(number, form.dimension(item.dimension_id).name.get(language),
                            item.name.get(language), option.text.get(language), option.score))
    return rows


def dimension_rows(result: Mapping[str, Any], language: str = "zh_CN") -> list[DimensionRow]:
    return [DimensionRow(d["name"][language], d["score"], d["max_score"], d["level_label"][language])
            for d in result["dimensions"].values()]
