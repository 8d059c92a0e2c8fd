# SPDX-License-Identifier: GPL-3.0-or-later
"""A review decision file, from docs/formats/review-decision.md: the Reviewer field's PAdES
signature (readers/report.py and readers/cms.py) by a certificate of the agency's CA, valid when
it signed, covering the whole file, and the decision JSON in the document catalog of the file's
last revision (`/LTCReviewDecision`), which must name the signer. What the format decides; the
workstation's own rules (the record it holds, the reviewer role in its package, revocation at
the moment of import) are not a reader's."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import NameOID, ObjectIdentifier

from tests.unit.formats.readers import report

LOCK = {"Type": "SigFieldLock", "Action": "All", "P": 1}
DOCUMENT_SIGNING = {ObjectIdentifier("1.3.6.1.5.5.7.3.36"), ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")}


class Refused(Exception):
    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(f"{reason} ({detail})")
        self.reason, self.detail = reason, detail


@dataclass
class DecisionFile:
    decision: dict
    raw: bytes  # the catalog's byte string: the canonical JSON
    signer: x509.Certificate
    signature: report.Signature


def read_decision_file(pdf: bytes, ca: x509.Certificate) -> DecisionFile:
    if not pdf.startswith(b"%PDF-"):
        raise Refused("decision_file_unreadable")
    signed = [(name, lock, signature) for name, lock, signature in report.signature_fields(pdf) if signature]
    if not signed:
        raise Refused("decision_signature_invalid", "unsigned")
    if [name for name, _, _ in signed] != ["Reviewer"] or signed[0][1] != LOCK:
        raise Refused("decision_signature_invalid", "not_the_reviewer_field")
    signature = signed[0][2]
    try:
        signer = report.check_signature(pdf, signature).certificate
    except (AssertionError, InvalidSignature, ValueError):
        raise Refused("decision_signature_invalid", "altered") from None
    try:
        signer.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        raise Refused("decision_signature_invalid", "not_trusted") from None
    signed_at = datetime.strptime(signature.signing_time[2:16], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    if signed_at < signer.not_valid_before_utc:
        raise Refused("decision_signature_invalid", "not_yet_valid")
    if signed_at > signer.not_valid_after_utc:
        raise Refused("decision_signature_invalid", "expired")
    if not DOCUMENT_SIGNING & set(signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value):
        raise Refused("decision_signature_invalid", "not_for_signing")
    start, first, second, length = signature.byte_range
    if start != 0 or second + length != len(pdf):
        raise Refused("decision_signature_invalid", "not_whole_file")
    raw = catalog_decision(pdf)
    try:
        decision = json.loads(raw.decode("utf-8"))
    except (AttributeError, UnicodeDecodeError, ValueError):
        raise Refused("decision_file_unreadable") from None
    if not isinstance(decision, dict) or (decision.get("format"), decision.get("format_version")) != (
            "ltc-review-decision", 1) or canonical(decision) != raw:
        raise Refused("decision_file_unreadable")
    if decision.get("reviewer_number") != signer.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value:
        raise Refused("decision_signature_invalid", "not_the_named_reviewer")
    return DecisionFile(decision, raw, signer, signature)


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def catalog_decision(pdf: bytes) -> bytes | None:
    """`/LTCReviewDecision` of the catalog the last trailer names (ISO 32000-1, 7.5.6)."""
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", pdf, re.S)[-1]
    root = report.objects(pdf)[int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))]
    match = re.search(rb"/LTCReviewDecision\s*([<(])", root)
    if match is None:
        return None
    if match.group(1) == b"<":
        return bytes.fromhex(root[match.end():root.index(b">", match.end())].decode("ascii"))
    return _literal_string(root, match.end())


def _literal_string(data: bytes, start: int) -> bytes:
    """A literal string's bytes from just after its `(`: nested parentheses balance, `\\` escapes."""
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    out, depth, index = bytearray(), 1, start
    while True:
        byte = data[index]
        if byte == ord("\\"):
            octal = re.match(rb"[0-7]{1,3}", data[index + 1:index + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                index += 1 + len(octal.group())
                continue
            out += escapes.get(data[index + 1], bytes([data[index + 1]]))
            index += 2
            continue
        depth += (byte == ord("(")) - (byte == ord(")"))
        if depth == 0:
            return bytes(out)
        out.append(byte)
        index += 1
