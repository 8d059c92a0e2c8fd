"""The assessment report (评估结论书) and its companion documents as PDF, with PAdES signing
and verification. Plain data in, bytes out: no Qt, no storage here.

The names below load on first use (PEP 562): checking a signature (`reports.verify`, pyHanko)
must not pay for reportlab, Pillow and the embedded CJK font that only rendering needs — about
26 MiB of a bundle import's memory."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_HOMES = {
    "render_self_assessment_comparison": "comparison",
    "DEFAULT_TITLE": "content", "Agency": "content", "Applicant": "content", "Expert": "content",
    "Informant": "content", "ReportContent": "content", "Visit": "content", "default_appeal_notice": "content",
    "ReportContentError": "errors", "ReportError": "errors", "ReportSigningError": "errors",
    "ReportUnreadable": "errors",
    "AGENCY_SEAL_FIELD": "layout", "EXPERT_FIELDS": "layout", "render_draft": "layout", "render_report": "layout",
    "signing_order": "layout",
    "REVIEWER_FIELD": "review_decision", "render_review_decision": "review_decision",
    "SignedReport": "signing", "sign_report": "signing", "sign_report_with_outcome": "signing",
    "SignatureStatus": "verify", "all_valid": "verify", "verify_report": "verify",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


if TYPE_CHECKING:
    from assessment_app.reports.comparison import render_self_assessment_comparison
    from assessment_app.reports.content import (
        DEFAULT_TITLE, Agency, Applicant, Expert, Informant, ReportContent, Visit, default_appeal_notice,
    )
    from assessment_app.reports.errors import ReportContentError, ReportError, ReportSigningError, ReportUnreadable
    from assessment_app.reports.layout import (
        AGENCY_SEAL_FIELD, EXPERT_FIELDS, render_draft, render_report, signing_order,
    )
    from assessment_app.reports.review_decision import REVIEWER_FIELD, render_review_decision
    from assessment_app.reports.signing import SignedReport, sign_report, sign_report_with_outcome
    from assessment_app.reports.verify import SignatureStatus, all_valid, verify_report
