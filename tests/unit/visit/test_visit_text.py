# SPDX-License-Identifier: GPL-3.0-or-later
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.domain.visit_plausibility import CN_LTC_2021_RULES
from assessment_app.domain.visit_workflow import Requirement, SigningIncomplete, VisitError
from assessment_app.messages import describe_error
from assessment_app.messages.visit_text import REQUIREMENTS, WARNINGS


def test_signing_refusal_lists_what_is_missing_in_both_languages():
    error = SigningIncomplete([Requirement("unanswered_items", ("adl.eating",)), Requirement("conclusion_missing")])
    assert describe_error(error, "zh_CN") == "记录不完整，不能签名。尚缺：未答项目、评估结论。"
    assert "unanswered items, conclusion" in describe_error(error, "en")


def test_visit_fields_and_reasons_have_messages():
    errors = FieldErrors([FieldError("informant_name", "empty"), FieldError("informant_phone", "format", "mobile")])
    assert describe_error(errors, "zh_CN").startswith("知情人姓名：不能为空")
    assert describe_error(VisitError("visit_in_progress", "v1"), "en") == "The case has a visit in progress (v1); resume it."
    assert {rule.code for rule in CN_LTC_2021_RULES} <= WARNINGS.keys()
    assert {"declaration_missing", "expert_signature_missing"} <= REQUIREMENTS.keys()
