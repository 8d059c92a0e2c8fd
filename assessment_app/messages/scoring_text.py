# SPDX-License-Identifier: GPL-3.0-or-later
"""Scoring errors (answers, forms, requests) as sentences a user can act on, zh_CN or en.

Used at the edges (CLI, dialogs). Item ids are always shown with the item's official
name so a user can find it on the paper form too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from scoring.errors import INCOMPLETE, UNKNOWN_ITEM, UNKNOWN_OPTION

from assessment_app.messages.wording import Wording, missing_reason

if TYPE_CHECKING:
    from forms.model import Form
    from scoring.errors import AnswersError

_TEXT = {
    "zh_CN": {
        INCOMPLETE: "{item}：未作答",
        UNKNOWN_ITEM: "{item}：不是本评估表的项目",
        UNKNOWN_OPTION: "{item}：{value} 不是该项目的选项（可选：{choices}）",
        "answers_intro": "答案无法评分（{count} 处问题）：",
        "unknown_form": "未知的评估表 {form}{version}；已安装：{available}",
        "form_error": "评估表文件无效：{detail}",
        "malformed_intro": "输入不是有效的评分请求：",
        "empty": "输入为空",
        "not_json": "不是有效的 JSON（{detail}）",
        "not_object": "{where} 必须是 JSON 对象",
        "not_string": "{where} 必须是字符串",
        "missing_key": "缺少必填键 {where}",
        "unexpected_key": "不认识的键 {where}（允许：form、form_version、answers）",
        "duplicate_key": "键 {where} 出现了两次",
    },
    "en": {
        INCOMPLETE: "{item}: no answer",
        UNKNOWN_ITEM: "{item}: not an item of this form",
        UNKNOWN_OPTION: "{item}: {value} is not an option of this item (choices: {choices})",
        "answers_intro": "The answers cannot be scored ({count} problem(s)):",
        "unknown_form": "Unknown form {form}{version}; installed: {available}",
        "form_error": "Invalid form file: {detail}",
        "malformed_intro": "The input is not a valid scoring request:",
        "empty": "the input is empty",
        "not_json": "not valid JSON ({detail})",
        "not_object": "{where} must be a JSON object",
        "not_string": "{where} must be a string",
        "missing_key": "required key {where} is missing",
        "unexpected_key": "unknown key {where} (allowed: form, form_version, answers)",
        "duplicate_key": "key {where} appears twice",
    },
}


def _catalogue(language: str) -> dict[str, str]:
    return _TEXT["en" if language == "en" else "zh_CN"]


def _item_label(item_id: str, form: Form | None, language: str) -> str:
    item = form.items_by_id.get(item_id) if form else None
    if item is None:
        return _show_value(item_id)
    return f"{item_id}（{item.name.get(language)}）" if language != "en" else f"{item_id} ({item.name.en})"


def describe_answers_error(error: AnswersError, form: Form | None, language: str) -> list[str]:
    text = _catalogue(language)
    lines = [text["answers_intro"].format(count=len(error.problems))]
    for problem in error.problems:
        item = form.items_by_id.get(problem.item) if form else None
        choices = ("、" if language != "en" else ", ").join(o.id for o in item.options) if item else ""
        lines.append("  " + text[problem.kind].format(
            item=_item_label(problem.item, form, language), value=_show_value(problem.value), choices=choices))
    return lines


def _show_value(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


# The reasons of a malformed scoring request (services/score_request.py), for the coverage test.
REQUEST_REASONS = {reason: (_TEXT["zh_CN"][reason], _TEXT["en"][reason])
                   for reason in ("empty", "not_json", "not_object", "not_string", "missing_key", "unexpected_key",
                                  "duplicate_key")}


def describe_answers(error, language: str, form: Form | None = None, **_) -> str:
    return "\n".join(describe_answers_error(error, form, language))


def describe_unknown_form(error, language: str, **_) -> str:
    version = f" {error.version}" if error.version else ""
    return _catalogue(language)["unknown_form"].format(
        form=_show_value(error.form_id), version=version, available=", ".join(error.available) or "—")


def describe_form_error(error, language: str, **_) -> str:
    return _catalogue(language)["form_error"].format(detail=str(error))


def describe_malformed_request(error, language: str, **_) -> str:
    text = _catalogue(language)
    if error.reason not in REQUEST_REASONS:
        missing_reason("scoring", error.reason)
        return text["malformed_intro"] + " " + error.reason
    return text["malformed_intro"] + " " + text[error.reason].format(where=error.where, detail=error.detail)


WORDINGS = (
    Wording("scoring.errors.AnswersError", describe_answers),
    Wording("forms.errors.UnknownFormError", describe_unknown_form),
    Wording("forms.errors.FormError", describe_form_error),
    Wording("assessment_app.services.score_request.MalformedRequestError", describe_malformed_request,
            REQUEST_REASONS),
)
