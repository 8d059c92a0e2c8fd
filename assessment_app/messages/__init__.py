"""Typed errors turned into messages in the user's language (zh_CN by default, or en).

The edges (CLI, dialogs) call `describe_error`; each area keeps its own catalogue.
"""

from __future__ import annotations

from forms.model import Form

from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.messages.bundle_text import describe_bundle_error
from assessment_app.messages.demo_text import describe_demo_error
from assessment_app.messages.field_text import describe_field_errors
from assessment_app.messages.recording_text import describe_recording_error
from assessment_app.messages.records_text import describe_records_error
from assessment_app.messages.report_text import describe_report_error
from assessment_app.messages.review_text import describe_review_error
from assessment_app.messages.roles_text import describe_roles_error
from assessment_app.messages.scoring_text import describe_file_error, describe_scoring_error
from assessment_app.messages.security_text import describe_security_error
from assessment_app.messages.upload_text import describe_upload_error
from assessment_app.messages.visit_text import describe_visit_error

__all__ = ["describe_error", "describe_file_error"]


def describe_error(error: Exception, language: str, form: Form | None = None) -> str:
    roles_message = describe_roles_error(error, language)
    if roles_message is not None:
        return roles_message
    visit_message = describe_visit_error(error, language)  # before the generic field and reason texts
    if visit_message is not None:
        return visit_message
    if isinstance(error, (FieldError, FieldErrors)):
        return "\n".join(describe_field_errors(error, language))
    # Security before records: records_text answers any error that has a `.reason`, generically.
    for describe in (lambda: describe_upload_error(error, language),
                     lambda: describe_bundle_error(error, language),
                     lambda: describe_demo_error(error, language),
                     lambda: describe_review_error(error, language),
                     lambda: describe_scoring_error(error, language, form),
                     lambda: describe_security_error(error, language),
                     lambda: describe_report_error(error, language),
                     lambda: describe_recording_error(error, language),
                     lambda: describe_records_error(error, language)):
        message = describe()
        if message is not None:
            return message
    raise TypeError(f"no user message for {type(error).__name__}: {error}")
