# SPDX-License-Identifier: GPL-3.0-or-later
"""The typed errors of the bundle layer: each carries a stable `.reason` (a code that the
messages catalogue turns into zh_CN/en text) and a `.detail` for the specifics."""

from __future__ import annotations

from assessment_app.errors import AppError


class BundleError(AppError):
    """Base of the bundle errors. `.reason` is stable; `.detail` names the part, member or field."""

    reason = "bundle_error"

    def __init__(self, reason: str | None = None, detail: object = None):
        if reason is not None:
            self.reason = reason
        self.detail = detail
        super().__init__(self.reason + ("" if detail is None else f" ({detail})"))


class AgeFormatError(BundleError):
    """The age file cannot be decrypted. reason: age_header_malformed, age_no_matching_identity,
    age_header_mac_mismatch, age_payload_truncated, age_payload_tampered, age_trailing_data,
    age_bad_identity, age_bad_recipient."""

    reason = "age_header_malformed"


class ExportCancelled(BundleError):
    reason = "export_cancelled"


class ExportRefused(BundleError):
    """reason: visit_not_signed, signers_not_the_visit_experts, no_recipients, no_agency, bad_part_size,
    output_exists, no_space, write_failed."""

    reason = "export_refused"
