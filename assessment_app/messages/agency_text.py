"""The agency server's refusals and connection failures as sentences on a workstation, zh_CN or en,
and the supervision dashboard's own errors (services/supervision.py).

A refusal the server answered (agency/review_client.ReviewRefused) carries the server's own
message in both languages: it is shown as the server worded it, since the server knows the
specifics (who holds a claim, which certificate it refused). An error raised on this side of
the connection (server_unreachable, workstation certificate unusable) takes the agency's
catalogue (agency/messages.py), the same text the server would use."""

from __future__ import annotations

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.messages import describe_agency_reason
from assessment_app.services.supervision import CONNECTION_FILE, SupervisionError

SUPERVISION_REASONS = {
    "connection_file_invalid": (f"机构服务器连接设置（数据目录中的 {CONNECTION_FILE}）有误：{{detail}}",
                                f"The agency server's connection settings ({CONNECTION_FILE} in the data "
                                "directory) are not valid: {detail}"),
    "period_reversed": ("起始日期晚于截止日期（{detail}），请调整统计期间。",
                        "The first day lies after the last day ({detail}); correct the period."),
    "unknown_table": ("没有这张统计表（{detail}）。", "There is no such dashboard table ({detail})."),
}


def describe_agency_error(error: Exception, language: str) -> str | None:
    language = "en" if language == "en" else "zh_CN"
    if isinstance(error, SupervisionError):
        zh, en = SUPERVISION_REASONS.get(error.reason, ("统计与稽核操作失败（{detail}）。",
                                                        "The supervision dashboard failed ({detail})."))
        return (en if language == "en" else zh).format(detail=error.detail or error.reason)
    if not isinstance(error, AgencyError):
        return None
    worded = getattr(error, "message", None) or {}
    if isinstance(worded, dict) and isinstance(worded.get(language), str) and worded[language]:
        return worded[language]
    return describe_agency_reason(error.reason, error.detail, language)
