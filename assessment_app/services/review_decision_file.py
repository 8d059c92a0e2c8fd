"""The decision file (docs/formats/review-decision.md): the reviewer's signed 审核意见书 PDF that
also carries the decision as canonical JSON in its document catalog (/LTCReviewDecision), added
before the signature so that the signature covers it. One small file: any PDF reader shows the
decision and its signature; the laptop reads the JSON after checking the signature."""

from __future__ import annotations

import io
import json
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from forms.canonical import canonical_json_bytes

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
