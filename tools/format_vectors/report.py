# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/report/: what docs/formats/report.md fixes in the report PDF, not its bytes.

- qr_payloads.json: record_qr_payload for given (record id, record hash) pairs, and what
  parse_record_qr_payload makes of texts that are and are not our payloads.
- fields.json: the signature fields of a rendered report (render_report on the sample content,
  with and without the agency seal), in signing order, with the /Lock each carries.
- signed_report.json: the facts of the signed report in the bundle vector
  (tests/vectors/bundle/members/report.pdf, made by a real visit): its QR payload binds that
  bundle's record.json, and its two signatures (verify_report) by the two experts.

The report itself is not pinned byte for byte: pyHanko gives every incremental update a new
random /ID and the current clock as /ModDate, and ECDSA draws its nonces (see report.md).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from assessment_app.reports import render_report, verify_report
from assessment_app.reports.layout import signing_order
from assessment_app.reports.qr_payload import parse_record_qr_payload, record_qr_payload
from assessment_app.reports.sample import sample_content
from tools.format_vectors import bundle
from tools.format_vectors.common import VECTORS, json_file, sha256_hex

PAYLOAD_INPUTS = [
    ("REC-2025-000123", "6e74" + "0" * 56 + "a4e2"),
    ("REC-2025-000123", "AB" * 32),  # printed in lower case whatever it is given in
    ("5e1f0c2a-7b3d-4c8e-9f60-0d1e2f3a4b5c", bytes(range(32)).hex()),
]
PARSED_TEXTS = [
    "LTC-RECORD/1;id=REC-2025-000123;sha256=" + "ab" * 32,
    "LTC-RECORD/1;sha256=" + "ab" * 32 + ";id=REC-2025-000123",
    "LTC-RECORD/1;id=REC-2025-000123",
    "LTC-RECORD/2;id=REC-2025-000123;sha256=" + "ab" * 32,
    "https://example.com/",
]


def _plain(value):
    return value if isinstance(value, int) else str(value).lstrip("/")


def _fields(pdf: bytes) -> list[dict]:
    reader = PdfFileReader(io.BytesIO(pdf))
    found = []
    for name, value, reference in enumerate_sig_fields(reader, filled_status=None):
        lock = reference.get_object().get("/Lock")
        found.append({"field": name, "signed": value is not None,
                      "lock": None if lock is None else {key.lstrip("/"): _plain(item)
                                                         for key, item in lock.get_object().items()}})
    return found


def _rendered(agency_seal: bool) -> dict:
    content = sample_content(agency_seal=agency_seal)
    return {"signing_order": list(signing_order(content)), "fields": _fields(render_report(content))}


def _signed_report() -> dict:
    directory = VECTORS / "bundle"
    pdf = (directory / "members" / "report.pdf").read_bytes()
    record = (directory / "members" / "record.json").read_bytes()
    visit_id = json.loads(record)["visit"]["id"]
    statuses = verify_report(pdf, bundle.trusted_cas(directory))
    return {"file": "../bundle/members/report.pdf", "sha256": sha256_hex(pdf),
            "qr_payload": record_qr_payload(visit_id, sha256_hex(record)),
            "fields": _fields(pdf),
            "signatures": [{"field": status.field_name, "signer_serial_number": status.signer_number,
                            "signing_time": status.signing_time.isoformat(), "ok": status.ok,
                            "covers_whole_file": status.covers_whole_file, "docmdp_level": status.docmdp_level}
                           for status in statuses]}


def build(directory: Path) -> dict[str, bytes]:
    return {
        "qr_payloads.json": json_file({
            "format": "docs/formats/report.md, QR code",
            "payloads": [{"record_id": record_id, "record_hash": record_hash,
                          "payload": record_qr_payload(record_id, record_hash)} for record_id, record_hash in PAYLOAD_INPUTS],
            "parsed": [{"text": text, "result": (lambda parsed: None if parsed is None else
                                                 {"record_id": parsed[0], "record_hash": parsed[1]})(
                parse_record_qr_payload(text))} for text in PARSED_TEXTS]}),
        "fields.json": json_file({"format": "docs/formats/report.md, signature fields",
                                  "experts_only": _rendered(False), "agency_seal": _rendered(True)}),
        "signed_report.json": json_file(_signed_report()),
    }
