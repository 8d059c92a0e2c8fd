# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/review-decision/: decision files (docs/formats/review-decision.md) about the
record of the bundle vector, signed by the demo agency's reviewer.

The keys are the demo agency's of the bundle vector (build_demo_provisioning at the bundle's
time and seed: its CA is ../bundle/keys/ca.pem), plus another demo agency's (another CA, the
same agency code and reviewer number). The decision document is made by decision_document from
the inputs below and pinned byte for byte (decision.json). The PDFs are made by
signed_decision_file, as decide() makes them, and kept: reportlab and pyHanko write a random
/ID and the clock's /ModDate into every update and ECDSA draws its nonces, so they cannot be
remade alike. A kept file is made again only when it no longer holds the decision bytes the
inputs give, or no longer reads as expected.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import logging
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from assessment_app.reports.verify import verify_report
from assessment_app.security.provisioning import DEMO_EXPERTS, build_demo_provisioning
from assessment_app.security.trust import TrustAnchors
from assessment_app.services.review_decision_file import DecisionFileRejected, verified_decision
from assessment_app.services.review_decision_file import (
    CATALOG_KEY,
    decision_document,
    embed_decision,
    signed_decision_file,
    unsigned_decision_file,
)
from forms.canonical import canonical_json_bytes
from tools.format_vectors.common import VECTORS, json_file, sha256_hex

UTC = datetime.timezone.utc
DEMO_NOW, DEMO_SEED, FOREIGN_SEED = datetime.datetime(2026, 11, 26, 2, 0, tzinfo=UTC), b"\x07" * 32, b"\x08" * 32
DECIDED_AT = datetime.datetime(2026, 11, 26, 4, 0, tzinfo=UTC)  # an hour after the bundle's export
IMPORTED_AT = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=UTC)  # the trusted time the files are read at
REVIEW_ID, NEW_CASE_ID = "7c1e9a52-3b4d-4f8e-a0c6-2d9b8e1f5a34", "a3d5c7e9-1b2f-4a6c-8e0d-9f7b5c3a1e2d"
REVIEWER, ASSESSOR = "DEMO-R-001", "DEMO-A-001"
AGENCY_NAME = "演示机构"
REASON = "抽查：第 4 项（进食）视频中未见完整评估过程，转入复核。"
VALIDATION_LINES = ["数据包签名有效（两位评估人员）", "评估记录 SHA-256 与报告二维码一致", "视频片段链完整（1 条链，3 段）"]
OTHER_RECORD_SHA256 = hashlib.sha256(b"another version of the record").hexdigest()
MAIN = f"review-{REVIEW_ID}.decision.pdf"
# name -> what the variant is, how the format judges it ("refused": reason and detail of
# verified_decision; None: a valid file) and, for a valid one, the rule of the workstation that
# refuses it on import (docs/formats/review-decision.md, "Import rules" 3-5).
VARIANTS = {
    "another-record": {"refused": None, "workstation_rule": "decision_record_mismatch"},
    "signed-by-an-assessor": {"refused": None, "workstation_rule": "signer_not_a_reviewer"},
    "named-reviewer-not-the-signer": {"refused": ["decision_signature_invalid", "not_the_named_reviewer"]},
    "foreign-ca": {"refused": ["decision_signature_invalid", "not_trusted"]},
    "unsigned": {"refused": ["decision_signature_invalid", "unsigned"]},
    "decision-replaced-after-signing": {"refused": ["decision_signature_invalid", None]},
    "format-version-2": {"refused": ["decision_file_unreadable", None]},
}


def bundle_record(directory: Path) -> dict:
    record = (directory.parent / "bundle" / "members" / "record.json").read_bytes()
    visit = json.loads(record)["visit"]
    return {"case_id": visit["case_id"], "visit_id": visit["id"], "record_sha256": sha256_hex(record)}


def keys() -> dict:
    demo, foreign = build_demo_provisioning(DEMO_NOW, DEMO_SEED), build_demo_provisioning(DEMO_NOW, FOREIGN_SEED)
    return {"ca": demo.ca_certificate, "foreign_ca": foreign.ca_certificate,
            "reviewer": (demo.expert_keys[REVIEWER], demo.expert_certificates[REVIEWER]),
            "assessor": (demo.expert_keys[ASSESSOR], demo.expert_certificates[ASSESSOR]),
            "foreign_reviewer": (foreign.expert_keys[REVIEWER], foreign.expert_certificates[REVIEWER]),
            "names": {number: name for name, number, _ in DEMO_EXPERTS}}


def the_decision(record: dict, names: dict, **changes) -> dict:
    """The decision the inputs give, made by decision_document; `changes` make a variant's."""
    document = decision_document(review_id=REVIEW_ID, **record, decision="recheck_ordered", reason=REASON,
                                 reviewer_number=REVIEWER, reviewer_name=names[REVIEWER],
                                 decided_at=DECIDED_AT.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), new_case_id=NEW_CASE_ID)
    return {**document, **changes}


def _signed(decision: dict, signer, cas) -> bytes:
    key, certificate = signer
    return signed_decision_file(decision, agency_name=AGENCY_NAME, validation_lines=VALIDATION_LINES, key=key,
                                certificate=certificate, ca_certificates=cas, when=DECIDED_AT)


def _makers(record: dict, fixed: dict) -> dict:
    """name -> (the decision bytes the file's last revision must hold, the signer's serial or None, maker)."""
    names, cas = fixed["names"], [fixed["ca"]]
    main = the_decision(record, names)
    other = the_decision(record, names, record_sha256=OTHER_RECORD_SHA256)
    by_assessor = the_decision(record, names, reviewer_number=ASSESSOR, reviewer_name=names[ASSESSOR])
    version_2 = the_decision(record, names, format_version=2)
    replaced = the_decision(record, names, record_sha256=OTHER_RECORD_SHA256)

    def unsigned() -> bytes:
        return unsigned_decision_file(main, agency_name=AGENCY_NAME, validation_lines=VALIDATION_LINES,
                                      decided_on=DECIDED_AT.date())

    serial = {name: fixed[name][1].serial_number for name in ("reviewer", "assessor", "foreign_reviewer")}
    return {
        MAIN: (main, serial["reviewer"], lambda: _signed(main, fixed["reviewer"], cas)),
        "variants/another-record.decision.pdf": (other, serial["reviewer"],
                                                 lambda: _signed(other, fixed["reviewer"], cas)),
        "variants/signed-by-an-assessor.decision.pdf": (by_assessor, serial["assessor"],
                                                        lambda: _signed(by_assessor, fixed["assessor"], cas)),
        "variants/named-reviewer-not-the-signer.decision.pdf": (main, serial["assessor"],
                                                                lambda: _signed(main, fixed["assessor"], cas)),
        "variants/foreign-ca.decision.pdf": (main, serial["foreign_reviewer"], lambda: _signed(
            main, fixed["foreign_reviewer"], [fixed["foreign_ca"]])),
        "variants/unsigned.decision.pdf": (main, None, unsigned),
        "variants/decision-replaced-after-signing.decision.pdf": (replaced, serial["reviewer"], lambda: embed_decision(
            _signed(main, fixed["reviewer"], cas), replaced)),
        "variants/format-version-2.decision.pdf": (version_2, serial["reviewer"],
                                                   lambda: _signed(version_2, fixed["reviewer"], cas)),
    }


def embedded_bytes(pdf: bytes) -> bytes | None:
    value = PdfFileReader(io.BytesIO(pdf), strict=False).root.get(CATALOG_KEY)
    return None if value is None else bytes(value.original_bytes if hasattr(value, "original_bytes") else value)


def _signer_serial(pdf: bytes, cas) -> int | None:
    statuses = verify_report(pdf, cas)
    return statuses[0].certificate_serial if statuses else None


def verdict(pdf: bytes, anchors: TrustAnchors) -> dict:
    """What verified_decision makes of a file at IMPORTED_AT."""
    try:
        decision, _ = verified_decision(pdf, anchors, IMPORTED_AT)
    except DecisionFileRejected as error:
        return {"refused": [error.reason, error.detail]}
    return {"refused": None, "decision": decision}


def _expected_verdict(name: str) -> dict | None:
    return None if name == MAIN else VARIANTS[Path(name).name.removesuffix(".decision.pdf")]


def _fits(pdf: bytes, decision: dict, serial: int | None, anchors: TrustAnchors, expected: dict | None) -> bool:
    if embedded_bytes(pdf) != canonical_json_bytes(decision) or _signer_serial(pdf, anchors.ca_certificates) != serial:
        return False
    found = verdict(pdf, anchors)["refused"]
    wanted = None if expected is None else expected["refused"]
    return found == wanted or (wanted is not None and wanted[1] is None and found is not None and found[0] == wanted[0])


@contextlib.contextmanager
def _quiet():
    """pyHanko logs every refused signature with its traceback; refusing is what these files are for."""
    logging.disable(logging.ERROR)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def build(directory: Path) -> dict[str, bytes]:
    with _quiet():
        return _build(directory)


def _build(directory: Path) -> dict[str, bytes]:
    record, fixed = bundle_record(directory), keys()
    bundle_ca = (VECTORS / "bundle" / "keys" / "ca.pem").read_bytes()
    assert fixed["ca"].public_bytes(serialization.Encoding.PEM) == bundle_ca, "the bundle vector's CA changed"
    anchors = TrustAnchors((fixed["ca"],))
    files, facts = {}, {}
    for name, (decision, serial, make) in _makers(record, fixed).items():
        kept = directory / name
        pdf = kept.read_bytes() if kept.exists() else None
        if pdf is None or not _fits(pdf, decision, serial, anchors, _expected_verdict(name)):
            pdf = make()
            assert _fits(pdf, decision, serial, anchors, _expected_verdict(name)), name
        files[name] = pdf
        found = verdict(pdf, anchors)
        facts[name] = {"sha256": sha256_hex(pdf), "decision_sha256": sha256_hex(canonical_json_bytes(decision)),
                       "signer_serial_number": serial, "refused": found["refused"],
                       **({"workstation_rule": _expected_verdict(name)["workstation_rule"]}
                          if found["refused"] is None and name != MAIN else {})}
    main = _makers(record, fixed)[MAIN][0]
    files["decision.json"] = canonical_json_bytes(main)
    files["keys/reviewer.pem"] = _pem(fixed["reviewer"][1])
    files["keys/reviewer.key.pem"] = _key_pem(fixed["reviewer"][0])
    files["keys/assessor.pem"] = _pem(fixed["assessor"][1])
    files["keys/foreign-ca.pem"] = _pem(fixed["foreign_ca"])
    files["inputs.json"] = json_file({
        "format": "docs/formats/review-decision.md, format version 1",
        "record": {**record, "from": "../bundle/members/record.json (case id and visit id from its visit)"},
        "decision": {"review_id": REVIEW_ID, "decision": main["decision"], "reason": REASON,
                     "reviewer_number": REVIEWER, "decided_at": main["decided_at"], "new_case_id": NEW_CASE_ID},
        "agency_name": AGENCY_NAME, "validation_lines": VALIDATION_LINES,
        "trusted_ca": "../bundle/keys/ca.pem", "trusted_at": IMPORTED_AT.isoformat(),
        "keys": {"reviewer": "keys/reviewer.pem", "reviewer_key": "keys/reviewer.key.pem",
                 "assessor": "keys/assessor.pem", "foreign_ca": "keys/foreign-ca.pem",
                 "made_by": f"build_demo_provisioning({DEMO_NOW.isoformat()}, seed 0x07 x 32; the foreign CA: "
                            f"seed 0x08 x 32)"},
        "other_record_sha256": OTHER_RECORD_SHA256})
    files["expected.json"] = json_file({
        "format": "docs/formats/review-decision.md, format version 1",
        "decision_json": {"file": "decision.json", "sha256": sha256_hex(files["decision.json"])},
        "files": facts,
        "edits": [  # of the main file, with what verified_decision reports
            {"name": "byte-flipped-in-the-embedded-decision", "flip_byte_in_decision": 10,
             "refused": verdict(flipped_in_decision(files[MAIN], 10), anchors)["refused"]},
            {"name": "not-a-pdf", "replace_at_0": "X", "refused": verdict(b"X" + files[MAIN][1:], anchors)["refused"]},
            {"name": "signature-cut-off", "keep_bytes": _before_last_update(files[MAIN]),
             "refused": verdict(files[MAIN][:_before_last_update(files[MAIN])], anchors)["refused"]}]})
    return files


def _before_last_update(pdf: bytes) -> int:
    """The length of the file before its last incremental update (here: the signature's)."""
    return pdf.rindex(b"%%EOF", 0, len(pdf) - len(b"%%EOF\n")) + len(b"%%EOF\n")


def flipped_in_decision(pdf: bytes, offset: int) -> bytes:
    """The byte `offset` of the embedded decision changed, written where the catalog holds it (hex)."""
    start = pdf.rindex(b"/LTCReviewDecision <") + len(b"/LTCReviewDecision <")
    digit = pdf[start + 2 * offset:start + 2 * offset + 1]
    replacement = b"0" if digit != b"0" else b"1"
    return pdf[:start + 2 * offset] + replacement + pdf[start + 2 * offset + 1:]


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
