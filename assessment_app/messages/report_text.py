# SPDX-License-Identifier: GPL-3.0-or-later
"""Report errors and signature-check results as sentences, zh_CN or en.

A refused signing always says that no signed file was written, since the expert's next worry
is whether a half-signed report now exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

if TYPE_CHECKING:
    from assessment_app.reports.verify import SignatureStatus

SIGNING = {
    "not_a_pdf": ("文件不是可读取的 PDF", "the file is not a readable PDF"),
    "no_such_field": ("结论书中没有签名位置 {field}", "the report has no signature field {field}"),
    "field_already_signed": ("签名位置 {field} 已经签过名", "signature field {field} is already signed"),
    "document_locked": ("结论书已由 {locked_by} 的签名锁定，不能再签名或修改",
                        "the report was locked by the signature in {locked_by}; it cannot be signed or changed"),
    "field_cannot_lock": ("签名位置 {field} 不是最后一个签名位置，不能锁定文件",
                          "signature field {field} is not the last one and cannot lock the report"),
    "field_locks_document": ("签名位置 {field} 是最后一个签名位置，签名后文件将被锁定，须由最后签名人签署",
                             "signature field {field} is the last one and locks the report; it must be signed last"),
}
NOTHING_WRITTEN: Pair = ("未生成签名文件。", "No signed file was written.")

CONTENT = {
    "record_incomplete": ("全部项目作答并得出评分结果后才能生成结论书（含草稿）",
                          "the report (also the draft) needs every item answered and scored"),
    "experts_count": ("结论书须有两名评估人员（现为 {count} 名）", "a report needs two experts (there are {count})"),
    "id_display": ("身份证号显示方式无效：{value}", "invalid ID number display setting: {value}"),
    "result_form_mismatch": ("评分结果不是用评估表 {form} 算出的", "the score result was not computed with form {form}"),
    "unanswered_item": ("评估项目 {item} 未作答", "item {item} has no answer"),
    "unknown_option": ("评估项目 {item} 没有选项 {option}", "item {item} has no option {option}"),
    "unknown_decision": ("未知的审核结论：{decision}", "unknown review decision: {decision}"),
}

UNREADABLE = {"not_a_pdf": ("文件不是可读取的 PDF，无法核验。", "The file is not a readable PDF; it cannot be verified.")}
GENERIC: Pair = ("无法处理结论书（{reason}）", "the report could not be processed ({reason})")


def _fill(table: dict[str, Pair], error, language: str) -> str:
    text = reason_text(table, error.reason, language, GENERIC, table_name="report")
    return text.format_map({key: str(value) for key, value in error.detail.items()})


def describe_signing_error(error, language: str, **_) -> str:
    reason = _fill(SIGNING, error, language)
    return (f"不能签名：{reason}。" if language != "en" else f"Cannot sign: {reason}. ") + pick(NOTHING_WRITTEN, language)


def describe_content_error(error, language: str, **_) -> str:
    reason = _fill(CONTENT, error, language)
    return f"不能生成结论书：{reason}。" if language != "en" else f"Cannot produce the report: {reason}."


def describe_unreadable(error, language: str, **_) -> str:
    return _fill(UNREADABLE, error, language)


def describe_report_error(error, language: str, **_) -> str:
    """A report error of no more specific kind."""
    reason = pick(GENERIC, language).replace("{reason}", error.reason)
    return f"{reason}。" if language != "en" else f"{reason[0].upper()}{reason[1:]}."


NO_SIGNATURES: Pair = ("文件中没有电子签名。", "The file has no signatures.")
TRUST_NOT_CHECKED: Pair = ("未提供 CA 证书（--ca），只核验了文件完整性，未核验签名人是否可信。",
                           "No CA certificate given (--ca): integrity was checked, whether the signers are trusted was not.")


def describe_signature_status(status: SignatureStatus, language: str) -> str:
    """One line per signature: field, signer, time, then each check's outcome."""
    english = language == "en"
    signer = f"{status.signer_common_name or '?'} ({status.signer_number or '?'})"
    when = status.signing_time.isoformat(timespec="seconds") if status.signing_time else "?"
    checks = [
        ("intact" if status.intact else "ALTERED") if english else ("完整" if status.intact else "已被改动"),
        _trust_text(status, english),
        ("covers the whole file" if status.covers_whole_file else "later revisions follow") if english
        else ("覆盖整个文件" if status.covers_whole_file else "其后还有修订"),
    ]
    if status.docmdp_level == "no_changes":
        checks.append("locks the document" if english else "签名后锁定文件")
    if not status.docmdp_ok:
        checks.append("LATER CHANGES BREAK THE LOCK" if english else "其后的修改违反了锁定")
    if status.timestamped:
        checks.append("time-stamped" if english else "有可信时间戳")
    verdict = ("OK" if status.ok else "FAILED") if english else ("有效" if status.ok else "无效")
    separator = ", " if english else "，"
    return f"[{verdict}] {status.field_name}: {signer} {when}: {separator.join(checks)}"


CERTIFICATE_PROBLEMS = {
    "revoked": ("证书已于 {revoked_at} 被机构吊销", "the agency revoked the certificate on {revoked_at}"),
    "claimed_after_trusted_time": ("签名自称的时间晚于可信时间", "the signing time it claims lies after the trusted time"),
    "expired": ("证书在签名时已过期", "the certificate had expired when it signed"),
    "not_yet_valid": ("证书在签名时尚未生效", "the certificate was not yet valid when it signed"),
    "ca_expired": ("签发证书的 CA 在签名时已过期", "the issuing CA had expired when it signed"),
    "not_for_signing": ("证书不能用于文件签名", "the certificate may not sign documents"),
    "foreign_ca": ("证书不是由本机构的 CA 签发的", "the certificate was not issued by this agency's CA"),
}


def _trust_text(status: SignatureStatus, english: bool) -> str:
    if not status.trust_checked:
        return "trust not checked" if english else "未核验信任"
    if status.certificate_problem is not None:
        pair = CERTIFICATE_PROBLEMS.get(status.certificate_problem,
                                        (status.certificate_problem, status.certificate_problem))
        detail = {key: value.strftime("%Y-%m-%d %H:%M UTC") if hasattr(value, "strftime") else value
                  for key, value in (status.certificate_detail or {}).items()}
        return (pair[1] if english else pair[0]).format_map({"revoked_at": "?", **detail})
    if status.trusted:
        return "issued by a given CA" if english else "由指定 CA 签发"
    return "NOT issued by a given CA" if english else "不是由指定 CA 签发"


WORDINGS = (
    Wording("assessment_app.reports.errors.ReportError", describe_report_error),
    Wording("assessment_app.reports.errors.ReportSigningError", describe_signing_error, SIGNING),
    Wording("assessment_app.reports.errors.ReportContentError", describe_content_error, CONTENT),
    Wording("assessment_app.reports.errors.ReportUnreadable", describe_unreadable, UNREADABLE),
)
