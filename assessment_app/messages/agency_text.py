# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's refusals and connection failures as sentences on a workstation, zh_CN or en,
the connection file's errors (services/agency_desk.py) and the supervision dashboard's own errors
(services/supervision.py).

A refusal the server answered (agency/review_client.ReviewRefused) carries the server's own
message in both languages: it is shown as the server worded it, since the server knows the
specifics (who holds a claim, which certificate it refused). An error raised on this side of
the connection (server_unreachable, workstation certificate unusable) takes the agency's
catalogue (agency/messages.py), the same text the server would use."""

from __future__ import annotations

from assessment_app.messages.wording import Pair, Wording, reason_text

CONNECTION_FILE = "agency-connection.toml"  # services/agency_desk.CONNECTION_FILE (a test keeps them equal)

CONNECTION_REASONS = {
    "connection_file_invalid": (f"机构服务器连接设置（数据目录中的 {CONNECTION_FILE}）有误：{{detail}}",
                                f"The agency server's connection settings ({CONNECTION_FILE} in the data "
                                "directory) are not valid: {detail}"),
}
CONNECTION_FAILED: Pair = ("无法连接机构服务器（{reason}）。", "The agency server cannot be used ({reason}).")
SUPERVISION_REASONS = {
    "period_reversed": ("起始日期晚于截止日期（{detail}），请调整统计期间。",
                        "The first day lies after the last day ({detail}); correct the period."),
    "unknown_table": ("没有这张统计表（{detail}）。", "There is no such dashboard table ({detail})."),
}
SUPERVISION_FAILED: Pair = ("统计与稽核操作失败（{reason}）。", "The supervision dashboard failed ({reason}).")


def describe_supervision_error(error, language: str, **_) -> str:
    text = reason_text(SUPERVISION_REASONS, error.reason, language, SUPERVISION_FAILED, table_name="supervision")
    return text.format(detail=error.detail or error.reason)


def describe_connection_error(error, language: str, **_) -> str:
    text = reason_text(CONNECTION_REASONS, error.reason, language, CONNECTION_FAILED, table_name="agency connection")
    return text.format(detail=error.detail or error.reason)


def describe_agency_error(error, language: str, **_) -> str:
    language = "en" if language == "en" else "zh_CN"
    worded = getattr(error, "message", None) or {}
    if isinstance(worded, dict) and isinstance(worded.get(language), str) and worded[language]:
        return worded[language]
    # The agency's own wording (plain tables), loaded when first needed.
    from assessment_app.agency.messages import describe_agency_reason

    return describe_agency_reason(error.reason, error.detail, language)


WORDINGS = (
    Wording("assessment_app.agency.errors.AgencyError", describe_agency_error),
    Wording("assessment_app.services.supervision.SupervisionError", describe_supervision_error, SUPERVISION_REASONS),
    Wording("assessment_app.services.agency_desk.AgencyConnectionError", describe_connection_error,
            CONNECTION_REASONS),
)
