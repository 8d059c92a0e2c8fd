# SPDX-License-Identifier: GPL-3.0-or-later
"""The decision file (docs/formats/review-decision.md): the reviewer's signed 审核意见书 PDF that
also carries the decision as canonical JSON in its document catalog (/LTCReviewDecision), added
before the signature so that the signature covers it. One small file: any PDF reader shows the
decision and its signature; the laptop reads the JSON after checking the signature."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from forms.canonical import canonical_json_bytes

from assessment_app.reports.review_decision import REVIEWER_FIELD, render_review_decision
from assessment_app.reports.signing import sign_report
from assessment_app.reports.verify import SignatureStatus, verify_report
from assessment_app.security.certificates import SigningKey
from assessment_app.security.trust import TrustAnchors

CATALOG_KEY = "/LTCReviewDecision"
FORMAT = "ltc-review-decision"
FORMAT_VERSION = 1
SUFFIX = ".decision.pdf"
# The report's word for each decision as stored and written (services/review_decision.DECISIONS
# read backwards; a test keeps the two in step).
REPORT_WORDS = {"approved": "approve", "returned": "return", "recheck_ordered": "review"}


def decision_document(*, review_id: str, case_id: str, visit_id: str, record_sha256: str | None, decision: str,
                      reason: str, reviewer_number: str, reviewer_name: str, decided_at: str,
                      new_case_id: str | None) -> dict[str, Any]:
    """The decision JSON of format version 1 (`decision`: approved | returned | recheck_ordered)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "review_id": review_id, "case_id": case_id,
            "visit_id": visit_id, "record_sha256": record_sha256, "decision": decision, "reason": reason,
            "reviewer_number": reviewer_number, "reviewer_name": reviewer_name, "decided_at": decided_at,
            "new_case_id": new_case_id}


def unsigned_decision_file(decision: dict[str, Any], *, agency_name: str, validation_lines: Sequence[str],
                           decided_on: datetime.date) -> bytes:
    """Steps 1 and 2 of the layout: the 审核意见书 page with its empty Reviewer field, and the
    decision embedded in one update."""
    page = render_review_decision(
        agency_name=agency_name, case_id=decision["case_id"], visit_id=decision["visit_id"],
        decision=REPORT_WORDS[decision["decision"]], reason=decision["reason"] or "—",
        reviewer_name=decision["reviewer_name"], reviewer_number=decision["reviewer_number"],
        decided_on=decided_on, record_hash=decision["record_sha256"] or "", validation_lines=list(validation_lines))
    return embed_decision(page, decision)


def signed_decision_file(decision: dict[str, Any], *, agency_name: str, validation_lines: Sequence[str],
                         key: SigningKey, certificate: x509.Certificate,
                         ca_certificates: Sequence[x509.Certificate], when: datetime.datetime) -> bytes:
    """The decision file (docs/formats/review-decision.md, "Layout"): the unsigned file and the
    reviewer's locking signature over all of it, made at `when`; what decide() writes."""
    unsigned = unsigned_decision_file(decision, agency_name=agency_name, validation_lines=validation_lines,
                                      decided_on=when.date())
    return sign_report(unsigned, field_name=REVIEWER_FIELD, key=key, certificate=certificate,
                       ca_certificates=ca_certificates, signer_name=decision["reviewer_name"], lock=True, when=when)


def embed_decision(pdf: bytes, decision: dict[str, Any]) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root[generic.NameObject(CATALOG_KEY)] = generic.ByteStringObject(canonical_json_bytes(decision))
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded_decision(pdf: bytes) -> dict[str, Any] | None:
    """The decision JSON of the newest revision, None when there is none or it is not JSON."""
    try:
        value = PdfFileReader(io.BytesIO(pdf)).root.get(CATALOG_KEY)
        if value is None:
            return None
        raw = value.original_bytes if hasattr(value, "original_bytes") else bytes(value)
        decision = json.loads(raw.decode("utf-8"))
    except Exception:  # noqa: BLE001 - any unreadable PDF or payload is "no decision here"
        return None
    return decision if isinstance(decision, dict) and decision.get("format") == FORMAT else None


class DecisionFileRejected(Exception):
    """reason: decision_file_unreadable or decision_signature_invalid (detail: why)."""

    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def verified_decision(pdf: bytes, anchors: TrustAnchors, trusted_at: datetime.datetime
                      ) -> tuple[dict[str, Any], SignatureStatus]:
    """The decision of a file whose only signature, `Reviewer`, is intact, trusted (validity at
    its signing time, revocation at `trusted_at`), covers the whole file, and was made by the
    reviewer the decision names. The rule both a laptop importing a decision and the agency
    server receiving one apply; who may decide (the role) is each side's next check."""
    if not pdf.startswith(b"%PDF-"):
        raise DecisionFileRejected("decision_file_unreadable")
    try:
        statuses = verify_report(pdf, anchors, trusted_at=trusted_at)
    except Exception:  # noqa: BLE001 - whatever pyHanko cannot read is not a decision file
        raise DecisionFileRejected("decision_file_unreadable") from None
    if [status.field_name for status in statuses] != ["Reviewer"] or not all(
            status.ok and status.trusted and status.covers_whole_file for status in statuses):
        # An altered file is named as altered, before its (then meaningless) trust is.
        problem = "unsigned" if not statuses else (
            statuses[0].certificate_problem or statuses[0].problem or ("altered" if not statuses[0].intact else None)
            or ("not_trusted" if not statuses[0].trusted else "not_whole_file"))
        raise DecisionFileRejected("decision_signature_invalid", problem)
    decision = embedded_decision(pdf)
    if decision is None or decision.get("format_version") != FORMAT_VERSION:
        raise DecisionFileRejected("decision_file_unreadable")
    if decision.get("reviewer_number") != statuses[0].signer_number:
        raise DecisionFileRejected("decision_signature_invalid", "not_the_named_reviewer")
    return decision, statuses[0]
