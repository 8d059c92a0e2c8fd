# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload to the agency server as sentences, zh_CN or en: why this laptop cannot upload yet,
what the queue refused, what the server or the line did (the agency client's reasons, worded by
agency/messages.py, the same text the server's answers carry), and what each stage on the case
page means. Each says what to do and that nothing exported was lost."""

from __future__ import annotations

from assessment_app.messages.wording import Wording

REASONS = {
    # the laptop is not (yet) enrolled with an agency server
    "not_provisioned": ("本机尚未导入机构配置包，不能上传；可先导出数据包文件交给机构。",
                        "This laptop holds no agency package yet, so it cannot upload; export the bundle to a file "
                        "and hand it in instead."),
    "no_workstation": ("机构配置包中没有本机的服务器连接信息：请机构为本机生成配置包（ltc-agency provision build）。"
                       "数据包可先导出为文件。",
                       "The agency package names no server connection for this laptop: ask the agency for this "
                       "laptop's package (ltc-agency provision build). Meanwhile export the bundle to a file."),
    "no_workstation_key": ("配置包中的工作站证书不是本机密钥的（{detail}）：请在本机运行 ltc-assess workstation "
                           "request，并请机构据此签发。",
                           "The package's workstation certificate is not for a key of this laptop ({detail}): run "
                           "`ltc-assess workstation request` here and have the agency sign that request."),
    "workstation_name_invalid": ("工作站名称须为 1–200 个字符，不含换行。",
                                 "The workstation name must be 1–200 characters, without a line break."),
    "upload_not_configured": ("本机不能上传（{detail}）。", "This laptop cannot upload ({detail})."),
    # the queue
    "nothing_exported": ("该案件还没有已导出的数据包：请先签名锁定并导出。",
                         "The case has no exported bundle yet: sign, lock and export it first."),
    "bundle_directory_missing": ("数据包不在导出时的位置（{detail}）：请插入该 U 盘或选择数据包所在文件夹。",
                                 "The bundle is not where it was exported ({detail}): insert that drive or choose "
                                 "the bundle's folder."),
    "not_this_bundle": ("所选文件夹不是该案件导出的数据包（{detail}）。",
                        "The folder chosen is not the bundle exported for this case ({detail})."),
    "upload_unknown": ("上传队列中没有该项。", "There is no such upload in the queue."),
    "not_cancellable": ("该上传已结束，不能取消（{detail}）。", "This upload has ended and cannot be cancelled ({detail})."),
    "not_retryable": ("该上传正在进行或已完成，无需重试（{detail}）。",
                      "This upload is running or complete; there is nothing to retry ({detail})."),
    "internal_error": ("上传时发生内部错误（{detail}），稍后自动重试。",
                       "An internal error during the upload ({detail}); it is tried again later."),
}

# The case page: what became of the newest bundle sent to the agency.
STAGES = {
    "queued": ("等待上传", "waiting to upload"),
    "uploading": ("上传中", "uploading"),
    "waiting": ("上传中断，稍后自动重试", "upload interrupted, retried automatically"),
    "failed": ("上传失败，需要处理", "upload failed, needs attention"),
    "cancelled": ("上传已取消", "upload cancelled"),
    "uploaded": ("已上传，待机构核验", "uploaded, awaiting the agency's checks"),
    "verified": ("已上传 → 已核验", "uploaded → verified"),
    "quarantined": ("已上传 → 已隔离", "uploaded → quarantined"),
    "duplicate": ("已上传 → 重复（此前已收到）", "uploaded → duplicate (received before)"),
}


# The agency's decision, pulled back (services/decision_pull.py): the last step of the stage line.
DECISION_WORDS = {
    "approved": ("通过", "approved"),
    "returned": ("退回", "returned"),
    "recheck_ordered": ("转入复核", "review (复核) ordered"),
}
DECIDED_STAGE = ("已审核（{decision}）", "decided ({decision})")


def decision_word(decision: str, language: str) -> str:
    zh, en = DECISION_WORDS.get(decision, (decision, decision))
    return en if language == "en" else zh


def decided_text(decision: str, language: str) -> str:
    """"已审核（通过）": what follows 已上传 → 已核验 once the decision is here."""
    return DECIDED_STAGE[1 if language == "en" else 0].format(decision=decision_word(decision, language))


def stage_text(stage: str, language: str) -> str:
    zh, en = STAGES.get(stage, (stage, stage))
    return en if language == "en" else zh


def describe_upload_reason(reason: str, language: str, detail: object = "") -> str:
    if reason in REASONS:
        zh, en = REASONS[reason]
        return (en if language == "en" else zh).format(detail=detail if detail not in (None, "") else reason)
    return _describe_agency_reason(reason, detail, language)


def _describe_agency_reason(reason: str, detail: object, language: str) -> str:
    # The agency's own wording (plain tables, the same text its answers carry), loaded when first needed.
    from assessment_app.agency.messages import describe_agency_reason

    return describe_agency_reason(reason, "" if detail is None else str(detail), language)


def describe_upload_error(error, language: str, **_) -> str:
    return describe_upload_reason(error.reason, language, error.detail)


WORDINGS = (
    Wording("assessment_app.services.workstation_identity.UploadNotConfigured", describe_upload_error, REASONS),
    Wording("assessment_app.services.upload_queue.UploadQueueError", describe_upload_error, REASONS),
)
