# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed report errors: a stable `.reason` plus the facts a message needs; wording lives in
messages/report_text.py."""

from __future__ import annotations

from assessment_app.errors import AppError


class ReportError(AppError):
    def __init__(self, reason: str, **detail: object):
        super().__init__(reason + (f" {detail}" if detail else ""))
        self.reason = reason
        self.detail = detail


class ReportContentError(ReportError):
    """reason: unanswered_item (detail: item), unknown_option (item, option), experts_count."""


class ReportSigningError(ReportError):
    """reason: certificate_rejected (detail: certificate_reason, subject), not_a_pdf,
    no_such_field (field), field_already_signed (field), document_locked (field)."""


class ReportUnreadable(ReportError):
    """reason: not_a_pdf (verification was asked of something that is not a readable PDF)."""
