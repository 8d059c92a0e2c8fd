# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment report (评估结论书) and its companion documents as PDF, with PAdES signing
and verification. Plain data in, bytes out: no Qt, no storage here.

Names are loaded on first use (PEP 562): checking a report's signatures (bundle import,
`ltc-assess report verify`) needs pyHanko only, not reportlab and the parsed CJK font, which
importing the layout costs (about half a second together).
"""

from __future__ import annotations

import importlib

_HOMES = {
    "render_self_assessment_comparison": "comparison",
    **dict.fromkeys(("DEFAULT_TITLE", "Agency", "Applicant", "Expert", "Informant", "ReportContent", "Visit",
                     "default_appeal_notice"), "content"),
    **dict.fromkeys(("ReportContentError", "ReportError", "ReportSigningError", "ReportUnreadable"), "errors"),
    **dict.fromkeys(("AGENCY_SEAL_FIELD", "EXPERT_FIELDS", "render_draft", "render_report", "signing_order"), "layout"),
    **dict.fromkeys(("REVIEWER_FIELD", "render_review_decision"), "review_decision"),
    **dict.fromkeys(("SignedReport", "sign_report", "sign_report_with_outcome"), "signing"),
    **dict.fromkeys(("SignatureStatus", "all_valid", "verify_report"), "verify"),
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
