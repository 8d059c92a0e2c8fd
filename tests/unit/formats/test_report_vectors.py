# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/report/: the QR payload text, the signature fields and their locks, and the
signed report of the bundle vector read by the spec-only reader (its QR code decoded from the
rendered page binds that bundle's record)."""

from __future__ import annotations

import hashlib
import json
import subprocess

import cv2
import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from assessment_app.reports.qr_payload import parse_record_qr_payload, record_qr_payload
from tests.conftest import VECTORS
from tests.unit.formats.readers import report as reader

DIRECTORY = VECTORS / "report"
PAYLOADS = json.loads((DIRECTORY / "qr_payloads.json").read_text(encoding="utf-8"))
FIELDS = json.loads((DIRECTORY / "fields.json").read_text(encoding="utf-8"))
SIGNED = json.loads((DIRECTORY / "signed_report.json").read_text(encoding="utf-8"))
PDF = (DIRECTORY / SIGNED["file"]).read_bytes()
RECORD = (VECTORS / "bundle" / "members" / "record.json").read_bytes()


@pytest.mark.parametrize("vector", PAYLOADS["payloads"], ids=lambda vector: vector["payload"][:40])
def test_payload_text_is_as_the_spec_writes_it(vector):
    assert reader.payload(vector["record_id"], vector["record_hash"]) == vector["payload"]
    assert record_qr_payload(vector["record_id"], vector["record_hash"]) == vector["payload"]
    assert vector["payload"].isascii() and "\n" not in vector["payload"]
    assert reader.parse_payload(vector["payload"]) == (vector["record_id"], vector["record_hash"].lower())


@pytest.mark.parametrize("vector", PAYLOADS["parsed"], ids=lambda vector: vector["text"][:40])
def test_payload_parsing_agrees_between_the_reader_and_the_application(vector):
    expected = None if vector["result"] is None else (vector["result"]["record_id"], vector["result"]["record_hash"])
    assert reader.parse_payload(vector["text"]) == parse_record_qr_payload(vector["text"]) == expected


def test_the_last_field_locks_the_document():
    for variant in ("experts_only", "agency_seal"):
        fields = FIELDS[variant]["fields"]
        assert [field["field"] for field in fields] == FIELDS[variant]["signing_order"]
        assert [field["lock"] for field in fields[:-1]] == [None] * (len(fields) - 1)
        assert fields[-1]["lock"] == {"Type": "SigFieldLock", "Action": "All", "P": 1}
    assert FIELDS["experts_only"]["signing_order"] == ["Expert1", "Expert2"]
    assert FIELDS["agency_seal"]["signing_order"] == ["Expert1", "Expert2", "AgencySeal"]


@pytest.fixture(scope="module")
def fields():
    return reader.signature_fields(PDF)


def test_the_signed_report_has_the_expert_fields_signed_in_order(fields):
    assert [(name, lock) for name, lock, _ in fields] == [(f["field"], f["lock"]) for f in FIELDS["experts_only"]["fields"]]
    assert all(signature is not None and signature.sub_filter == "ETSI.CAdES.detached" for *_, signature in fields)


def test_each_signature_is_a_pades_cms_by_its_expert_and_the_last_covers_the_whole_file(fields):
    (ca,) = x509.load_pem_x509_certificates((VECTORS / "bundle" / "keys" / "ca.pem").read_bytes())
    for (name, _, signature), expected in zip(fields, SIGNED["signatures"], strict=True):
        signer = reader.check_signature(PDF, signature)
        assert [kind for kind, _ in signer.attributes] == ["content_type", "message_digest", "signing_certificate_v2"]
        signer.certificate.verify_directly_issued_by(ca)
        number = signer.certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value
        assert (name, number) == (expected["field"], expected["signer_serial_number"])
        assert signature.byte_range[0] == 0
        assert signature.byte_range[2] + signature.byte_range[3] == len(PDF) or not expected["covers_whole_file"]
        assert signature.signing_time == "D:" + "".join(filter(str.isdigit, expected["signing_time"][:19])) + "Z"
        assert ca.serial_number in {c.serial_number for c in reader.cms.read_signed_data(signature.contents).certificates}
    last = fields[-1][2]
    assert last.byte_range[2] + last.byte_range[3] == len(PDF)


def test_a_changed_byte_in_a_signed_range_fails_the_signature(fields):
    signature = fields[0][2]
    damaged = bytearray(PDF)
    damaged[1000] ^= 0x01
    with pytest.raises(AssertionError):
        reader.check_signature(bytes(damaged), signature)


def test_the_qr_code_on_page_one_binds_the_bundle_record(tmp_path):
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1", "-",
                    str(tmp_path / "page")], input=PDF, check=True, timeout=60)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(cv2.imread(str(tmp_path / "page.png"), cv2.IMREAD_GRAYSCALE))
    assert points is not None and text == SIGNED["qr_payload"]
    record_id, record_hash = reader.parse_payload(text)
    assert record_hash == hashlib.sha256(RECORD).hexdigest()
    assert record_id == json.loads(RECORD)["visit"]["id"]
