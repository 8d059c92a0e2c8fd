# SPDX-License-Identifier: GPL-3.0-or-later
"""Review errors (services/review_*.py) as sentences, zh_CN or en."""

from __future__ import annotations

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

REASONS = {
    "unknown_decision": ("没有这种审核结论（{detail}）。", "There is no such decision ({detail})."),
    "reason_required": ("退回或转入复核须填写理由。", "Returning a record or ordering a review needs a reason."),
    "record_not_signed": ("该评估记录尚未签名锁定，不能审核。", "The record is not signed and locked; it cannot be reviewed."),
    "not_a_reviewer": ("只有审核人员可以作出审核结论（{detail}）。", "Only a reviewer may decide ({detail})."),
    "case_closed": ("该案件已办结，不能再作审核结论。", "The case is closed; no further decision can be taken."),
    "no_decision_file": ("没有该审核结论的文件。", "There is no file for this decision."),
    "decision_file_unreadable": ("这不是可读取的审核结论文件。", "This is not a readable decision file."),
    "decision_signature_invalid": ("审核结论文件的签名无效或不受本机构信任（{detail}）。",
                                   "The decision file's signature is not valid or not trusted by this agency ({detail})."),
    "decision_already_imported": ("该审核结论已导入过。", "This decision has been imported already."),
    "decision_unknown_record": ("本机没有该审核结论所针对的评估记录（{detail}）。",
                                "This workstation does not hold the record the decision is about ({detail})."),
    "decision_record_mismatch": ("审核结论针对的记录内容与本机已签名的记录不一致，未被接受；未做任何更改。",
                                 "The decision is about a different content of the record than the signed record this workstation holds; it was not accepted. Nothing was changed."),
    "unknown_reviewer": ("本机没有该审核人员（{detail}）。", "This workstation does not know the reviewer ({detail})."),
    "signer_not_a_reviewer": ("签署人不是机构配置包中的审核人员（{detail}），审核结论未被接受；未做任何更改。",
                              "The signer is not a reviewer in the agency's provisioning package ({detail}); the decision was not accepted. Nothing was changed."),
    "not_provisioned": ("本机尚未导入机构配置，无法核验签名。", "This workstation is not provisioned; signatures cannot be checked."),
    "publicity_format": ("公示名单只能导出为 .csv 或 .pdf（{detail}）。", "The public list is written as .csv or .pdf ({detail})."),
    "sample_percent": ("抽查比例须在 0 到 100 之间。", "The sample percentage must be between 0 and 100."),
}

# Why a decision file's signature was refused (services/review_decision.read_decision_file).
SIGNATURE_PROBLEMS = {
    "unsigned": ("文件没有签名", "the file is not signed"),
    "not_trusted": ("签名证书不是由本机构的 CA 签发的", "the signing certificate was not issued by this agency's CA"),
    "not_whole_file": ("签名之后文件又被添加了内容", "content was added after the signature"),
    "altered": ("签名之后文件内容被改动，签名不再吻合", "the file was changed after it was signed"),
    "not_the_named_reviewer": ("签署人不是文件中写明的审核人员", "the signer is not the reviewer the file names"),
    "revoked": ("签署人的证书已被机构吊销", "the agency has revoked the signer's certificate"),
    "expired": ("签署人的证书在签名时已过期", "the signer's certificate had expired when it signed"),
    "not_yet_valid": ("签署人的证书在签名时尚未生效", "the signer's certificate was not yet valid when it signed"),
    "claimed_after_trusted_time": ("签名自称的时间晚于导入时间", "the signing time it claims lies after the import"),
    "not_for_signing": ("证书不能用于文件签名", "the certificate may not sign documents"),
}


GENERIC: Pair = ("审核操作失败（{reason}）。", "The review step failed ({reason}).")


def describe_review_error(error, language: str, **_) -> str:
    """`error`: a services ReviewError (reason, detail)."""
    text = reason_text(REASONS, error.reason, language, GENERIC, table_name="review")
    detail = "" if error.detail is None else error.detail
    if error.reason == "decision_signature_invalid" and detail in SIGNATURE_PROBLEMS:
        detail = pick(SIGNATURE_PROBLEMS[detail], language)
    return text.format(detail=detail)


WORDINGS = (Wording("assessment_app.services.review_errors.ReviewError", describe_review_error, REASONS),)
