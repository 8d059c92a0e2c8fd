# SPDX-License-Identifier: GPL-3.0-or-later
"""Field errors of the intake and record forms as sentences: which field, what is wrong, zh_CN or en."""

from __future__ import annotations

from assessment_app.messages.visit_text import FIELD_NAMES as VISIT_FIELD_NAMES
from assessment_app.messages.wording import Pair, Wording, pick, reason_text

FIELD_NAMES = {
    "name": ("姓名", "Name"),
    "resident_id": ("居民身份证号", "Resident ID number"),
    "phone": ("联系电话", "Phone"),
    "address": ("地址", "Address"),
    "insurance_type": ("参保类型", "Insurance type"),
    "application_type": ("申请类型", "Application type"),
    "task_number": ("任务编号", "Task number"),
    "planned_visit_date": ("计划评估日期", "Planned visit date"),
    "expert_ids": ("评估人员", "Assessors"),
    "materials_received": ("已收材料", "Materials received"),
    "material": ("材料", "Material"),
    "scan": ("扫描件", "Scan"),
    "correction_reason": ("更正原因", "Reason for the correction"),
    "corrected_by": ("更正人", "Corrected by"),
    "role": ("角色", "Role"),
    "setting": ("设置", "Setting"),
    "expert_number": ("评估人员编号", "Expert number"),
    "destination": ("保存位置", "Save location"),
    "kind": ("文件种类", "Kind of document"),
}

REASONS = {
    "empty": ("不能为空", "must not be empty"),
    "length": ("应为 18 位（现为 {detail} 位）", "must have 18 characters (has {detail})"),
    "characters": ("含有不允许的字符（{detail}）", "contains a character that is not allowed ({detail})"),
    "birth_date": ("出生日期不存在（{detail}）", "the birth date does not exist ({detail})"),
    "future_birth_date": ("出生日期在将来（{detail}）", "the birth date is in the future ({detail})"),
    "too_old": ("出生日期早于 1900 年（{detail}）", "the birth date is before 1900 ({detail})"),
    "check_digit": ("校验码不符（最后一位应为 {detail}），请核对号码", "the check digit is wrong (the last character should be {detail}); please check the number"),
    "format": ("格式不正确（{detail}）", "has the wrong format ({detail})"),
    "too_long": ("太长（最多 {detail} 个字符）", "is too long (at most {detail} characters)"),
    "separator": ("间隔号或空格位置不正确", "has a separator dot or space in the wrong place"),
    "unknown_value": ("不是可选的值（{detail}）", "is not one of the choices ({detail})"),
    "not_chosen": ("请选择", "please choose one"),
    "in_past": ("不能早于今天（{detail}）", "must not be before today ({detail})"),
    "too_many": ("最多 {detail} 名", "at most {detail}"),
    "same_person": ("两名评估人员必须是不同的人", "the two assessors must be different people"),
    "unknown_material": ("不在本申请类型的材料清单上（{detail}）", "not on this application type's checklist ({detail})"),
    "unknown_expert": ("未找到该评估人员或已停用（{detail}）", "no such active expert ({detail})"),
    "not_an_assessor": ("{detail} 不是评估员", "{detail} is not an assessor"),
    "differs_from_record": ("与该身份证号已登记的姓名（{detail}）不一致，请核对", "differs from the name on record for this ID number ({detail}); please check"),
    "unsupported_type": ("文件类型不支持（{detail}），请使用 JPEG、PNG、TIFF 或 PDF", "file type not supported ({detail}); use JPEG, PNG, TIFF or PDF"),
    "unreadable": ("无法读取（{detail}）", "cannot be read ({detail})"),
    "too_large": ("文件过大（最大 {detail} MiB）", "file too large (at most {detail} MiB)"),
    "not_on_checklist": ("不在本案件的材料清单上（{detail}）", "not on this case's checklist ({detail})"),
    "too_short": ("太短（至少 {detail} 个字）", "too short (at least {detail} characters)"),
    "duplicate": ("已存在（{detail}）", "already exists ({detail})"),
    "provisioned_only": ("{detail} 只能由机构的配置包设立，本机只能添加评估员", "{detail} accounts come only from the agency's provisioning package; this workstation adds assessors only"),
    "out_of_range": ("超出允许范围（{detail}）", "is outside the allowed range ({detail})"),
    "inside_data_directory": ("不能保存到加密数据目录内（{detail}），请选择其他文件夹",
                              "cannot be inside the encrypted data directory ({detail}); choose another folder"),
}

PHONE_HINTS = {"mobile": ("手机号应为 11 位", "a mobile number has 11 digits"),
               "landline": ("固定电话应为 区号-号码", "a landline is area code-number")}


GENERIC: Pair = ("不符合要求（{reason}）", "is not accepted ({reason})")


def field_name(field: str, language: str) -> str:
    pair = FIELD_NAMES.get(field) or VISIT_FIELD_NAMES.get(field) or (field, field)
    return pick(pair, language)


def describe_field_error(error, language: str) -> str:
    """`error`: a domain FieldError (field, reason, detail)."""
    detail = error.detail
    if error.field == "phone" and detail in PHONE_HINTS:
        detail = pick(PHONE_HINTS[detail], language)
    problem = reason_text(REASONS, error.reason, language, GENERIC, table_name="field").format(
        detail="" if detail is None else detail)
    problem = problem.replace("（）", "").replace(" ()", "")
    separator = ": " if language == "en" else "："
    return f"{field_name(error.field, language)}{separator}{problem}"


def describe_field_errors(errors, language: str) -> list[str]:
    """One line per refused field of a FieldError or a FieldErrors."""
    items = getattr(errors, "errors", (errors,))
    return [describe_field_error(error, language) for error in items]


def _describe(error, language: str, **_) -> str:
    return "\n".join(describe_field_errors(error, language))


WORDINGS = (
    Wording("assessment_app.domain.errors.FieldError", _describe, REASONS),
    Wording("assessment_app.domain.errors.FieldErrors", _describe, REASONS),
)
