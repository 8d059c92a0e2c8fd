"""The assessment report (评估结论书) and its companion documents as PDF, with PAdES signing
and verification. Plain data in, bytes out: no Qt, no storage here."""

from assessment_app.reports.comparison import render_self_assessment_comparison
from assessment_app.reports.content import (
    DEFAULT_TITLE,
    Agency,
    Applicant,
    Expert,
    Informant,
    ReportContent,
    Visit,
    default_appeal_notice,
)
from assessment_app.reports.errors import ReportContentError, ReportError, ReportSigningError, ReportUnreadable
from assessment_app.reports.layout import AGENCY_SEAL_FIELD, EXPERT_FIELDS, render_draft, render_report, signing_order
from assessment_app.reports.review_decision import REVIEWER_FIELD, render_review_decision
from assessment_app.reports.signing import SignedReport, sign_report, sign_report_with_outcome
from assessment_app.reports.verify import SignatureStatus, all_valid, verify_report

__all__ = [
    "AGENCY_SEAL_FIELD", "DEFAULT_TITLE", "EXPERT_FIELDS", "REVIEWER_FIELD", "Agency", "Applicant", "Expert", "Informant",
    "ReportContent", "ReportContentError", "ReportError", "ReportSigningError", "ReportUnreadable",
    "SignatureStatus", "SignedReport", "Visit", "all_valid", "default_appeal_notice", "render_draft",
    "render_report", "render_review_decision", "render_self_assessment_comparison", "sign_report", "sign_report_with_outcome", "signing_order", "verify_report",
]
