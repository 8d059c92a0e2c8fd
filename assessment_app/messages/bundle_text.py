# SPDX-License-Identifier: GPL-3.0-or-later
"""Bundle export, verification and import as sentences, zh_CN or en: the errors of export and
import, and one line per check of a validation report with its specific reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.bundle.validation_report import NOT_REACHED
from assessment_app.messages.wording import Pair, Wording, pick, reason_text

if TYPE_CHECKING:
    from assessment_app.bundle.validation_report import Check, ValidationReport

CHECK_NAMES: dict[str, Pair] = {
    "index": ("索引文件", "Index"), "parts": ("分卷文件", "Parts"), "decrypt": ("解密", "Decryption"),
    "archive": ("归档内容", "Archive"), "manifest": ("清单", "Manifest"), "signatures": ("清单签名", "Manifest signatures"),
    "files": ("文件哈希", "File hashes"), "record": ("评估记录", "Record"), "video": ("录像链", "Video chain"),
    "audit": ("审计链", "Audit chain"), "report": ("报告签名", "Report signatures"), "rescore": ("重新计分", "Re-scoring"),
}

REASONS: dict[str, Pair] = {
    # export and import
    "visit_not_signed": ("评估尚未签名锁定，不能导出。", "The visit is not signed and locked; it cannot be exported."),
    "signers_not_the_visit_experts": ("导出须由本次评估的两位评估人员解锁签名密钥。",
                                      "Export needs the signing keys of this visit's two experts."),
    "record_changed": ("评估记录与签名时不一致，已拒绝导出。", "The record differs from what was signed; export refused."),
    "no_agency": ("本机尚未配置评估机构。", "This workstation has no agency provisioned."),
    "no_recipients": ("机构配置中没有加密接收方公钥。", "The provisioning names no encryption recipient."),
    "no_signed_report": ("找不到已签名的评估报告。", "The signed report is missing."),
    "recording_damaged": ("录像已损坏，不能导出（{detail}）。", "The recording is damaged and cannot be exported ({detail})."),
    "recording_not_encrypted": ("录像未加密保存，不能导出（{detail}）。",
                                "The recording was not stored encrypted; it cannot be exported ({detail})."),
    "source_changed": ("导出过程中数据发生变化（{detail}），未生成数据包。",
                       "Data changed during the export ({detail}); no bundle was made."),
    "output_exists": ("目标目录已存在：{detail}", "The output directory already exists: {detail}"),
    "bad_part_size": ("分卷大小无效：{detail}", "Invalid part size: {detail}"),
    "no_space": ("磁盘空间不足，未留下任何不完整的文件。", "The disk is full; nothing half-written was left behind."),
    "write_failed": ("写入失败（{detail}），未留下任何不完整的文件。", "Writing failed ({detail}); nothing half-written was left behind."),
    "reread_mismatch": ("回读校验失败（{detail}），数据包已删除。", "Re-reading a part failed ({detail}); the bundle was removed."),
    "export_cancelled": ("已取消导出，未完成的文件已删除。", "Export cancelled; the partial output was removed."),
    "record_not_reproduced": ("导入后的记录与签名记录不一致，已全部撤销。",
                              "The imported rows do not reproduce the signed record; nothing was kept."),
    "case_rows_malformed": ("数据包中的案件数据格式不正确。", "The case rows in the bundle are malformed."),
    "import_failed": ("导入失败（{detail}），未导入任何内容。", "Import failed ({detail}); nothing was imported."),
    "recording_exists": ("本机已有该次评估的录像（{detail}），未导入任何内容。",
                         "This workstation already holds a recording of the visit ({detail}); nothing was imported."),
    # index and parts
    "index_missing": ("缺少 index.json。", "index.json is missing."),
    "index_malformed": ("index.json 格式不正确。", "index.json is malformed."),
    "index_unsupported": ("不支持的数据包格式（{detail}）。", "Unsupported bundle format ({detail})."),
    "part_order": ("分卷顺序不正确（{detail}）。", "The parts are out of order ({detail})."),
    "extra_part": ("多出未列出的分卷 {detail}。", "An unlisted part is present: {detail}."),
    "part_missing": ("缺少分卷 {detail}。", "Part {detail} is missing."),
    "part_size_mismatch": ("分卷大小不符，可能被截断（{detail}）。", "A part has the wrong size, possibly truncated ({detail})."),
    "part_hash_mismatch": ("分卷 {detail} 的哈希不符，内容已改变。", "Part {detail} does not match its hash: it was changed."),
    # age
    "age_no_matching_identity": ("私钥不匹配：该数据包不是加密给此身份文件的。",
                                 "Wrong identity: the bundle was not encrypted to this identity file."),
    "age_bad_identity": ("身份文件无效（{detail}）。", "The identity file is not valid ({detail})."),
    "age_bad_recipient": ("加密接收方公钥无效（{detail}）。", "An encryption recipient key is not valid ({detail})."),
    "identity_unreadable": ("无法读取身份文件（{detail}）。", "The identity file cannot be read ({detail})."),
    "age_header_malformed": ("加密文件头格式不正确（{detail}）。", "The encryption header is malformed ({detail})."),
    "age_header_mac_mismatch": ("加密文件头已被改动。", "The encryption header was altered."),
    "age_payload_truncated": ("加密内容被截断（{detail}）。", "The encrypted content is truncated ({detail})."),
    "age_payload_tampered": ("加密内容被改动（{detail}）。", "The encrypted content was altered ({detail})."),
    # archive
    "tar_malformed": ("归档格式不正确（{detail}）。", "The archive is malformed ({detail})."),
    "member_path_unsafe": ("归档中有不安全的路径 {detail}。", "The archive holds an unsafe path {detail}."),
    "member_unexpected": ("归档中有不应出现的文件 {detail}。", "The archive holds an unexpected file {detail}."),
    "member_duplicate": ("归档中文件重复：{detail}。", "A file appears twice in the archive: {detail}."),
    "member_not_file": ("归档中 {detail} 不是普通文件。", "{detail} in the archive is not a regular file."),
    "trailing_data": ("归档之后有多余数据。", "There is extra data after the archive."),
    "member_too_large": ("归档中的文件过大（{detail}）。", "A file in the archive is too large ({detail})."),
    "member_limit": ("归档中的文件过多（{detail}）。", "The archive holds too many files ({detail})."),
    "member_order": ("归档中文件顺序不正确（{detail}）。", "The files in the archive are out of order ({detail})."),
    # manifest and signatures
    "manifest_malformed": ("清单格式不正确（{detail}）。", "The manifest is malformed ({detail})."),
    "manifest_unsupported": ("不支持的清单版本（{detail}）。", "Unsupported manifest version ({detail})."),
    "cms_missing": ("缺少清单签名 manifest.cms。", "The manifest signature manifest.cms is missing."),
    "cms_malformed": ("清单签名格式不正确（{detail}）。", "The manifest signature is malformed ({detail})."),
    "cms_not_detached": ("清单签名不是分离式签名。", "The manifest signature is not detached."),
    "cms_signer_certificate_missing": ("签名中缺少签名人证书。", "A signer's certificate is missing from the signature."),
    "cms_digest_mismatch": ("清单内容与签名不符：清单已被改动。", "The manifest does not match its signature: it was changed."),
    "cms_bad_signature": ("评估人员 {detail} 的签名无效。", "The signature of expert {detail} is not valid."),
    "cms_unsupported_algorithm": ("不支持的签名算法（{detail}）。", "Unsupported signature algorithm ({detail})."),
    "cms_certificate_foreign_ca": ("签名证书不是由本机构的 CA 签发的（{detail}）。",
                                   "A signing certificate was not issued by the agency's CA ({detail})."),
    "cms_certificate_ca_expired": ("签发 CA 在签名时已失效。", "The issuing CA was not valid at signing time."),
    "cms_certificate_expired": ("签名证书在签名时已过期（{detail}）。", "A signing certificate had expired at signing time ({detail})."),
    "cms_certificate_not_yet_valid": ("签名证书在签名时尚未生效（{detail}）。",
                                      "A signing certificate was not yet valid at signing time ({detail})."),
    "cms_certificate_revoked": ("签名证书已被吊销（{detail}）。", "A signing certificate is revoked ({detail})."),
    "cms_certificate_not_for_signing": ("证书不可用于签名（{detail}）。", "A certificate may not sign documents ({detail})."),
    "cms_certificate_claimed_after_trusted_time": (
        "签名声称的时间晚于本机核验时间（{detail}）。",
        "A signature claims a time later than this verification ({detail})."),
    "cms_two_signers_required": ("清单须由两位评估人员签名（实际 {detail} 个）。",
                                 "The manifest must be signed by two experts (found {detail})."),
    "cms_signers_not_the_experts": ("签名人与本次评估的评估人员不符（{detail}）。",
                                    "The signers are not this visit's experts ({detail})."),
    # files and record
    "file_unlisted": ("文件 {detail} 不在清单中。", "The file {detail} is not in the manifest."),
    "file_missing": ("缺少文件 {detail}。", "The file {detail} is missing."),
    "file_hash_mismatch": ("文件 {detail} 的哈希与清单不符：已被改动或替换。",
                           "The file {detail} does not match the manifest: it was changed or replaced."),
    "record_malformed": ("评估记录格式不正确（{detail}）。", "The record is malformed ({detail})."),
    "record_hash_mismatch": ("评估记录与清单中的哈希不符。", "The record does not match the manifest's hash."),
    "record_ids_mismatch": ("评估记录的编号与清单不符。", "The record's ids differ from the manifest's."),
    "record_form_mismatch": ("评估记录的量表或引擎版本与清单不符。", "The record's form or engine differs from the manifest's."),
    # video
    "no_video": ("本次评估没有录像。", "This visit has no video."),
    "video_missing": ("记录显示有录像，但数据包中没有录像。", "The record says the visit was recorded, but the bundle has no video."),
    "video_chain_missing": ("缺少录像链 {detail}。", "Video chain {detail} is missing."),
    "video_head_mismatch": ("录像链末端与清单不符（{detail}）。", "The video chain head differs from the manifest ({detail})."),
    "video_missing_segment": ("缺少录像片段 {detail}。", "Video segment {detail} is missing."),
    "video_segment_hash_mismatch": ("录像片段 {detail} 的哈希不符。", "Video segment {detail} does not match its hash."),
    "video_extra_file": ("录像中有多余文件 {detail}。", "An extra file is in the video: {detail}."),
    "video_chain_link_broken": ("录像链之间的衔接断开（{detail}）。", "The link between video chains is broken ({detail})."),
    "video_plaintext_chain": ("录像链声明录像未加密保存（{detail}）：录像必须始终加密，已拒绝。",
                              "The video chain says the video was stored unencrypted ({detail}): video must always be "
                              "encrypted; refused."),
    "video_malformed": ("录像链格式不正确（{detail}）。", "The video chain is malformed ({detail})."),
    "video_chain_file_missing": ("缺少录像链文件 {detail}。", "The chain file of video {detail} is missing."),
    # audit
    "audit_malformed": ("审计日志无法读取（{detail}）。", "The audit log cannot be read ({detail})."),
    "audit_head_mismatch": ("审计链末端与清单不符（{detail}）。", "The audit chain head differs from the manifest ({detail})."),
    "audit_foreign_event": ("审计日志中有不属于本次评估的事件。", "The audit log holds an event of another visit."),
    "audit_record_not_locked": ("审计链中没有锁定此记录的事件。", "The audit chain does not lock this record."),
    "audit_report_mismatch": ("审计链中锁定的报告与数据包中的报告不同。", "The report locked in the audit chain differs from the bundle's."),
    # report and re-scoring
    "report_signature_count": ("报告应有两个签名（实际 {detail} 个）。", "The report must carry two signatures (found {detail})."),
    "report_signature_invalid": ("报告签名无效（{detail}）。", "A report signature is not valid ({detail})."),
    "report_signers_not_the_experts": ("报告签名人与评估人员不符（{detail}）。", "The report's signers are not the experts ({detail})."),
    "report_certificate_revoked": ("报告签名证书已被吊销（{detail}）。", "A report signing certificate is revoked ({detail})."),
    "report_certificate_claimed_after_trusted_time": (
        "报告签名声称的时间晚于本机核验时间（{detail}）。",
        "A report signature claims a time later than this verification ({detail})."),
    "report_certificate_foreign_ca": ("报告签名证书不是由本机构的 CA 签发的（{detail}）。",
                                      "A report signing certificate was not issued by the agency's CA ({detail})."),
    "form_unknown": ("本机没有记录所用的量表版本（{detail}）。", "This workstation lacks the record's form version ({detail})."),
    "form_hash_mismatch": ("量表内容与记录不符（{detail}）。", "The form differs from the record's ({detail})."),
    "rescore_failed": ("无法重新计分（{detail}）。", "Re-scoring failed ({detail})."),
    "rescore_mismatch": ("重新计分结果与记录不同：{detail}。", "Re-scoring differs from the record: {detail}."),
    "unexpected_error": ("检查时出现意外错误（{detail}）。", "Unexpected error during the check ({detail})."),
    NOT_REACHED: ("因前面的检查失败而未进行。", "Not checked: an earlier check failed."),
}


GENERIC: Pair = ("数据包操作失败（{reason}）。", "The bundle operation failed ({reason}).")


def describe_reason(reason: str, detail: object, language: str) -> str:
    return reason_text(REASONS, reason, language, GENERIC, table_name="bundle").replace("{detail}", str(detail or ""))


def describe_check(check: Check, language: str) -> str:
    name = pick(CHECK_NAMES.get(check.code, (check.code, check.code)), language)
    if check.passed:
        status = "通过" if language != "en" else "passed"
        note = f" — {check.information}" if check.information else ""
        return f"{name}: {status}{note}"
    failed = "未通过" if language != "en" else "FAILED"
    return f"{name}: {failed} — {describe_reason(check.reason, check.detail, language)}"


def describe_validation_report(report: ValidationReport, language: str) -> list[str]:
    return [describe_check(check, language) for check in report.checks]


def describe_bundle_error(error, language: str, **_) -> str:
    return describe_reason(error.reason, error.detail, language)


WORDINGS = (Wording("assessment_app.bundle.errors.BundleError", describe_bundle_error, REASONS),)
