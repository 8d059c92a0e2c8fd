# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit log's errors and verification results as sentences, zh_CN or en: a broken chain,
an anchor that no longer matches, an unreadable log file or event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

if TYPE_CHECKING:
    from assessment_app.security.audit_chain import ChainVerification

CHAIN = {
    "malformed": ("事件格式不正确", "the event is malformed"),
    "hash_mismatch": ("事件内容被改动过（哈希不符）", "the event was altered (hash mismatch)"),
    "previous_mismatch": ("与前一事件的链接断开（事件被删除、插入或移动）", "the link to the previous event is broken (an event was deleted, inserted or moved)"),
    "sequence_gap": ("序号缺失", "a sequence number is missing"),
    "sequence_order": ("序号顺序错乱", "sequence numbers are out of order"),
    "truncated": ("日志被截短（缺少已签名的尾部事件）", "the log was truncated (signed events are missing)"),
    "head_mismatch": ("与签名的链头不符", "it does not match the signed chain head"),
    "not_utf8": ("不是 UTF-8 文本", "not UTF-8 text"),
    "not_json": ("不是有效的 JSON", "not valid JSON"),
    "duplicate_key": ("有重复的键", "a key occurs twice"),
    "not_object": ("不是 JSON 对象", "not a JSON object"),
}

EVENT = {
    "missing": ("缺少必填项", "a required entry is missing"),
    "unexpected": ("有未知的键", "an unknown key is present"),
    "not_object": ("不是 JSON 对象", "not a JSON object"),
    "not_list_of_ids": ("应为编号列表", "must be a list of ids"),
    "not_id": ("不是有效的编号", "not a valid id"),
    "bad_kind": ("事件类型格式不正确", "the event kind has the wrong format"),
    "unknown_kind": ("未知的事件类型", "an unknown event kind"),
    "not_positive_integer": ("应为正整数", "must be a positive integer"),
    "not_non_negative_integer": ("应为非负整数", "must be a non-negative integer"),
    "not_utc_millisecond_time": ("应为精确到毫秒的 UTC 时间", "must be a UTC time to the millisecond"),
    "not_sha256_hex": ("应为 SHA-256 十六进制值", "must be a SHA-256 hex value"),
}

ANCHOR_FILE = {
    "malformed": ("审计锚点格式不正确（{detail}）：锚点已损坏或不是本程序写入的。",
                  "The audit anchor is malformed ({detail}): it is damaged or was not written by this program."),
    "bad_mac": ("审计锚点校验失败：锚点被改动过，或属于另一个数据密钥。",
                "The audit anchor fails its check: it was altered, or belongs to another data key."),
}

GENERIC: Pair = ("审计日志操作未完成（{reason}）。", "The audit log operation was not done ({reason}).")
GENERIC_PART: Pair = ("内容无效（{reason}）", "the content is invalid ({reason})")


def describe_chain_break(verification: ChainVerification, language: str) -> str:
    reason = pick(CHAIN.get(verification.reason, (verification.reason, verification.reason)), language)
    if language == "en":
        return f"Audit log broken at sequence {verification.broken_at}: {reason}."
    return f"审计日志在序号 {verification.broken_at} 处断开：{reason}。"


ANCHOR = {
    "truncated": ("审计日志比本机锚点记录的短：锚点（第 {counter} 次更新，{at}）记录了 {expected} 个事件，数据库中只有 {found} 个——尾部事件被删除，或放回了较旧的数据库。",
                  "The audit log is shorter than this workstation's anchor records: the anchor (update {counter}, {at}) records {expected} events, the database holds {found}. Events were cut from the end, or an older database was put back."),
    "head_mismatch": ("审计日志与本机锚点不符：锚点记录的第 {expected} 个事件与数据库中的不同——日志被改写，或放回了其他数据库。",
                      "The audit log does not match this workstation's anchor: event {expected} differs from the one the anchor records. The log was rewritten, or another database was put back."),
    "anchor_missing": ("审计日志的锚点不见了（日志记录了锚定，但凭据存储和数据目录中都没有锚点）：无法确认日志尾部是否完整。",
                       "The audit log's anchor is missing (the log says it was anchored, but neither the credential store nor the data directory holds the anchor): whether the end of the log is complete cannot be confirmed."),
    "anchor_invalid": ("审计日志的锚点校验失败（{where}）：锚点被改动过，或属于另一个数据密钥。",
                       "The audit log's anchor fails its check ({where}): it was altered, or belongs to another data key."),
}


def describe_station_verification(station, language: str) -> str:
    """Why `audit verify --chain station` failed: the chain's own break, or its anchor."""
    chain, checkpoint = station.chain, station.checkpoint
    if not chain.ok and chain.reason in ("truncated", "head_mismatch") and checkpoint is not None:
        return pick(ANCHOR[chain.reason], language).format(
            counter=checkpoint.counter, at=checkpoint.at, expected=checkpoint.count,
            found=chain.detail.get("found_count", chain.head.count))
    if not chain.ok:
        return describe_chain_break(chain, language)
    where = ", ".join(place for place, _ in station.problems) or "?"
    return pick(ANCHOR[station.reason], language).format(where=where)


def describe_audit_read_error(error, language: str, **_) -> str:
    """`error`: a security AuditLogReadError (line, reason, detail)."""
    reason = reason_text(CHAIN, error.reason, language, GENERIC_PART, table_name="chain")
    if language == "en":
        return f"Audit log file, line {error.line}: {reason}" + (f" ({error.detail})." if error.detail else ".")
    return f"审计日志文件第 {error.line} 行：{reason}" + (f"（{error.detail}）。" if error.detail else "。")


def describe_malformed_event(error, language: str, **_) -> str:
    """`error`: a security MalformedEvent (field, reason): an audit event that cannot be chained."""
    reason = reason_text(EVENT, error.reason, language, GENERIC_PART, table_name="event")
    if language == "en":
        return f"An audit event is malformed: {error.field}: {reason}. Nothing was recorded."
    return f"审计事件格式不正确：{error.field}：{reason}。未记录任何内容。"


def describe_anchor_invalid(error, language: str, **_) -> str:
    detail = error.detail or ""
    text = reason_text(ANCHOR_FILE, error.reason, language, GENERIC, table_name="anchor")
    return text.format(detail=detail).replace("（）", "").replace(" ()", "")


WORDINGS = (
    Wording("assessment_app.security.audit_chain.AuditLogReadError", describe_audit_read_error, CHAIN),
    Wording("assessment_app.security.audit_chain.MalformedEvent", describe_malformed_event, EVENT),
    Wording("assessment_app.security.audit_anchor.AnchorInvalid", describe_anchor_invalid, ANCHOR_FILE),
)
