# SPDX-License-Identifier: GPL-3.0-or-later
"""Storage, key and record errors (each carries a `.reason` code) as sentences, zh_CN or en.

Every message says what happened and what is safe: these errors never lose saved data, and
the user should hear that too.
"""

from __future__ import annotations

from assessment_app.messages.wording import Pair, Wording, reason_text

REASONS = {
    "no_self_assessment": ("该案件没有录入自评表，无法生成对照表。", "The case has no self-assessment, so there is nothing to compare."),
    "database_missing": ("找不到案件数据库（{detail}）。", "The case database was not found ({detail})."),
    "database_exists": ("数据库已存在，未做任何更改。", "A database already exists; nothing was changed."),
    "wrong_key": ("密钥不正确，无法打开案件数据库；文件未被改动。", "The key is wrong, so the case database cannot be opened; the file was not changed."),
    "corrupt": ("案件数据库已损坏或不是本程序的文件；文件未被改动，请从备份恢复。", "The case database is damaged or not one of ours; it was not changed. Restore it from a backup."),
    "storage_full": ("磁盘已满，本次操作已撤销，此前保存的数据完好。请释放空间后重试。", "The disk is full; this change was undone and everything saved before is intact. Free some space and try again."),
    "database_busy": ("数据库正被另一个程序使用，请稍后重试。", "The database is in use by another program; try again shortly."),
    "io_error": ("读写磁盘出错（{detail}），本次操作已撤销。", "A disk read or write failed ({detail}); this change was undone."),
    "empty_file": ("案件数据库文件是空的（{detail}）；文件未被改动，请从备份恢复。",
                   "The case database file is empty ({detail}); it was not changed. Restore it from a backup."),
    "not_a_database": ("该文件不是本程序的案件数据库；文件未被改动。", "The file is not a case database of this program; it was not changed."),
    "not_encrypted": ("案件数据库未加密，已拒绝打开；文件未被改动。",
                      "The case database is not encrypted, so it was not opened; the file was not changed."),
    "integrity_check_failed": ("案件数据库完整性检查未通过；文件未被改动，请从备份恢复。",
                               "The case database fails its integrity check; it was not changed. Restore it from a backup."),
    "foreign_key_violation": ("案件数据库中的记录互相矛盾（外键检查未通过）；文件未被改动，请从备份恢复。",
                              "Records in the case database contradict each other (foreign key check); it was not changed. "
                              "Restore it from a backup."),
    "read_only": ("磁盘或文件只读，无法保存（{detail}）；本次操作已撤销。",
                  "The disk or file is read-only, so nothing could be saved ({detail}); this change was undone."),
    "cannot_open": ("无法打开案件数据库文件（{detail}）；文件未被改动。", "The case database file cannot be opened ({detail}); it was not changed."),
    "wal_unavailable": ("此磁盘不支持数据库所需的日志方式（{detail}），请把数据目录放在本地磁盘上。",
                        "This disk does not support the journal the database needs ({detail}); keep the data directory on a local disk."),
    "snapshot_unencrypted": ("备份快照未加密，已停止备份；未写入任何备份。",
                             "The backup snapshot came out unencrypted, so the backup stopped; no backup was written."),
    "schema_too_new": ("数据库由更新版本的程序创建，请升级本程序。", "The database was made by a newer version of this program; please upgrade."),
    "constraint_violation": ("数据违反约束（{detail}），未保存。", "The data breaks a rule of the database ({detail}); nothing was saved."),
    "attachment_corrupt": ("附件已损坏或被篡改（{detail}）。", "An attachment is damaged or was altered ({detail})."),
    "attachment_missing": ("附件文件缺失（{detail}）。", "An attachment file is missing ({detail})."),
    "record_not_found": ("找不到记录（{detail}）。", "No such record ({detail})."),
    "duplicate_resident_id": ("该身份证号已登记。", "This ID number is already registered."),
    "duplicate_task_number": ("任务编号已被案件 {detail} 使用。", "The task number is already used by case {detail}."),
    "open_case_exists": ("此人已有同类型未结案件 {detail}，不能重复受理；请打开该案件。", "This person already has an open case of this type ({detail}); open that case instead."),
    "visit_locked": ("评估记录已签名锁定；如需更正，请创建新版本并说明原因。", "The record is signed and locked; to correct it, create a new version with a reason."),
    "not_latest_version": ("只能在最新版本上更正。", "Only the newest version can be corrected."),
    "not_signed": ("记录尚未签名，可直接修改答案，无需新版本。", "The record is not signed yet; change the answer directly, no new version is needed."),
    "not_assigned": ("只有分配到本案件的评估人员才能查看完整身份证号。", "Only the experts assigned to this case may see the full ID number."),
    "passphrase_required": ("需要管理员口令才能解锁数据（本机没有可用的系统凭据存储）。", "The administrator passphrase is needed to unlock the data (no usable system credential store)."),
    "no_key_storage": ("本机没有可用的系统凭据存储，请设置管理员口令。", "There is no usable system credential store; please set an administrator passphrase."),
    "wrong_passphrase": ("口令不正确。", "The passphrase is wrong."),
    "passphrase_empty": ("口令不能为空。", "The passphrase must not be empty."),
    "keystore_corrupt": ("密钥文件 keystore.json 已损坏，未做任何更改。", "The key file keystore.json is damaged; nothing was changed."),
    "key_not_found": ("找不到本数据目录的密钥。", "The key of this data directory was not found."),
    "key_exists": ("本数据目录已初始化。", "This data directory is already initialised."),
    "backup_not_found": ("找不到备份文件（{detail}）。", "The backup file was not found ({detail})."),
    "backup_not_a_backup": ("该文件不是本程序的备份文件；现有数据未被改动。", "The file is not a backup of this program; the current data was not changed."),
    "backup_truncated": ("备份文件不完整（被截断）；现有数据未被改动。", "The backup file is incomplete (truncated); the current data was not changed."),
    "backup_tampered": ("备份文件已损坏或被篡改；现有数据未被改动。", "The backup file is damaged or was altered; the current data was not changed."),
    "backup_wrong_key": ("该备份不是用本机的数据密钥加密的；请提供备份口令。现有数据未被改动。", "The backup was not encrypted with this computer's data key; give the backup passphrase. The current data was not changed."),
    "case_transition_refused": ("案件状态不能这样变更（{detail}），未做任何更改。",
                                "The case cannot change status like this ({detail}); nothing was changed."),
    "backup_unsupported_version": ("不支持该备份文件的格式版本（{detail}）；现有数据未被改动。",
                                   "The backup's format version is not supported ({detail}); the current data was not changed."),
    "backup_schema_too_new": ("该备份由更新版本的程序创建，请先升级本程序；现有数据未被改动。",
                              "The backup was made by a newer version of this program; upgrade first. The current data was not changed."),
    "backup_has_no_passphrase": ("该备份不是用本机的数据密钥加密的，也没有备份口令，本机无法打开；现有数据未被改动。",
                                 "The backup was not encrypted with this computer's data key and has no backup passphrase, so it "
                                 "cannot be opened here. The current data was not changed."),
    "backup_wrong_passphrase": ("备份口令不正确；现有数据未被改动。", "The backup passphrase is wrong; the current data was not changed."),
}
GENERIC: Pair = ("操作失败（{reason}）；已保存的数据未受影响。", "The operation failed ({reason}); saved data is not affected.")


def describe_reason(reason: str, language: str, detail: object = "") -> str:
    text = reason_text(REASONS, reason, language, GENERIC, table_name="records")
    return text.format(detail=detail if detail not in (None, "") else reason)


def describe_records_error(error, language: str, **_) -> str:
    """A storage, key or record error: its `.reason`, and the case or file it names."""
    detail = (getattr(error, "open_case_id", None) or getattr(error, "existing_case_id", None)
              or getattr(error, "detail", None) or str(error) or "")
    return describe_reason(error.reason, language, detail)


# storage/chunked_aead.py: an encrypted stream (attachment, staged bundle member, recording part).
CHUNK_STREAM = {
    "truncated": ("加密数据被截断（{detail}）：文件不完整。", "The encrypted data is cut short ({detail}): the file is incomplete."),
    "tampered": ("加密数据已损坏或被篡改（{detail}）。", "The encrypted data is damaged or was altered ({detail})."),
}


def describe_chunk_stream(error, language: str, **_) -> str:
    return reason_text(CHUNK_STREAM, error.reason, language, GENERIC, table_name="chunk stream").format(
        detail=error.detail)


def describe_case_transition(error, language: str, **_) -> str:
    """`error`: a domain CaseTransitionError (from_status, to_status)."""
    return describe_reason(error.reason, language, f"{error.from_status} → {error.to_status}")


WORDINGS = tuple(Wording(path, describe_records_error, REASONS) for path in (
    "assessment_app.storage.errors.StorageError",
    "assessment_app.security.data_key.DataKeyError",
    "assessment_app.services.comparison_report.NoSelfAssessment",
    "assessment_app.services.case_queries.NotAssignedExpert",
    "assessment_app.services.record_versions.NotSignedYet",
)) + (
    Wording("assessment_app.domain.case_types.CaseTransitionError", describe_case_transition, REASONS),
    Wording("assessment_app.storage.chunked_aead.ChunkStreamError", describe_chunk_stream, CHUNK_STREAM),
)
