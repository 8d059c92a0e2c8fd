"""The decision file (docs/formats/review-decision.md): the reviewer's signed 审核意见书 PDF that
also carries the decision as canonical JSON in its document catalog (/LTCReviewDecision), added
before the signature so that the signature covers it. One small file: any PDF reader shows the
decision and its signature; the laptop reads the JSON after checking the signature."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from forms.canonical import canonical_json_bytes

from assessment_app.reports.verify import SignatureStatus, verify_report
from assessment_app.security.trust import TrustAnchors

CATALOG_KEY = "/LTCReviewDecision"
FORMAT = "ltc-review-decision"
FORMAT_VERSION = 1
SUFFIX = ".decision.pdf"


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
        problem = "unsigned" if not statuses else (statuses[0].certificate_problem or statuses[0].problem
                                                   or ("not_trusted" if not statuses[0].trusted else "not_whole_file"))
        raise DecisionFileRejected("decision_signature_invalid", problem)
    decision = embedded_decision(pdf)
    if decision is None or decision.get("format_version") != FORMAT_VERSION:
        raise DecisionFileRejected("decision_file_unreadable")
    if decision.get("reviewer_number") != statuses[0].signer_number:
        raise DecisionFileRejected("decision_signature_invalid", "signer is not the named reviewer")
    return decision, statuses[0]
