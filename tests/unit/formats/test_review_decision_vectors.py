# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/review-decision/: the decision file read by the spec-only reader and by the
application (verified_decision: what the format requires), the decision document byte for byte
as the code writes it from the inputs, the record it binds (the bundle vector's), and every
variant judged alike by both; the variants the format accepts are refused by the workstation's
own rules, which the vector names."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from assessment_app.security.trust import TrustAnchors
from assessment_app.services.review_decision_file import DecisionFileRejected, verified_decision
from assessment_app.services.review_decision_file import embedded_decision
from tests.conftest import VECTORS
from tests.unit.formats.readers import review_decision as reader
from tools.format_vectors import review_decision as generator

DIRECTORY = VECTORS / "review-decision"
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))
(CA,) = x509.load_pem_x509_certificates((DIRECTORY / INPUTS["trusted_ca"]).read_bytes())
ANCHORS = TrustAnchors((CA,))
TRUSTED_AT = datetime.datetime.fromisoformat(INPUTS["trusted_at"])
MAIN = f"review-{INPUTS['decision']['review_id']}.decision.pdf"
RECORD = (VECTORS / "bundle" / "members" / "record.json").read_bytes()


def by_application(pdf: bytes):
    try:
        return verified_decision(pdf, ANCHORS, TRUSTED_AT)[0]
    except DecisionFileRejected as error:
        return [error.reason, error.detail]


def by_reader(pdf: bytes):
    try:
        return reader.read_decision_file(pdf, CA)
    except reader.Refused as error:
        return [error.reason, error.detail]


def test_the_decision_document_is_what_the_code_makes_from_the_inputs():
    raw = (DIRECTORY / "decision.json").read_bytes()
    record = generator.bundle_record(DIRECTORY)
    assert raw == reader.canonical(generator.the_decision(record, generator.keys()["names"]))
    assert hashlib.sha256(raw).hexdigest() == EXPECTED["decision_json"]["sha256"]


def test_the_file_carries_the_decision_under_the_reviewers_signature():
    pdf = (DIRECTORY / MAIN).read_bytes()
    found = reader.read_decision_file(pdf, CA)
    assert found.raw == (DIRECTORY / "decision.json").read_bytes()
    assert found.signature.sub_filter == "ETSI.CAdES.detached" and found.signature.field == "Reviewer"
    assert found.signer.serial_number == EXPECTED["files"][MAIN]["signer_serial_number"]
    assert found.signer.public_bytes(Encoding.PEM) == (
        DIRECTORY / INPUTS["keys"]["reviewer"]).read_bytes()
    decision = found.decision
    assert {key: decision[key] for key in INPUTS["decision"]} == INPUTS["decision"]
    assert decision == by_application(pdf) == embedded_decision(pdf)
    # The signing time the signature claims is the decision's.
    assert found.signature.signing_time[2:16] == "".join(filter(str.isdigit, decision["decided_at"]))[:14]


def test_the_decision_binds_the_bundle_vectors_record():
    decision = reader.read_decision_file((DIRECTORY / MAIN).read_bytes(), CA).decision
    visit = json.loads(RECORD)["visit"]
    assert decision["record_sha256"] == hashlib.sha256(RECORD).hexdigest() == INPUTS["record"]["record_sha256"]
    assert (decision["case_id"], decision["visit_id"]) == (visit["case_id"], visit["id"])


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_every_file_is_judged_alike_by_the_reader_and_the_application(name):
    pdf = (DIRECTORY / name).read_bytes()
    expected = EXPECTED["files"][name]
    assert hashlib.sha256(pdf).hexdigest() == expected["sha256"]
    application, found = by_application(pdf), by_reader(pdf)
    if expected["refused"] is None:
        assert found.decision == application and found.raw == reader.canonical(application)
        assert hashlib.sha256(found.raw).hexdigest() == expected["decision_sha256"]
        assert found.signer.serial_number == expected["signer_serial_number"]
    else:
        assert application == expected["refused"]
        assert found[0] == expected["refused"][0]
        if expected["refused"][1] is not None:
            assert found[1] == expected["refused"][1]


def test_the_variants_the_format_accepts_are_for_the_workstations_rules():
    accepted = {name: facts for name, facts in EXPECTED["files"].items() if facts["refused"] is None and name != MAIN}
    assert {facts["workstation_rule"] for facts in accepted.values()} == {"decision_record_mismatch",
                                                                        "signer_not_a_reviewer"}
    other = reader.read_decision_file((DIRECTORY / "variants/another-record.decision.pdf").read_bytes(), CA)
    assert other.decision["record_sha256"] == INPUTS["other_record_sha256"] != hashlib.sha256(RECORD).hexdigest()
    by_assessor = reader.read_decision_file(
        (DIRECTORY / "variants/signed-by-an-assessor.decision.pdf").read_bytes(), CA)
    assert by_assessor.decision["reviewer_number"] == "DEMO-A-001"  # named and signed: a valid file


def edited(edit: dict) -> bytes:
    pdf = (DIRECTORY / MAIN).read_bytes()
    if "flip_byte_in_decision" in edit:
        return generator.flipped_in_decision(pdf, edit["flip_byte_in_decision"])
    if "replace_at_0" in edit:
        return edit["replace_at_0"].encode() + pdf[1:]
    return pdf[:edit["keep_bytes"]]


@pytest.mark.parametrize("edit", EXPECTED["edits"], ids=lambda edit: edit["name"])
def test_an_edited_file_is_refused_alike(edit):
    pdf = edited(edit)
    assert by_application(pdf) == edit["refused"]
    assert by_reader(pdf)[0] == edit["refused"][0]
    if edit["refused"][1] is not None:
        assert by_reader(pdf)[1] == edit["refused"][1]
