# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording errors, warnings, pause reasons and video verification results as sentences, zh_CN or en.

A recording problem never stops the assessment: each message says that the visit goes on and
what was kept, because the expert in the applicant's home has to decide in seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

if TYPE_CHECKING:
    from assessment_app.recording.verify import VerificationReport

ERRORS = {
    "camera_unavailable": ("摄像头不可用（{detail}）。评估可以继续，录像中断的时间会被记录。",
                           "The camera is not available ({detail}). The assessment can go on; the time without video is recorded."),
    "microphone_unavailable": ("麦克风不可用（{detail}），本次只录制画面。",
                               "The microphone is not available ({detail}); video is recorded without sound."),
    "key_required": ("需要数据密钥才能录制或播放加密录像；未录制任何内容。",
                     "The data key is needed to record or play encrypted video; nothing was recorded."),
    "bad_visit_id": ("评估编号 {detail} 不能用作录像目录名。", "The visit id {detail} cannot name a recording directory."),
    "not_started": ("录像尚未开始。", "The recording has not started."),
    "already_started": ("录像已经开始。", "The recording has already started."),
    "not_recording": ("当前没有在录像（状态：{detail}）。", "Nothing is being recorded right now (state: {detail})."),
    "already_paused": ("录像已暂停。", "The recording is already paused."),
    "not_paused": ("录像没有暂停。", "The recording is not paused."),
    "pause_reason_unknown": ("暂停原因 {detail} 不在列表中。", "The pause reason {detail} is not one of the listed ones."),
    "pause_text_required": ("选择“其他”时须填写暂停原因。", "When the reason is \u201cother\u201d, write down why."),
    "disk_low": ("磁盘剩余空间不足（剩余 {detail} 字节），录像未开始；评估可以继续。请释放空间后再开始录像。",
                 "Not enough free disk space ({detail} bytes free); recording did not start. The assessment can go on; free some space to record."),
    "recording_damaged": ("录像已损坏或被改动（{detail}）。", "The recording is damaged or was altered ({detail})."),
    "segment_missing": ("录像片段缺失（{detail}）。", "A recording segment is missing ({detail})."),
    "no_recording": ("本次评估没有录像。", "This visit has no recording."),
    "segment_unavailable": ("无法从机构服务器取得录像片段（{detail}）。",
                            "The recording segment could not be fetched from the agency server ({detail})."),
    "undecodable": ("录像片段无法解码播放（{detail}）。", "A recording segment cannot be decoded ({detail})."),
    "key_file_invalid": ("密钥文件 {detail} 应包含 64 位十六进制数字（32 字节）。",
                         "The key file {detail} must hold 64 hex digits (32 bytes)."),
}

WARNINGS = {
    "camera_lost": ("摄像头断开，录像暂停；评估可以继续，重新连接后自动恢复录像。",
                    "The camera was disconnected; video stops until it is back. The assessment can go on."),
    "camera_back": ("摄像头已恢复，继续录像。", "The camera is back; recording continues."),
    "microphone_unavailable": ("麦克风不可用，继续只录制画面。", "The microphone is not available; recording continues without sound."),
    "disk_low_stop": ("磁盘空间不足，录像已在片段边界处停止；已录制的片段完好，评估可以继续。",
                      "The disk is almost full: recording stopped at a segment boundary. Everything recorded so far is intact and the assessment can go on."),
    "write_failed": ("写入录像失败（{detail}），录像已停止；已录制的片段完好，评估可以继续。",
                     "Writing the recording failed ({detail}); recording stopped. Everything recorded so far is intact and the assessment can go on."),
}

PAUSE_REASONS = {
    "privacy_bathing": ("保护隐私：洗浴", "Privacy: bathing"),
    "privacy_toileting": ("保护隐私：如厕", "Privacy: toileting"),
    "applicant_request": ("申请人要求", "At the applicant's request"),
    "other": ("其他（须说明）", "Other (explain)"),
}

VERIFICATION = {
    "no_chain": ("没有录像链", "there is no recording chain"),
    "chain_missing": ("缺少一条录像链", "a recording chain is missing"),
    "chain_file_missing": ("缺少链文件 chain.jsonl", "the chain file chain.jsonl is missing"),
    "empty_chain": ("链文件为空", "the chain file is empty"),
    "malformed": ("条目格式不正确", "an entry is malformed"),
    "hash_mismatch": ("条目内容被改动过（哈希不符）", "an entry was altered (hash mismatch)"),
    "previous_mismatch": ("与前一条目的链接断开（条目被删除、插入或移动）", "the link to the previous entry is broken (an entry was deleted, inserted or moved)"),
    "sequence_gap": ("序号缺失", "a sequence number is missing"),
    "sequence_order": ("序号顺序错乱", "sequence numbers are out of order"),
    "foreign_entry": ("条目属于另一条链", "an entry belongs to another chain"),
    "chain_link_broken": ("与前一条录像链的链接断开", "the link to the previous chain is broken"),
    "wrong_key": ("录像不是用该密钥加密的", "the recording was not encrypted with this key"),
    "missing_segment": ("片段文件缺失", "the segment file is missing"),
    "extra_file": ("目录中有不属于录像链的文件", "the directory holds a file that is not part of the chain"),
    "segment_hash_mismatch": ("片段文件被改动、替换或调换（哈希不符）", "the segment file was altered, replaced or swapped (hash mismatch)"),
    "decrypt_failed": ("片段无法解密（已损坏或被篡改）", "the segment cannot be decrypted (damaged or altered)"),
    "plaintext_hash_mismatch": ("解密后的内容与记录的哈希不符", "the decrypted content does not match its recorded hash"),
    "undecodable": ("片段无法播放", "the segment does not play"),
}


def describe_pause_reason(code: str, language: str) -> str:
    return pick(PAUSE_REASONS.get(code, (code, code)), language)


def describe_recording_warning(code: str, detail: str, language: str) -> str:
    return pick(WARNINGS.get(code, (code, code)), language).format(detail=detail)


def describe_video_verification(report: VerificationReport, language: str) -> str:
    if report.ok:
        return (f"The recording is intact: {report.chains} chain(s), {report.segments} segment(s)." if language == "en"
                else f"录像完好：{report.chains} 条链，{report.segments} 个片段。")
    reason = pick(VERIFICATION.get(report.reason, (report.reason, report.reason)), language)
    where = f"chain-{report.chain_index}" if report.chain_index is not None else ""
    if report.sequence is not None:
        where += f" #{report.sequence}"
    if report.file:
        where += f" ({report.file})"
    if language == "en":
        return f"Recording broken at {where or 'the start'}: {reason}."
    return f"录像在 {where or '开头'} 处有问题：{reason}。"


GENERIC: Pair = ("录像出错（{reason}）。", "Recording error ({reason}).")


def describe_recording_error(error, language: str, **_) -> str:
    """`error`: a RecordingError (reason, detail), a CameraUnavailable (its text is the detail)
    or an UndecodableSegment."""
    detail = getattr(error, "detail", None) or str(error) or error.reason
    return reason_text(ERRORS, error.reason, language, GENERIC, table_name="recording").format(detail=detail)


WORDINGS = (
    Wording("assessment_app.recording.errors.RecordingError", describe_recording_error, ERRORS),
    Wording("assessment_app.recording.still_capture.CameraUnavailable", describe_recording_error, ERRORS),
    Wording("assessment_app.recording.decoding.UndecodableSegment", describe_recording_error, ERRORS),
)
