# SPDX-License-Identifier: GPL-3.0-or-later
"""How the upload screens word what they show: MB done of total, MB/s, time left; a stage of the
case (上传中 → 已上传 → 已核验 / 已隔离（原因） → 已审核（通过 / 退回 / 转入复核）); why this laptop cannot upload. The words of the
stages and reasons come from messages/upload_text.py (one catalogue for CLI and GUI)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assessment_app.domain.agency_upload import CaseUploadStage, CaseUploadStatus, TransferFigures
from assessment_app.messages.bundle_text import describe_reason as describe_bundle_reason
from assessment_app.messages.upload_text import decided_text, describe_upload_reason, stage_text
from assessment_app.ui.cases.bundle_export_dialog import duration_text, megabytes


def transfer_text(done: int, total: int, figures: TransferFigures | None) -> str:
    """"12.3 MB of 45.6 MB · 3.2 MB/s · 0:12 left" (rate and time while bytes move)."""
    text = QCoreApplication.translate("UploadWording", "{done} MB of {total} MB").format(
        done=megabytes(done), total=megabytes(total))
    if figures is not None and figures.bytes_per_second:
        text += " · " + QCoreApplication.translate("UploadWording", "{rate} MB/s · {left} left").format(
            rate=megabytes(int(figures.bytes_per_second)),
            left=duration_text(figures.seconds_left) if figures.seconds_left is not None else "—")
    return text


def reasons_text(reasons: tuple[str, ...], language: str, *, quarantine: bool, details: tuple[str, ...] = ()) -> str:
    """The first reason as a sentence (a quarantine's are the bundle checks' reasons, an upload's
    the queue's or the server's), and how many more there are."""
    detail = details[0] if details else ""
    first = describe_bundle_reason(reasons[0], detail, language) if quarantine else \
        describe_upload_reason(reasons[0], language, detail)
    more = len(reasons) - 1
    if not more:
        return first
    return first + QCoreApplication.translate("UploadWording", " (+{count} more)").format(count=more)


def case_status_text(status: CaseUploadStatus, figures: TransferFigures | None, language: str,
                     decision: str | None = None) -> str:
    """`decision`: the agency's decision on the case, when it is here (… → 已核验 → 已审核（通过）)."""
    text = stage_text(status.stage, language)
    if decision is not None and status.stage is CaseUploadStage.VERIFIED:
        text += " → " + decided_text(decision, language)
    if status.stage is CaseUploadStage.UPLOADING:
        text += " " + transfer_text(figures.done if figures else status.done_bytes,
                                    figures.total if figures else status.total_bytes, figures)
    if status.reasons and status.stage in (CaseUploadStage.QUARANTINED, CaseUploadStage.FAILED,
                                           CaseUploadStage.WAITING):
        text += " — " + reasons_text(status.reasons, language, details=status.details,
                                     quarantine=status.stage is CaseUploadStage.QUARANTINED)
    if status.checked_at and status.stage in (CaseUploadStage.UPLOADED, CaseUploadStage.VERIFIED,
                                              CaseUploadStage.QUARANTINED, CaseUploadStage.DUPLICATE):
        text += " · " + QCoreApplication.translate("UploadWording", "as of {time} UTC").format(
            time=status.checked_at[:16].replace("T", " "))
    return text


def not_configured_text(reason: str, language: str) -> str:
    return describe_upload_reason(reason, language)
